/** Runtime configuration from the environment, read once at start-up. */
import path from 'node:path';

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
  /** Business date of a brand-new bank (first start only). */
  initialBusinessDate?: string;
  sessionTtlMinutes: number;
  loginRateLimitPerMinute: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Folder of the built web console; absent in API-only runs. */
  webDir: string;
  /** Address customers reach the server at, for QR codes and SMS links. */
  publicBaseUrl: string;
  logLevel: string;
  secureCookies: boolean;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demoFlag = env.HUINONG_DEMO ?? '1';
  const port = intEnv(env, 'PORT', 8080);
  const poolSize = intEnv(env, 'HUINONG_PG_POOL_SIZE', 10);
  if (poolSize < 1) throw new Error(`HUINONG_PG_POOL_SIZE must be at least 1, got "${env.HUINONG_PG_POOL_SIZE}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: poolSize,
    databasePreparedStatements: (env.HUINONG_PG_PREPARED_STATEMENTS ?? '1') !== '0',
    dataDir: path.resolve(env.HUINONG_DATA_DIR ?? './data'),
    secretKey: env.HUINONG_SECRET_KEY || undefined,
    demo: demoFlag === '1' || demoFlag === 'true',
    initialBusinessDate: env.HUINONG_INITIAL_BUSINESS_DATE || undefined,
    sessionTtlMinutes: intEnv(env, 'HUINONG_SESSION_TTL_MINUTES', 8 * 60),
    loginRateLimitPerMinute: intEnv(env, 'HUINONG_LOGIN_RATE_LIMIT', 30),
    lockoutThreshold: 5,
    lockoutMinutes: 15,
    webDir: path.resolve(env.HUINONG_WEB_DIR ?? './dist/web'),
    publicBaseUrl: (env.HUINONG_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.HUINONG_SECURE_COOKIES === '1',
  };
}

/** Configuration for tests and embedded use: in-memory database unless told otherwise. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    dataDir: undefined,
    demo: true,
    logLevel: 'silent',
    loginRateLimitPerMinute: 1000,
    // Lets parallel work build the web pages into a folder of its own (HUINONG_WEB_DIR) for browser tests.
    ...(process.env.HUINONG_WEB_DIR ? { webDir: path.resolve(process.env.HUINONG_WEB_DIR) } : {}),
    ...overrides,
  };
}
