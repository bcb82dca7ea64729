/** Runtime configuration from the environment, read once at start-up. */
import { isIP } from 'node:net';
import path from 'node:path';

/**
 * Which peers may tell the client's address in X-Forwarded-For (Fastify's trustProxy): false (no
 * one: the socket address counts), a hop count, or proxy addresses, CIDR ranges and the keywords
 * loopback, linklocal, uniquelocal.
 */
export type TrustProxy = false | number | string[];

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server URL; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PostgreSQL: connections in the pool of this process. */
  databasePoolSize: number;
  /** PostgreSQL: repeated statements as named prepared statements (off behind poolers that cannot carry them). */
  databasePreparedStatements: boolean;
  /** Folder of the embedded database and the key file; undefined = in-memory (tests). */
  dataDir?: string;
  secretKey?: string;
  /** Demo mode seeds the demo bank with its well-known demo passwords. */
  demo: boolean;
  /**
   * Demo mode: the demo bank lives its first quarter (issue 16) on first start, built in the background
   * (HUINONG_DEMO_QUARTER, default 1 in demo mode; 0 keeps the bank, staff and three customers at 2026-01-01).
   */
  demoQuarter: boolean;
  /** The seed of the demo quarter (HUINONG_DEMO_SEED): the same seed gives the same bank. */
  demoSeed: number;
  /** Business date of a brand-new bank (first start only). */
  initialBusinessDate?: string;
  sessionTtlMinutes: number;
  /** How long a temporary password sent by SMS on a reset may be used to log in (HUINONG_TEMP_PASSWORD_TTL_HOURS, default 24). */
  tempPasswordTtlHours: number;
  loginRateLimitPerMinute: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Folder of the built web console; absent in API-only runs. */
  webDir: string;
  /** Address customers reach the server at, for QR codes and SMS links. */
  publicBaseUrl: string;
  logLevel: string;
  /** Cookies carry Secure: true when the public address is https. */
  secureCookies: boolean;
  /** Strict-Transport-Security is sent: true when the public address is https. */
  hsts: boolean;
  /** HUINONG_TRUST_PROXY: whose X-Forwarded-For is believed; off by default. */
  trustProxy: TrustProxy;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
  return n;
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * HUINONG_TRUST_PROXY: unset, empty, 0 or false = trust no one; a whole number = that many proxy hops
 * in front of the server; otherwise a comma-separated list of proxy addresses and CIDR ranges.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (PROXY_KEYWORDS.has(item)) continue;
    const [address, prefix, ...rest] = item.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (!family || !prefixOk || rest.length) {
      throw new Error(
        `HUINONG_TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses, CIDR ranges, loopback, linklocal or uniquelocal; "${item}" is none of these`,
      );
    }
  }
  return items;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demoFlag = env.HUINONG_DEMO ?? '1';
  const port = intEnv(env, 'PORT', 8080);
  const poolSize = intEnv(env, 'HUINONG_PG_POOL_SIZE', 10);
  const publicBaseUrl = (env.HUINONG_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  // Behind HTTPS (as customers reach the server) cookies are Secure and browsers are told to stay on HTTPS.
  const https = /^https:\/\//i.test(publicBaseUrl);
  if (poolSize < 1) throw new Error(`HUINONG_PG_POOL_SIZE must be at least 1, got "${env.HUINONG_PG_POOL_SIZE}"`);
  const tempPasswordTtlHours = intEnv(env, 'HUINONG_TEMP_PASSWORD_TTL_HOURS', 24);
  if (tempPasswordTtlHours < 1)
    throw new Error(`HUINONG_TEMP_PASSWORD_TTL_HOURS must be at least 1, got "${env.HUINONG_TEMP_PASSWORD_TTL_HOURS}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: poolSize,
    databasePreparedStatements: (env.HUINONG_PG_PREPARED_STATEMENTS ?? '1') !== '0',
    dataDir: path.resolve(env.HUINONG_DATA_DIR ?? './data'),
    secretKey: env.HUINONG_SECRET_KEY || undefined,
    demo: demoFlag === '1' || demoFlag === 'true',
    demoQuarter: (env.HUINONG_DEMO_QUARTER ?? '1') !== '0' && (demoFlag === '1' || demoFlag === 'true'),
    demoSeed: intEnv(env, 'HUINONG_DEMO_SEED', 20260101),
    initialBusinessDate: env.HUINONG_INITIAL_BUSINESS_DATE || undefined,
    sessionTtlMinutes: intEnv(env, 'HUINONG_SESSION_TTL_MINUTES', 8 * 60),
    tempPasswordTtlHours,
    loginRateLimitPerMinute: intEnv(env, 'HUINONG_LOGIN_RATE_LIMIT', 30),
    lockoutThreshold: 5,
    lockoutMinutes: 15,
    webDir: path.resolve(env.HUINONG_WEB_DIR ?? './dist/web'),
    publicBaseUrl,
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: https,
    hsts: https,
    trustProxy: parseTrustProxy(env.HUINONG_TRUST_PROXY),
  };
}

/** Configuration for tests and embedded use: in-memory database unless told otherwise. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    dataDir: undefined,
    demo: true,
    // tests start from the demo bank at 2026-01-01; the demo quarter is built only where a test asks for it
    demoQuarter: false,
    logLevel: 'silent',
    loginRateLimitPerMinute: 1000,
    // Lets parallel work build the web pages into a folder of its own (HUINONG_WEB_DIR) for browser tests.
    ...(process.env.HUINONG_WEB_DIR ? { webDir: path.resolve(process.env.HUINONG_WEB_DIR) } : {}),
    ...overrides,
  };
}
