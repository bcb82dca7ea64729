/**
 * The PostgreSQL server (or Citus cluster) a benchmark measures against, and pgbench as the reference on it.
 *
 * `withBenchPostgres` starts a throwaway PostgreSQL 15 server (test/support/pg-server.ts), or uses the
 * server at HUINONG_BENCH_PG_URL (a superuser URL); with `engine: 'citus'` a throwaway Citus cluster
 * (test/support/citus-cluster.ts: a coordinator and two workers, BENCH_CITUS_SETTINGS) or the coordinator
 * at HUINONG_BENCH_CITUS_URL (its `postgres` database knowing its workers). Either way the benchmark gets
 * fresh databases (on Citus: on every node, with the extension, the nodes joined) and everything is
 * removed at the end — after an error and after Ctrl-C too.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { findPgBinDir, startPgServer } from '../../test/support/pg-server.js';
import {
  checkCitusCoordinator,
  citusWorkerUrls,
  createCitusDatabase,
  dropCitusDatabase,
  startCitusCluster,
} from '../../test/support/citus-cluster.js';
import { BENCH_CITUS_SETTINGS } from './citus.js';
import type { BenchNode } from './node-usage.js';
import type { BenchOptions } from './options.js';

export type BenchEngine = 'postgres' | 'citus';

/** `--engine=postgres` (default) or `--engine=citus`. */
export function engineFlag(opts: BenchOptions): BenchEngine {
  const v = opts.flags.engine ?? 'postgres';
  if (v !== 'postgres' && v !== 'citus') throw new Error(`--engine must be postgres or citus, got "${v === true ? '' : v}"`);
  return v;
}

export interface BenchPostgres {
  /** Superuser URL of the server (its `postgres` database). */
  adminUrl: string;
  /** `PostgreSQL 15.x …` as the server reports it. */
  version: string;
  /** 'throwaway' (started for this run) or 'external' (HUINONG_BENCH_PG_URL / HUINONG_BENCH_CITUS_URL). */
  origin: 'throwaway' | 'external';
  engine: BenchEngine;
  /** The one server ('server'), or the coordinator and the workers ('worker1', … in port order). */
  nodes: BenchNode[];
  /** Creates a fresh database and returns its URL; it is dropped (or removed with the server) at the end. */
  createDatabase(prefix: string): Promise<string>;
}

async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The throwaway server's memory and checkpoint settings: a database server for batch work on this
 * 24 GiB machine rather than PostgreSQL's 128 MB defaults (shared_buffers a third of the memory, so
 * that the million-loan database of about 6 GB is held as a bank's server would hold it), so that a
 * million-loan day (and the reference script, which runs on the same server) is not measuring the
 * buffer cache's size and forced checkpoints.
 */
export const BENCH_SERVER_SETTINGS = [
  'shared_buffers = 8GB',
  'work_mem = 64MB',
  'maintenance_work_mem = 512MB',
  'max_wal_size = 16GB',
  'checkpoint_timeout = 30min',
];

/** Runs `fn` with a PostgreSQL server, and always cleans up: databases dropped, a throwaway server stopped. */
export async function withBenchPostgres<T>(
  fn: (server: BenchPostgres) => Promise<T>,
  log: (line: string) => void,
  opts: { engine?: BenchEngine } = {},
): Promise<T> {
  const engine = opts.engine ?? 'postgres';
  const citus = engine === 'citus';
  const externalUrl = (citus ? process.env.HUINONG_BENCH_CITUS_URL : process.env.HUINONG_BENCH_PG_URL) || undefined;
  let stop: () => Promise<void> = async () => undefined;
  let adminUrl: string;
  const created: string[] = [];
  if (citus && externalUrl) {
    await checkCitusCoordinator(externalUrl);
    adminUrl = externalUrl;
    log('Citus: external cluster from HUINONG_BENCH_CITUS_URL');
  } else if (citus) {
    log('Citus: starting a throwaway cluster (a coordinator and two workers) …');
    const cluster = await startCitusCluster({ settings: BENCH_CITUS_SETTINGS });
    if (!cluster) {
      throw new Error(
        'Citus is not installed into PostgreSQL 15 (../shared/citus/install-citus, as root) and HUINONG_BENCH_CITUS_URL is not set.',
      );
    }
    adminUrl = cluster.url;
    stop = cluster.stop;
    log(
      `Citus ${cluster.citusVersion}: coordinator ${cluster.url.replace(/\/\/[^@]*@/, '//')}, workers ${cluster.workerUrls
        .map((u) => new URL(u).port)
        .join(', ')} (each: fsync off, synchronous_commit off, ${BENCH_CITUS_SETTINGS.join(', ')})`,
    );
  } else if (externalUrl) {
    adminUrl = externalUrl;
    log(`PostgreSQL: external server from HUINONG_BENCH_PG_URL`);
  } else {
    log('PostgreSQL: starting a throwaway server …');
    const server = await startPgServer({ quiet: true, settings: BENCH_SERVER_SETTINGS });
    if (!server) {
      throw new Error('No PostgreSQL server binaries found (install postgresql-15) and HUINONG_BENCH_PG_URL is not set.');
    }
    adminUrl = server.url;
    stop = server.stop;
    log(
      `PostgreSQL: ${server.version} at ${server.url.replace(/\/\/[^@]*@/, '//')} (fsync off, synchronous_commit off, ${BENCH_SERVER_SETTINGS.join(', ')})`,
    );
  }

  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      if (externalUrl) {
        for (const name of created) {
          await (citus ? dropCitusDatabase(adminUrl, name) : adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(
            (err: Error) => process.stderr.write(`bench: could not drop ${name}: ${err.message}\n`),
          );
        }
      }
      await stop();
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\nbench: ${signal} — stopping ${citus ? 'the Citus cluster' : 'PostgreSQL'} …\n`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const [{ version }] = await adminQuery<{ version: string }>(adminUrl, 'SELECT version()');
    let fullVersion = version.split(' on ')[0] ?? version;
    let nodes: BenchNode[] = [{ name: 'server', url: adminUrl }];
    if (citus) {
      const [cv] = await adminQuery<{ v: string }>(adminUrl, `SELECT citus_version() AS v`);
      fullVersion += `, ${(cv?.v ?? 'Citus ?').split(' on ')[0]}`;
      const workers = await citusWorkerUrls(adminUrl);
      nodes = [{ name: 'coordinator', url: adminUrl }, ...workers.map((url, i) => ({ name: `worker${i + 1}`, url }))];
    }
    return await fn({
      adminUrl,
      version: fullVersion,
      origin: externalUrl ? 'external' : 'throwaway',
      engine,
      nodes,
      createDatabase: async (prefix) => {
        const name = `${prefix}_${randomBytes(4).toString('hex')}`;
        if (citus) await createCitusDatabase(adminUrl, name);
        else await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
        created.push(name);
        return withDatabase(adminUrl, name);
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

/** pgbench from the PostgreSQL 15 server binaries (HUINONG_PGBENCH overrides). */
export function findPgbench(): string {
  const candidates = [
    process.env.HUINONG_PGBENCH,
    '/usr/lib/postgresql/15/bin/pgbench',
    (() => {
      const dir = findPgBinDir();
      return dir ? path.join(dir, 'pgbench') : undefined;
    })(),
  ].filter((x): x is string => Boolean(x));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`pgbench not found (looked at ${candidates.join(', ')}); set HUINONG_PGBENCH`);
  return found;
}

function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(file)} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out}`));
    });
  });
}

export interface PgbenchResult {
  /** Transactions per second, excluding the initial connection time. */
  tps: number;
  latencyAvgMs: number | null;
  transactions: number;
  clients: number;
  threads: number;
  seconds: number;
  scale: number;
  initSeconds: number;
}

/**
 * Initialises TPC-B at `scale` in the (fresh) database `url`, then runs it; parses tps and latency.
 * With `afterCreate` (e.g. distributing the tables on Citus) the initialisation is split: `-I dt` (drop,
 * create tables), afterCreate(url), `-I gvp` (load, vacuum, primary keys).
 */
export async function runPgbench(
  url: string,
  opts: {
    scale: number;
    clients: number;
    threads: number;
    seconds: number;
    afterCreate?: (url: string) => Promise<void>;
    /** Called just before and just after the measured run (not the initialisation). */
    onRun?: (phase: 'start' | 'end') => void;
  },
): Promise<PgbenchResult> {
  const bin = findPgbench();
  const t0 = performance.now();
  if (opts.afterCreate) {
    await run(bin, ['-i', '-I', 'dt', '-s', String(opts.scale), '-q', url], 600_000);
    await opts.afterCreate(url);
    await run(bin, ['-i', '-I', 'gvp', '-s', String(opts.scale), '-q', url], 600_000);
  } else {
    await run(bin, ['-i', '-s', String(opts.scale), '-q', url], 600_000);
  }
  const initSeconds = (performance.now() - t0) / 1000;
  opts.onRun?.('start');
  const out = await run(
    bin,
    ['-c', String(opts.clients), '-j', String(opts.threads), '-T', String(opts.seconds), url],
    (opts.seconds + 120) * 1000,
  );
  opts.onRun?.('end');
  const tps =
    /tps = ([\d.]+) \(without initial connection time\)/.exec(out) ?? /tps = ([\d.]+) \(excluding connections establishing\)/.exec(out);
  if (!tps) throw new Error(`could not read tps from pgbench output:\n${out}`);
  const latency = /latency average = ([\d.]+) ms/.exec(out);
  const tx = /number of transactions actually processed: (\d+)/.exec(out);
  return {
    tps: Number(tps[1]),
    latencyAvgMs: latency ? Number(latency[1]) : null,
    transactions: tx ? Number(tx[1]) : 0,
    clients: opts.clients,
    threads: opts.threads,
    seconds: opts.seconds,
    scale: opts.scale,
    initSeconds,
  };
}
