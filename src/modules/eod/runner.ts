/**
 * The end-of-day runner (日终). For each business date D from the current one up to `to`:
 *
 *  1. Lease: the eod_runs row for D is taken with INSERT … ON CONFLICT DO UPDATE … WHERE the day is
 *     not DONE and its lease is free, expired or ours; it is renewed while working (ttl 60 s). A
 *     second runner gets 409 EOD_LEASE_HELD at once (it does not wait).
 *     On the embedded database (PGlite, no autovacuum) the tables autovacuum would vacuum or analyze are
 *     done first (src/db/maintenance.ts), so the day's statements are planned with current statistics.
 *  2. Plan: the pipeline's partitions of the portfolio (the loans module's: customer-id ranges of about
 *     partitionSize loans, on Citus each one shard's customers; src/db/partition.ts), stored in
 *     eod_partitions when the day is first taken, so a rerun uses exactly the same partitions.
 *  3. Steps in order; each (step, partition) is one transaction that holds an advisory lock for
 *     (D, step, partition), skips if eod_step_runs already says DONE, runs the step and writes the
 *     DONE row. Several workers (async loops here, or `huinong eod worker` processes) pull the
 *     partitions of the same step; all partitions of a step are DONE before any worker starts the next.
 *  4. A failing step (e.g. RECONCILE's EOD_RECONCILIATION_FAILED) marks the partition and the run
 *     FAILED with the error and stops the day; the error is rethrown.
 *  5. ADVANCE: business date D → D + 1 and the run DONE, in one transaction (with its audit record).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, readLeaseClock, withTx, type Db, type Tx } from '../../db/client.js';
import { maintainEmbeddedDatabase } from '../../db/maintenance.js';
import type { AppContext, CommandContext } from '../../context.js';
import { clock } from '../../kernel/clock.js';
import {
  AppError,
  InvariantError,
  addDays,
  compareDates,
  daysBetween,
  isAppError,
  parseIsoDate,
  type IsoDate,
} from '../../kernel/index.js';
import { anchorAuditChains, auditCommand } from '../audit/index.js';
import { advanceBusinessDate, getBusinessDate } from '../calendar/index.js';
import { loansPipeline, type EodPartition, type EodPipeline } from './pipeline.js';

export const DEFAULT_PARTITION_SIZE = 20_000;
export const DEFAULT_LEASE_TTL_MS = 60_000;
/** At most this many days in one call (ten years). */
export const MAX_EOD_DAYS = 3660;

export type EodProgress =
  | { type: 'day-start'; date: IsoDate; steps: string[]; partitions: number }
  | {
      type: 'partition';
      date: IsoDate;
      step: string;
      partition: number;
      partitions: number;
      rows: number;
      durationMs: number;
      worker: string;
    }
  | { type: 'step-done'; date: IsoDate; step: string }
  | {
      type: 'day-done';
      date: IsoDate;
      businessDate: IsoDate;
      /** Set when the audit anchor after the day failed (the next day's anchor records the same heads). */
      anchorError?: string;
    };

export interface RunEodOptions {
  /** Run end-of-day for every day before this date (default: the current business date + 1). */
  to?: IsoDate;
  /** Concurrent in-process workers per day (default 1). */
  workers?: number;
  partitionSize?: number;
  onProgress?: (e: EodProgress) => void;
  /** Lease holder name (default host:pid:random). */
  workerId?: string;
  /** Who asked (audit); default the system. */
  cmd?: CommandContext;
  leaseTtlMs?: number;
  /** Extra workers for a day once it is leased and planned, e.g. child processes (`huinong eod worker`). */
  extraWorkers?: (date: IsoDate) => Array<Promise<unknown>>;
}

export interface EodStepSummary {
  step: string;
  partitions: number;
  rows: number;
  durationMs: number;
}

export interface EodDaySummary {
  date: IsoDate;
  status: 'DONE';
  partitions: number;
  steps: EodStepSummary[];
  /** The audit anchor after the day failed (the day is closed; the next day's anchor records the same heads). */
  anchorError?: string;
}

export interface RunEodResult {
  businessDate: IsoDate;
  days: EodDaySummary[];
}

const SYSTEM: CommandContext = { actor: null, clientIp: null, lang: 'zh' };

/** The message of the innermost cause (the database's own words under a driver's or ORM's "Failed query: …"). */
function innermostMessage(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e instanceof Error && e.cause !== undefined; i++) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

/** Sets the pipeline end-of-day runs for this application (tests hand their own steps). */
export function setEodPipeline(ctx: AppContext, pipeline: EodPipeline): void {
  ctx.eodPipeline = pipeline;
}

/** The rows a step reports: a count of loans, never anything else. */
function rowsOf(step: string, rows: number): number {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new InvariantError(`end-of-day step ${step} reported ${String(rows)} rows`);
  return rows;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

interface RunRow {
  business_date: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  lease_holder: string | null;
  lease_expires_at: string | null;
  partition_size: number | null;
  partitions: number | null;
}

async function loadRun(db: Db | Tx, date: IsoDate): Promise<RunRow | undefined> {
  return queryOne<RunRow>(
    db,
    sql`SELECT business_date::text, status, lease_holder, lease_expires_at::text, partition_size, partitions
          FROM eod_runs WHERE business_date = ${date}::date`,
  );
}

/**
 * Takes the lease of day D (or throws 409 EOD_LEASE_HELD). The lease clock is read first and passed
 * in (readLeaseClock): Citus refuses clock functions and timestamptz arithmetic in this statement.
 */
async function takeLease(db: Db, date: IsoDate, holder: string, ttlMs: number): Promise<void> {
  const lease = await readLeaseClock(db, ttlMs);
  const row = await queryOne<{ ok: number }>(
    db,
    sql`INSERT INTO eod_runs (business_date, status, started_at, lease_holder, lease_expires_at)
        VALUES (${date}::date, 'RUNNING', ${nowParam()}, ${holder}, ${lease.expiresAt}::timestamptz)
        ON CONFLICT (business_date) DO UPDATE
          SET status = 'RUNNING', lease_holder = excluded.lease_holder, lease_expires_at = excluded.lease_expires_at,
              finished_at = NULL, error = NULL
        WHERE eod_runs.status <> 'DONE'
          AND (eod_runs.lease_holder IS NULL OR eod_runs.lease_expires_at < ${lease.now}::timestamptz
               OR eod_runs.lease_holder = excluded.lease_holder)
        RETURNING 1 AS ok`,
  );
  if (row) return;
  const run = await loadRun(db, date);
  throw new AppError('EOD_LEASE_HELD', {
    date,
    holder: run?.lease_holder ?? null,
    expiresAt: run?.lease_expires_at ?? null,
    status: run?.status ?? null,
  });
}

async function renewLease(db: Db, date: IsoDate, holder: string, ttlMs: number): Promise<boolean> {
  const lease = await readLeaseClock(db, ttlMs);
  const row = await queryOne(
    db,
    sql`UPDATE eod_runs SET lease_expires_at = ${lease.expiresAt}::timestamptz
         WHERE business_date = ${date}::date AND lease_holder = ${holder} AND status = 'RUNNING' RETURNING 1 AS ok`,
  );
  return !!row;
}

/**
 * Fixes the partition plan of day D once (a rerun keeps it): the partitions (eod_partitions) and, on
 * the run, their number and the customer bounds of the whole plan, in one transaction.
 */
async function planDay(db: Db, date: IsoDate, pipeline: EodPipeline, partitionSize: number): Promise<EodPartition[]> {
  const run = await loadRun(db, date);
  if (run && run.partitions === null) {
    const parts = await pipeline.plan(db, date, partitionSize);
    await withTx(db, async (tx) => {
      const fixed = await queryOne(
        tx,
        sql`UPDATE eod_runs SET partition_size = ${partitionSize}, partitions = ${parts.length},
                   min_customer_id = ${parts.length > 0 ? parts[0].fromCustomerId : null},
                   max_customer_id = ${parts.length > 0 ? parts[parts.length - 1].toCustomerId - 1 : null}
             WHERE business_date = ${date}::date AND partitions IS NULL RETURNING 1 AS ok`,
      );
      if (!fixed || parts.length === 0) return;
      await tx.execute(
        sql`INSERT INTO eod_partitions (business_date, partition, from_customer_id, to_customer_id, customer_ids, bank_key)
            SELECT ${date}::date, p.partition, p.from_customer_id, p.to_customer_id,
                   CASE WHEN p.customer_ids IS NULL THEN NULL
                        ELSE ARRAY(SELECT jsonb_array_elements_text(p.customer_ids)::bigint) END, p.bank_key
              FROM jsonb_to_recordset(${JSON.stringify(
                parts.map((p, i) => ({
                  partition: i,
                  from_customer_id: p.fromCustomerId,
                  to_customer_id: p.toCustomerId,
                  customer_ids: p.customerIds,
                  bank_key: p.bankKey,
                })),
              )}::jsonb) AS p(partition int, from_customer_id bigint, to_customer_id bigint, customer_ids jsonb, bank_key bigint)`,
      );
    });
  }
  return partitionsOf(db, date);
}

/** The fixed plan of day D, in partition order. */
async function partitionsOf(db: Db, date: IsoDate): Promise<EodPartition[]> {
  const rows = await queryRows<{ f: string; t: string; ids: string[] | string | null; k: string }>(
    db,
    sql`SELECT from_customer_id::text AS f, to_customer_id::text AS t, customer_ids::text[] AS ids, bank_key::text AS k
          FROM eod_partitions WHERE business_date = ${date}::date ORDER BY partition`,
  );
  return rows.map((r) => ({
    fromCustomerId: Number(r.f),
    toCustomerId: Number(r.t),
    customerIds: r.ids === null ? null : pgArray(r.ids).map(Number),
    bankKey: Number(r.k),
  }));
}

/** A text[] as the driver returns it: an array, or (PGlite) possibly its literal `{a,b}`. */
function pgArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}

class DayStopped extends Error {}

function errorJson(err: unknown, where: Record<string, unknown>): Record<string, unknown> {
  if (isAppError(err)) return { ...where, code: err.code, message: err.message, details: err.details ?? null };
  return { ...where, code: 'INTERNAL_ERROR', message: err instanceof Error ? err.message : String(err) };
}

/**
 * One worker's share of day D: every step in order, claiming partitions not yet DONE. Returns when
 * every partition of every step is DONE; throws the step's error when a step fails (after marking the
 * partition and the run FAILED), DayStopped when another worker's failure stopped the day.
 */
async function workDay(
  db: Db,
  date: IsoDate,
  pipeline: EodPipeline,
  ranges: EodPartition[],
  worker: string,
  onProgress?: (e: EodProgress) => void,
  isLeader = false,
): Promise<void> {
  const key1 = sql`hashtext(${'huinong-eod:' + date})`;
  for (let si = 0; si < pipeline.steps.length; si++) {
    const step = pipeline.steps[si];
    for (;;) {
      for (let p = 0; p < ranges.length; p++) {
        const range = ranges[p];
        let outcome: { rows: number; durationMs: number } | 'busy' | 'done';
        try {
          outcome = await withTx(db, async (tx) => {
            const lock = await queryOne<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${key1}, ${si * 1_000_000 + p}) AS ok`);
            if (!lock?.ok) return 'busy' as const;
            const done = await queryOne(
              tx,
              sql`SELECT 1 AS x FROM eod_step_runs WHERE business_date = ${date}::date AND step = ${step.name}
                     AND partition = ${p} AND status = 'DONE'`,
            );
            if (done) return 'done' as const;
            // A step is a handful of statements over one range: compiling them just in time costs
            // more than running them (seconds per statement at 20,000 loans). And each is planned for
            // its partition's actual bounds, not once as a generic plan for any bounds: planning is
            // nothing beside the work, and the generic plan's guessed row counts can pick the wrong join.
            await tx.execute(sql`SELECT set_config('jit', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true)`);
            const startedAt = clock.now();
            const startedMs = performance.now();
            const rows = rowsOf(step.name, await step.run(tx, date, range));
            const durationMs = Math.round(performance.now() - startedMs);
            await tx.execute(
              sql`INSERT INTO eod_step_runs (business_date, step, partition, from_customer_id, to_customer_id, status, rows, duration_ms, started_at, finished_at, worker, error)
                  VALUES (${date}::date, ${step.name}, ${p}, ${range.fromCustomerId}, ${range.toCustomerId}, 'DONE', ${rows}, ${durationMs},
                          ${startedAt.toISOString()}::timestamptz, ${nowParam()}, ${worker}, NULL)
                  ON CONFLICT (business_date, step, partition) DO UPDATE
                    SET status = 'DONE', rows = excluded.rows, duration_ms = excluded.duration_ms, started_at = excluded.started_at,
                        finished_at = excluded.finished_at, worker = excluded.worker, error = NULL`,
            );
            return { rows, durationMs };
          });
        } catch (err) {
          const error = errorJson(err, {
            step: step.name,
            partition: p,
            range: { fromCustomerId: range.fromCustomerId, toCustomerId: range.toCustomerId },
          });
          await withTx(db, async (tx) => {
            await tx.execute(
              sql`INSERT INTO eod_step_runs (business_date, step, partition, from_customer_id, to_customer_id, status, rows, duration_ms, started_at, finished_at, worker, error)
                  VALUES (${date}::date, ${step.name}, ${p}, ${range.fromCustomerId}, ${range.toCustomerId}, 'FAILED', 0, 0, ${nowParam()}, ${nowParam()}, ${worker}, ${JSON.stringify(error)}::jsonb)
                  ON CONFLICT (business_date, step, partition) DO UPDATE
                    SET status = 'FAILED', worker = excluded.worker, finished_at = excluded.finished_at, error = excluded.error
                  WHERE eod_step_runs.status <> 'DONE'`,
            );
            await tx.execute(
              sql`UPDATE eod_runs SET status = 'FAILED', finished_at = ${nowParam()}, lease_holder = NULL, lease_expires_at = NULL,
                         error = ${JSON.stringify(error)}::jsonb
                   WHERE business_date = ${date}::date AND status = 'RUNNING'`,
            );
            await auditCommand(tx, SYSTEM, 'eod.fail', { type: 'eod_run', id: date }, error);
          });
          throw err;
        }
        if (typeof outcome === 'object') {
          onProgress?.({ type: 'partition', date, step: step.name, partition: p, partitions: ranges.length, ...outcome, worker });
        }
      }
      const st = await queryOne<{ done: string; status: string }>(
        db,
        sql`SELECT (SELECT count(*) FROM eod_step_runs WHERE business_date = ${date}::date AND step = ${step.name} AND status = 'DONE')::text AS done,
                   (SELECT status FROM eod_runs WHERE business_date = ${date}::date) AS status`,
      );
      if (Number(st?.done ?? 0) >= ranges.length) break;
      if (st?.status !== 'RUNNING') throw new DayStopped(`end-of-day ${date} is ${st?.status ?? 'missing'}`);
      await new Promise((r) => setTimeout(r, 25)); // another worker holds a partition of this step
    }
    if (isLeader) onProgress?.({ type: 'step-done', date, step: step.name });
  }
}

/** Runs end-of-day day by day up to (not including) `to`; returns the new business date and what was done. */
export async function runEod(ctx: AppContext, opts: RunEodOptions = {}): Promise<RunEodResult> {
  const db = ctx.db;
  const pipeline = (ctx.eodPipeline ??= loansPipeline(ctx.hooks));
  const start = await getBusinessDate(db);
  const to = opts.to === undefined ? addDays(start, 1) : parseTarget(opts.to);
  if (compareDates(to, start) <= 0) throw new AppError('EOD_TARGET_INVALID', { businessDate: start, to });
  if (daysBetween(start, to) > MAX_EOD_DAYS) throw new AppError('EOD_TARGET_INVALID', { businessDate: start, to, maxDays: MAX_EOD_DAYS });
  const workers = opts.workers ?? 1;
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > 64) throw new AppError('VALIDATION_FAILED', { field: 'workers' });
  const partitionSize = opts.partitionSize ?? DEFAULT_PARTITION_SIZE;
  const holder = opts.workerId ?? defaultWorkerId();
  const ttl = opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const days: EodDaySummary[] = [];

  for (;;) {
    const date = await getBusinessDate(db);
    if (compareDates(date, to) >= 0) break;
    await takeLease(db, date, holder, ttl);
    let lost = false;
    const timer = setInterval(
      () => {
        renewLease(db, date, holder, ttl).then(
          (ok) => {
            if (!ok) lost = true;
          },
          () => undefined,
        );
      },
      Math.max(50, Math.floor(ttl / 3)),
    );
    timer.unref?.();
    try {
      // The embedded database has no autovacuum: the statistics the day's statements are planned with are
      // brought up to date here, as autovacuum keeps them on a server (src/db/maintenance.ts).
      if (ctx.database.kind === 'pglite') await maintainEmbeddedDatabase(db);
      const ranges = await planDay(db, date, pipeline, partitionSize);
      opts.onProgress?.({ type: 'day-start', date, steps: pipeline.steps.map((s) => s.name), partitions: ranges.length });
      const extra = opts.extraWorkers?.(date) ?? [];
      const own = Array.from({ length: workers }, (_, i) =>
        workDay(db, date, pipeline, ranges, workers === 1 ? holder : `${holder}#${i + 1}`, opts.onProgress, i === 0),
      );
      const results = await Promise.allSettled([...own, ...extra]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof DayStopped));
      if (failed) throw failed.reason;
      const stopped = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (stopped) {
        const run = await loadRun(db, date);
        throw new AppError('EOD_STEP_FAILED', { date, status: run?.status ?? null });
      }
      if (lost) throw new AppError('EOD_LEASE_HELD', { date, reason: 'lease lost while working' });
      // ADVANCE: once, after every partition of every step is DONE.
      const next = addDays(date, 1);
      await withTx(db, async (tx) => {
        const moved = await advanceBusinessDate(tx, date, next);
        if (!moved) throw new AppError('EOD_LEASE_HELD', { date, reason: 'business date moved by someone else' });
        await tx.execute(
          sql`UPDATE eod_runs SET status = 'DONE', finished_at = ${nowParam()}, lease_holder = NULL, lease_expires_at = NULL, error = NULL
               WHERE business_date = ${date}::date`,
        );
        await auditCommand(
          tx,
          opts.cmd ?? SYSTEM,
          'eod.run',
          { type: 'eod_run', id: date },
          {
            date,
            businessDate: next,
            partitions: ranges.length,
            steps: pipeline.steps.map((s) => s.name),
          },
        );
      });
      // The day is closed: the anchor chain records every audit chain's head that moved, so a chain cut at
      // its end together with its head fails verification from now on. A failed anchor (a deadlock with a
      // late command) leaves those heads unanchored, and the next day's anchor records them; the failure
      // is reported with the day's end, not dropped.
      const anchorError = await anchorAuditChains(db).then(
        () => undefined,
        (err: unknown) => innermostMessage(err),
      );
      days.push({
        date,
        status: 'DONE',
        partitions: ranges.length,
        steps: await stepSummaries(db, date),
        ...(anchorError ? { anchorError } : {}),
      });
      opts.onProgress?.({ type: 'day-done', date, businessDate: next, ...(anchorError ? { anchorError } : {}) });
    } finally {
      clearInterval(timer);
    }
  }
  return { businessDate: await getBusinessDate(db), days };
}

/**
 * A helper worker for day D (e.g. a child process started by `huinong eod run --workers N`): waits
 * for the day's runner to lease and plan D, then pulls partitions with the runner until every step is
 * DONE. Returns quietly when the day is already DONE or stopped.
 */
export async function runEodWorker(
  ctx: AppContext,
  date: IsoDate,
  opts: { workerId?: string; onProgress?: (e: EodProgress) => void; waitMs?: number } = {},
): Promise<void> {
  parseIsoDate(date);
  const pipeline = (ctx.eodPipeline ??= loansPipeline(ctx.hooks));
  // Real waiting time (not the domain clock, which a test or the demo may hold still).
  const deadline = performance.now() + (opts.waitMs ?? 30_000);
  for (;;) {
    const run = await loadRun(ctx.db, date);
    if (run?.status === 'DONE' || run?.status === 'FAILED') return;
    if (run?.status === 'RUNNING' && run.partitions !== null) {
      try {
        await workDay(ctx.db, date, pipeline, await partitionsOf(ctx.db, date), opts.workerId ?? defaultWorkerId(), opts.onProgress);
      } catch (err) {
        if (err instanceof DayStopped) return;
        throw err;
      }
      return;
    }
    if (performance.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function parseTarget(to: string): IsoDate {
  try {
    return parseIsoDate(to);
  } catch {
    throw new AppError('VALIDATION_FAILED', { field: 'to', value: to });
  }
}

async function stepSummaries(db: Db, date: IsoDate): Promise<EodStepSummary[]> {
  const rows = await queryRows<{ step: string; partitions: number; rows: string; duration_ms: string; first: string }>(
    db,
    sql`SELECT step, count(*)::int AS partitions, sum(rows)::text AS rows, sum(duration_ms)::text AS duration_ms, min(started_at)::text AS first
          FROM eod_step_runs WHERE business_date = ${date}::date AND status = 'DONE'
         GROUP BY step ORDER BY min(started_at), step`,
  );
  return rows.map((r) => ({ step: r.step, partitions: Number(r.partitions), rows: Number(r.rows), durationMs: Number(r.duration_ms) }));
}

/**
 * True while the end-of-day of the current day covers the loan: a run that is not DONE (running,
 * crashed with its lease still held, or FAILED awaiting a rerun) whose plan includes the loan's
 * customer — in a partition's customer range, and on Citus in its customer list — or whose plan is
 * not fixed yet. The loans module refuses repayments then with 409 EOD_IN_PROGRESS. (loanId: the
 * plan is per customer; kept for the hook's callers.)
 */
export async function isLoanInEod(tx: Db | Tx, customerId: number, _loanId?: number): Promise<boolean> {
  const row = await queryOne(
    tx,
    sql`SELECT 1 AS x FROM eod_runs r
         WHERE r.status <> 'DONE'
           AND (r.partitions IS NULL
                OR (r.min_customer_id IS NOT NULL AND ${customerId} >= r.min_customer_id AND ${customerId} <= r.max_customer_id
                    AND EXISTS (SELECT 1 FROM eod_partitions p
                                 WHERE p.business_date = r.business_date
                                   AND ${customerId} >= p.from_customer_id AND ${customerId} < p.to_customer_id
                                   AND (p.customer_ids IS NULL OR ${customerId} = ANY(p.customer_ids)))))
         LIMIT 1`,
  );
  return !!row;
}
