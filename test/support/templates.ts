/**
 * Test databases made once per run and copied by every test that wants the same start: the migrated
 * schema, and the migrated schema with the bank `createContext` seeds (demo users, demo customers,
 * business date, credit policy) for one configuration.
 *
 * Migrating costs a PGlite or PostgreSQL database a few seconds and a Citus one several (each DDL
 * statement reaches every shard); seeding the demo bank costs a few more (a dozen argon2 password
 * hashes, customers with deposits, audit records — on Citus many of them two-phase commits). A copy
 * costs a fraction of either: CREATE DATABASE … TEMPLATE on the PostgreSQL server or on every Citus
 * node, and a PGlite data directory (dumpDataDir) loaded into a new in-memory PGlite.
 *
 * A template is built by the first test process that asks for it and shared by every process of the
 * run: on a server under an advisory lock, finished when it no longer accepts connections (a copy's
 * source must have no session); for PGlite a file in the run's template folder, written under a
 * temporary name and renamed (two processes asking at once may both build it; either result is the
 * same). The run's global set-up names them (`templateRun`) and drops them at the end.
 *
 * A seeded template is keyed by what the seed depends on: the configuration (the master key among it:
 * the seed encrypts the customers' fields) and HUINONG_BANK_NAME. The seed also records the time of the
 * domain clock, so it is used only while the wall clock is installed; under a test's own clock the
 * test seeds its database itself (seededTemplateUsable).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import type { Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { useClock, wallClock } from '../../src/kernel/clock.js';
import { citusWorkerUrls, closeCitusTemplate, copyCitusDatabase, dropCitusDatabase, withClient } from './citus-cluster.js';
import type { EngineKind } from './db.js';
import type {} from './global-setup.js'; // ProvidedContext augmentation

/** What a template holds: the migrated schema, or that plus the seed of one configuration. */
export type TemplateContent = { kind: 'migrated' } | { kind: 'seeded'; config: Config };

/** The run's templates: their name prefix on the servers, their folder (PGlite) and the run's master key, from global-setup.ts. */
function run(): { prefix: string; dir: string; secretKey: string } {
  const r = inject('templateRun');
  if (!r) throw new Error('templates: the run has no template folder (test/support/global-setup.ts provides it)');
  return r;
}

/**
 * Configuration fields the seed does not read (createContext: migrate, the master key, the default
 * credit policy, seedBank). Every other field keys the seeded template, so a field added later keys
 * it too until it is listed here.
 */
const NOT_SEED_INPUTS = new Set<keyof Config>([
  'port',
  'host',
  'databasePoolSize',
  'databasePreparedStatements',
  'sessionTtlMinutes',
  'tempPasswordTtlHours',
  'loginRateLimitPerMinute',
  'lockoutThreshold',
  'lockoutMinutes',
  'webDir',
  'publicBaseUrl',
  'logLevel',
  'secureCookies',
  'hsts',
  'trustProxy',
]);

/** The master key of this run's test applications that do not choose one (the seeded templates are encrypted with it). */
export function runSecretKey(): string {
  return run().secretKey;
}

/** The name of a template: the run's prefix and 'migrated', or 's' and a hash of the seed's inputs. */
export function templateKey(content: TemplateContent): string {
  if (content.kind === 'migrated') return 'migrated';
  const inputs = Object.entries(content.config)
    .filter(([k]) => !NOT_SEED_INPUTS.has(k as keyof Config))
    .sort(([a], [b]) => a.localeCompare(b));
  const hash = createHash('sha256')
    .update(JSON.stringify({ inputs, bankName: process.env.HUINONG_BANK_NAME ?? null }))
    .digest('hex');
  return `s${hash.slice(0, 16)}`;
}

/**
 * Whether a database of `config` may start as a copy of a seeded template: a master key given, an
 * in-memory or test-server database (no data folder, no database URL of its own) and the wall clock
 * installed (the seed's times are the clock's).
 */
export function seededTemplateUsable(config: Config): boolean {
  // Without a master key the application would make a new one, and could not read the seed's fields.
  if (!config.secretKey || config.dataDir || config.databaseUrl) return false;
  const installed = useClock(wallClock);
  useClock(installed);
  return installed === wallClock;
}

/** Fills a new database with what `content` says; the database is closed by the caller. */
async function fill(database: Database, content: TemplateContent): Promise<void> {
  // The seed goes through createContext as a test's own would (it migrates first).
  if (content.kind === 'seeded') {
    // Loaded here, not at the top: most files that make test databases never seed one this way.
    const { createContext } = await import('../../src/app.js');
    await createContext(content.config, database);
  } else await migrate(database);
}

const built = new Map<string, Promise<string>>();

/** Builds (once per process; the first process of the run does the work) and returns the template's name or file. */
function template(engine: EngineKind, content: TemplateContent, adminUrl: string | null): Promise<string> {
  const id = `${engine} ${templateKey(content)}`;
  let p = built.get(id);
  if (!p) {
    p = engine === 'pglite' ? pgliteTemplate(content) : serverTemplate(engine, content, adminUrl!);
    built.set(id, p);
    p.catch(() => built.delete(id));
  }
  return p;
}

/** The base a template is copied from: none for the migrated one (it is migrated), the migrated one for a seeded one. */
function baseOf(content: TemplateContent): TemplateContent | null {
  return content.kind === 'seeded' ? { kind: 'migrated' } : null;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Advisory lock key of one template's build, in the admin (`postgres`) database of the server or coordinator. */
const BUILD_LOCK = 7243013;

/**
 * A template database on the PostgreSQL test server or on every node of the Citus cluster. Built
 * under an advisory lock: one process builds, the others wait and then find it finished (it no
 * longer accepts connections). A half-built one (a process that died) is dropped and built again.
 */
async function serverTemplate(engine: 'postgres' | 'citus', content: TemplateContent, adminUrl: string): Promise<string> {
  const name = `${run().prefix}${templateKey(content)}`;
  const base = baseOf(content);
  // On Citus the migrated template is the one global-setup.ts made (when it could).
  const citusMigrated = engine === 'citus' ? inject('citusTemplate') : null;
  if (engine === 'citus' && content.kind === 'migrated' && citusMigrated) return citusMigrated;
  const baseName = base ? await template(engine, base, adminUrl) : null;
  await withClient(adminUrl, async (lock) => {
    await lock.query('SELECT pg_advisory_lock($1, hashtext($2))', [BUILD_LOCK, name]);
    try {
      const done = await lock.query('SELECT 1 FROM pg_database WHERE datname = $1 AND NOT datallowconn', [name]);
      if (done.rowCount) return;
      if (engine === 'citus') await buildCitusTemplate(adminUrl, name, baseName, content);
      else await buildPostgresTemplate(adminUrl, name, baseName, content);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [BUILD_LOCK, name]).catch(() => undefined);
    }
  });
  return name;
}

async function buildPostgresTemplate(adminUrl: string, name: string, baseName: string | null, content: TemplateContent): Promise<void> {
  const admin = (sql: string, params: unknown[] = []) => withClient(adminUrl, (c) => c.query(sql, params));
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(baseName ? `CREATE DATABASE ${name} TEMPLATE ${baseName}` : `CREATE DATABASE ${name}`);
  try {
    const database = await openDatabase({ url: withDatabase(adminUrl, name), poolSize: 2 });
    try {
      await fill(database, content);
    } finally {
      await database.close();
    }
    await admin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    await admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  } catch (err) {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    throw err;
  }
}

async function buildCitusTemplate(coordinatorUrl: string, name: string, baseName: string | null, content: TemplateContent): Promise<void> {
  // Only a seeded template is built here (the migrated one is global-setup.ts's, or every test migrates).
  await dropCitusDatabase(coordinatorUrl, name);
  if (!baseName) throw new Error('templates: a Citus template is copied from the migrated one');
  const url = await copyCitusDatabase(coordinatorUrl, baseName, name);
  try {
    const database = await openDatabase({ url, poolSize: 2 });
    try {
      await fill(database, content);
    } finally {
      await database.close();
    }
    // The coordinator last: its closed database is the sign that the template is finished.
    const workers = await citusWorkerUrls(coordinatorUrl);
    await closeCitusTemplate([...workers, coordinatorUrl], name);
  } catch (err) {
    await dropCitusDatabase(coordinatorUrl, name).catch(() => undefined);
    throw err;
  }
}

/** A PGlite data directory (dumpDataDir, uncompressed tar) in the run's template folder. */
async function pgliteTemplate(content: TemplateContent): Promise<string> {
  const file = path.join(run().dir, `${templateKey(content)}.tar`);
  if (existsSync(file)) return file;
  const base = baseOf(content);
  const database = base ? await openPgliteDump(await template('pglite', base, null)) : await openDatabase({});
  try {
    await fill(database, content);
    const dump = await (database.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  } finally {
    await database.close();
  }
  return file;
}

/** A new in-memory PGlite that starts from a data directory dump (a Blob, or a file holding one). */
export async function openPgliteDump(dump: Blob | string, description = 'PGlite (in-memory)'): Promise<Database> {
  const { PGlite: PGliteCtor } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const data = typeof dump === 'string' ? new Blob([await readFile(dump)]) : dump;
  const client = new PGliteCtor({ loadDataDir: data });
  await client.waitReady;
  return {
    kind: 'pglite',
    db: drizzle(client) as unknown as Database['db'],
    execScript: async (script) => {
      await client.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    close: async () => {
      await client.close();
    },
    describe: () => description,
  };
}

/**
 * The template for `content` on `engine`: a database name on the server (postgres, citus; adminUrl is
 * its admin URL) or a file (pglite). Null on Citus when the run could not make its migrated template.
 */
export async function templateFor(engine: EngineKind, content: TemplateContent, adminUrl: string | null): Promise<string | null> {
  if (engine === 'citus' && !inject('citusTemplate')) return null;
  return template(engine, content, adminUrl);
}
