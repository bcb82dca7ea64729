/**
 * Vitest global setup: runs once per `vitest run`, in the main process.
 *
 * - PostgreSQL: starts ONE throwaway server for the whole run (or uses HUINONG_TEST_PG_URL when
 *   given) and provides its admin URL as `pgAdminUrl` (null: tests run on PGlite only).
 * - Chromium: finds the browser and provides its path as `chromiumPath` (null: browser tests skip).
 * - Citus: starts ONE throwaway cluster (coordinator + 2 workers, citus-cluster.ts) when asked for
 *   (HUINONG_TEST_CITUS=1, HUINONG_TEST_ENGINES naming citus, or a strict/CI run) or uses
 *   HUINONG_TEST_CITUS_URL, and provides the coordinator's admin URL as `citusAdminUrl` (null: a
 *   banner, and the Citus tests skip). When the run has it, every integration test runs on it too
 *   (testEngines()), and the Citus-specific tests (test/integration/citus-layout.test.ts).
 * - Templates: names the run's test-database templates (templates.ts: a name prefix on the servers, a
 *   temporary folder for PGlite's, a master key for the seeded ones) as `templateRun`; the test
 *   processes build them on first use, and the last teardown removes them.
 *
 * Environment:
 *   HUINONG_TEST_PG_URL=postgres://…  use this server instead of starting one (it is not stopped)
 *   HUINONG_TEST_PG=off              do not start a server: PGlite only
 *   HUINONG_CHROMIUM=/path           Chromium executable
 *   HUINONG_TEST_STRICT=1            a missing PostgreSQL or Chromium fails the run (CI sets it)
 *   HUINONG_TEST_CITUS=1             start a Citus cluster: every integration test runs on it too
 *                                    (.ci/run sets it; strict runs start one unless it is off, which
 *                                    fails them); HUINONG_TEST_CITUS=off: no cluster
 *   HUINONG_TEST_ENGINES=pglite,postgres,citus   engines every integration test runs on, of those
 *                                    the run has (default: all it has); naming citus also starts
 *                                    the cluster; HUINONG_TEST_ENGINES=citus runs on Citus alone
 *   HUINONG_TEST_CITUS_URL=postgres://…  use this Citus coordinator instead of starting a cluster
 *   HUINONG_TEST_CITUS_PORTS=56000-56100  loopback ports for the cluster's nodes (default: any free)
 * A requested Citus that is not installed fails the run when HUINONG_TEST_STRICT or CI is set, and
 * otherwise prints a banner and skips the Citus tests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startPgServer, PG_ABSENT_BANNER, type PgServer } from './pg-server.js';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import {
  checkCitusCoordinator,
  createCitusTemplate,
  dropCitusDatabase,
  startCitusCluster,
  withClient,
  CITUS_ABSENT_BANNER,
  type CitusCluster,
} from './citus-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the shared test PostgreSQL server; null when only PGlite is available. */
    pgAdminUrl: string | null;
    /** Chromium executable; null when absent (browser tests are skipped). */
    chromiumPath: string | null;
    /** Superuser URL of the test Citus coordinator's `postgres` database; null when the run has no Citus. */
    citusAdminUrl: string | null;
    /** A database on every Citus node with ./migrations applied, to copy (copyCitusDatabase); null: migrate each. */
    citusTemplate: string | null;
    /** The engines HUINONG_TEST_ENGINES names, lower case; null when unset (every engine the run has). */
    requestedEngines: string[] | null;
    /**
     * The run's test-database templates (templates.ts): the name prefix of its template databases on
     * the servers, the folder of its PGlite ones, and the master key of its seeded ones.
     */
    templateRun: { prefix: string; dir: string; secretKey: string } | null;
  }
}

export const CHROMIUM_ABSENT_BANNER =
  '!!!!!!!! Chromium not found (/usr/bin/chromium, /usr/bin/chromium-browser, HUINONG_CHROMIUM): browser tests are SKIPPED. ' +
  'Install chromium and fonts-wqy-zenhei (Debian) to run them. !!!!!!!!';

const strict = /^(1|true|yes)$/i.test(process.env.HUINONG_TEST_STRICT ?? '');

export const CITUS_NOT_ASKED_BANNER =
  '!!!!!!!! No Citus cluster in this run: integration tests run on PGlite and PostgreSQL only. ' +
  'HUINONG_TEST_CITUS=1 starts one (.ci/run sets it), HUINONG_TEST_CITUS_URL uses a running coordinator. !!!!!!!!';

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

/** The engines HUINONG_TEST_ENGINES names (lower case); null when it is unset. */
export function requestedEngines(): string[] | null {
  const raw = process.env.HUINONG_TEST_ENGINES;
  if (!raw?.trim()) return null;
  return raw
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((e) => e.toLowerCase());
}

function parsePortRange(raw: string | undefined): [number, number] | undefined {
  if (!raw) return undefined;
  const m = /^(\d+)-(\d+)$/.exec(raw.trim());
  if (!m || Number(m[1]) > Number(m[2])) throw new Error(`HUINONG_TEST_CITUS_PORTS=${raw}: expected FROM-TO, e.g. 56000-56100`);
  return [Number(m[1]), Number(m[2])];
}

/** Starts (or checks) the Citus cluster when asked for; null when not asked for or not installed (banner, or a failure when strict). */
async function citusForRun(): Promise<CitusForRun | null> {
  const started = await citusNodesForRun();
  return started && { ...started, template: await migratedTemplate(started.url) };
}

interface CitusForRun {
  url: string;
  cluster: CitusCluster | null;
  /** The migrated database test databases are copied from; null when it could not be made. */
  template: string | null;
}

/**
 * One migrated database for the run, copied by every test database that wants ./migrations applied
 * (createMigratedDatabase, createTestApp): migrating on Citus costs several seconds a database
 * (each DDL statement reaches every shard), copying one on three nodes a fraction of it. When the
 * migrations fail, no template: each test then migrates and reports the failure itself.
 */
async function migratedTemplate(url: string): Promise<string | null> {
  const name = `hn_template_${randomBytes(6).toString('hex')}`;
  try {
    await createCitusTemplate(url, name, async (databaseUrl) => {
      const database = await openDatabase({ url: databaseUrl, poolSize: 2 });
      try {
        await migrate(database);
      } finally {
        await database.close();
      }
    });
    return name;
  } catch (err) {
    loud(
      `!!!!!!!! Could not make the migrated Citus template, every Citus test database migrates itself: ${(err as Error).message} !!!!!!!!`,
    );
    return null;
  }
}

async function citusNodesForRun(): Promise<{ url: string; cluster: CitusCluster | null } | null> {
  const givenUrl = process.env.HUINONG_TEST_CITUS_URL;
  if (givenUrl) {
    await checkCitusCoordinator(givenUrl);
    return { url: givenUrl, cluster: null };
  }
  const setting = process.env.HUINONG_TEST_CITUS ?? '';
  const off = /^(0|off|false|no)$/i.test(setting);
  const requested = requestedEngines();
  if (off && (strict || process.env.CI)) throw new Error('HUINONG_TEST_STRICT (or CI) is set but HUINONG_TEST_CITUS=off');
  // CI (strict) always wants Citus: every integration test runs on it (issue 12 §1).
  const wanted = !off && (/^(1|true|yes|on)$/i.test(setting) || (requested?.includes('citus') ?? false) || strict || !!process.env.CI);
  if (!wanted) {
    if (!requested) loud(CITUS_NOT_ASKED_BANNER);
    return null;
  }
  const cluster = await startCitusCluster({ portRange: parsePortRange(process.env.HUINONG_TEST_CITUS_PORTS) });
  if (cluster) {
    process.stderr.write(
      `Citus ${cluster.citusVersion} test cluster: coordinator ${cluster.url}, workers ${cluster.workerUrls.join(', ')}\n`,
    );
    return { url: cluster.url, cluster };
  }
  if (strict || process.env.CI)
    throw new Error(`Citus was requested (HUINONG_TEST_CITUS / HUINONG_TEST_ENGINES) in CI: ${CITUS_ABSENT_BANNER}`);
  loud(CITUS_ABSENT_BANNER);
  return null;
}

/**
 * The set-up runs for the root project and for each project of the run in one process: they share one
 * cluster (kept on globalThis, as each may load this file anew), stopped by the last teardown.
 */
interface SharedCitus {
  started: Promise<Awaited<ReturnType<typeof citusForRun>>>;
  users: number;
}
const SHARED_KEY = Symbol.for('huinong.test.citus');

function sharedCitus(): Promise<Awaited<ReturnType<typeof citusForRun>>> {
  const g = globalThis as unknown as Record<symbol, SharedCitus | undefined>;
  const shared = (g[SHARED_KEY] ??= { started: citusForRun(), users: 0 });
  shared.users++;
  return shared.started;
}

async function releaseCitus(): Promise<void> {
  const g = globalThis as unknown as Record<symbol, SharedCitus | undefined>;
  const shared = g[SHARED_KEY];
  if (!shared || --shared.users > 0) return;
  g[SHARED_KEY] = undefined;
  const citus = await shared.started.catch(() => null);
  // A cluster of this run goes whole; on a given coordinator, the template is dropped.
  if (citus?.cluster) await citus.cluster.stop();
  else if (citus?.template) await dropCitusDatabase(citus.url, citus.template).catch(() => undefined);
}

/**
 * The run's templates (templates.ts), shared by every project's set-up like the cluster: made by the
 * first, and by the last teardown their folder removed and their databases dropped on a server the run
 * did not start (a server or cluster it started goes whole).
 */
interface SharedTemplates {
  run: { prefix: string; dir: string; secretKey: string };
  users: number;
}
const TEMPLATES_KEY = Symbol.for('huinong.test.templates');

function sharedTemplates(): SharedTemplates['run'] {
  const g = globalThis as unknown as Record<symbol, SharedTemplates | undefined>;
  const shared = (g[TEMPLATES_KEY] ??= {
    run: {
      prefix: `hn_tpl_${randomBytes(4).toString('hex')}_`,
      dir: mkdtempSync(path.join(os.tmpdir(), 'huinong-test-templates-')),
      secretKey: randomBytes(32).toString('hex'),
    },
    users: 0,
  });
  shared.users++;
  return shared.run;
}

/** Drops the run's templates on a server (its admin URL) or on every node of a Citus cluster (its coordinator's). */
async function dropTemplates(prefix: string, adminUrl: string, citus: boolean): Promise<void> {
  const names = await withClient(adminUrl, async (c) => {
    const r = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]);
    return r.rows.map((row) => row.datname);
  });
  for (const name of names) {
    if (citus) await dropCitusDatabase(adminUrl, name);
    else await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

async function releaseTemplates(): Promise<void> {
  const g = globalThis as unknown as Record<symbol, SharedTemplates | undefined>;
  const shared = g[TEMPLATES_KEY];
  if (!shared || --shared.users > 0) return;
  g[TEMPLATES_KEY] = undefined;
  rmSync(shared.run.dir, { recursive: true, force: true });
  const pgUrl = process.env.HUINONG_TEST_PG_URL;
  const citusUrl = process.env.HUINONG_TEST_CITUS_URL;
  await Promise.all([
    pgUrl ? dropTemplates(shared.run.prefix, pgUrl, false).catch(() => undefined) : undefined,
    citusUrl ? dropTemplates(shared.run.prefix, citusUrl, true).catch(() => undefined) : undefined,
  ]);
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

  let citus: Awaited<ReturnType<typeof citusForRun>> = null;
  const wantsCitus = project.name !== 'browser';
  try {
    // The browser tests stay on one engine (issue 12 §1): their project asks for no cluster.
    if (wantsCitus) citus = await sharedCitus();
  } catch (err) {
    await server?.stop();
    throw err;
  }

  const chromiumPath = findChromium();
  if (!chromiumPath) {
    if (strict) {
      await server?.stop();
      if (wantsCitus) await releaseCitus();
      throw new Error(`HUINONG_TEST_STRICT: ${CHROMIUM_ABSENT_BANNER}`);
    }
    loud(CHROMIUM_ABSENT_BANNER);
  }

  project.provide('pgAdminUrl', pgAdminUrl);
  project.provide('chromiumPath', chromiumPath);
  project.provide('citusAdminUrl', citus?.url ?? null);
  project.provide('citusTemplate', citus?.template ?? null);
  project.provide('requestedEngines', requestedEngines());
  project.provide('templateRun', sharedTemplates());

  return async () => {
    // The run's templates go before the servers they are on.
    await releaseTemplates();
    await Promise.all([server?.stop(), wantsCitus ? releaseCitus() : undefined]);
  };
}
