/**
 * The HTTP shell: Fastify with zod schemas (also the OpenAPI document at /docs), one error format,
 * authentication, and the rule that every route declares its permission or says it is public —
 * a route without a declaration fails the start-up.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError, ERROR_TABLE, errorMessage, isAppError, type ErrorCode } from '../kernel/errors.js';
import type { z } from 'zod';
import { controlCharacterProblem, strictInput } from './input.js';
import type { AppContext, CommandContext, CustomerPrincipal } from '../context.js';
import type { Actor, Permission } from '../modules/org/index.js';
import { fastifyTrustProxy, loggerOptions, registerSecurityHeaders } from './security.js';

/**
 * A permission, 'authenticated' (any logged-in staff), 'customer' (a customer session from the
 * mobile page) or 'public'. A staff route may also admit customers with `customerAccess: true`;
 * the command then limits a customer to their own data.
 */
export type RoutePermission = Permission | 'public' | 'authenticated' | 'customer';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: a permission, 'authenticated' (any logged-in staff) or 'public'. */
    permission?: RoutePermission;
    /** Also admit customer sessions (their own data only, checked by the command). */
    customerAccess?: boolean;
    /** Open to a staff session that must change its password first (me, logout, change-password). */
    beforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    customer: CustomerPrincipal | null;
    lang: 'zh' | 'en';
  }
  interface FastifyInstance {
    hn: AppContext;
  }
}

export type App = FastifyInstance & { withTypeProvider: FastifyInstance['withTypeProvider'] };

export const SESSION_COOKIE = 'hn_session';
/**
 * Customer sessions (mobile page): token type and cookie. A token's type is what precedes its dot
 * ("c." customer, "s." staff); the random part is base64url, which has no dot, so a staff token can
 * never pass for a customer's.
 */
export const CUSTOMER_TOKEN_PREFIX = 'c.';
export const CUSTOMER_COOKIE = 'hn_customer';
/** Routes registered by the OpenAPI UI plugin; declared public here, in one place. */
const PUBLIC_PREFIXES = ['/docs'];

export interface ServerOptions {
  ctx: AppContext;
  /** Resolves a session token to the staff member behind it; null when unknown or expired. */
  authenticate: (token: string) => Promise<Actor | null>;
  /** Resolves a customer session token (prefix c_); absent until the origination module provides it. */
  authenticateCustomer?: (token: string) => Promise<CustomerPrincipal | null>;
  /** Module route plugins, registered in order. */
  modules: Array<(app: FastifyInstance) => Promise<void>>;
  logger?: boolean | object;
}

export function languageOf(req: FastifyRequest): 'zh' | 'en' {
  const h = String(req.headers['accept-language'] ?? '').toLowerCase();
  return h.startsWith('en') ? 'en' : 'zh';
}

export function commandContext(req: FastifyRequest): CommandContext {
  return { actor: req.actor, customer: req.customer, clientIp: req.ip ?? null, lang: req.lang };
}

/** The customer of a 'customer' route (never null there). */
export function requireCustomer(req: FastifyRequest): CustomerPrincipal {
  if (!req.customer) throw new AppError('CUSTOMER_SESSION_REQUIRED');
  return req.customer;
}

/** The actor of a route that declared a permission (never null there). */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('AUTH_REQUIRED');
  return req.actor;
}

/**
 * The session token the request was authenticated with, read as the authentication hook read it (for a
 * command that acts on its own session, as logout does).
 */
export function sessionTokenOf(req: FastifyRequest): string | null {
  const config = req.routeOptions.config;
  return tokenOf(req, config?.permission === 'customer' || config?.customerAccess === true);
}

function tokenOf(req: FastifyRequest, admitsCustomer: boolean): string | null {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim() || null;
  const staffCookie = req.cookies?.[SESSION_COOKIE];
  if (!admitsCustomer) return staffCookie || null;
  const customerCookie = req.cookies?.[CUSTOMER_COOKIE];
  // The mobile page marks its customer calls (its staff mode, /m/staff, does not): there only the customer's
  // session counts, so a staff cookie in the same browser never answers the customer's page; elsewhere a
  // staff session takes precedence.
  const fromMobile = req.headers['x-huinong-client'] === 'mobile' || req.routeOptions.config?.permission === 'customer';
  return (fromMobile ? customerCookie : staffCookie || customerCookie) || null;
}

function sendError(reply: FastifyReply, req: FastifyRequest, code: ErrorCode, details?: unknown, status?: number) {
  const lang = req.lang ?? 'zh';
  return reply
    .status(status ?? ERROR_TABLE[code].status)
    .type('application/json; charset=utf-8')
    .send({ code, message: errorMessage(code, lang), ...(details === undefined ? {} : { details }) });
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { ctx } = opts;
  const app = Fastify({
    logger: opts.logger ?? (ctx.config.logLevel === 'silent' ? false : loggerOptions(ctx.config.logLevel)),
    bodyLimit: 50 * 1024 * 1024,
    // X-Forwarded-For only from the proxies named in HUINONG_TRUST_PROXY (none by default)
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();

  // Bodies are strict (unknown keys refused, see input.ts); params and query strings keep their schemas.
  app.setValidatorCompiler<z.core.$ZodType>((route) =>
    validatorCompiler(route.httpPart === 'body' ? { ...route, schema: strictInput(route.schema) } : route),
  );
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('hn', ctx);
  app.decorateRequest('actor', null);
  app.decorateRequest('customer', null);
  app.decorateRequest('lang', 'zh');

  // Every route must say who may call it.
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (permission) return;
    if (PUBLIC_PREFIXES.some((p) => route.url === p || route.url.startsWith(p + '/'))) {
      route.config = { ...(route.config ?? {}), permission: 'public' };
      return;
    }
    throw new Error(
      `Route ${String(route.method)} ${route.url} declares no permission: set config.permission to a permission, 'authenticated' or 'public'`,
    );
  });

  // Raw uploads (imports) arrive as bytes.
  for (const type of [
    'application/octet-stream',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.ms-excel',
    // a form upload (the prospect lists' file field), taken apart by the route
    'multipart/form-data',
  ]) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  }

  await app.register(cookie);
  await registerSecurityHeaders(app, ctx.config);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Huinong 惠农 API', version: '0.1.0', description: '农商银行网贷平台 API' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // the document shows bodies as they are validated: strict
    transform: (doc) =>
      jsonSchemaTransform(
        doc.schema?.body ? { ...doc, schema: { ...doc.schema, body: strictInput(doc.schema.body as z.core.$ZodType) } } : doc,
      ),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (req) => {
    req.lang = languageOf(req);
    const permission = req.routeOptions.config?.permission;
    if (!permission || permission === 'public') return;
    const admitsCustomer = permission === 'customer' || req.routeOptions.config?.customerAccess === true;
    const token = tokenOf(req, admitsCustomer);
    if (permission === 'customer' || (admitsCustomer && token?.startsWith(CUSTOMER_TOKEN_PREFIX))) {
      if (!token || !token.startsWith(CUSTOMER_TOKEN_PREFIX) || !opts.authenticateCustomer) {
        throw new AppError('CUSTOMER_SESSION_REQUIRED');
      }
      const customer = await opts.authenticateCustomer(token);
      if (!customer) throw new AppError('CUSTOMER_SESSION_REQUIRED');
      req.customer = customer;
      return;
    }
    if (!token) throw new AppError('AUTH_REQUIRED');
    const actor = await opts.authenticate(token);
    if (!actor) throw new AppError('AUTH_SESSION_EXPIRED');
    req.actor = actor;
    if (actor.mustChangePassword && !req.routeOptions.config?.beforePasswordChange) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (permission !== 'authenticated' && !actor.permissions.has(permission)) {
      throw new AppError('FORBIDDEN', { permission });
    }
  });

  // No control characters in any string of the path, the query string or the body (see input.ts).
  app.addHook('preValidation', async (req) => {
    const problem =
      controlCharacterProblem('params', req.params) ??
      controlCharacterProblem('querystring', req.query) ??
      controlCharacterProblem('body', req.body);
    if (problem) throw new AppError('VALIDATION_FAILED', [problem]);
  });

  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (isAppError(err)) return sendError(reply, req, err.code, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.flatMap((v) => {
        const at = [
          err.validationContext,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ];
        // one entry per unknown key, naming it
        const unknown = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: unknown }).keys : undefined;
        if (Array.isArray(unknown) && unknown.length > 0) {
          return unknown.map((k) => ({ field: [...at, String(k)].join('.'), message: 'unknown field; remove it' }));
        }
        return [{ field: at.join('.'), message: v.message }];
      });
      return sendError(reply, req, 'VALIDATION_FAILED', details);
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return sendError(reply, req, 'INTERNAL_ERROR');
    }
    const status = (err as FastifyError).statusCode;
    if (status === 413) return sendError(reply, req, 'PAYLOAD_TOO_LARGE');
    if (status === 415) return sendError(reply, req, 'UNSUPPORTED_MEDIA_TYPE');
    if (status === 429) return sendError(reply, req, 'RATE_LIMITED');
    if (status && status >= 400 && status < 500) {
      return sendError(reply, req, 'VALIDATION_FAILED', { reason: err.message }, status === 404 ? 400 : status);
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, req, 'INTERNAL_ERROR');
  });

  app.get('/health', { config: { permission: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
    database: ctx.database.kind,
  }));

  for (const mod of opts.modules) await app.register(mod);

  await registerWeb(app, ctx.config.webDir);
  return app;
}

/** Serves the built console at / and the mobile page at /m/, with client-side routing fallbacks. */
async function registerWeb(app: FastifyInstance, webDir: string) {
  const hasWeb = existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, serve: false });
  app.setNotFoundHandler((req, reply) => {
    req.lang = languageOf(req);
    return sendError(reply, req, 'ROUTE_NOT_FOUND');
  });
  if (!hasWeb) return;
  const serve = async (req: FastifyRequest, reply: FastifyReply) => {
    const url = decodeURIComponent(req.url.split('?')[0]);
    if (url.startsWith('/api/')) return sendError(reply, req, 'ROUTE_NOT_FOUND');
    const rel = path
      .normalize(url)
      .replace(/^(\.\.(\/|\\|$))+/, '')
      .replace(/^\/+/, '');
    const file = path.join(webDir, rel);
    if (rel && file.startsWith(webDir + path.sep) && isFile(file)) {
      const immutable = rel.startsWith('assets/');
      return reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(rel);
    }
    const index = url === '/m' || url.startsWith('/m/') ? 'm/index.html' : 'index.html';
    return reply.header('cache-control', 'no-cache').sendFile(index);
  };
  app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, serve);
  app.get('/*', { config: { permission: 'public' }, schema: { hide: true } }, serve);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
