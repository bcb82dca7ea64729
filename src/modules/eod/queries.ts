/** Read side of end-of-day: the runs and their (step, partition) records, for the monitor. */
import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Db } from '../../db/client.js';
import { AppError, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import type { EodRunDetail, EodRunsQuery, EodRunView, EodStepView } from './eod.contract.js';

export type { EodPartitionView, EodRunDetail, EodRunView, EodStepView } from './eod.contract.js';

type RunRow = {
  business_date: string;
  status: EodRunView['status'];
  started_at: string;
  finished_at: string | null;
  duration_ms: string | null;
  lease_holder: string | null;
  lease_expires_at: string | null;
  partitions: number | null;
  partition_size: number | null;
  error: unknown;
};

const RUN_COLUMNS = sql`business_date::text, status, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at,
  (extract(epoch FROM (finished_at - started_at)) * 1000)::bigint::text AS duration_ms,
  lease_holder, to_char(lease_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS lease_expires_at,
  partitions, partition_size, error`;

function runView(r: RunRow): EodRunView {
  return {
    businessDate: r.business_date,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    leaseHolder: r.lease_holder,
    leaseExpiresAt: r.lease_expires_at,
    partitions: r.partitions === null ? null : Number(r.partitions),
    partitionSize: r.partition_size === null ? null : Number(r.partition_size),
    error: r.error ?? null,
  };
}

/** Runs, newest first. */
export async function listEodRuns(db: Db, q: EodRunsQuery = {}): Promise<{ items: EodRunView[]; total: number }> {
  const paged = q.page !== undefined || q.pageSize !== undefined;
  const limit = paged ? (q.pageSize ?? 20) : Math.min(Math.max(q.limit ?? 50, 1), 500);
  const offset = paged ? ((q.page ?? 1) - 1) * limit : Math.max(q.offset ?? 0, 0);
  const rows = await queryRows<RunRow>(
    db,
    sql`SELECT ${RUN_COLUMNS} FROM eod_runs ORDER BY business_date DESC LIMIT ${limit} OFFSET ${offset}`,
  );
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM eod_runs`);
  return { items: rows.map(runView), total: Number(total?.n ?? 0) };
}

/** One run with its steps and partitions (404 EOD_RUN_NOT_FOUND). */
export async function getEodRun(db: Db, date: IsoDate): Promise<EodRunDetail> {
  try {
    parseIsoDate(date);
  } catch {
    throw new AppError('VALIDATION_FAILED', { field: 'date', value: date });
  }
  const run = await queryOne<RunRow>(db, sql`SELECT ${RUN_COLUMNS} FROM eod_runs WHERE business_date = ${date}::date`);
  if (!run) throw new AppError('EOD_RUN_NOT_FOUND', { date });
  const parts = await queryRows<{
    step: string;
    partition: number;
    from_customer_id: string | null;
    to_customer_id: string | null;
    status: 'DONE' | 'FAILED';
    rows: number;
    duration_ms: number;
    worker: string;
    started_at: string;
    finished_at: string | null;
    error: unknown;
  }>(
    db,
    sql`SELECT step, partition, from_customer_id::text, to_customer_id::text, status, rows, duration_ms, worker,
               to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
               to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at, error
          FROM eod_step_runs WHERE business_date = ${date}::date
         ORDER BY step, partition`,
  );
  const steps = new Map<string, EodStepView & { first: string }>();
  for (const p of parts) {
    let s = steps.get(p.step);
    if (!s) {
      s = { step: p.step, status: 'DONE', rows: 0, durationMs: 0, partitions: [], first: p.started_at };
      steps.set(p.step, s);
    }
    if (p.started_at < s.first) s.first = p.started_at;
    s.partitions.push({
      partition: Number(p.partition),
      fromCustomerId: p.from_customer_id === null ? null : Number(p.from_customer_id),
      toCustomerId: p.to_customer_id === null ? null : Number(p.to_customer_id),
      status: p.status,
      rows: Number(p.rows),
      durationMs: Number(p.duration_ms),
      worker: p.worker,
      startedAt: p.started_at,
      finishedAt: p.finished_at,
      error: p.error ?? null,
    });
    s.rows += Number(p.rows);
    s.durationMs += Number(p.duration_ms);
    if (p.status === 'FAILED') s.status = 'FAILED';
  }
  const total = run.partitions === null ? null : Number(run.partitions);
  const list = [...steps.values()]
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))
    .map(({ first: _first, ...s }) => ({
      ...s,
      status:
        s.status === 'FAILED'
          ? ('FAILED' as const)
          : total !== null && s.partitions.length < total
            ? ('PARTIAL' as const)
            : ('DONE' as const),
    }));
  return { ...runView(run), steps: list };
}
