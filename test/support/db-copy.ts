/**
 * An identical copy of a test database, for "compare with an uninterrupted run on a copy" tests.
 *
 *   const copy = await copyDatabase(database);   // same engine, same contents, independent
 *   …
 *   await copy.close();                          // on PostgreSQL also drops it
 *
 * PGlite: dumpDataDir() of the source, loaded into a new in-memory PGlite.
 * PostgreSQL: CREATE DATABASE copy TEMPLATE source on the shared test server. The template must have
 * no other sessions, so the source's connections are ended first (its pool reconnects on the next
 * query; nothing may be running on the source while the copy is made).
 * Citus: the same on every node of the test cluster (coordinator and workers), under one new name —
 * the copy's coordinator reaches its shards in the workers' databases of its own name.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../src/db/client.js';
import { openDatabase } from '../../src/db/client.js';
import { citusWorkerUrls, dropCitusDatabase, withClient } from './citus-cluster.js';
import { citusAdminUrl, openOwnedDatabase, withAdmin } from './db.js';
import { openPgliteDump } from './templates.js';

/** The connection URL of a PostgreSQL test database (null for PGlite). */
export function databaseUrl(database: Database): string | null {
  if (database.kind !== 'postgres') return null;
  const pool = (database.db as unknown as { $client: pg.Pool & { options: { connectionString?: string } } }).$client;
  return pool.options.connectionString ?? null;
}

async function copyPglite(source: Database): Promise<Database> {
  const client = (source.db as unknown as { $client: PGlite }).$client;
  return openPgliteDump(await client.dumpDataDir('none'), 'PGlite (in-memory copy)');
}

/** CREATE DATABASE name TEMPLATE source on the server at adminUrl (or through withAdmin), ending the source's sessions first. */
async function templateCopy(run: (fn: (c: pg.Client) => Promise<void>) => Promise<void>, sourceName: string, name: string): Promise<void> {
  await run(async (c) => {
    // The source pool's idle connections are ended; retry while one is still on its way out.
    for (let attempt = 1; ; attempt++) {
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [sourceName]);
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${sourceName}`);
        return;
      } catch (err) {
        if (attempt >= 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
}

async function copyCitus(source: Database): Promise<Database> {
  const coordinatorUrl = citusAdminUrl();
  const url = databaseUrl(source);
  if (!coordinatorUrl || !url) throw new Error('copyDatabase: no Citus cluster or no URL for the source database');
  const sourceName = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(sourceName)) throw new Error(`copyDatabase: unexpected database name ${sourceName}`);
  const name = `hn_copy_${randomBytes(6).toString('hex')}`;
  try {
    for (const node of [coordinatorUrl, ...(await citusWorkerUrls(coordinatorUrl))]) {
      await templateCopy(async (fn) => withClient(node, fn), sourceName, name);
    }
  } catch (err) {
    await dropCitusDatabase(coordinatorUrl, name).catch(() => undefined);
    throw err;
  }
  const copyUrl = new URL(coordinatorUrl);
  copyUrl.pathname = `/${name}`;
  const inner = await openDatabase({ url: copyUrl.toString(), poolSize: 5 });
  let closed: Promise<void> | null = null;
  return {
    ...inner,
    describe: () => `Citus (${copyUrl.toString()})`,
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

async function copyPostgres(source: Database): Promise<Database> {
  const url = databaseUrl(source);
  if (!url) throw new Error('copyDatabase: no URL for the source database');
  const sourceName = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(sourceName)) throw new Error(`copyDatabase: unexpected database name ${sourceName}`);
  const name = `hn_copy_${randomBytes(6).toString('hex')}`;
  await templateCopy(withAdmin, sourceName, name);
  return openOwnedDatabase(name);
}

export async function copyDatabase(source: Database): Promise<Database> {
  if (source.kind === 'pglite') return copyPglite(source);
  return source.describe().startsWith('Citus') ? copyCitus(source) : copyPostgres(source);
}
