/**
 * Citus plans of the statements a request runs, for tests that assert where a write or a lookup goes:
 * the task counts of a plan's distributed scans, whether it has subplans, the shards it names.
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { queryOne, queryRows, type Db } from '../../src/db/client.js';

export interface Explained {
  statement: string;
  tasks: number[];
  subplans: boolean;
  /** the shard ids the plan names */
  shards: string[];
}

const dialect = new PgDialect();

/** The Citus plan of a statement: the task counts of its distributed scans, subplans, the shards it names. */
export async function explain(on: Db, query: SQL): Promise<Omit<Explained, 'statement'>> {
  const rows = await queryRows<{ 'QUERY PLAN': unknown }>(on, sql`EXPLAIN (FORMAT JSON) ${query}`);
  const plan = JSON.stringify(rows[0]['QUERY PLAN']);
  return {
    tasks: [...plan.matchAll(/"Task Count":\s*(\d+)/g)].map((m) => Number(m[1])),
    subplans: /Subplan/i.test(plan),
    shards: [...new Set([...plan.matchAll(/"Relation Name":\s*"[a-z_]+_(\d+)"/g)].map((m) => m[1]))],
  };
}

/**
 * The database (and every transaction begun on it) with each statement whose text matches `names`
 * EXPLAINed first, on `on` (another connection: not the transaction's own, whose state an EXPLAIN would
 * change), into `out`.
 */
export function explaining(db: Db, on: Db, names: RegExp, out: Explained[]): Db {
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'execute') {
        return async (query: SQL) => {
          const text = dialect.sqlToQuery(query).sql;
          if (names.test(text)) out.push({ statement: text.replace(/\s+/g, ' '), ...(await explain(on, query)) });
          return target.execute(query);
        };
      }
      if (key === 'transaction') {
        return (fn: (tx: Db) => Promise<unknown>, config?: unknown) =>
          (target.transaction as (f: (tx: Db) => Promise<unknown>, c?: unknown) => Promise<unknown>)(
            (tx) => fn(explaining(tx, on, names, out)),
            config,
          );
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** The table a shard belongs to, its distribution method ('h': hash) and how many nodes hold it. */
export async function shardPlacement(db: Db, shardId: string): Promise<{ t: string; method: string; nodes: number } | undefined> {
  return queryOne<{ t: string; method: string; nodes: number }>(
    db,
    sql`SELECT s.logicalrelid::text AS t, p.partmethod::text AS method,
               (SELECT count(*) FROM pg_dist_placement pl WHERE pl.shardid = s.shardid)::int AS nodes
          FROM pg_dist_shard s JOIN pg_dist_partition p ON p.logicalrelid = s.logicalrelid
         WHERE s.shardid = ${shardId}::bigint`,
  );
}
