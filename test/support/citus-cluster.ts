/**
 * A throwaway Citus cluster for the test run: a coordinator and two workers, each a PostgreSQL 15
 * server started by pg-server.ts (initdb into its own temporary folder, as the `postgres` user when
 * root, loopback port, trust, durability off, a watchdog that cleans up if this process dies) with
 * `shared_preload_libraries = 'citus'`. stop() stops all three and removes their folders.
 *
 * Citus keeps its metadata per database, so every test database is made on all three nodes, gets the
 * extension on each, and its coordinator learns the nodes (createCitusDatabase). The nodes are read
 * from the cluster's `postgres` database, so a cluster started elsewhere (HUINONG_TEST_CITUS_URL)
 * works the same when its `postgres` database knows its nodes.
 *
 * Citus is not packaged by Debian: ../shared/citus/install-citus builds it into PostgreSQL 15.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { findPgBinDir, startPgServer, type PgServer } from './pg-server.js';

export interface CitusCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres of the coordinator (superuser, trust, loopback). */
  url: string;
  /** Worker URLs (their `postgres` databases). */
  workerUrls: string[];
  /** Citus version as the coordinator reports it, e.g. "13.2.2". */
  citusVersion: string;
  /** Stops the three servers and removes their folders. Idempotent. */
  stop(): Promise<void>;
}

export interface StartCitusOptions {
  /** Number of workers. Default 2. */
  workers?: number;
  /** Loopback ports to choose from (inclusive), e.g. [56000, 56100]; default: any free port. */
  portRange?: [number, number];
  /** Seconds to wait for each server. Default 60. */
  startTimeoutSec?: number;
  /** Extra postgresql.conf lines of every node (later lines win), e.g. the benchmark cluster's memory settings. */
  settings?: string[];
}

export const CITUS_ABSENT_BANNER =
  '!!!!!!!! Citus is not installed into PostgreSQL 15 (no citus.control / citus.so): the Citus tests are SKIPPED. ' +
  'Install it with ../shared/citus/install-citus (as root). !!!!!!!!';

/** Shards per distributed table in tests: enough to spread every table over both workers, few enough to migrate fast. */
export const TEST_SHARD_COUNT = 4;

/** Server settings of every node. */
const NODE_SETTINGS = [
  `shared_preload_libraries = 'citus'`,
  'max_connections = 300',
  // The coordinator opens connections to the workers per transaction; test databases come and go.
  'citus.max_cached_conns_per_worker = 2',
  `citus.shard_count = ${TEST_SHARD_COUNT}`,
  'max_prepared_transactions = 200',
  // Citus runs a maintenance worker per database that has the extension, and test databases come in parallel.
  'max_worker_processes = 128',
];

/** Advisory lock key (in the coordinator's `postgres` database) that makes test databases one at a time. */
const CREATE_DATABASE_LOCK = 7243012;

/** Whether the server in `binDir` (default: the one pg-server.ts finds) has Citus installed. */
export function citusInstalled(binDir: string | null = findPgBinDir()): boolean {
  if (!binDir) return false;
  // /usr/lib/postgresql/15/bin → share /usr/share/postgresql/15, lib /usr/lib/postgresql/15/lib
  const version = path.basename(path.dirname(binDir));
  const control = [
    path.join('/usr/share/postgresql', version, 'extension/citus.control'),
    path.join(binDir, '../share/extension/citus.control'),
  ];
  const lib = [path.join(binDir, '../lib/citus.so'), path.join('/usr/lib/postgresql', version, 'lib/citus.so')];
  return control.some((p) => existsSync(p)) && lib.some((p) => existsSync(p));
}

/** Runs fn with a client on `url`. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432) };
}

/**
 * Starts a coordinator and `workers` workers with Citus loaded, and joins them in the `postgres`
 * database. Returns null when PostgreSQL or Citus is not installed; throws when they are but the
 * cluster cannot start.
 */
export async function startCitusCluster(opts: StartCitusOptions = {}): Promise<CitusCluster | null> {
  const binDir = findPgBinDir();
  if (!binDir || !citusInstalled(binDir)) return null;
  const servers: PgServer[] = [];
  const stop = async () => {
    const all = servers.splice(0);
    await Promise.all(all.map((s) => s.stop()));
  };
  try {
    for (let i = 0; i <= (opts.workers ?? 2); i++) {
      const server = await startPgServer({
        binDir,
        quiet: true,
        settings: [...NODE_SETTINGS, ...(opts.settings ?? [])],
        ...(opts.portRange ? { portRange: opts.portRange } : {}),
        ...(opts.startTimeoutSec ? { startTimeoutSec: opts.startTimeoutSec } : {}),
        tmpPrefix: i === 0 ? 'huinong-citus-coordinator-' : `huinong-citus-worker${i}-`,
      });
      if (!server) throw new Error(`PostgreSQL binaries vanished from ${binDir}`);
      servers.push(server);
    }
    const [coordinator, ...workers] = servers as [PgServer, ...PgServer[]];
    for (const s of servers) await withClient(s.url, (c) => c.query('CREATE EXTENSION IF NOT EXISTS citus'));
    await joinNodes(
      coordinator.url,
      workers.map((w) => w.url),
    );
    const citusVersion = await withClient(coordinator.url, async (c) => {
      const r = await c.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'citus'`);
      return r.rows[0]?.v ?? '?';
    });
    return { url: coordinator.url, workerUrls: workers.map((w) => w.url), citusVersion, stop };
  } catch (err) {
    await stop();
    throw new Error(`Could not start the test Citus cluster: ${(err as Error).message}`);
  }
}

/** In the database of `coordinatorUrl`: the coordinator's own address, then every worker as a node. */
async function joinNodes(coordinatorUrl: string, workerUrls: string[]): Promise<void> {
  const me = hostPort(coordinatorUrl);
  await withClient(coordinatorUrl, async (c) => {
    await c.query('SELECT citus_set_coordinator_host($1, $2)', [me.host, me.port]);
    for (const w of workerUrls) {
      const { host, port } = hostPort(w);
      await c.query('SELECT citus_add_node($1, $2)', [host, port]);
    }
  });
}

/** Worker URLs (their `postgres` databases) as the coordinator's `postgres` database knows them. */
export async function citusWorkerUrls(coordinatorUrl: string): Promise<string[]> {
  const rows = await withClient(coordinatorUrl, async (c) => {
    const r = await c.query<{ nodename: string; nodeport: number }>(
      `SELECT nodename, nodeport FROM pg_dist_node WHERE noderole = 'primary' AND groupid <> 0 ORDER BY nodeport`,
    );
    return r.rows;
  });
  const base = new URL(coordinatorUrl);
  return rows.map((r) => {
    const u = new URL(base.toString());
    u.hostname = r.nodename;
    u.port = String(r.nodeport);
    u.pathname = '/postgres';
    return u.toString();
  });
}

/** Checks that `url` answers and is a Citus coordinator with at least one worker. */
export async function checkCitusCoordinator(url: string): Promise<void> {
  const workers = await citusWorkerUrls(url).catch((err: Error) => {
    throw new Error(`HUINONG_TEST_CITUS_URL is set but is not a Citus coordinator that answers: ${err.message}`);
  });
  if (workers.length === 0) throw new Error('HUINONG_TEST_CITUS_URL: the coordinator has no worker nodes (citus_add_node)');
}

/**
 * Creates database `name` on every node, with the citus extension on each, and joins the nodes in it.
 * Returns the coordinator URL of the new database.
 */
export async function createCitusDatabase(coordinatorUrl: string, name: string): Promise<string> {
  const workers = await citusWorkerUrls(coordinatorUrl);
  const nodes = [coordinatorUrl, ...workers];
  // One at a time across the test processes: adding a node alters the (cluster-wide) role on the
  // worker, and two databases doing it at once fail with "tuple concurrently updated".
  await withClient(coordinatorUrl, async (lock) => {
    await lock.query('SELECT pg_advisory_lock($1)', [CREATE_DATABASE_LOCK]);
    try {
      for (const node of nodes) {
        await withClient(node, (c) => c.query(`CREATE DATABASE ${name}`));
        await withClient(withDatabase(node, name), (c) => c.query('CREATE EXTENSION citus'));
      }
      await joinNodes(withDatabase(coordinatorUrl, name), workers);
    } catch (err) {
      await dropCitusDatabase(coordinatorUrl, name).catch(() => undefined);
      throw err;
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [CREATE_DATABASE_LOCK]).catch(() => undefined);
    }
  });
  return withDatabase(coordinatorUrl, name);
}

/**
 * Creates database `name` on every node as a copy of `template` (made by createCitusTemplate): the
 * schema, its shards and Citus's metadata come with it, so nothing is migrated. Returns the
 * coordinator URL of the new database.
 */
export async function copyCitusDatabase(coordinatorUrl: string, template: string, name: string): Promise<string> {
  const workers = await citusWorkerUrls(coordinatorUrl);
  await withClient(coordinatorUrl, async (lock) => {
    await lock.query('SELECT pg_advisory_lock($1)', [CREATE_DATABASE_LOCK]);
    try {
      for (const node of [coordinatorUrl, ...workers])
        await withClient(node, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    } catch (err) {
      await dropCitusDatabase(coordinatorUrl, name).catch(() => undefined);
      throw err;
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [CREATE_DATABASE_LOCK]).catch(() => undefined);
    }
  });
  return withDatabase(coordinatorUrl, name);
}

/**
 * Creates database `name` on every node, lets `prepare` fill it through the coordinator (e.g.
 * migrate it), then closes it to connections on every node — Citus's maintenance daemon included —
 * so that copyCitusDatabase can copy it (CREATE DATABASE … TEMPLATE wants no other session in it).
 */
export async function createCitusTemplate(coordinatorUrl: string, name: string, prepare: (url: string) => Promise<void>): Promise<void> {
  const url = await createCitusDatabase(coordinatorUrl, name);
  try {
    await prepare(url);
    await closeCitusTemplate([coordinatorUrl, ...(await citusWorkerUrls(coordinatorUrl))], name);
  } catch (err) {
    await dropCitusDatabase(coordinatorUrl, name).catch(() => undefined);
    throw err;
  }
}

/**
 * Closes database `name` to connections on each of `nodes` (their admin URLs, in this order) and ends
 * the sessions in it — Citus's maintenance daemon included — so that it can be copied.
 */
export async function closeCitusTemplate(nodes: string[], name: string): Promise<void> {
  for (const node of nodes) {
    await withClient(node, async (c) => {
      await c.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    });
  }
}

/**
 * Drops database `name` on every node (connections are ended first). New connections are refused before
 * the drop, and a drop that loses the race with one (Citus's maintenance daemon reconnects on its own)
 * is tried again a few times.
 */
export async function dropCitusDatabase(coordinatorUrl: string, name: string): Promise<void> {
  const workers = await citusWorkerUrls(coordinatorUrl);
  const errors: string[] = [];
  for (const node of [coordinatorUrl, ...workers]) {
    const drop = async (c: pg.Client) => {
      await c.query(
        `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_database WHERE datname = '${name}') THEN ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false; END IF; END $$`,
      );
      for (let attempt = 1; ; attempt++) {
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          return;
        } catch (err) {
          if (attempt >= 5 || !/being accessed by other users/.test((err as Error).message)) throw err;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    };
    await withClient(node, drop).catch((err: Error) => errors.push(err.message));
  }
  if (errors.length) throw new Error(`dropping ${name}: ${errors.join('; ')}`);
}
