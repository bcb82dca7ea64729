/**
 * What each database server of a benchmark did: CPU seconds of each node's whole process tree (postmaster,
 * backends, background workers — read from /proc, so only for servers on this machine), and from each
 * node's own statistics the transactions committed, rows written and read (pg_stat_database) and the
 * statements it executed (pg_stat_statements, when the server preloads it — the Citus bench cluster does).
 *
 * On one machine a cluster's nodes share the cores; these per-node figures are what a reader needs to
 * project the same work onto separate machines (a node's CPU seconds ≈ its wall time on a node of its own
 * when it is CPU-bound).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface BenchNode {
  /** 'server' (PostgreSQL), 'coordinator' or 'worker1', 'worker2', … (Citus, in port order). */
  name: string;
  /** Superuser URL of the node's `postgres` database. */
  url: string;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The postmaster's pid of each node (from postmaster.pid in its data directory), or null when not readable here. */
export async function postmasterPids(nodes: BenchNode[]): Promise<Array<number | null>> {
  return Promise.all(
    nodes.map(async (n) => {
      try {
        const [row] = await query<{ d: string }>(n.url, `SELECT current_setting('data_directory') AS d`);
        const pid = Number(readFileSync(path.join(row!.d, 'postmaster.pid'), 'utf8').split('\n')[0]);
        return pid > 0 ? pid : null;
      } catch {
        return null;
      }
    }),
  );
}

/**
 * CPU seconds so far of each process tree rooted at a postmaster: the postmaster's own and its reaped
 * children's (cutime/cstime: every backend that has exited), plus every live child's. Synchronous and
 * cheap (one pass over /proc), so it can be sampled between end-of-day steps.
 */
export function treeCpuSeconds(pids: Array<number | null>): Array<number | null> {
  const stats = new Map<number, { ppid: number; own: number; reaped: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields after the command: state, ppid, …, utime (14th field), stime, cutime, cstime
    stats.set(Number(entry), { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) });
  }
  return pids.map((pid) => {
    if (pid === null) return null;
    const root = stats.get(pid);
    if (!root) return null;
    let ticks = root.own + root.reaped;
    for (const s of stats.values()) if (s.ppid === pid) ticks += s.own + s.reaped;
    return ticks / TICKS_PER_SECOND;
  });
}

export interface NodeCounters {
  node: string;
  cpuSeconds: number | null;
  commits: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsDeleted: number;
  /** Rows returned by scans (tup_returned). */
  rowsRead: number;
  /** Statements executed in the database (pg_stat_statements calls), null without the extension. */
  statements: number | null;
}

/** Counters of the database `dbName` on each node, to subtract two readings. */
export async function readNodeCounters(nodes: BenchNode[], dbName: string, pids: Array<number | null>): Promise<NodeCounters[]> {
  const cpu = treeCpuSeconds(pids);
  return Promise.all(
    nodes.map(async (n, i) => {
      const url = withDatabase(n.url, dbName);
      const [d] = await query<{ c: string; i: string; u: string; del: string; r: string }>(
        url,
        `SELECT xact_commit::text AS c, tup_inserted::text AS i, tup_updated::text AS u, tup_deleted::text AS del, tup_returned::text AS r
           FROM pg_stat_database WHERE datname = current_database()`,
      );
      const statements = await query<{ calls: string | null }>(
        url,
        `SELECT sum(calls)::text AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      ).then(
        (r) => Number(r[0]?.calls ?? 0),
        () => null,
      );
      return {
        node: n.name,
        cpuSeconds: cpu[i] ?? null,
        commits: Number(d?.c ?? 0),
        rowsInserted: Number(d?.i ?? 0),
        rowsUpdated: Number(d?.u ?? 0),
        rowsDeleted: Number(d?.del ?? 0),
        rowsRead: Number(d?.r ?? 0),
        statements,
      };
    }),
  );
}

export function counterDelta(after: NodeCounters[], before: NodeCounters[]): NodeCounters[] {
  return after.map((a, i) => {
    const b = before[i]!;
    return {
      node: a.node,
      cpuSeconds: a.cpuSeconds !== null && b.cpuSeconds !== null ? a.cpuSeconds - b.cpuSeconds : null,
      commits: a.commits - b.commits,
      rowsInserted: a.rowsInserted - b.rowsInserted,
      rowsUpdated: a.rowsUpdated - b.rowsUpdated,
      rowsDeleted: a.rowsDeleted - b.rowsDeleted,
      rowsRead: a.rowsRead - b.rowsRead,
      statements: a.statements !== null && b.statements !== null ? a.statements - b.statements : null,
    };
  });
}

/** Creates pg_stat_statements in `dbName` on every node where the server preloads it; false when it does not. */
export async function enableStatementCounts(nodes: BenchNode[], dbName: string): Promise<boolean> {
  try {
    for (const n of nodes) await query(withDatabase(n.url, dbName), 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    for (const n of nodes) await query(withDatabase(n.url, dbName), 'SELECT pg_stat_statements_reset()');
    return true;
  } catch {
    return false;
  }
}
