/**
 * Vitest global setup: runs once per `vitest run`, in the main process.
 *
 * - PostgreSQL: starts ONE throwaway server for the whole run (or uses HUINONG_TEST_PG_URL when
 *   given) and provides its admin URL as `pgAdminUrl` (null: tests run on PGlite only).
 * - Chromium: finds the browser and provides its path as `chromiumPath` (null: browser tests skip).
 *
 * Environment:
 *   HUINONG_TEST_PG_URL=postgres://…  use this server instead of starting one (it is not stopped)
 *   HUINONG_TEST_PG=off              do not start a server: PGlite only
 *   HUINONG_CHROMIUM=/path           Chromium executable
 *   HUINONG_TEST_STRICT=1            a missing PostgreSQL or Chromium fails the run (CI sets it)
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startPgServer, PG_ABSENT_BANNER, type PgServer } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the shared test PostgreSQL server; null when only PGlite is available. */
    pgAdminUrl: string | null;
    /** Chromium executable; null when absent (browser tests are skipped). */
    chromiumPath: string | null;
  }
}

export const CHROMIUM_ABSENT_BANNER =
  '!!!!!!!! Chromium not found (/usr/bin/chromium, /usr/bin/chromium-browser, HUINONG_CHROMIUM): browser tests are SKIPPED. ' +
  'Install chromium and fonts-wqy-zenhei (Debian) to run them. !!!!!!!!';

const strict = /^(1|true|yes)$/i.test(process.env.HUINONG_TEST_STRICT ?? '');

function loud(line: string): void {
  process.stderr.write(`\n${line}\n\n`);
}

export function findChromium(): string | null {
  const fromEnv = process.env.HUINONG_CHROMIUM;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    loud(`!!!!!!!! HUINONG_CHROMIUM=${fromEnv} does not exist !!!!!!!!`);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;
}

async function checkServer(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`HUINONG_TEST_PG_URL is set but its server does not answer: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: PgServer | null = null;
  let pgAdminUrl: string | null = null;

  const givenUrl = process.env.HUINONG_TEST_PG_URL;
  if (givenUrl) {
    await checkServer(givenUrl);
    pgAdminUrl = givenUrl;
  } else if (/^(0|off|false|no)$/i.test(process.env.HUINONG_TEST_PG ?? '')) {
    if (strict) throw new Error('HUINONG_TEST_STRICT is set but HUINONG_TEST_PG=off');
    loud('!!!!!!!! HUINONG_TEST_PG=off: integration tests run on PGlite only. !!!!!!!!');
  } else {
    server = await startPgServer({ quiet: strict });
    if (server) pgAdminUrl = server.url;
    else if (strict) throw new Error(`HUINONG_TEST_STRICT: ${PG_ABSENT_BANNER}`);
  }

  const chromiumPath = findChromium();
  if (!chromiumPath) {
    if (strict) {
      await server?.stop();
      throw new Error(`HUINONG_TEST_STRICT: ${CHROMIUM_ABSENT_BANNER}`);
    }
    loud(CHROMIUM_ABSENT_BANNER);
  }

  project.provide('pgAdminUrl', pgAdminUrl);
  project.provide('chromiumPath', chromiumPath);

  return async () => {
    await server?.stop();
  };
}
