/**
 * One database API over two engines: PGlite (PostgreSQL in-process, data in a folder) by default,
 * a PostgreSQL server when a connection URL is given. Both are driven through Drizzle's pg-core
 * query builder, so module code never knows which one it runs on.
 */
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { clock } from '../kernel/clock.js';

export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A transaction handle has the same query API as the database. */
export type Tx = Db;

export type EngineKind = 'pglite' | 'postgres';

export interface Database {
  kind: EngineKind;
  db: Db;
  /** Runs a multi-statement SQL script in one transaction (migrations). */
  execScript(script: string): Promise<void>;
  close(): Promise<void>;
  /** Human-readable description without credentials. */
  describe(): string;
}

export interface OpenOptions {
  /** postgres://… — when set, a PostgreSQL server is used. */
  url?: string;
  /** PGlite data folder; omitted means in-memory. */
  dataDir?: string;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
  /**
   * PostgreSQL: send repeated statements as named prepared statements (default true). Turn off behind
   * a connection pooler that cannot carry them (PgBouncer in transaction mode before 1.21).
   */
  preparedStatements?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10, opts.preparedStatements ?? true);
  return openPglite(opts.dataDir);
}

/** Owner-only access to a data folder: folders 0700, files 0600. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Gives the folder and everything in it owner-only modes (folders 0700, files 0600); links are left
 * alone. Files that vanish while it walks are skipped.
 */
export async function restrictToOwner(dir: string): Promise<void> {
  const walk = async (p: string): Promise<void> => {
    let st;
    try {
      st = await lstat(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((st.mode & 0o777) !== want) await chmod(p, want).catch(ignoreVanished);
    if (!st.isDirectory()) return;
    const names = await readdir(p).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
    for (const name of names) await walk(path.join(p, name));
  };
  await walk(dir);
}

function ignoreVanished(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}

async function openPglite(dataDir?: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (dataDir) {
    // Owner-only from the start, and corrected for a folder made before (or copied in) with looser modes.
    await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    await restrictToOwner(dataDir);
  }
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  // PGlite writes a new database's files world-writable (0666) whatever the umask; inside the 0700
  // folder no one else could reach them, and here they become 0600.
  if (dataDir) await restrictToOwner(dataDir);
  const db = drizzle(client) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    execScript: async (script) => {
      await client.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    close: async () => {
      await client.close();
      // files PostgreSQL rewrote while running (its relation cache file is written 0644)
      if (dataDir) await restrictToOwner(dataDir);
    },
    describe: () => `PGlite (${dataDir ?? 'in-memory'})`,
  };
}

/** At most this many distinct statement texts are prepared; later ones run unnamed. */
const MAX_PREPARED_TEXTS = 2000;

/**
 * Statement names by text, shared by every connection of the process: a statement the server has
 * parsed once on a connection is then only bound and executed there (no parse, and after a few runs a
 * cached plan), which about halves the server's CPU per request on the short statements of the
 * origination path. The name is a function of the text alone, so the same name never means two texts.
 * Each connection prepares lazily the statements it actually runs; they live as long as it does.
 */
class StatementNames {
  private readonly names = new Map<string, string>();
  constructor(private readonly capacity: number) {}
  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.capacity) return known;
    const name = `huinong_${this.names.size.toString(36)}`;
    this.names.set(text, name);
    return name;
  }
}

async function openPostgres(url: string, poolSize: number, preparedStatements: boolean): Promise<Database> {
  const pg = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const names = new StatementNames(MAX_PREPARED_TEXTS);
  /** A client that names every parameterised statement it is given as a query config. */
  class PreparingClient extends pg.default.Client {
    override query(...args: unknown[]): never {
      const config = args[0] as { text?: unknown; name?: unknown; values?: unknown[] } | null;
      const values = Array.isArray(args[1]) ? args[1] : config?.values;
      if (config && typeof config === 'object' && typeof config.text === 'string' && config.name === undefined && values?.length) {
        const name = names.nameOf(config.text);
        if (name !== undefined) args[0] = { ...config, name };
      }
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  // bigint (int8) and numeric come back as strings; the code converts them explicitly.
  const pool = new pg.default.Pool({ connectionString: url, max: poolSize, ...(preparedStatements ? { Client: PreparingClient } : {}) });
  pool.on('error', () => {
    /* idle client errors are reported by the next query */
  });
  const db = drizzle(pool) as unknown as Db;
  const safe = url.replace(/:\/\/([^:@/]+)(:[^@/]*)?@/, '://$1@');
  return {
    kind: 'postgres',
    db,
    execScript: async (script) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await pool.end();
    },
    describe: () => `PostgreSQL (${safe})`,
  };
}

/** Rows of a raw SQL query, the same shape on both engines. */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export async function queryOne<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T | undefined> {
  const rows = await queryRows<T>(db, query);
  return rows[0];
}

/** Runs fn in one database transaction: everything or nothing. */
export async function withTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => fn(tx as unknown as Tx));
}

/**
 * The domain clock's instant (src/kernel/clock.ts) as a timestamptz parameter: what module SQL writes
 * instead of now() for every time it records or compares (created, decided, deadlines, expiries).
 */
export function nowParam(): SQL {
  return sql`${clock.now().toISOString()}::timestamptz`;
}

/**
 * The database server's own clock, for lease expiry between processes only: end-of-day workers on
 * several machines decide whether another worker's lease has run out, and the one clock they all share
 * is the server's. A lease must also run out in real time while a test or the demo has set the domain
 * clock. Never use it for a time the domain records.
 */
export function leaseClockSql(): SQL {
  return sql`clock_timestamp()`;
}

/** A reading of the lease clock: the instant, and the instant plus a lease's time to live. */
export interface LeaseClockReading {
  /** The server's clock_timestamp() as text (timestamptz with its offset, microseconds kept). */
  now: string;
  /** now + ttlMs, the same way. */
  expiresAt: string;
}

/**
 * Reads the lease clock (leaseClockSql) in a statement of its own, for the lease statements to take as
 * timestamptz parameters. On Citus a write to a distributed or reference table may not call
 * clock_timestamp() (volatile) nor add to a timestamptz (stable) in its SET, ON CONFLICT or RETURNING
 * clauses; a statement without tables runs on the coordinator, so every runner, wherever it runs,
 * still reads one clock — the coordinator's (on PostgreSQL the server's, as before). The reading is
 * one round trip older than the write that uses it: a new lease ends that much sooner, and another's
 * lease is seen as expired that much later, both on the safe side.
 */
export async function readLeaseClock(db: Db, ttlMs = 0): Promise<LeaseClockReading> {
  // OFFSET 0 keeps the subquery whole: the clock is read once for both columns.
  const row = await queryOne<{ now: string; expires_at: string }>(
    db,
    sql`SELECT c.t::text AS now, (c.t + make_interval(secs => ${ttlMs / 1000}))::text AS expires_at
          FROM (SELECT ${leaseClockSql()} AS t OFFSET 0) c`,
  );
  if (!row) throw new Error('the lease clock returned no row');
  return { now: row.now, expiresAt: row.expires_at };
}

/** Per connection (pg's client; PGlite's transaction): whether its database runs Citus. */
const citusByConnection = new WeakMap<object, boolean>();

/**
 * Whether the transaction's database runs Citus, asked once per connection (per transaction on PGlite)
 * and remembered, as sequentialShardAccess does.
 */
export async function runsCitus(tx: Tx): Promise<boolean> {
  const connection = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  const key = typeof connection === 'object' && connection !== null ? connection : undefined;
  const known = key ? citusByConnection.get(key) : undefined;
  if (known !== undefined) return known;
  const found = await queryRows(tx, sql`SELECT 1 AS citus FROM pg_extension WHERE extname = 'citus'`);
  if (key) citusByConnection.set(key, found.length > 0);
  return found.length > 0;
}

/**
 * On Citus, the rest of the transaction reaches each worker over one connection
 * (`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`); on PGlite and PostgreSQL nothing.
 *
 * A transaction that writes a reference table other tables refer to by foreign key (`import_batches`,
 * which `import_rows` and `import_errors` refer to) may not do so after a query that touched several
 * shards in parallel ("cannot modify table … because there was a parallel operation on a distributed
 * table"). (`loan_index`, which the drawdown writes, was one until 0046 distributed it.) Call it first in
 * such a transaction, before its first read of a distributed table: once a query has run in
 * parallel, the mode can no longer help. Whether the database runs Citus is asked once per
 * connection (the first call asks and sets in one statement).
 */
export async function sequentialShardAccess(tx: Tx): Promise<void> {
  const connection = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  const key = typeof connection === 'object' && connection !== null ? connection : undefined;
  const known = key ? citusByConnection.get(key) : undefined;
  if (known === false) return;
  if (known === true) {
    await tx.execute(sql`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
    return;
  }
  const set = await queryRows(
    tx,
    sql`SELECT set_config('citus.multi_shard_modify_mode', 'sequential', true) FROM pg_extension WHERE extname = 'citus'`,
  );
  if (key) citusByConnection.set(key, set.length > 0);
}

export { sql };
