/**
 * A whole Huinong (HTTP server, migrated database, demo bank) on either engine, for integration
 * tests that go through the API. One per test file: PGlite start-up is costly.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApp, createContext, type HuinongApp } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { createMigratedTestDatabase, createTestDatabaseFrom, type Database, type EngineKind } from './db.js';
import { runSecretKey, seededTemplateUsable } from './templates.js';

export const DEMO_PASSWORD = 'Huinong@2026';

/**
 * A database for `config` as createContext leaves it on first start (migrated, credit policy and bank
 * seeded), and the configuration to open it with. Where it may (templates.ts: seededTemplateUsable), a
 * copy of the run's seeded template for that configuration, whose master key is the run's unless the
 * test chose one; createContext then finds the bank there and seeds nothing. Otherwise a migrated
 * database that createContext seeds.
 */
export async function createSeededTestDatabase(
  kind: EngineKind,
  overrides: Partial<Config> = {},
): Promise<{ database: Database; config: Config }> {
  const config = testConfig({ secretKey: runSecretKey(), ...overrides });
  if (!seededTemplateUsable(config)) return { database: await createMigratedTestDatabase(kind), config: testConfig(overrides) };
  return { database: await createTestDatabaseFrom(kind, { kind: 'seeded', config }), config };
}

export async function createTestApp(kind: EngineKind, overrides: Partial<Config> = {}): Promise<HuinongApp> {
  const { database, config } = await createSeededTestDatabase(kind, overrides);
  try {
    return await createApp(config, database);
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}

/** The application context (no HTTP server) over a seeded test database (createSeededTestDatabase); ctx.database.close() releases it. */
export async function createTestContext(kind: EngineKind, overrides: Partial<Config> = {}): Promise<AppContext> {
  const { database, config } = await createSeededTestDatabase(kind, overrides);
  try {
    return await createContext(config, database);
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}

export async function loginAs(server: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}

/** A small API client bound to a token. */
export function client(server: FastifyInstance, token: string | null) {
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    server.inject({
      method,
      url,
      payload: payload as never,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    }) as Promise<LightMyRequestResponse>;
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => call('POST', url, payload ?? {}, headers),
    put: (url: string, payload?: unknown) => call('PUT', url, payload ?? {}),
    patch: (url: string, payload?: unknown) => call('PATCH', url, payload ?? {}),
    del: (url: string) => call('DELETE', url),
  };
}
