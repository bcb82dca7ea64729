/**
 * Citus for the benchmarks (`--engine=citus`): the bench cluster's settings, the references distributed as
 * Huinong's tables are, and where the rows ended up.
 *
 * - eod_reference.sql: its three tables distributed by the loan before they are loaded (the script text
 *   gets a create_distributed_table call after each CREATE TABLE; the shared file is not changed):
 *   ref_loans by id, ref_journal_lines and ref_balance_snapshot by loan_id co-located with it — as
 *   Huinong's loans, journal and snapshots are distributed by customer_id, one loan per customer in the
 *   bench portfolio — so each of its three statements runs on the shards, in parallel, with no data
 *   crossing nodes.
 * - pgbench TPC-B: `pgbench -i -I dt` (tables only), then every table distributed by its own key
 *   (accounts and history by aid, tellers by tid, branches by bid: each TPC-B statement names one key
 *   and goes to one shard), then `pgbench -i -I gvp` loads, vacuums and adds the primary keys.
 *   A transaction touches up to four shards, usually on both workers: a two-phase commit, as any
 *   multi-key transaction on Citus.
 */
import pg from 'pg';
import type { BenchNode } from './node-usage.js';

/**
 * Every node's settings in the bench cluster: memory for batch work (a third of BENCH_SERVER_SETTINGS'
 * shared_buffers each, so that the three nodes together hold what the one PostgreSQL server does),
 * statements counted per node (pg_stat_statements after citus, which must come first) and Citus's own
 * counters of single- and multi-shard queries.
 */
export const BENCH_CITUS_SETTINGS = [
  `shared_preload_libraries = 'citus,pg_stat_statements'`,
  'citus.enable_stat_counters = on',
  'shared_buffers = 2730MB',
  'work_mem = 64MB',
  'maintenance_work_mem = 512MB',
  'max_wal_size = 16GB',
  'checkpoint_timeout = 30min',
];

/** The reference script's tables and how each is distributed (by the loan, as Huinong's by the customer). */
export const REFERENCE_DISTRIBUTION: ReadonlyArray<{ table: string; column: string; colocateWith?: string }> = [
  { table: 'ref_loans', column: 'id' },
  { table: 'ref_journal_lines', column: 'loan_id', colocateWith: 'ref_loans' },
  { table: 'ref_balance_snapshot', column: 'loan_id', colocateWith: 'ref_loans' },
];

/**
 * The reference script with `SELECT create_distributed_table(…)` right after each of its CREATE TABLE
 * statements (before any row is inserted). Throws when a table's CREATE TABLE is not found, so that a
 * changed script cannot silently run undistributed.
 */
export function distributeReferenceScript(script: string): string {
  let text = script;
  for (const d of REFERENCE_DISTRIBUTION) {
    const m = new RegExp(`CREATE TABLE ${d.table}\\s*\\(`, 'i').exec(text);
    if (!m) throw new Error(`reference on Citus: no CREATE TABLE ${d.table} in the script`);
    const end = text.indexOf(';', m.index);
    if (end < 0) throw new Error(`reference on Citus: CREATE TABLE ${d.table} has no end`);
    const call = `\nSELECT create_distributed_table('${d.table}', '${d.column}'${d.colocateWith ? `, colocate_with => '${d.colocateWith}'` : ''});`;
    text = text.slice(0, end + 1) + call + text.slice(end + 1);
  }
  return text;
}

/** pgbench's tables and their distribution columns (each TPC-B statement names exactly one of these keys). */
export const PGBENCH_DISTRIBUTION: ReadonlyArray<{ table: string; column: string }> = [
  { table: 'pgbench_accounts', column: 'aid' },
  { table: 'pgbench_history', column: 'aid' },
  { table: 'pgbench_tellers', column: 'tid' },
  { table: 'pgbench_branches', column: 'bid' },
];

export async function distributePgbenchTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // all four by an int column: Citus co-locates them (one shard group per hash range)
    for (const d of PGBENCH_DISTRIBUTION) await client.query(`SELECT create_distributed_table($1, $2)`, [d.table, d.column]);
  } finally {
    await client.end();
  }
}

export interface NodePlacement {
  node: string;
  shards: number;
  /** Bytes of the node's shards of every distributed table (citus_shards), reference tables left out. */
  distributedBytes: number;
  /** Rows of `countTable` in the node's shards (run_command_on_shards). */
  rows: number;
}

/**
 * Where the distributed data is: per worker, its shards and their size (citus_shards), and the rows of
 * `countTable` on it (a count per shard with run_command_on_shards). `nodes` names the workers by port.
 */
export async function citusPlacement(dbUrl: string, nodes: BenchNode[], countTable: string): Promise<NodePlacement[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const sizes = await client.query<{ port: number; shards: string; bytes: string }>(
      `SELECT nodeport AS port, count(*)::text AS shards, sum(shard_size)::text AS bytes
         FROM citus_shards WHERE citus_table_type = 'distributed' GROUP BY nodeport`,
    );
    const rows = await client.query<{ port: number; rows: string }>(
      `SELECT s.nodeport AS port, sum(r.result::bigint)::text AS rows
         FROM run_command_on_shards($1, 'SELECT count(*) FROM %s') r
         JOIN citus_shards s ON s.shardid = r.shardid
        WHERE r.success
        GROUP BY s.nodeport`,
      [countTable],
    );
    return nodes.map((n) => {
      const port = Number(new URL(n.url).port);
      const s = sizes.rows.find((x) => x.port === port);
      const r = rows.rows.find((x) => x.port === port);
      return { node: n.name, shards: Number(s?.shards ?? 0), distributedBytes: Number(s?.bytes ?? 0), rows: Number(r?.rows ?? 0) };
    });
  } finally {
    await client.end();
  }
}

/** Citus's own counters of the database (citus_stat_counters): queries on one shard and on several. */
export async function citusQueryCounters(dbUrl: string): Promise<{ singleShard: number; multiShard: number } | null> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    // off (the default outside the bench cluster): Citus counts nothing, so there is no figure
    const on = await client.query<{ on: string }>(`SELECT current_setting('citus.enable_stat_counters') AS on`);
    if (on.rows[0]?.on !== 'on') return null;
    const r = await client.query<{ s: string; m: string }>(
      `SELECT query_execution_single_shard::text AS s, query_execution_multi_shard::text AS m
         FROM citus_stat_counters WHERE name = current_database()`,
    );
    return r.rows[0] ? { singleShard: Number(r.rows[0].s), multiShard: Number(r.rows[0].m) } : null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}
