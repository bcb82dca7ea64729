/**
 * Rate limits of the mobile page's identity steps by what is being tried, not only by the caller's
 * address (which a spread of addresses gets around): per ID number and per mobile, keyed by their
 * lookup hashes so that the limiter holds no personal data. Known and unknown identities are
 * limited alike, so the limit tells nothing either.
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../kernel/errors.js';
import { normalizeMobile } from '../../kernel/mobile.js';

/** Codes asked for one ID number, or one mobile, per hour. */
export const OTP_PER_IDENTITY_PER_HOUR = 10;
/** Sign-in tries (each needs a code) for one ID number, or one mobile, per hour. */
export const SESSIONS_PER_IDENTITY_PER_HOUR = 20;

/** One field of the request body as text: the hook serves routes of different bodies, so it reads it untyped. */
function fieldOf(body: unknown, field: string): string {
  if (typeof body !== 'object' || body === null) return '';
  return String(Reflect.get(body, field) ?? '');
}

export function identityRateLimit(app: FastifyInstance, maxPerHour: number): preHandlerAsyncHookHandler {
  const crypto = app.hn.crypto;
  const limiter = (part: 'idNumber' | 'mobile') =>
    app.createRateLimit({
      max: maxPerHour,
      timeWindow: '1 hour',
      keyGenerator: (req: FastifyRequest) => {
        const value = fieldOf(req.body, part);
        const normal = part === 'mobile' ? (normalizeMobile(value) ?? value) : value;
        return `${part}:${crypto.lookupHash(normal)}`;
      },
    });
  const byId = limiter('idNumber');
  const byMobile = limiter('mobile');
  return async (req) => {
    const [id, mobile] = await Promise.all([byId(req), byMobile(req)]);
    if ((!id.isAllowed && id.isExceeded) || (!mobile.isAllowed && mobile.isExceeded)) throw new AppError('RATE_LIMITED');
  };
}
