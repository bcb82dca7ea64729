/**
 * Per-process caches of slowly changing reference data read on every request — the business date, the
 * product parameters and LPR in force on a date, the active credit policy — with invalidation that is
 * never late within a process and follows other processes by LISTEN/NOTIFY.
 *
 * How it stays correct:
 *   - Every write of cached data calls `invalidateSharedCaches(tx)` in its transaction. That empties the
 *     caches of this process at once and suspends them (a reader could otherwise cache the old committed
 *     value again before the writer commits), and sends NOTIFY on CHANNEL, which PostgreSQL delivers at
 *     commit to every listening process — this one included. On that notification each process empties
 *     its cache again and, in the writing process, resumes caching. A rolled-back write sends nothing and
 *     leaves the caches of this process suspended (reads then go to the database: slower, never stale)
 *     until the next notification.
 *   - A database handle caches only while its listener is connected. Before LISTEN has succeeded, after
 *     the listener fails, and on engines without LISTEN, every read goes to the database.
 *   - A value is stored only if no invalidation happened while it was being read (a generation counter).
 *   - Inside a transaction (a handle without the pool behind it) nothing is shared: a value is read at
 *     most once per transaction and remembered for that transaction only; invalidating in the transaction
 *     forgets it, so the transaction sees its own writes.
 * Other processes see a change when the notification reaches them, right after the commit (LISTEN/NOTIFY
 * latency, milliseconds); within a process a change is visible from the commit on.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

export const CACHE_CHANNEL = 'huinong_cache';

interface RootCache {
  /** LISTEN is active: values may be shared. */
  listening: boolean;
  /** Bumped by every invalidation; a value read across a bump is not stored. */
  generation: number;
  values: Map<string, unknown>;
  /** Loads in progress, shared by concurrent readers of the same key (same generation only). */
  loading: Map<string, { generation: number; promise: Promise<unknown> }>;
}

/** Root handles (their driver client: PGlite instance or pg Pool) → their cache. */
const roots = new WeakMap<object, RootCache>();
const allRoots = new Set<RootCache>();
/** node-postgres: pooled connections → their pool, so a transaction finds its pool's cache. */
const poolOfConnection = new WeakMap<object, object>();
/** Transaction handles → values read in that transaction. */
const perTx = new WeakMap<object, Map<string, unknown>>();
/** Invalidated in this process by a write not yet known to be committed: caching paused everywhere. */
let suspended = false;

type DriverClient = {
  listen?: (channel: string, cb: (payload: string) => void) => Promise<unknown>;
  connect?: unknown;
  options?: Record<string, unknown>;
  end?: () => Promise<void>;
};

function clientOf(db: Db): DriverClient | null {
  const c = (db as unknown as { $client?: DriverClient }).$client;
  return c && typeof c === 'object' ? c : null;
}

function forget(cache: RootCache): void {
  cache.generation += 1;
  cache.values.clear();
  cache.loading.clear();
}

function onNotification(): void {
  suspended = false;
  for (const cache of allRoots) forget(cache);
}

function rootCache(client: DriverClient): RootCache {
  let cache = roots.get(client);
  if (cache) return cache;
  cache = { listening: false, generation: 0, values: new Map(), loading: new Map() };
  roots.set(client, cache);
  allRoots.add(cache);
  startListening(client, cache);
  return cache;
}

function stopCaching(cache: RootCache): void {
  cache.listening = false;
  forget(cache);
  allRoots.delete(cache);
}

function startListening(client: DriverClient, cache: RootCache): void {
  if (typeof client.listen === 'function') {
    // PGlite: notifications of this (single-process) database.
    client
      .listen(CACHE_CHANNEL, () => onNotification())
      .then(() => listening(cache))
      .catch(() => stopCaching(cache));
    return;
  }
  if (typeof client.connect === 'function' && client.options && typeof client.end === 'function') {
    // node-postgres Pool: one dedicated connection outside the pool, closed with the pool.
    const pool = client as unknown as { on?: (e: string, cb: (c: object) => void) => void; _clients?: object[] };
    for (const c of pool._clients ?? []) poolOfConnection.set(c, client);
    pool.on?.('connect', (c) => poolOfConnection.set(c, client));
    void listenWithPg(client, cache).catch(() => stopCaching(cache));
    return;
  }
  stopCaching(cache);
}

async function listenWithPg(pool: DriverClient, cache: RootCache): Promise<void> {
  const pg = (await import('pg')).default;
  const state = pool as unknown as { ending?: boolean; ended?: boolean };
  if (state.ending || state.ended) throw new Error('pool closed');
  const listener = new pg.Client({ ...(pool.options as object) });
  let closed = false;
  const endPool = pool.end!.bind(pool);
  pool.end = async () => {
    closed = true;
    stopCaching(cache);
    await listener.end().catch(() => undefined);
    return endPool();
  };
  listener.on('error', () => stopCaching(cache));
  listener.on('end', () => stopCaching(cache));
  listener.on('notification', (n) => {
    if (n.channel === CACHE_CHANNEL) onNotification();
  });
  await listener.connect();
  if (closed) {
    await listener.end().catch(() => undefined);
    return;
  }
  // Never keep a finished process alive for the listener alone.
  (listener as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
  await listener.query(`LISTEN ${CACHE_CHANNEL}`);
  if (closed) return;
  listening(cache);
}

/**
 * LISTEN is active: from now on every committed change reaches this process. A suspension left by a
 * write before this point (its notification may have gone unheard) ends here; such writes are start-up
 * seeding, finished before requests are served.
 */
function listening(cache: RootCache): void {
  suspended = false;
  forget(cache);
  cache.listening = true;
}

/**
 * The value of `key`, from the cache when it may be trusted, otherwise from `load` (see the top of the
 * file). `load` must read with the handle it is given.
 */
export async function sharedCached<T>(db: Db, key: string, load: (db: Db) => Promise<T>): Promise<T> {
  const client = clientOf(db);
  if (!client) {
    // A transaction: the shared value when its pool's cache holds one (node-postgres), else at most
    // one read per transaction. Values read in a transaction stay in it (it may see its own writes).
    let memo = perTx.get(db);
    if (memo?.has(key)) return memo.get(key) as T;
    const shared = sharedOfTransaction(db);
    if (shared && shared.listening && !suspended && shared.values.has(key)) return shared.values.get(key) as T;
    const value = await load(db);
    if (!memo) perTx.set(db, (memo = new Map()));
    memo.set(key, value);
    return value;
  }
  const cache = rootCache(client);
  if (!cache.listening || suspended) return load(db);
  if (cache.values.has(key)) return cache.values.get(key) as T;
  const generation = cache.generation;
  const inflight = cache.loading.get(key);
  if (inflight && inflight.generation === generation) return inflight.promise as Promise<T>;
  const promise = load(db);
  cache.loading.set(key, { generation, promise });
  try {
    const value = await promise;
    if (cache.generation === generation && cache.listening && !suspended) cache.values.set(key, value);
    return value;
  } finally {
    if (cache.loading.get(key)?.promise === promise) cache.loading.delete(key);
  }
}

/** Whether reads through this (root) handle are served from the cache now (monitoring and tests). */
export function sharedCacheActive(db: Db): boolean {
  const client = clientOf(db);
  const cache = client ? roots.get(client) : undefined;
  return !!cache && cache.listening && !suspended;
}

function sharedOfTransaction(tx: Db): RootCache | undefined {
  const connection = (tx as unknown as { session?: { client?: object } }).session?.client;
  const pool = connection ? poolOfConnection.get(connection) : undefined;
  return pool ? roots.get(pool) : undefined;
}

/**
 * Called by every write of cached data, in its transaction: empties this process's caches, pauses them
 * until the commit is announced, and announces it to every process (NOTIFY is delivered at commit).
 */
export async function invalidateSharedCaches(db: Db, what: string): Promise<void> {
  suspended = true;
  for (const cache of allRoots) forget(cache);
  perTx.delete(db);
  await db.execute(sql`SELECT pg_notify(${CACHE_CHANNEL}, ${what})`);
}
