/**
 * HTTP hardening: security headers (helmet, a content security policy the console and the mobile
 * page work under), no caching of API answers, and logs without personal data (request URLs with
 * their query values hidden, database errors without their parameters).
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config, TrustProxy } from '../config.js';

/** HUINONG_TRUST_PROXY as Fastify takes it: a hop count becomes "the first n hops" (what Fastify does with a number). */
export function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

/**
 * Content security policy of every response. Scripts only from the server itself; styles also
 * inline, because antd and antd-mobile set styles at run time (CSS-in-JS style elements and style
 * attributes); images also as data: URLs (QR codes); no framing by any site.
 */
export function contentSecurityDirectives(config: Pick<Config, 'hsts'>): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // only behind HTTPS: on plain HTTP (a branch LAN) upgrading would break every request
    ...(config.hsts ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** Registers the security headers and the no-store rule for API answers. */
export async function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'hsts'>): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityDirectives(config) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // the pages load nothing from other origins; the defaults of these two would only get in the way of the docs page
    crossOriginEmbedderPolicy: false,
  });
  // API answers carry personal data (unmasked ID numbers, mobiles and names for permitted roles,
  // session tokens): no browser or proxy may keep a copy.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/')) {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
    }
    return payload;
  });
}

// ---------------------------------------------------------------------------------------------
// logs without personal data

/** Query values that are plainly not personal (page numbers, record ids) stay readable. */
const HARMLESS_VALUE = /^\d{1,6}$/;
/** Path segments that look like a mobile number or a resident ID number. */
const PERSONAL_SEGMENT = /^(?:\+?86)?1\d{10}$|^\d{15}$|^\d{17}[\dXx]$/;
const REDACTED = '~';

/** A request URL fit for the log: query values other than small numbers hidden, ID- or mobile-like path segments hidden. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const pathPart = q === -1 ? url : url.slice(0, q);
  const path = pathPart
    .split('/')
    .map((seg) => (PERSONAL_SEGMENT.test(safeDecode(seg)) ? REDACTED : seg))
    .join('/');
  if (q === -1) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const value = pair.slice(eq + 1);
      return `${pair.slice(0, eq)}=${HARMLESS_VALUE.test(value) ? value : REDACTED}`;
    })
    .join('&');
  return `${path}?${query}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Error fields that may hold row values or statement parameters; never logged. */
const VALUE_FIELDS = new Set(['params', 'parameters', 'detail', 'values', 'body', 'payload']);
/** Error fields worth keeping: names of things, never values. */
const KEPT_FIELDS = ['code', 'statusCode', 'severity', 'constraint', 'table', 'column', 'schema', 'routine', 'validationContext'];

/**
 * Drizzle puts the parameters into its message ("Failed query: …\nparams: …"); they go. PostgreSQL
 * quotes the offending value in its messages (invalid input syntax for type integer: "…"); for a
 * database error every quoted part goes (the constraint's name is kept in its own field).
 */
function scrubText(text: string | undefined, databaseError: boolean): string | undefined {
  const t = text?.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, '\nparams: [redacted]');
  return databaseError ? t?.replace(/"(?:[^"\\]|\\.)*"/g, '"~"') : t;
}

/** A PostgreSQL error (pg and PGlite alike): a five-character SQLSTATE and a severity. */
function isDatabaseError(e: Record<string, unknown>): boolean {
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

/** An error as the log shows it: type, message, stack, SQL text and cause, without parameters or row values. */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & Record<string, unknown>;
  const database = isDatabaseError(e);
  const out: Record<string, unknown> = { type: e.constructor?.name ?? 'Error', message: scrubText(e.message, database) };
  for (const k of KEPT_FIELDS) if (e[k] !== undefined && !VALUE_FIELDS.has(k)) out[k] = e[k];
  if (typeof e.query === 'string') out.query = e.query;
  out.stack = scrubText(e.stack, database);
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** The Fastify logger: the request as method, redacted URL and client address; errors without values. */
export function loggerOptions(level: string) {
  return {
    level,
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
      err: (err: unknown) => serializeError(err),
    },
  };
}
