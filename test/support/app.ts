/**
 * A whole Huinong (HTTP server, migrated database, demo bank) on either engine, for integration
 * tests that go through the API. One per test file: PGlite start-up is costly.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApp, type HuinongApp } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';
import { createMigratedTestDatabase, type EngineKind } from './db.js';

export const DEMO_PASSWORD = 'Huinong@2026';

export async function createTestApp(kind: EngineKind, overrides: Partial<Config> = {}): Promise<HuinongApp> {
  // Migrated already on Citus (a copy of the run's template); createApp migrates what is left.
  const database = await createMigratedTestDatabase(kind);
  try {
    return await createApp(testConfig(overrides), database);
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
