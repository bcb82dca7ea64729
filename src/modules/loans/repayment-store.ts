/**
 * The repayment store: reads a loan's servicing state and schedule for planning (under the loan's
 * lock), and writes repayment plans (repayment-plan.ts) — one for a single repayment, thousands for
 * an end-of-day auto-debit partition — with the same handful of set-based statements:
 *
 *   loans           UPDATE … FROM the repaid amounts (balances, status, settlement date, maturity)
 *   accrual state   UPDATE … FROM the accrued interest collected
 *   schedule        rebuilt rows (early partial repayment) deleted and inserted (their loans' cached
 *                   current period cleared), paid rows UPDATE … FROM, a settled loan's remaining rows closed
 *   credit lines    restored once per line by the summed principal (hooks.restoreLines), then pledges
 *                   of settled loans released (hooks.releasePledge, rare: per loan)
 *   journal         one REPAYMENT entry per repayment (postBulkLineEntries)
 *   loan_repayments INSERT … SELECT with the allocation record a reversal restores from
 *
 * The money itself moves through the core (core.debit / core.debitMany) in the command, before the
 * plan is written. Every write here runs in the caller's transaction; the loans were locked by the read.
 */
import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import { customersOnCitus, inPartition, type CustomerPartition } from '../../db/partition.js';
import { AppError, InvariantError, clock, type IsoDate } from '../../kernel/index.js';
import { postBulkLineEntries } from '../ledger/index.js';
import type { Installment } from '../products/schedule/index.js';
import { LOANS_WITH_ACCRUAL, clearCachedPeriods } from './accrual-state.js';
import { ATTENTION_PREDICATE } from './eod-steps.js';
import { customerOfLoan } from './loans.service.js';
import {
  maturityAfter,
  repaymentLines,
  repaymentMemo,
  repaymentRecord,
  scheduleUpdates,
  type LoanState,
  type Plan,
  type RepaymentMode,
  type RepaymentSource,
  type ScheduleRow,
  type StoredAllocation,
} from './repayment-plan.js';
import type { PrepaymentChoice } from './servicing/index.js';

export interface RepaymentHooks {
  /** Restores a revolving line by repaid principal (origination.restoreLineAvailability); negative on reversal. */
  restoreLine(tx: Tx, customerId: number, lineId: number, principalFen: bigint): Promise<void>;
  /** restoreLine for many lines in one call (end-of-day auto-debit); restoreLine per line when absent. */
  restoreLines?(tx: Tx, items: Array<{ customerId: number; lineId: number; principalFen: bigint }>): Promise<void>;
  /** Releases the line's pledged certificates at payoff; returns whether anything was released. */
  releasePledge?(tx: Tx, customerId: number, lineId: number): Promise<boolean | void>;
}

// ---------------------------------------------------------------------------------------------
// reads for planning

/** The loan columns a plan reads (select list over LOANS_WITH_ACCRUAL), read back by loanStateOf. */
const LOAN_STATE_COLUMNS = sql`l.customer_id::text AS customer_id, l.id::text AS id, l.credit_line_id::text AS credit_line_id, l.product_code,
               l.status, l.branch_id::text AS branch_id, l.officer_id::text AS officer_id, l.disbursement_account_no,
               l.annual_rate_pct::text AS annual_rate_pct, l.repayment_method, l.day_count_basis::int AS day_count_basis,
               l.maturity_date::text AS maturity_date, l.settled_on::text AS settled_on,
               l.outstanding_principal_fen::text AS outstanding_principal_fen, l.overdue_principal_fen::text AS overdue_principal_fen,
               l.overdue_interest_fen::text AS overdue_interest_fen, a.accrued_interest_fen::text AS accrued_interest_fen,
               l.penalty_accrued_fen::text AS penalty_accrued_fen, l.compound_accrued_fen::text AS compound_accrued_fen,
               l.off_balance_interest_fen::text AS off_balance_interest_fen, l.non_accrual`;

function loanStateOf(r: Record<string, unknown>): LoanState {
  return {
    customerId: Number(r.customer_id),
    id: Number(r.id),
    creditLineId: Number(r.credit_line_id),
    productCode: String(r.product_code),
    status: r.status as LoanState['status'],
    branchId: Number(r.branch_id),
    officerId: r.officer_id === null ? null : Number(r.officer_id),
    accountNo: String(r.disbursement_account_no),
    annualRatePct: String(r.annual_rate_pct),
    method: String(r.repayment_method) as LoanState['method'],
    dayCountBasis: Number(r.day_count_basis) as 360 | 365,
    maturityDate: String(r.maturity_date),
    settledOn: r.settled_on === null ? null : String(r.settled_on),
    outstandingPrincipalFen: BigInt(String(r.outstanding_principal_fen)),
    overduePrincipalFen: BigInt(String(r.overdue_principal_fen)),
    overdueInterestFen: BigInt(String(r.overdue_interest_fen)),
    accruedInterestFen: BigInt(String(r.accrued_interest_fen)),
    penaltyFen: BigInt(String(r.penalty_accrued_fen)),
    compoundFen: BigInt(String(r.compound_accrued_fen)),
    offBalanceFen: BigInt(String(r.off_balance_interest_fen)),
    nonAccrual: r.non_accrual === true || r.non_accrual === 't',
  };
}

/**
 * The loan_schedule columns (table alias s) read back by scheduleRowOf, named as ScheduleRow names them:
 * the rows a repayment stores for its reversal (StoredAllocation.scheduleBefore) carry the same names,
 * so one mapping reads both.
 */
const SCHEDULE_COLUMNS = sql`s.period, s.start_date::text AS "startDate", s.due_date::text AS "dueDate", s.days,
               s.principal_fen::text AS "principalFen", s.interest_fen::text AS "interestFen", s.payment_fen::text AS "paymentFen",
               s.remaining_principal_fen::text AS "remainingPrincipalFen", s.status,
               s.paid_principal_fen::text AS "paidPrincipalFen", s.paid_interest_fen::text AS "paidInterestFen"`;

/** A schedule row as the database returns it (SCHEDULE_COLUMNS) or as a repayment stored it (amounts as strings). */
export function scheduleRowOf(r: Record<string, unknown>): ScheduleRow {
  return {
    period: Number(r.period),
    startDate: String(r.startDate),
    dueDate: String(r.dueDate),
    days: Number(r.days),
    principalFen: BigInt(String(r.principalFen)),
    interestFen: BigInt(String(r.interestFen)),
    paymentFen: BigInt(String(r.paymentFen)),
    remainingPrincipalFen: BigInt(String(r.remainingPrincipalFen)),
    status: String(r.status),
    paidPrincipalFen: BigInt(String(r.paidPrincipalFen)),
    paidInterestFen: BigInt(String(r.paidInterestFen)),
  };
}

/** The loan's servicing state, locked for the transaction (LOAN_NOT_FOUND). */
export async function lockLoan(tx: Tx, customerId: number, loanId: number): Promise<LoanState> {
  const r = await queryOne<Record<string, unknown>>(
    tx,
    sql`SELECT ${LOAN_STATE_COLUMNS} FROM ${LOANS_WITH_ACCRUAL} WHERE l.customer_id = ${customerId} AND l.id = ${loanId} FOR UPDATE`,
  );
  if (!r) throw new AppError('LOAN_NOT_FOUND', { loanId });
  return loanStateOf(r);
}

/** The loan's whole schedule, by period. */
export async function scheduleOf(tx: Tx | Db, customerId: number, loanId: number): Promise<ScheduleRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`SELECT ${SCHEDULE_COLUMNS} FROM loan_schedule s WHERE s.customer_id = ${customerId} AND s.loan_id = ${loanId} ORDER BY s.period`,
  );
  return rows.map(scheduleRowOf);
}

/** The customer a loan belongs to (LOAN_NOT_FOUND): loan_index's one lookup, customerOfLoan. */
export async function customerIdOfLoan(tx: Tx, loanId: number): Promise<number> {
  const customerId = await customerOfLoan(tx, loanId);
  if (customerId === null) throw new AppError('LOAN_NOT_FOUND', { loanId });
  return customerId;
}

/**
 * End-of-day D: the active loans of the partition with something billed and unpaid and no auto-debit
 * of D yet (key auto:<loanId>:<D>), in loan-id order, locked (on Citus the partition is one shard:
 * row locks are allowed there and only there).
 */
export async function lockLoansDueForAutoDebit(tx: Tx, D: IsoDate, range: CustomerPartition): Promise<LoanState[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`SELECT ${LOAN_STATE_COLUMNS}
          FROM ${LOANS_WITH_ACCRUAL}
         WHERE ${inPartition('l', range)} AND ${inPartition('a', range)} AND l.status = 'ACTIVE' AND ${sql.raw(ATTENTION_PREDICATE)}
           AND l.overdue_principal_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen > 0
           AND NOT EXISTS (SELECT 1 FROM loan_repayments r
                            WHERE r.customer_id = l.customer_id AND r.idempotency_key = concat('auto:', l.id, ':', ${D}::text)
                              AND ${inPartition('r', range)})
         ORDER BY l.id
         FOR UPDATE OF l`,
  );
  return rows.map(loanStateOf);
}

/** The billed (due date ≤ D), unpaid schedule rows of many loans, by loan id (all a DUE plan reads). */
export async function billedRowsOf(tx: Tx, loans: LoanState[], D: IsoDate): Promise<Map<number, ScheduleRow[]>> {
  const byLoan = new Map<number, ScheduleRow[]>();
  if (loans.length === 0) return byLoan;
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`SELECT s.loan_id::text AS loan_id, ${SCHEDULE_COLUMNS}
          FROM loan_schedule s
          JOIN jsonb_to_recordset(${JSON.stringify(loans.map((l) => ({ customer_id: l.customerId, loan_id: l.id })))}::jsonb)
               AS wanted(customer_id bigint, loan_id bigint)
            ON s.customer_id = wanted.customer_id AND s.loan_id = wanted.loan_id
         WHERE s.status <> 'PAID' AND s.due_date <= ${D}::date${await customersOnCitus(
           tx,
           's.customer_id',
           loans.map((l) => l.customerId),
         )}
         ORDER BY s.loan_id, s.period`,
  );
  for (const r of rows) {
    const id = Number(r.loan_id);
    const list = byLoan.get(id) ?? [];
    list.push(scheduleRowOf(r));
    byLoan.set(id, list);
  }
  return byLoan;
}

/** n repayment ids from the sequence, ascending. */
export async function reserveRepaymentIds(tx: Tx, n: number): Promise<number[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`SELECT nextval('loan_repayments_id_seq')::text AS id FROM generate_series(1, ${n}::int)`,
  );
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  if (ids.length !== n) throw new InvariantError('could not reserve repayment ids');
  return ids;
}

// ---------------------------------------------------------------------------------------------
// stored repayments

/** A loan_repayments row as read (numbers as text). */
export interface RepaymentRow {
  customer_id: string;
  id: string;
  loan_id: string;
  idempotency_key: string;
  source: string;
  amount_fen: string;
  principal_fen: string;
  interest_fen: string;
  penalty_fen: string;
  compound_fen: string;
  allocation: StoredAllocation | string;
  status: 'POSTED' | 'REVERSED';
  reverses_id: string | null;
  business_date: string;
  entry_id: string | null;
  created_at: string;
}

export const SELECT_REPAYMENT = sql`SELECT customer_id::text AS customer_id, id::text AS id, loan_id::text AS loan_id, idempotency_key, source,
  amount_fen::text AS amount_fen, principal_fen::text AS principal_fen, interest_fen::text AS interest_fen, penalty_fen::text AS penalty_fen,
  compound_fen::text AS compound_fen, allocation, status, reverses_id::text AS reverses_id, business_date::text AS business_date,
  entry_id::text AS entry_id, created_at::text AS created_at FROM loan_repayments`;

export async function repaymentByKey(tx: Tx | Db, customerId: number, key: string): Promise<RepaymentRow | undefined> {
  return queryOne<RepaymentRow>(tx, sql`${SELECT_REPAYMENT} WHERE customer_id = ${customerId} AND idempotency_key = ${key}`);
}

export function allocationOf(r: RepaymentRow): StoredAllocation {
  return typeof r.allocation === 'string' ? (JSON.parse(r.allocation) as StoredAllocation) : r.allocation;
}

// ---------------------------------------------------------------------------------------------
// writing plans

/** A planned repayment ready to be written (its money already debited through the core). */
export interface PlannedRepayment {
  loan: LoanState;
  /** The schedule rows the plan was made from (before the repayment). */
  rows: ScheduleRow[];
  plan: Plan;
  repaymentId: number;
  key: string;
  source: RepaymentSource;
  amountFen: bigint;
  mode: RepaymentMode;
  choice?: PrepaymentChoice;
  reviewRequestId?: number;
}

/**
 * Writes the plans of business date bd (loans locked by the caller); returns the stored repayment
 * rows in input order. A handful of statements whatever the number of plans.
 */
export async function writeRepayments(tx: Tx, bd: IsoDate, planned: PlannedRepayment[], hooks: RepaymentHooks): Promise<RepaymentRow[]> {
  if (planned.length === 0) return [];
  await updateLoans(tx, bd, planned);
  const changed = await updateSchedules(tx, planned);
  await restoreLines(tx, planned, hooks);
  for (const p of planned) {
    if (p.plan.settles && hooks.releasePledge && (await hooks.releasePledge(tx, p.loan.customerId, p.loan.creditLineId)))
      changed.get(p.loan.id)!.add(-1);
  }
  const entryIds = await postBulkLineEntries(tx, {
    businessDate: bd,
    eventType: 'REPAYMENT',
    entries: planned.map((p) => ({
      customerId: p.loan.customerId,
      reference: `repayment:${p.repaymentId}`,
      memo: repaymentMemo(p.loan.id, p.repaymentId),
      productCode: p.loan.productCode,
      lines: repaymentLines(p.loan, p.plan, p.amountFen),
    })),
  });
  const createdAt = clock.now().toISOString();
  const stored: RepaymentRow[] = planned.map((p, i) => ({
    customer_id: String(p.loan.customerId),
    id: String(p.repaymentId),
    loan_id: String(p.loan.id),
    idempotency_key: p.key,
    source: p.source,
    amount_fen: p.amountFen.toString(),
    principal_fen: p.plan.principalFen.toString(),
    interest_fen: p.plan.interestFen.toString(),
    penalty_fen: p.plan.penaltyFen.toString(),
    compound_fen: p.plan.compoundFen.toString(),
    allocation: repaymentRecord(p.loan, p.rows, p.plan, changed.get(p.loan.id)!, p.amountFen, p.mode, p.choice, p.reviewRequestId),
    status: 'POSTED',
    reverses_id: null,
    business_date: bd,
    entry_id: String(entryIds[i]),
    created_at: createdAt,
  }));
  await tx.execute(
    sql`INSERT INTO loan_repayments (customer_id, id, loan_id, idempotency_key, source, amount_fen, principal_fen, interest_fen,
          penalty_fen, compound_fen, allocation, status, business_date, entry_id, created_at)
        SELECT repayment.customer_id, repayment.id, repayment.loan_id, repayment.idempotency_key, repayment.source, repayment.amount_fen,
               repayment.principal_fen, repayment.interest_fen, repayment.penalty_fen, repayment.compound_fen, repayment.allocation,
               'POSTED', ${bd}::date, repayment.entry_id, ${createdAt}::timestamptz
          FROM jsonb_to_recordset(${JSON.stringify(stored)}::jsonb)
               AS repayment(customer_id bigint, id bigint, loan_id bigint, idempotency_key text, source text, amount_fen bigint,
                            principal_fen bigint, interest_fen bigint, penalty_fen bigint, compound_fen bigint, allocation jsonb, entry_id bigint)`,
  );
  return stored;
}

/** The loans' balances less what was repaid; status, settlement date and maturity after the plan. */
async function updateLoans(tx: Tx, bd: IsoDate, planned: PlannedRepayment[]): Promise<void> {
  const repaid = planned.map(({ loan, plan }) => ({
    customer_id: loan.customerId,
    loan_id: loan.id,
    principal_fen: plan.delta.outstandingPrincipalFen.toString(),
    overdue_principal_fen: plan.delta.overduePrincipalFen.toString(),
    overdue_interest_fen: plan.delta.overdueInterestFen.toString(),
    penalty_fen: plan.delta.penaltyFen.toString(),
    compound_fen: plan.delta.compoundFen.toString(),
    off_balance_interest_fen: plan.delta.offBalanceFen.toString(),
    status_after: plan.settles ? 'SETTLED' : loan.status,
    settled_on: plan.settles ? bd : null,
    maturity_date: maturityAfter(loan, plan),
  }));
  const updated = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE loans l SET
          outstanding_principal_fen = l.outstanding_principal_fen - repaid.principal_fen,
          overdue_principal_fen = l.overdue_principal_fen - repaid.overdue_principal_fen,
          overdue_interest_fen = l.overdue_interest_fen - repaid.overdue_interest_fen,
          penalty_accrued_fen = l.penalty_accrued_fen - repaid.penalty_fen,
          compound_accrued_fen = l.compound_accrued_fen - repaid.compound_fen,
          off_balance_interest_fen = l.off_balance_interest_fen - repaid.off_balance_interest_fen,
          status = repaid.status_after, settled_on = repaid.settled_on, maturity_date = repaid.maturity_date
        FROM jsonb_to_recordset(${JSON.stringify(repaid)}::jsonb)
             AS repaid(customer_id bigint, loan_id bigint, principal_fen bigint, overdue_principal_fen bigint, overdue_interest_fen bigint,
                       penalty_fen bigint, compound_fen bigint, off_balance_interest_fen bigint, status_after text, settled_on date, maturity_date date)
       WHERE l.customer_id = repaid.customer_id AND l.id = repaid.loan_id
         -- the customers as a list too (here and below): Citus prunes to their shards (one, in an end-of-day partition)${await customersOnCitus(
           tx,
           'l.customer_id',
           planned.map((p) => p.loan.customerId),
         )}
      RETURNING l.id::text AS id`,
  );
  if (updated.length !== planned.length) throw new InvariantError('repayments: not every loan was updated');
  const collected = planned
    .filter(({ plan }) => plan.delta.accruedInterestFen !== 0n)
    .map(({ loan, plan }) => ({
      customer_id: loan.customerId,
      loan_id: loan.id,
      accrued_interest_fen: plan.delta.accruedInterestFen.toString(),
    }));
  if (collected.length > 0) {
    await tx.execute(
      sql`UPDATE loan_accrual_state a SET accrued_interest_fen = a.accrued_interest_fen - collected.accrued_interest_fen
            FROM jsonb_to_recordset(${JSON.stringify(collected)}::jsonb) AS collected(customer_id bigint, loan_id bigint, accrued_interest_fen bigint)
           WHERE a.customer_id = collected.customer_id AND a.loan_id = collected.loan_id${await customersOnCitus(
             tx,
             'a.customer_id',
             collected.map((c) => c.customer_id),
           )}`,
    );
  }
}

/** Rebuilt schedules replaced, paid rows written, settled loans' rows closed; returns the periods written per loan. */
async function updateSchedules(tx: Tx, planned: PlannedRepayment[]): Promise<Map<number, Set<number>>> {
  const rebuilt = planned.filter((p) => p.plan.rebuilt && p.plan.rebuiltFrom !== null);
  if (rebuilt.length > 0) {
    const deleted = await queryRows<{ customer_id: string; loan_id: string }>(
      tx,
      sql`DELETE FROM loan_schedule s
           USING jsonb_to_recordset(${JSON.stringify(rebuilt.map((p) => ({ customer_id: p.loan.customerId, loan_id: p.loan.id, from_period: p.plan.rebuiltFrom })))}::jsonb)
                 AS rebuilt(customer_id bigint, loan_id bigint, from_period int)
           WHERE s.customer_id = rebuilt.customer_id AND s.loan_id = rebuilt.loan_id AND s.period >= rebuilt.from_period${await customersOnCitus(
             tx,
             's.customer_id',
             rebuilt.map((p) => p.loan.customerId),
           )}
       RETURNING s.customer_id::text AS customer_id, s.loan_id::text AS loan_id`,
    );
    await clearCachedPeriods(
      tx,
      deleted.map((d) => ({ customerId: d.customer_id, loanId: d.loan_id })),
    );
    await insertScheduleRows(
      tx,
      rebuilt.flatMap((p) =>
        (p.plan.rebuilt as Installment[]).map((r) => ({
          ...r,
          customerId: p.loan.customerId,
          loanId: p.loan.id,
          status: 'PENDING',
          paidPrincipalFen: 0n,
          paidInterestFen: 0n,
        })),
      ),
    );
  }

  const changed = new Map<number, Set<number>>();
  const paidRows: Array<{
    customer_id: number;
    loan_id: number;
    period: number;
    paid_principal_fen: string;
    paid_interest_fen: string;
    status: string;
  }> = [];
  for (const p of planned) {
    const periods = new Set<number>();
    for (const u of scheduleUpdates(p.rows, p.plan)) {
      periods.add(u.period);
      paidRows.push({
        customer_id: p.loan.customerId,
        loan_id: p.loan.id,
        period: u.period,
        paid_principal_fen: u.paidPrincipalFen.toString(),
        paid_interest_fen: u.paidInterestFen.toString(),
        status: u.status,
      });
    }
    changed.set(p.loan.id, periods);
  }
  if (paidRows.length > 0) {
    const written = await queryRows<{ n: string }>(
      tx,
      sql`WITH written AS (
            UPDATE loan_schedule s SET paid_principal_fen = paid.paid_principal_fen, paid_interest_fen = paid.paid_interest_fen, status = paid.status
              FROM jsonb_to_recordset(${JSON.stringify(paidRows)}::jsonb)
                   AS paid(customer_id bigint, loan_id bigint, period int, paid_principal_fen bigint, paid_interest_fen bigint, status text)
             WHERE s.customer_id = paid.customer_id AND s.loan_id = paid.loan_id AND s.period = paid.period${await customersOnCitus(
               tx,
               's.customer_id',
               paidRows.map((r) => r.customer_id),
             )}
            RETURNING 1)
          SELECT count(*)::text AS n FROM written`,
    );
    if (Number(written[0]?.n ?? 0) !== paidRows.length) throw new InvariantError('repayments: not every schedule row was updated');
  }

  // a settled loan: any row the plan did not read (the batch reads billed rows only) is closed too
  const settling = planned.filter((p) => p.plan.settles);
  if (settling.length > 0) {
    await tx.execute(
      sql`UPDATE loan_schedule s SET status = 'PAID'
            FROM jsonb_to_recordset(${JSON.stringify(settling.map((p) => ({ customer_id: p.loan.customerId, loan_id: p.loan.id })))}::jsonb)
                 AS settled(customer_id bigint, loan_id bigint)
           WHERE s.customer_id = settled.customer_id AND s.loan_id = settled.loan_id AND s.status <> 'PAID'${await customersOnCitus(
             tx,
             's.customer_id',
             settling.map((p) => p.loan.customerId),
           )}`,
    );
  }
  return changed;
}

/** Credit lines: once per line with the summed principal (restoreLine caps at the limit, so the sum gives what one call per repayment gives). */
async function restoreLines(tx: Tx, planned: PlannedRepayment[], hooks: RepaymentHooks): Promise<void> {
  const perLine = new Map<string, { customerId: number; lineId: number; principalFen: bigint }>();
  for (const p of planned) {
    if (p.plan.principalFen <= 0n) continue;
    const k = `${p.loan.customerId}|${p.loan.creditLineId}`;
    const line = perLine.get(k) ?? { customerId: p.loan.customerId, lineId: p.loan.creditLineId, principalFen: 0n };
    line.principalFen += p.plan.principalFen;
    perLine.set(k, line);
  }
  if (perLine.size === 0) return;
  if (hooks.restoreLines) await hooks.restoreLines(tx, [...perLine.values()]);
  else for (const l of perLine.values()) await hooks.restoreLine(tx, l.customerId, l.lineId, l.principalFen);
}

/**
 * Schedule rows inserted in one statement (a rebuilt schedule, or the rows a reversal restores); the
 * cached current period of their loans is cleared.
 */
export async function insertScheduleRows(
  tx: Tx,
  rows: Array<Omit<ScheduleRow, 'status'> & { customerId: number; loanId: number; status: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  const restored = rows.map((r) => ({
    customer_id: r.customerId,
    loan_id: r.loanId,
    period: r.period,
    start_date: r.startDate,
    due_date: r.dueDate,
    days: r.days,
    principal_fen: r.principalFen.toString(),
    interest_fen: r.interestFen.toString(),
    payment_fen: r.paymentFen.toString(),
    remaining_principal_fen: r.remainingPrincipalFen.toString(),
    status: r.status,
    paid_principal_fen: r.paidPrincipalFen.toString(),
    paid_interest_fen: r.paidInterestFen.toString(),
  }));
  await tx.execute(
    sql`INSERT INTO loan_schedule (customer_id, loan_id, period, start_date, due_date, days, principal_fen, interest_fen, payment_fen,
          remaining_principal_fen, status, paid_principal_fen, paid_interest_fen)
        SELECT restored.customer_id, restored.loan_id, restored.period, restored.start_date, restored.due_date, restored.days,
               restored.principal_fen, restored.interest_fen, restored.payment_fen, restored.remaining_principal_fen, restored.status,
               restored.paid_principal_fen, restored.paid_interest_fen
          FROM jsonb_to_recordset(${JSON.stringify(restored)}::jsonb)
               AS restored(customer_id bigint, loan_id bigint, period int, start_date date, due_date date, days int, principal_fen bigint,
                           interest_fen bigint, payment_fen bigint, remaining_principal_fen bigint, status text, paid_principal_fen bigint,
                           paid_interest_fen bigint)`,
  );
  await clearCachedPeriods(tx, rows);
}
