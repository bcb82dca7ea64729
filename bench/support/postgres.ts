/**
 * The PostgreSQL server a benchmark measures against, and pgbench as the reference on the same server.
 *
 * `withBenchPostgres` starts a throwaway PostgreSQL 15 server (test/support/pg-server.ts), or uses the
 * server at HUINONG_BENCH_PG_URL (a superuser URL); either way the benchmark gets fresh databases and
 * everything is removed at the end — after an error and after Ctrl-C too.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { findPgBinDir, startPgServer } from '../../test/support/pg-server.js';

export interface BenchPostgres {
  /** Superuser URL of the server (its `postgres` database). */
  adminUrl: string;
  /** `PostgreSQL 15.x …` as the server reports it. */
  version: string;
  /** 'throwaway' (started for this run) or 'external' (HUINONG_BENCH_PG_URL). */
  origin: 'throwaway' | 'external';
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
export async function withBenchPostgres<T>(fn: (server: BenchPostgres) => Promise<T>, log: (line: string) => void): Promise<T> {
  const externalUrl = process.env.HUINONG_BENCH_PG_URL || undefined;
  let stop: () => Promise<void> = async () => undefined;
  let adminUrl: string;
  const created: string[] = [];
  if (externalUrl) {
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
          await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((err: Error) =>
            process.stderr.write(`bench: could not drop ${name}: ${err.message}\n`),
          );
        }
      }
      await stop();
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\nbench: ${signal} — stopping PostgreSQL …\n`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const [{ version }] = await adminQuery<{ version: string }>(adminUrl, 'SELECT version()');
    return await fn({
      adminUrl,
      version: version.split(' on ')[0] ?? version,
      origin: externalUrl ? 'external' : 'throwaway',
      createDatabase: async (prefix) => {
        const name = `${prefix}_${randomBytes(4).toString('hex')}`;
        await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
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

/** Initialises TPC-B at `scale` in the (fresh) database `url`, then runs it; parses tps and latency. */
export async function runPgbench(
  url: string,
  opts: { scale: number; clients: number; threads: number; seconds: number },
): Promise<PgbenchResult> {
  const bin = findPgbench();
  const t0 = performance.now();
  await run(bin, ['-i', '-s', String(opts.scale), '-q', url], 600_000);
  const initSeconds = (performance.now() - t0) / 1000;
  const out = await run(
    bin,
    ['-c', String(opts.clients), '-j', String(opts.threads), '-T', String(opts.seconds), url],
    (opts.seconds + 120) * 1000,
  );
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
