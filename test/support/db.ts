/**
 * Test databases on both engines.
 *
 *   describe.each(testEngines())('%s', (kind) => {
 *     let database: Database;
 *     beforeAll(async () => { database = await createMigratedDatabase(kind); });
 *     afterAll(async () => { await database?.close(); });
 *   });
 *
 * pglite: a new in-memory PGlite per call. postgres: a new database `hn_test_<random>` on the
 * shared server started by global-setup.ts; close() also drops it. citus: the same database made on
 * every node of the test Citus cluster (citus-cluster.ts), opened on its coordinator (its Database.kind
 * is 'postgres': the application sees a PostgreSQL server); in the matrix whenever the run has a
 * cluster (HUINONG_TEST_ENGINES=citus: on Citus alone). A migrated database (and a seeded one,
 * app.ts) starts as a copy of the run's template on its engine (templates.ts) instead of migrating.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type EngineKind as DatabaseKind } from '../../src/db/client.js';
import { migrate, type MigrationResult } from '../../src/db/migrate.js';
import { copyCitusDatabase, createCitusDatabase, dropCitusDatabase } from './citus-cluster.js';
import { openPgliteDump, templateFor, type TemplateContent } from './templates.js';
import type {} from './global-setup.js'; // ProvidedContext augmentation

/** An engine tests run on: the two the application knows, and Citus (a PostgreSQL server to the application). */
export type EngineKind = DatabaseKind | 'citus';
export type { Database };

/** Superuser URL of the shared test server, or null when the run has only PGlite. */
export function pgAdminUrl(): string | null {
  return inject('pgAdminUrl') ?? null;
}

/** Superuser URL of the test Citus coordinator, or null when the run has no Citus cluster. */
export function citusAdminUrl(): string | null {
  return inject('citusAdminUrl') ?? null;
}

/**
 * Engines to run database tests on: PGlite always, PostgreSQL when the run has a server, Citus when
 * the run has a cluster (HUINONG_TEST_CITUS=1, set by .ci/run, or HUINONG_TEST_CITUS_URL); with
 * HUINONG_TEST_ENGINES, those it names of these.
 */
export function testEngines(): EngineKind[] {
  const requested = inject('requestedEngines');
  const available: EngineKind[] = ['pglite'];
  if (pgAdminUrl()) available.push('postgres');
  if (citusAdminUrl()) available.push('citus');
  if (!requested) return available;
  return available.filter((e) => requested.includes(e));
}

/** Runs fn with a client connected to the PostgreSQL test server's admin database. */
export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = pgAdminUrl();
  if (!url) throw new Error('No PostgreSQL test server in this run (see the banner at the start of the run)');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** An empty database (no migrations applied). close() releases it and, on PostgreSQL, drops it. */
export async function createTestDatabase(kind: EngineKind): Promise<Database> {
  if (kind === 'pglite') return openDatabase({});
  if (kind === 'citus') return createCitusTestDatabase();

  const adminUrl = pgAdminUrl();
  if (!adminUrl) throw new Error('createTestDatabase("postgres"): no PostgreSQL test server in this run');
  const name = `hn_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  return openOwnedDatabase(name);
}

/**
 * Opens database `name` of the PostgreSQL test server; close() releases it and drops it (also when
 * opening fails). For databases a test created (createTestDatabase, copyDatabase).
 */
export async function openOwnedDatabase(name: string): Promise<Database> {
  const adminUrl = pgAdminUrl();
  if (!adminUrl) throw new Error('No PostgreSQL test server in this run');
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;

  let inner: Database;
  try {
    inner = await openDatabase({ url: url.toString(), poolSize: 5 });
  } catch (err) {
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined);
    throw err;
  }
  let closed: Promise<void> | null = null;
  return {
    ...inner,
    close: () =>
      (closed ??= (async () => {
        try {
          await inner.close();
        } finally {
          await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        }
      })()),
  };
}

/**
 * A database with ./migrations applied, on every engine: a copy of the run's migrated template
 * (templates.ts; on Citus the one global-setup.ts made, when it could), cheaper than migrating. Its
 * migrations are still run on it (none left to apply on a copy), as the application does at start.
 */
export async function createMigratedTestDatabase(kind: EngineKind): Promise<Database> {
  return createTestDatabaseFrom(kind, { kind: 'migrated' });
}

/**
 * A copy of the run's template with `content` (templates.ts) on `kind`: migrated, or migrated and
 * seeded as createContext seeds for one configuration. On Citus without a migrated template (the run
 * could not make one) an empty database, which createContext and createMigratedDatabase migrate.
 */
export async function createTestDatabaseFrom(kind: EngineKind, content: TemplateContent): Promise<Database> {
  const adminUrl = kind === 'citus' ? citusAdminUrl() : kind === 'postgres' ? pgAdminUrl() : null;
  if (kind !== 'pglite' && !adminUrl) return createTestDatabase(kind); // fails, saying which server is missing
  const template = await templateFor(kind, content, adminUrl);
  if (kind === 'pglite') return openPgliteDump(template!);
  if (kind === 'citus') return createCitusTestDatabase(template);
  const name = `hn_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return openOwnedDatabase(name);
}

/** A database on every node of the test Citus cluster, empty or a copy of `template`; close() drops it everywhere. */
async function createCitusTestDatabase(template: string | null = null): Promise<Database> {
  const coordinatorUrl = citusAdminUrl();
  if (!coordinatorUrl) throw new Error('createTestDatabase("citus"): no Citus cluster in this run (HUINONG_TEST_CITUS=1 starts one)');
  const name = `hn_test_${randomBytes(6).toString('hex')}`;
  const url = template ? await copyCitusDatabase(coordinatorUrl, template, name) : await createCitusDatabase(coordinatorUrl, name);
  let inner: Database;
  try {
    inner = await openDatabase({ url, poolSize: 5 });
  } catch (err) {
    await dropCitusDatabase(coordinatorUrl, name).catch(() => undefined);
    throw err;
  }
  let closed: Promise<void> | null = null;
  return {
    ...inner,
    describe: () => `Citus (${url})`,
    close: () =>
      (closed ??= (async () => {
        try {
          await inner.close();
        } finally {
          await dropCitusDatabase(coordinatorUrl, name);
        }
      })()),
  };
}

/** A database with migrations applied (from ./migrations — a copy of the run's migrated template, so `migration.applied` is empty — or from `dir`). */
export async function createMigratedDatabase(kind: EngineKind, dir?: string): Promise<Database & { migration: MigrationResult }> {
  const database = dir === undefined ? await createMigratedTestDatabase(kind) : await createTestDatabase(kind);
  try {
    const migration = await migrate(database, dir);
    return Object.assign(database, { migration });
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
