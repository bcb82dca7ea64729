/**
 * The 543 standard's queries and the branch head's decision on a breach: the breaches (the accountability
 * register's SLA_543 records), compliance rates per officer or branch and their daily trend, and an
 * officer's own stages measured from the events as they stand. Every list is in the actor's data scope.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { clock } from '../../kernel/clock.js';
import { addDays, isIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { displayNames } from '../access/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { maskedNames } from '../customers/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { submitChange, type DiffLine } from '../review/index.js';
import { complianceRate, limitOf, overrunSeconds, paramsOn } from './rules.js';
import { slaParamVersions } from './params.service.js';
import {
  SLA_STAGES,
  type BreachDecision,
  type BreachItem,
  type BreachListQuery,
  type BreachStatus,
  type ComplianceItem,
  type ComplianceQuery,
  type MyStage,
  type SlaStage,
  type TrendPoint,
} from './sla.contract.js';
import { stageSql, type StageRow } from './stages.js';

export const SLA_BREACH_DECISION = 'SLA_BREACH_DECISION';
/** The default period of the compliance figures and an officer's timings: the 30 business dates up to today's. */
const DEFAULT_DAYS = 30;

export const STAGE_ZH: Record<SlaStage, string> = { LOCK: '锁定客户（5）', RECOMMEND: '推荐产品（4）', DISBURSE: '放款（3）' };
export const STATUS_ZH: Record<BreachStatus, string> = { PROPOSED: '待确认', CONFIRMED: '已确认问责', WAIVED: '已免责' };

/** 400 unless every given date is a real calendar date (the contract checks only the form). */
function assertDates(q: { from?: string; to?: string }): void {
  for (const field of ['from', 'to'] as const) {
    const v = q[field];
    if (v !== undefined && !isIsoDate(v)) throw new AppError('VALIDATION_FAILED', { field, reason: 'not a calendar date' });
  }
}

/** The period asked, or the 30 days up to the business date; 400 when it runs backwards. */
export async function periodOf(db: Db, q: { from?: string; to?: string }): Promise<{ from: IsoDate; to: IsoDate }> {
  assertDates(q);
  const to = q.to ?? (await getBusinessDate(db));
  const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new AppError('VALIDATION_FAILED', { field: 'from', reason: 'after to' });
  return { from, to };
}

interface BreachRow {
  id: string | number;
  customer_id: string | number;
  officer_id: string | number;
  branch_id: string | number | null;
  application_id: string | number | null;
  stage: SlaStage;
  business_date: string;
  overrun_seconds: number;
  penalty_fen: string;
  status: BreachStatus;
  reason: string | null;
  pending_review_id: string | number | null;
  review_request_id: string | number | null;
  decided_at: string | null;
}

const BREACH_COLUMNS = sql`a.id, a.customer_id, a.officer_id, a.branch_id, a.application_id, a.stage,
  to_char(a.business_date, 'YYYY-MM-DD') AS business_date, a.overrun_seconds, a.penalty_fen::text AS penalty_fen, a.status, a.reason,
  a.pending_review_id, a.review_request_id, to_char(a.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS decided_at`;

const n = (v: string | number | null) => (v === null ? null : Number(v));

async function breachItems(db: Db, rows: BreachRow[]): Promise<BreachItem[]> {
  const names = await maskedNames(
    db,
    rows.map((r) => Number(r.customer_id)),
  );
  const display = await displayNames(db, { branchIds: rows.map((r) => n(r.branch_id)), staffIds: rows.map((r) => Number(r.officer_id)) });
  return rows.map((r) => ({
    id: Number(r.id),
    kind: 'SLA_543' as const,
    customerId: Number(r.customer_id),
    customerName: names.get(Number(r.customer_id)) ?? '',
    officerId: Number(r.officer_id),
    officerName: display.staff.get(Number(r.officer_id)) ?? '',
    branchId: n(r.branch_id),
    branchName: r.branch_id === null ? '' : (display.branches.get(Number(r.branch_id)) ?? ''),
    applicationId: n(r.application_id),
    stage: r.stage,
    businessDate: r.business_date,
    overrunSeconds: Number(r.overrun_seconds),
    penalty: formatYuan(BigInt(r.penalty_fen)),
    status: r.status,
    reason: r.reason,
    pendingReviewId: n(r.pending_review_id),
    reviewRequestId: n(r.review_request_id),
    decidedAt: r.decided_at,
  }));
}

const scopeOf = (actor: Actor) => scopeCondition(actor, { branchId: sql`a.branch_id`, officerId: sql`a.officer_id` });

/** The 543 breaches in the actor's scope, newest first, with the list's filters. */
export async function listBreaches(
  db: Db,
  actor: Actor,
  q: Omit<BreachListQuery, 'format'>,
): Promise<{ items: BreachItem[]; total: number }> {
  assertDates(q);
  const conds: SQL[] = [sql`a.kind = 'SLA_543'`, scopeOf(actor)];
  if (q.from) conds.push(sql`a.business_date >= ${q.from}::date`);
  if (q.to) conds.push(sql`a.business_date <= ${q.to}::date`);
  if (q.stage) conds.push(sql`a.stage = ${q.stage}`);
  if (q.status) conds.push(sql`a.status = ${q.status}`);
  if (q.officerId) conds.push(sql`a.officer_id = ${q.officerId}`);
  if (q.branchId) conds.push(sql`a.branch_id = ${q.branchId}`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM accountability_records a WHERE ${where}`);
  const rows = await queryRows<BreachRow>(
    db,
    sql`SELECT ${BREACH_COLUMNS} FROM accountability_records a WHERE ${where}
         ORDER BY a.business_date DESC, a.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await breachItems(db, rows), total: Number(total?.n ?? 0) };
}

/** One breach in the actor's scope, or 404. */
async function breachInScope(db: Db, actor: Actor, id: number): Promise<BreachRow> {
  const row = await queryOne<BreachRow>(
    db,
    sql`SELECT ${BREACH_COLUMNS} FROM accountability_records a WHERE a.kind = 'SLA_543' AND a.id = ${id} AND ${scopeOf(actor)}`,
  );
  if (!row) throw new AppError('SLA_BREACH_NOT_FOUND');
  return row;
}

/** What the checker approves: the breach and the branch head's decision. */
export interface BreachDecisionPayload {
  breachId: number;
  customerId: number;
  officerId: number;
  officerName: string;
  branchId: number | null;
  stage: SlaStage;
  businessDate: string;
  overrunSeconds: number;
  penalty: string;
  decision: 'CONFIRM' | 'WAIVE';
  reason: string | null;
}

export function breachDecisionDiff(p: BreachDecisionPayload): DiffLine[] {
  return [
    { field: 'breach', label: '超时记录', before: null, after: `#${p.breachId} ${p.businessDate} ${STAGE_ZH[p.stage]}` },
    { field: 'officer', label: '责任客户经理', before: null, after: p.officerName || `#${p.officerId}` },
    { field: 'overrunSeconds', label: '超时（秒）', before: null, after: String(p.overrunSeconds) },
    { field: 'status', label: '问责状态', before: STATUS_ZH.PROPOSED, after: STATUS_ZH[p.decision === 'CONFIRM' ? 'CONFIRMED' : 'WAIVED'] },
    { field: 'penalty', label: '处罚金额（元）', before: null, after: p.decision === 'CONFIRM' ? p.penalty : '0.00' },
    ...(p.reason ? [{ field: 'reason', label: '理由', before: null, after: p.reason }] : []),
  ];
}

/**
 * The branch head confirms or waives a proposed breach: a reviewed change (SLA_BREACH_DECISION) that a
 * different person holding review:check:SLA_BREACH approves. One decision at a time per breach; a
 * waiver needs its reason.
 */
export async function submitBreachDecision(ctx: AppContext, cmd: CommandContext, breachId: number, input: BreachDecision) {
  const actor = cmd.actor!;
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  if (input.decision === 'WAIVE' && !reason) throw new AppError('SLA_WAIVER_REASON_REQUIRED');
  return withTx(ctx.db, async (tx) => {
    const b = await breachInScope(tx, actor, breachId);
    if (b.status !== 'PROPOSED') throw new AppError('SLA_BREACH_DECIDED');
    if (b.pending_review_id !== null) throw new AppError('SLA_BREACH_DECISION_PENDING', { reviewRequestId: Number(b.pending_review_id) });
    const names = await displayNames(tx, { staffIds: [Number(b.officer_id)] });
    const payload: BreachDecisionPayload = {
      breachId: Number(b.id),
      customerId: Number(b.customer_id),
      officerId: Number(b.officer_id),
      officerName: names.staff.get(Number(b.officer_id)) ?? '',
      branchId: n(b.branch_id),
      stage: b.stage,
      businessDate: b.business_date,
      overrunSeconds: Number(b.overrun_seconds),
      penalty: formatYuan(BigInt(b.penalty_fen)),
      decision: input.decision,
      reason,
    };
    const res = await submitChange<BreachDecisionPayload>(ctx, tx, cmd, {
      type: SLA_BREACH_DECISION,
      payload,
      targetType: 'sla-breach',
      targetId: String(payload.breachId),
    });
    if (res.status === 'PENDING') {
      await tx.execute(
        sql`UPDATE accountability_records SET pending_review_id = ${res.requestId}
             WHERE customer_id = ${payload.customerId} AND id = ${payload.breachId} AND pending_review_id IS NULL`,
      );
    }
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** Applies an approved decision (in the approval's transaction); 409 when the breach was decided meanwhile. */
export async function applyBreachDecision(tx: Tx, p: BreachDecisionPayload, requestId: number, makerId: number): Promise<void> {
  const done = await queryOne<{ id: string }>(
    tx,
    sql`UPDATE accountability_records
           SET status = ${p.decision === 'CONFIRM' ? 'CONFIRMED' : 'WAIVED'}, reason = ${p.reason}, decided_by = ${makerId},
               decided_at = ${clock.now().toISOString()}::timestamptz, review_request_id = ${requestId}, pending_review_id = NULL
         WHERE customer_id = ${p.customerId} AND id = ${p.breachId} AND status = 'PROPOSED'
        RETURNING id::text AS id`,
  );
  if (!done) throw new AppError('SLA_BREACH_DECIDED');
}

/** A rejected decision leaves the breach proposed, open to another. */
export async function releaseBreachDecision(tx: Tx, p: BreachDecisionPayload, requestId: number): Promise<void> {
  await tx.execute(
    sql`UPDATE accountability_records SET pending_review_id = NULL
         WHERE customer_id = ${p.customerId} AND id = ${p.breachId} AND pending_review_id = ${requestId}`,
  );
}

interface CountRow {
  key: string | number | null;
  measured: string;
  breaches: string;
  confirmed: string;
  waived: string;
  penalty_fen: string;
}

/**
 * The measured stages (sla_stage_timings, made by the end-of-day step) of the period in the actor's
 * scope joined with their register records, as `<key>, measured, breaches (not waived), confirmed,
 * waived, penalty_fen (confirmed)` grouped by `key` (a column of t).
 */
export function countsSql(actor: Actor, period: { from: string; to: string }, key: SQL): SQL {
  const scope = scopeCondition(actor, { branchId: sql`t.branch_id`, officerId: sql`t.officer_id` });
  return sql`SELECT ${key} AS key, count(*)::text AS measured,
                    count(*) FILTER (WHERE t.overrun_seconds > 0 AND coalesce(a.status, 'PROPOSED') <> 'WAIVED')::text AS breaches,
                    count(*) FILTER (WHERE a.status = 'CONFIRMED')::text AS confirmed,
                    count(*) FILTER (WHERE a.status = 'WAIVED')::text AS waived,
                    coalesce(sum(a.penalty_fen) FILTER (WHERE a.status = 'CONFIRMED'), 0)::text AS penalty_fen
               FROM sla_stage_timings t
               LEFT JOIN accountability_records a ON a.customer_id = t.customer_id AND a.kind = 'SLA_543' AND a.stage = t.stage
                                                 AND a.source_event_id = t.end_event_id
              WHERE t.business_date BETWEEN ${period.from}::date AND ${period.to}::date AND ${scope}
              GROUP BY ${key}`;
}

/** Compliance per officer or per branch over the period: stages measured, breaches, the rate; lowest rate first. */
export async function compliance(
  db: Db,
  actor: Actor,
  q: Omit<ComplianceQuery, 'format'>,
): Promise<{ items: ComplianceItem[]; total: number; from: IsoDate; to: IsoDate }> {
  const period = await periodOf(db, q);
  const key = q.by === 'branch' ? sql`t.branch_id` : sql`t.officer_id`;
  const rows = await queryRows<CountRow>(db, countsSql(actor, period, key));
  const keys = rows.map((r) => n(r.key));
  const display = await displayNames(db, q.by === 'branch' ? { branchIds: keys } : { staffIds: keys });
  const all: ComplianceItem[] = rows.map((r) => {
    const id = n(r.key);
    const names = q.by === 'branch' ? display.branches : display.staff;
    return {
      by: q.by,
      id,
      name: id === null ? '' : (names.get(id) ?? `#${id}`),
      measured: Number(r.measured),
      breaches: Number(r.breaches),
      confirmed: Number(r.confirmed),
      waived: Number(r.waived),
      rate: complianceRate(Number(r.measured), Number(r.breaches)),
      penalty: formatYuan(BigInt(r.penalty_fen)),
    };
  });
  // the rate's order: worst first, then more measured, then the id (ties kept in one order)
  all.sort((a, b) => Number(a.rate ?? 101) - Number(b.rate ?? 101) || b.measured - a.measured || (a.id ?? 0) - (b.id ?? 0));
  const start = (q.page - 1) * q.pageSize;
  return { items: all.slice(start, start + q.pageSize), total: all.length, ...period };
}

/** The daily compliance of the actor's scope over the period (every business date that measured something). */
export async function complianceTrend(
  db: Db,
  actor: Actor,
  q: { from?: string; to?: string },
): Promise<{ from: IsoDate; to: IsoDate; items: TrendPoint[] }> {
  const period = await periodOf(db, q);
  const rows = await queryRows<CountRow>(
    db,
    sql`SELECT * FROM (${countsSql(actor, period, sql`to_char(t.business_date, 'YYYY-MM-DD')`)}) c ORDER BY c.key`,
  );
  return {
    ...period,
    items: rows.map((r) => ({
      date: String(r.key),
      measured: Number(r.measured),
      breaches: Number(r.breaches),
      rate: complianceRate(Number(r.measured), Number(r.breaches)),
    })),
  };
}

/**
 * The officer's own stages that ended in the period, measured from the service events as they stand
 * (before the end-of-day too), with the limit in force on each stage's day and, once the end-of-day has
 * registered a breach, its status. Newest first.
 */
export async function myStages(
  db: Db,
  actor: Actor,
  q: { from?: string; to?: string; page: number; pageSize: number },
): Promise<{ items: MyStage[]; total: number; from: IsoDate; to: IsoDate }> {
  const period = await periodOf(db, q);
  const versions = await slaParamVersions(db);
  const mine = (a: string) => sql`${sql.raw(a)}.officer_id = ${actor.staffId} AND ${sql.raw(a)}.business_date <= ${period.to}::date`;
  const rows: Array<StageRow & { status: BreachStatus | null }> = [];
  for (const stage of SLA_STAGES) {
    // the DISBURSE starts at a SUBMIT, which carries the same service officer
    rows.push(
      ...(await queryRows<StageRow & { status: BreachStatus | null }>(
        db,
        sql`SELECT x.*, a.status FROM (${stageSql(stage, mine)}) x
              LEFT JOIN accountability_records a ON a.customer_id = x.customer_id AND a.kind = 'SLA_543' AND a.stage = x.stage
                                                AND a.source_event_id = x.end_event_id
             WHERE x.business_date >= ${period.from}`,
      )),
    );
  }
  rows.sort((a, b) => (a.ended_at < b.ended_at ? 1 : a.ended_at > b.ended_at ? -1 : Number(b.end_event_id) - Number(a.end_event_id)));
  const items: MyStage[] = rows.map((r) => {
    const p = paramsOn(versions, r.business_date);
    const limit = p ? limitOf(p, r.stage) : 0;
    const over = p ? overrunSeconds(Number(r.duration_ms), limit) : 0;
    return {
      stage: r.stage,
      customerId: Number(r.customer_id),
      applicationId: n(r.application_id),
      startedAt: r.started_at,
      endedAt: r.ended_at,
      businessDate: r.business_date,
      durationSeconds: Number(r.duration_ms) / 1000,
      limitSeconds: limit,
      overrunSeconds: over,
      breach: over > 0,
      status: r.status ?? null,
    };
  });
  const start = (q.page - 1) * q.pageSize;
  return { items: items.slice(start, start + q.pageSize), total: items.length, ...period };
}
