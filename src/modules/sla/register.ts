/**
 * The one accountability register (问责登记簿, issue 15 §3): the 543 breaches the end-of-day step proposes
 * (kind SLA_543) and the records a branch head or an executive enters by hand (COLLECTION, INSPECTION,
 * CONDUCT, OTHER) live in the same table, accountability_records, and are listed by one query — with the
 * register's filters, the actor's data scope and its totals (how many, how many penalties confirmed and
 * their sum: "6 penalties, ¥600"). A manual record names no customer (customer_id 0) and no service event
 * (migrations/0109). The supervision module records, decides and lists through this module's door.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { scopeCondition, type Actor } from '../org/index.js';

export const ACCOUNTABILITY_KINDS = ['SLA_543', 'COLLECTION', 'INSPECTION', 'CONDUCT', 'OTHER'] as const;
export type AccountabilityKind = (typeof ACCOUNTABILITY_KINDS)[number];
export type ManualAccountabilityKind = Exclude<AccountabilityKind, 'SLA_543'>;
export type AccountabilityStatus = 'PROPOSED' | 'CONFIRMED' | 'WAIVED';

export interface RegisterFilters {
  kind?: AccountabilityKind;
  status?: AccountabilityStatus;
  branchId?: number;
  staffId?: number;
  from?: IsoDate;
  to?: IsoDate;
}

/** One record of the register as stored (penalty in fen). */
export interface RegisterRow {
  id: number;
  kind: AccountabilityKind;
  staffId: number;
  branchId: number | null;
  businessDate: IsoDate;
  penaltyFen: bigint;
  status: AccountabilityStatus;
  /** What happened: a manual record's description; null for a 543 breach (its stage and overrun say it). */
  description: string | null;
  /** A waiver's reason. */
  reason: string | null;
  stage: string | null;
  overrunSeconds: number | null;
  customerId: number | null;
  recordedBy: number | null;
  recordedAt: string | null;
  decidedBy: number | null;
  decidedAt: string | null;
  pendingReviewId: number | null;
}

export interface RegisterTotals {
  /** Records under the filters. */
  count: number;
  /** Of those, the confirmed ones with a penalty, and the sum of their penalties (fen). */
  penaltyCount: number;
  penaltyFen: bigint;
  proposed: number;
  waived: number;
}

interface Row {
  id: string;
  kind: AccountabilityKind;
  officer_id: string;
  branch_id: string | null;
  business_date: string;
  penalty_fen: string;
  status: AccountabilityStatus;
  description: string | null;
  reason: string | null;
  stage: string | null;
  overrun_seconds: number | null;
  customer_id: string;
  recorded_by: string | null;
  recorded_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  pending_review_id: string | null;
}

const COLUMNS = sql`a.id::text AS id, a.kind, a.officer_id::text AS officer_id, a.branch_id::text AS branch_id,
  to_char(a.business_date, 'YYYY-MM-DD') AS business_date, a.penalty_fen::text AS penalty_fen, a.status, a.description, a.reason,
  a.stage, a.overrun_seconds, a.customer_id::text AS customer_id, a.recorded_by::text AS recorded_by,
  to_char(a.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, a.decided_by::text AS decided_by,
  to_char(a.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS decided_at, a.pending_review_id::text AS pending_review_id`;

const num = (v: string | null) => (v === null ? null : Number(v));

function toRow(r: Row): RegisterRow {
  return {
    id: Number(r.id),
    kind: r.kind,
    staffId: Number(r.officer_id),
    branchId: num(r.branch_id),
    businessDate: r.business_date,
    penaltyFen: BigInt(r.penalty_fen),
    status: r.status,
    description: r.description,
    reason: r.reason,
    stage: r.stage,
    overrunSeconds: r.overrun_seconds === null ? null : Number(r.overrun_seconds),
    customerId: r.customer_id === '0' ? null : Number(r.customer_id),
    recordedBy: num(r.recorded_by),
    recordedAt: r.recorded_at,
    decidedBy: num(r.decided_by),
    decidedAt: r.decided_at,
    pendingReviewId: num(r.pending_review_id),
  };
}

function whereOf(actor: Actor | null, f: RegisterFilters): SQL {
  const conds: SQL[] = [actor ? scopeCondition(actor, { branchId: sql`a.branch_id`, officerId: sql`a.officer_id` }) : sql`TRUE`];
  if (f.kind) conds.push(sql`a.kind = ${f.kind}`);
  if (f.status) conds.push(sql`a.status = ${f.status}`);
  if (f.branchId) conds.push(sql`a.branch_id = ${f.branchId}`);
  if (f.staffId) conds.push(sql`a.officer_id = ${f.staffId}`);
  if (f.from) conds.push(sql`a.business_date >= ${f.from}::date`);
  if (f.to) conds.push(sql`a.business_date <= ${f.to}::date`);
  return sql.join(conds, sql` AND `);
}

/** The totals of the register under the filters (null actor: the whole bank, for reports). */
export async function accountabilityTotals(db: Db, actor: Actor | null, f: RegisterFilters): Promise<RegisterTotals> {
  const t = await queryOne<{ n: string; pn: string; pf: string; proposed: string; waived: string }>(
    db,
    sql`SELECT count(*)::text AS n,
               count(*) FILTER (WHERE a.status = 'CONFIRMED' AND a.penalty_fen > 0)::text AS pn,
               coalesce(sum(a.penalty_fen) FILTER (WHERE a.status = 'CONFIRMED'), 0)::text AS pf,
               count(*) FILTER (WHERE a.status = 'PROPOSED')::text AS proposed,
               count(*) FILTER (WHERE a.status = 'WAIVED')::text AS waived
          FROM accountability_records a WHERE ${whereOf(actor, f)}`,
  );
  return {
    count: Number(t?.n ?? 0),
    penaltyCount: Number(t?.pn ?? 0),
    penaltyFen: BigInt(t?.pf ?? '0'),
    proposed: Number(t?.proposed ?? 0),
    waived: Number(t?.waived ?? 0),
  };
}

/** One page of the register in the actor's scope, newest business date first, with the totals under the same filters. */
export async function accountabilityRegister(
  db: Db,
  actor: Actor,
  f: RegisterFilters,
  page: { page: number; pageSize: number },
): Promise<{ rows: RegisterRow[]; totals: RegisterTotals }> {
  const rows = await queryRows<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM accountability_records a WHERE ${whereOf(actor, f)}
         ORDER BY a.business_date DESC, a.id DESC LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
  );
  return { rows: rows.map(toRow), totals: await accountabilityTotals(db, actor, f) };
}

/** One record of the register in the actor's scope, or null. */
export async function accountabilityRecordInScope(db: Db, actor: Actor, id: number): Promise<RegisterRow | null> {
  const row = await queryOne<Row>(db, sql`SELECT ${COLUMNS} FROM accountability_records a WHERE a.id = ${id} AND ${whereOf(actor, {})}`);
  return row ? toRow(row) : null;
}

export interface ManualAccountabilityInput {
  kind: ManualAccountabilityKind;
  staffId: number;
  branchId: number;
  businessDate: IsoDate;
  penaltyFen: bigint;
  description: string;
  status: 'PROPOSED' | 'CONFIRMED';
  recordedBy: number;
}

/** Writes a manual record (the caller checked the staff member, the scope and the amounts, and audits it); its id. */
export async function recordManualAccountability(tx: Tx, input: ManualAccountabilityInput): Promise<number> {
  const next = await queryOne<{ id: string }>(tx, sql`SELECT nextval('accountability_records_id_seq')::text AS id`);
  const id = Number(next!.id);
  const confirmed = input.status === 'CONFIRMED';
  const at = nowParam();
  await tx.execute(
    sql`INSERT INTO accountability_records (customer_id, id, kind, stage, source_event_id, officer_id, branch_id, application_id,
                                            business_date, overrun_seconds, penalty_fen, status, description, recorded_by, recorded_at,
                                            decided_by, decided_at)
        VALUES (0, ${id}, ${input.kind}, NULL, NULL, ${input.staffId}, ${input.branchId}, NULL, ${input.businessDate}::date, NULL,
                ${input.penaltyFen.toString()}::bigint, ${input.status}, ${input.description}, ${input.recordedBy}, ${at},
                ${confirmed ? input.recordedBy : null}, ${confirmed ? at : sql`NULL`})`,
  );
  return id;
}

/**
 * Confirms or waives a proposed manual record (a 543 breach is decided through review by the sla routes);
 * 409 ACCOUNTABILITY_DECIDED when it is no longer proposed, 422 for a waiver without its reason.
 */
export async function decideManualAccountability(
  tx: Tx,
  id: number,
  input: { decision: 'CONFIRM' | 'WAIVE'; reason: string | null; decidedBy: number },
): Promise<void> {
  if (input.decision === 'WAIVE' && !input.reason) throw new AppError('SLA_WAIVER_REASON_REQUIRED');
  const done = await queryOne<{ id: string }>(
    tx,
    sql`UPDATE accountability_records
           SET status = ${input.decision === 'CONFIRM' ? 'CONFIRMED' : 'WAIVED'}, reason = ${input.reason}, decided_by = ${input.decidedBy},
               decided_at = ${nowParam()}
         WHERE customer_id = 0 AND id = ${id} AND kind <> 'SLA_543' AND status = 'PROPOSED'
        RETURNING id::text AS id`,
  );
  if (!done) throw new AppError('ACCOUNTABILITY_DECIDED');
}
