/**
 * Repayments (还款): customer, staff and end-of-day auto-debit repayments, early repayment (partial:
 * shorten the term or lower the installment; full settlement) and reversals. docs/servicing.md.
 *
 * What is due on business date BD is what end-of-day has billed: installments with due date before
 * BD (their unpaid principal and interest = loans.overdue_principal_fen / overdue_interest_fen) and
 * the penalty and compound interest posted so far. An installment falling due today is billed by
 * tonight's end-of-day and auto-debited at once; before that it can only be prepaid.
 *
 * Ledger (one balanced entry per repayment): DR 2001 = amount; CR 1301 principal; accruing loans:
 * CR 1302 the interest, penalty and compound already accrued, CR 5011 interest for today not yet
 * accrued (early repayment); non-accrual loans: CR 5011 interest, CR 5012 penalty + compound, and
 * DR 7002 / CR 7001 for the off-balance part collected.
 *
 * Penalty segments (penalty_base_fen / compound_base_fen, *_since, *_posted_fen) are left to the
 * end-of-day PENALTY step: a repayment changes the overdue base and the step opens a new segment
 * when the base differs.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, InvariantError, addDays, compareDates, formatYuan, parseYuan, sumFen, type IsoDate } from '../../kernel/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { core } from '../core/index.js';
import { ACCOUNTS, postEntry, reverseEntry } from '../ledger/index.js';
import { registerChangeType, submitChange } from '../review/index.js';
import type { Installment, RepaymentMethod } from '../products/schedule/index.js';
import { addAccrued, LOANS_WITH_ACCRUAL } from './accrual-state.js';
import { getLoanForCustomer, getLoanForStaff } from './loans.service.js';
import {
  accruedThrough,
  allocateRepayment,
  fullSettlementAmount,
  rebuildAfterPartialPrepayment,
  type DueComponent,
  type DueItem,
  type PrepaymentChoice,
  type SettlementAmount,
} from './servicing/index.js';

export const REPAYMENT_MODES = ['DUE', 'EARLY_PARTIAL', 'EARLY_FULL'] as const;
export type RepaymentMode = (typeof REPAYMENT_MODES)[number];
/**
 * Staff manual repayments that take a loan's total of the business day above this amount (50,000
 * yuan) go through review (change type REPAYMENT).
 */
export const STAFF_REPAYMENT_REVIEW_THRESHOLD_FEN = 5_000_000n;
export const REPAYMENT_CHANGE_TYPE = 'REPAYMENT';

export interface RepaymentHooks {
  /** Restores a revolving line by repaid principal (origination.restoreLineAvailability); negative on reversal. */
  restoreLine(tx: Tx, customerId: number, lineId: number, principalFen: bigint): Promise<void>;
  /** restoreLine for many lines in one call (end-of-day auto-debit); restoreLine per line when absent. */
  restoreLines?(tx: Tx, items: Array<{ customerId: number; lineId: number; principalFen: bigint }>): Promise<void>;
  /** Releases the line's pledged certificates at payoff; returns whether anything was released. */
  releasePledge?(tx: Tx, customerId: number, lineId: number): Promise<boolean | void>;
}

export interface RepaymentRequest {
  amount: string;
  mode?: RepaymentMode;
  prepaymentChoice?: PrepaymentChoice;
}

export interface RepaymentResult {
  repaymentId: number;
  loanId: number;
  amount: string;
  mode: RepaymentMode;
  source: string;
  businessDate: IsoDate;
  allocation: Array<{ period: number; component: DueComponent; amount: string }>;
  principal: string;
  interest: string;
  penalty: string;
  compound: string;
  outstandingPrincipal: string;
  loanStatus: 'ACTIVE' | 'SETTLED' | 'WRITTEN_OFF';
  status: 'POSTED' | 'REVERSED';
}

export interface RepaymentView extends RepaymentResult {
  idempotencyKey: string;
  reversesId: number | null;
  entryId: number | null;
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------
// module state: the end-of-day guard and the hooks given at start-up

let eodGuard: (tx: Tx, loanId: number) => Promise<boolean> = async () => false;
let startupHooks: RepaymentHooks = { restoreLine: async () => undefined };

/** Set by the eod module: true when the loan's day is being closed (writes get EOD_IN_PROGRESS). */
export function setEodGuard(fn: ((tx: Tx, loanId: number) => Promise<boolean>) | null): void {
  eodGuard = fn ?? (async () => false);
}

/** Start-up: keeps the hooks for the routes and review approvals, registers the REPAYMENT change type. */
let repaymentTypeRegistered = false;
export function registerRepayments(ctx: AppContext, hooks: RepaymentHooks): void {
  startupHooks = hooks;
  if (repaymentTypeRegistered) return;
  repaymentTypeRegistered = true;
  registerChangeType<RepaymentChangePayload>({
    type: REPAYMENT_CHANGE_TYPE,
    nameZh: '大额人工还款',
    nameEn: 'Large manual repayment',
    checkerPermission: 'review:check:REPAYMENT',
    titleZh: (p) => `贷款 ${p.loanId} 人工还款 ${p.amount} 元`,
    titleEn: (p) => `Manual repayment of ${p.amount} yuan on loan ${p.loanId}`,
    describe: async (_tx, p) => [
      { field: 'loanId', label: '贷款编号', before: null, after: String(p.loanId) },
      { field: 'amount', label: '还款金额（元）', before: null, after: p.amount },
      { field: 'mode', label: '还款方式', before: null, after: p.mode },
      { field: 'prepaymentChoice', label: '提前还款选择', before: null, after: p.prepaymentChoice ?? null },
    ],
    branchId: (p) => p.branchId,
    apply: async (tx, p, a) => {
      await repayInTx(tx, a.cmd, p.loanId, p.idempotencyKey, { amount: p.amount, mode: p.mode, prepaymentChoice: p.prepaymentChoice }, startupHooks, {
        source: 'STAFF',
        reviewRequestId: a.requestId,
      });
    },
  });
  void ctx;
}

export function repaymentHooks(): RepaymentHooks {
  return startupHooks;
}

interface RepaymentChangePayload {
  loanId: number;
  customerId: number;
  branchId: number;
  idempotencyKey: string;
  amount: string;
  mode: RepaymentMode;
  prepaymentChoice?: PrepaymentChoice;
}

// ---------------------------------------------------------------------------------------------
// loan state

/** A loan's servicing state as the repayment planning reads it (shared with the batch auto-debit). */
export interface LoanState {
  customerId: number;
  id: number;
  creditLineId: number;
  productCode: string;
  status: 'ACTIVE' | 'SETTLED' | 'WRITTEN_OFF';
  branchId: number;
  officerId: number | null;
  accountNo: string;
  annualRatePct: string;
  method: RepaymentMethod;
  dayCountBasis: 360 | 365;
  maturityDate: IsoDate;
  settledOn: IsoDate | null;
  outstandingPrincipalFen: bigint;
  overduePrincipalFen: bigint;
  overdueInterestFen: bigint;
  accruedInterestFen: bigint;
  penaltyFen: bigint;
  compoundFen: bigint;
  offBalanceFen: bigint;
  nonAccrual: boolean;
}

export interface ScheduleRow {
  period: number;
  startDate: IsoDate;
  dueDate: IsoDate;
  days: number;
  principalFen: bigint;
  interestFen: bigint;
  paymentFen: bigint;
  remainingPrincipalFen: bigint;
  status: string;
  paidPrincipalFen: bigint;
  paidInterestFen: bigint;
}

/** The columns loanStateOf reads (select list over LOANS_WITH_ACCRUAL). */
export const LOAN_STATE_COLUMNS = sql`l.customer_id::text, l.id::text, l.credit_line_id::text, l.product_code, l.status, l.branch_id::text, l.officer_id::text,
               l.disbursement_account_no, l.annual_rate_pct::text, l.repayment_method, l.day_count_basis::int AS basis,
               l.maturity_date::text, l.settled_on::text, l.outstanding_principal_fen::text AS op, l.overdue_principal_fen::text AS opr,
               l.overdue_interest_fen::text AS oi, a.accrued_interest_fen::text AS ai, l.penalty_accrued_fen::text AS pen,
               l.compound_accrued_fen::text AS cmp, l.off_balance_interest_fen::text AS ob, l.non_accrual`;

async function lockLoan(tx: Tx, customerId: number, loanId: number): Promise<LoanState> {
  const r = await queryOne<Record<string, string | boolean | null>>(
    tx,
    sql`SELECT ${LOAN_STATE_COLUMNS} FROM ${LOANS_WITH_ACCRUAL} WHERE l.customer_id = ${customerId} AND l.id = ${loanId} FOR UPDATE`,
  );
  if (!r) throw new AppError('LOAN_NOT_FOUND', { loanId });
  return loanStateOf(r);
}

/** A row of LOAN_STATE_COLUMNS as LoanState. */
export function loanStateOf(r: Record<string, unknown>): LoanState {
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
    method: String(r.repayment_method) as RepaymentMethod,
    dayCountBasis: Number(r.basis) as 360 | 365,
    maturityDate: String(r.maturity_date),
    settledOn: r.settled_on === null ? null : String(r.settled_on),
    outstandingPrincipalFen: BigInt(String(r.op)),
    overduePrincipalFen: BigInt(String(r.opr)),
    overdueInterestFen: BigInt(String(r.oi)),
    accruedInterestFen: BigInt(String(r.ai)),
    penaltyFen: BigInt(String(r.pen)),
    compoundFen: BigInt(String(r.cmp)),
    offBalanceFen: BigInt(String(r.ob)),
    nonAccrual: r.non_accrual === true || r.non_accrual === 't',
  };
}

/** The loan_schedule columns scheduleRowOf reads (select list). */
export const SCHEDULE_COLUMNS = sql`period, start_date::text AS s, due_date::text AS d, days, principal_fen::text AS p, interest_fen::text AS i,
               payment_fen::text AS pay, remaining_principal_fen::text AS rem, status, paid_principal_fen::text AS pp,
               paid_interest_fen::text AS pi`;

async function scheduleRows(tx: Tx | Db, customerId: number, loanId: number): Promise<ScheduleRow[]> {
  const rows = await queryRows<Record<string, string | number>>(
    tx,
    sql`SELECT ${SCHEDULE_COLUMNS} FROM loan_schedule WHERE customer_id = ${customerId} AND loan_id = ${loanId} ORDER BY period`,
  );
  return rows.map(scheduleRowOf);
}

/** A row of SCHEDULE_COLUMNS as ScheduleRow. */
export function scheduleRowOf(r: Record<string, unknown>): ScheduleRow {
  return {
    period: Number(r.period),
    startDate: String(r.s),
    dueDate: String(r.d),
    days: Number(r.days),
    principalFen: BigInt(String(r.p)),
    interestFen: BigInt(String(r.i)),
    paymentFen: BigInt(String(r.pay)),
    remainingPrincipalFen: BigInt(String(r.rem)),
    status: String(r.status),
    paidPrincipalFen: BigInt(String(r.pp)),
    paidInterestFen: BigInt(String(r.pi)),
  };
}

/** The billed, unpaid items (due date ≤ billedThrough): checked against the loan's overdue totals. */
export function dueItems(loan: LoanState, rows: ScheduleRow[], billedThrough: IsoDate): DueItem[] {
  const billed = rows.filter((r) => compareDates(r.dueDate, billedThrough) <= 0 && r.status !== 'PAID');
  const principal = sumFen(billed.map((r) => r.principalFen - r.paidPrincipalFen));
  const interest = sumFen(billed.map((r) => r.interestFen - r.paidInterestFen));
  if (principal !== loan.overduePrincipalFen || interest !== loan.overdueInterestFen) {
    throw new InvariantError(
      `loan ${loan.id}: billed installments (principal ${principal}, interest ${interest}) differ from the overdue balances (${loan.overduePrincipalFen}, ${loan.overdueInterestFen})`,
    );
  }
  const firstPeriod = billed[0]?.period ?? 0;
  const items: DueItem[] = [
    { period: firstPeriod, component: 'PENALTY', dueFen: loan.penaltyFen },
    { period: firstPeriod, component: 'COMPOUND', dueFen: loan.compoundFen },
  ];
  for (const r of billed) {
    items.push({ period: r.period, component: 'INTEREST', dueFen: r.interestFen - r.paidInterestFen });
    items.push({ period: r.period, component: 'PRINCIPAL', dueFen: r.principalFen - r.paidPrincipalFen });
  }
  return items;
}

export function totalDue(items: DueItem[]): bigint {
  return sumFen(items.map((i) => i.dueFen));
}

/** The period not yet billed that contains `date` (start ≤ date ≤ due), or null. */
function currentPeriod(rows: ScheduleRow[], date: IsoDate): ScheduleRow | null {
  return rows.find((r) => r.status !== 'PAID' && compareDates(r.startDate, date) <= 0 && compareDates(date, r.dueDate) <= 0) ?? null;
}

function settlementOf(loan: LoanState, rows: ScheduleRow[], date: IsoDate): SettlementAmount {
  const billedThrough = addDays(date, -1);
  const current = currentPeriod(
    rows.filter((r) => compareDates(r.dueDate, billedThrough) > 0),
    date,
  );
  return fullSettlementAmount({
    date,
    outstandingPrincipalFen: loan.outstandingPrincipalFen,
    currentPeriod: current,
    unpaidInterestFen: loan.overdueInterestFen,
    penaltyFen: loan.penaltyFen,
    compoundFen: loan.compoundFen,
  });
}

// ---------------------------------------------------------------------------------------------
// commands

/**
 * A repayment by a customer (own loan) or staff (scoped). Staff taking the loan's day total above 50,000 yuan: a review request
 * (202 { reviewRequestId }) applied on approval. Same key → the same result; another request under
 * the same key → CONFLICT.
 */
export async function repay(
  ctx: AppContext,
  cmd: CommandContext,
  loanId: number,
  idempotencyKey: string,
  req: RepaymentRequest,
  hooks: RepaymentHooks,
): Promise<RepaymentResult | { reviewRequestId: number; status: 'PENDING' }> {
  const key = checkKey(idempotencyKey);
  const loan = cmd.customer ? await getLoanForCustomer(ctx.db, cmd.customer.customerId, loanId) : await getLoanForStaff(ctx.db, requireActorOf(cmd), loanId);
  const amountFen = parseYuan(req.amount);
  if (amountFen <= 0n) throw new AppError('INVALID_AMOUNT', { field: 'amount', reason: 'NOT_POSITIVE' });
  const mode = req.mode ?? 'DUE';
  return withTx(ctx.db, async (tx) => {
    // The day's total per loan counts, so that splitting one large repayment does not evade review.
    // It is read under the loan's lock: two staff repayments at once are counted one after the other,
    // so that together they cannot slip under the threshold.
    if (!cmd.customer) {
      await lockLoan(tx, loan.customerId, loanId);
      if ((await staffRepaidToday(tx, loan.customerId, loanId)) + amountFen > STAFF_REPAYMENT_REVIEW_THRESHOLD_FEN) {
        const existing = await repaymentByKey(tx, loan.customerId, key);
        if (existing) return replay(existing, loanId, req);
        const r = await submitChange<RepaymentChangePayload>(tx, cmd, {
          type: REPAYMENT_CHANGE_TYPE,
          payload: { loanId, customerId: loan.customerId, branchId: loan.branchId, idempotencyKey: key, amount: req.amount, mode, prepaymentChoice: req.prepaymentChoice },
          targetType: 'loan',
          targetId: loanId,
        });
        if (r.status === 'APPLIED_DIRECTLY') {
          const done = await repaymentByKey(tx, loan.customerId, key);
          if (!done) throw new InvariantError('directly applied repayment not found');
          return toResult(done);
        }
        return { reviewRequestId: r.requestId, status: 'PENDING' as const };
      }
    }
    return repayInTx(tx, cmd, loanId, key, req, hooks, { source: cmd.customer ? 'CUSTOMER' : 'STAFF', customerId: loan.customerId });
  });
}

/**
 * What staff have repaid on a loan on the current business date and still stands (not reversed):
 * manual repayments, and early repayments (whose record does not say who made them, so a customer's
 * own early repayment counts too — the stricter reading).
 */
async function staffRepaidToday(db: Db | Tx, customerId: number, loanId: number): Promise<bigint> {
  const bd = await getBusinessDate(db);
  const row = await queryOne<{ fen: string | number | null }>(
    db,
    sql`SELECT coalesce(sum(amount_fen), 0) AS fen FROM loan_repayments
        WHERE customer_id = ${customerId} AND loan_id = ${loanId} AND business_date = ${bd}::date
          AND status = 'POSTED' AND source IN ('STAFF', 'EARLY_PARTIAL', 'EARLY_FULL')`,
  );
  return BigInt(row?.fen ?? 0);
}

function requireActorOf(cmd: CommandContext) {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

function checkKey(key: string | undefined): string {
  if (typeof key !== 'string' || key.trim() === '') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  if (key.length > 128) throw new AppError('VALIDATION_FAILED', { field: 'Idempotency-Key', reason: 'TOO_LONG', max: 128 });
  return key.trim();
}

interface RepayOptions {
  source: 'CUSTOMER' | 'STAFF' | 'AUTO_DEBIT';
  customerId?: number;
  reviewRequestId?: number;
  /** End-of-day: the day being closed (billed through it) and a partial debit. */
  eodDate?: IsoDate;
}

async function repayInTx(
  tx: Tx,
  cmd: CommandContext,
  loanId: number,
  key: string,
  req: RepaymentRequest,
  hooks: RepaymentHooks,
  opts: RepayOptions,
): Promise<RepaymentResult> {
  const customerId = opts.customerId ?? (await customerIdOf(tx, loanId));
  const loan = await lockLoan(tx, customerId, loanId);
  if (opts.source !== 'AUTO_DEBIT' && (await eodGuard(tx, loanId))) throw new AppError('EOD_IN_PROGRESS', { loanId });
  const existing = await repaymentByKey(tx, customerId, key);
  if (existing) return replay(existing, loanId, req);
  if (loan.status !== 'ACTIVE') throw new AppError('LOAN_NOT_ACTIVE', { loanId, status: loan.status });

  const mode: RepaymentMode = req.mode ?? 'DUE';
  const bd = opts.eodDate ?? (await getBusinessDate(tx));
  const billedThrough = opts.eodDate ?? addDays(bd, -1);
  const rows = await scheduleRows(tx, customerId, loanId);
  const items = dueItems(loan, rows, billedThrough);
  const dueFen = totalDue(items);
  let amountFen = parseYuan(req.amount);
  if (amountFen <= 0n) throw new AppError('INVALID_AMOUNT', { field: 'amount', reason: 'NOT_POSITIVE' });

  const plan = planRepayment(loan, rows, items, dueFen, amountFen, mode, req.prepaymentChoice, bd);
  const repaymentId = await nextRepaymentId(tx);
  const debit = await core.debit(tx, {
    customerId,
    accountNo: loan.accountNo,
    amountFen,
    reference: `repayment:${loanId}:${key}`,
    businessDate: bd,
    memo: `贷款还款 loan ${loanId}`,
    allowPartial: opts.source === 'AUTO_DEBIT',
  });
  if (debit.debitedFen !== amountFen) throw new InvariantError('core debited a different amount than asked');
  amountFen = debit.debitedFen;

  const before = rows;
  const changed = await applyPlan(tx, loan, rows, plan, bd, hooks);
  const entryId = await postRepaymentEntry(tx, loan, plan, amountFen, bd, repaymentId);
  const record = repaymentRecord(loan, before, plan, changed, amountFen, mode, req.prepaymentChoice, opts.reviewRequestId);
  const source = opts.source === 'AUTO_DEBIT' ? 'AUTO_DEBIT' : mode === 'EARLY_PARTIAL' ? 'EARLY_PARTIAL' : mode === 'EARLY_FULL' ? 'EARLY_FULL' : opts.source;
  await tx.execute(
    sql`INSERT INTO loan_repayments (customer_id, id, loan_id, idempotency_key, source, amount_fen, principal_fen, interest_fen,
          penalty_fen, compound_fen, allocation, status, business_date, entry_id, created_at)
        VALUES (${customerId}, ${repaymentId}, ${loanId}, ${key}, ${source}, ${amountFen.toString()}, ${plan.principalFen.toString()},
          ${plan.interestFen.toString()}, ${plan.penaltyFen.toString()}, ${plan.compoundFen.toString()}, ${JSON.stringify(record)}::jsonb,
          'POSTED', ${bd}::date, ${entryId}, ${nowParam()})`,
  );
  await auditCommand(tx, cmd, opts.source === 'AUTO_DEBIT' ? 'repayment.auto_debit' : 'repayment.create', { type: 'loan', id: loanId }, {
    repaymentId,
    amount: formatYuan(amountFen),
    mode,
    source,
    reviewRequestId: opts.reviewRequestId ?? null,
  });
  const stored = await repaymentByKey(tx, customerId, key);
  if (!stored) throw new InvariantError('repayment not stored');
  return toResult(stored);
}

/**
 * The allocation record stored with a repayment (loan_repayments.allocation): what a reversal needs
 * to restore the loan and schedule. `changed`: the periods the repayment wrote (−1: pledge released).
 */
export function repaymentRecord(
  loan: LoanState,
  before: ScheduleRow[],
  plan: Plan,
  changed: Set<number>,
  amountFen: bigint,
  mode: RepaymentMode,
  choice: PrepaymentChoice | undefined,
  reviewRequestId: number | undefined,
) {
  const touched = before.filter((r) => changed.has(r.period) || (plan.rebuiltFrom !== null && r.period >= plan.rebuiltFrom));
  return {
    request: { amount: formatYuan(amountFen), mode, prepaymentChoice: choice ?? null },
    lines: plan.lines.map((l) => ({ period: l.period, component: l.component, amountFen: l.amountFen.toString() })),
    delta: Object.fromEntries(Object.entries(plan.delta).map(([k, v]) => [k, v.toString()])),
    statusBefore: loan.status,
    maturityBefore: loan.maturityDate,
    rebuiltFrom: plan.rebuiltFrom,
    scheduleBefore: touched.map((r) => ({ ...r, principalFen: r.principalFen.toString(), interestFen: r.interestFen.toString(), paymentFen: r.paymentFen.toString(), remainingPrincipalFen: r.remainingPrincipalFen.toString(), paidPrincipalFen: r.paidPrincipalFen.toString(), paidInterestFen: r.paidInterestFen.toString() })),
    pledgeReleased: plan.settles ? changed.has(-1) : false,
    outstandingPrincipalFen: (loan.outstandingPrincipalFen - plan.principalFen).toString(),
    loanStatus: plan.settles ? 'SETTLED' : loan.status,
    reviewRequestId: reviewRequestId ?? null,
  };
}

export interface Plan {
  lines: Array<{ period: number; component: DueComponent; amountFen: bigint }>;
  principalFen: bigint;
  interestFen: bigint;
  penaltyFen: bigint;
  compoundFen: bigint;
  /** Interest of today not yet accrued by end-of-day (recognised directly as income). */
  unaccruedInterestFen: bigint;
  /** Decrements of the loan's balances (added back by a reversal). */
  delta: {
    outstandingPrincipalFen: bigint;
    overduePrincipalFen: bigint;
    overdueInterestFen: bigint;
    accruedInterestFen: bigint;
    penaltyFen: bigint;
    compoundFen: bigint;
    offBalanceFen: bigint;
  };
  /** Per period: principal and interest paid on the row (billed rows). */
  rowPaid: Map<number, { principalFen: bigint; interestFen: bigint }>;
  rebuiltFrom: number | null;
  rebuilt: Installment[] | null;
  settles: boolean;
}

export function planRepayment(
  loan: LoanState,
  rows: ScheduleRow[],
  items: DueItem[],
  dueFen: bigint,
  amountFen: bigint,
  mode: RepaymentMode,
  choice: PrepaymentChoice | undefined,
  bd: IsoDate,
): Plan {
  const plan: Plan = {
    lines: [],
    principalFen: 0n,
    interestFen: 0n,
    penaltyFen: 0n,
    compoundFen: 0n,
    unaccruedInterestFen: 0n,
    delta: { outstandingPrincipalFen: 0n, overduePrincipalFen: 0n, overdueInterestFen: 0n, accruedInterestFen: 0n, penaltyFen: 0n, compoundFen: 0n, offBalanceFen: 0n },
    rowPaid: new Map(),
    rebuiltFrom: null,
    rebuilt: null,
    settles: false,
  };
  const notDue = rows.filter((r) => !items.some((i) => i.period === r.period && i.component === 'PRINCIPAL') && r.status !== 'PAID');

  if (mode === 'EARLY_FULL') {
    const s = settlementOf(loan, rows, bd);
    if (amountFen !== s.totalFen) {
      throw new AppError('AMOUNT_OUT_OF_RANGE', { reason: 'SETTLEMENT_AMOUNT', settlementAmount: formatYuan(s.totalFen), amount: formatYuan(amountFen) });
    }
  } else if (mode === 'DUE') {
    if (dueFen === 0n) throw new AppError('AMOUNT_OUT_OF_RANGE', { reason: 'NOTHING_DUE', maximum: '0.00' });
    if (amountFen > dueFen) throw new AppError('AMOUNT_OUT_OF_RANGE', { reason: 'MORE_THAN_DUE', maximum: formatYuan(dueFen) });
  }

  const alloc = allocateRepayment(items, mode === 'DUE' ? amountFen : amountFen < dueFen ? amountFen : dueFen);
  for (const l of alloc.lines) {
    plan.lines.push({ period: l.period, component: l.component, amountFen: l.allocatedFen });
    if (l.component === 'PRINCIPAL' || l.component === 'INTEREST') {
      const cur = plan.rowPaid.get(l.period) ?? { principalFen: 0n, interestFen: 0n };
      if (l.component === 'PRINCIPAL') cur.principalFen += l.allocatedFen;
      else cur.interestFen += l.allocatedFen;
      plan.rowPaid.set(l.period, cur);
    }
  }
  plan.penaltyFen = alloc.byComponent.PENALTY;
  plan.compoundFen = alloc.byComponent.COMPOUND;
  plan.interestFen = alloc.byComponent.INTEREST;
  plan.principalFen = alloc.byComponent.PRINCIPAL;
  plan.delta.overduePrincipalFen = alloc.byComponent.PRINCIPAL;
  plan.delta.overdueInterestFen = alloc.byComponent.INTEREST;
  plan.delta.penaltyFen = plan.penaltyFen;
  plan.delta.compoundFen = plan.compoundFen;
  let rest = amountFen - alloc.allocatedFen;

  if (mode === 'EARLY_PARTIAL') {
    const current = notDue[0];
    if (rest <= 0n || !current) throw new AppError('AMOUNT_OUT_OF_RANGE', { reason: 'NOTHING_TO_PREPAY', minimum: formatYuan(dueFen + 1n) });
    if (compareDates(current.startDate, bd) > 0 || compareDates(bd, current.dueDate) >= 0) {
      throw new AppError('PREPAYMENT_NOT_ALLOWED', { reason: 'DUE_TODAY', dueDate: current.dueDate });
    }
    const remaining = notDue.map((r) => ({ ...r, status: undefined })) as unknown as Installment[];
    const outstandingNotDue = sumFen(notDue.map((r) => r.principalFen - r.paidPrincipalFen));
    const interestToDate = accruedThrough(current, bd);
    const prepaid = rest - interestToDate;
    if (prepaid <= 0n || prepaid >= outstandingNotDue) {
      throw new AppError('AMOUNT_OUT_OF_RANGE', {
        reason: prepaid <= 0n ? 'PREPAYMENT_TOO_SMALL' : 'USE_FULL_SETTLEMENT',
        minimum: formatYuan(dueFen + interestToDate + 1n),
        maximum: formatYuan(dueFen + interestToDate + outstandingNotDue - 1n),
      });
    }
    const r = rebuildAfterPartialPrepayment({
      remaining,
      outstandingPrincipalFen: outstandingNotDue,
      prepaidPrincipalFen: prepaid,
      annualRatePct: loan.annualRatePct,
      method: loan.method,
      dayCountBasis: loan.dayCountBasis,
      choice: choice ?? 'LOWER_INSTALLMENT',
      date: bd,
    });
    addCurrentInterest(plan, loan, current.period, interestToDate);
    plan.lines.push({ period: current.period, component: 'PRINCIPAL', amountFen: prepaid });
    plan.principalFen += prepaid;
    plan.rebuiltFrom = current.period;
    plan.rebuilt = r.installments;
    rest = 0n;
  } else if (mode === 'EARLY_FULL') {
    const current = currentPeriod(notDue, bd);
    const s = settlementOf(loan, rows, bd);
    addCurrentInterest(plan, loan, current?.period ?? 0, s.interestToDateFen);
    const notDuePrincipal = sumFen(notDue.map((r) => r.principalFen - r.paidPrincipalFen));
    if (notDuePrincipal > 0n) plan.lines.push({ period: notDue[0].period, component: 'PRINCIPAL', amountFen: notDuePrincipal });
    plan.principalFen += notDuePrincipal;
    for (const r of notDue) plan.rowPaid.set(r.period, { principalFen: r.principalFen - r.paidPrincipalFen, interestFen: 0n });
    if (current) plan.rowPaid.set(current.period, { principalFen: current.principalFen - current.paidPrincipalFen, interestFen: s.interestToDateFen });
    plan.settles = true;
    rest = 0n;
  }
  if (rest !== 0n) throw new InvariantError('repayment left an unallocated remainder');
  // Paying what is due that leaves nothing owed (the last installment, everything billed) settles
  // the loan as a full settlement does: closed, every row paid, pledged CDs released.
  if (
    mode === 'DUE' &&
    !plan.settles &&
    plan.principalFen === loan.outstandingPrincipalFen &&
    loan.accruedInterestFen === 0n &&
    plan.interestFen === loan.overdueInterestFen &&
    plan.penaltyFen === loan.penaltyFen &&
    plan.compoundFen === loan.compoundFen &&
    loan.overduePrincipalFen === plan.principalFen
  ) {
    plan.settles = true;
  }
  plan.delta.outstandingPrincipalFen = plan.principalFen;
  const offBalanceCollected = plan.delta.overdueInterestFen + plan.delta.accruedInterestFen + plan.penaltyFen + plan.compoundFen;
  plan.delta.offBalanceFen = loan.nonAccrual ? (offBalanceCollected < loan.offBalanceFen ? offBalanceCollected : loan.offBalanceFen) : 0n;
  if (plan.principalFen + plan.interestFen + plan.penaltyFen + plan.compoundFen !== amountFen) {
    throw new InvariantError('repayment parts do not add up to the amount');
  }
  return plan;
}

/** The current period's interest to date: what end-of-day accrued (through yesterday) and today's rest. */
function addCurrentInterest(plan: Plan, loan: LoanState, period: number, interestToDateFen: bigint): void {
  if (interestToDateFen < loan.accruedInterestFen) {
    throw new InvariantError(`loan ${loan.id}: accrued interest ${loan.accruedInterestFen} exceeds the interest to date ${interestToDateFen}`);
  }
  if (interestToDateFen > 0n) plan.lines.push({ period, component: 'INTEREST', amountFen: interestToDateFen });
  plan.interestFen += interestToDateFen;
  plan.delta.accruedInterestFen = loan.accruedInterestFen;
  plan.unaccruedInterestFen = interestToDateFen - loan.accruedInterestFen;
}

/** Writes the plan to the loan and its schedule; returns the periods changed (−1: pledge released). */
async function applyPlan(tx: Tx, loan: LoanState, rows: ScheduleRow[], plan: Plan, bd: IsoDate, hooks: RepaymentHooks): Promise<Set<number>> {
  const changed = new Set<number>();
  const d = plan.delta;
  await tx.execute(
    sql`UPDATE loans SET
          outstanding_principal_fen = outstanding_principal_fen - ${d.outstandingPrincipalFen.toString()},
          overdue_principal_fen = overdue_principal_fen - ${d.overduePrincipalFen.toString()},
          overdue_interest_fen = overdue_interest_fen - ${d.overdueInterestFen.toString()},
          penalty_accrued_fen = penalty_accrued_fen - ${d.penaltyFen.toString()},
          compound_accrued_fen = compound_accrued_fen - ${d.compoundFen.toString()},
          off_balance_interest_fen = off_balance_interest_fen - ${d.offBalanceFen.toString()},
          status = ${plan.settles ? 'SETTLED' : loan.status},
          settled_on = ${plan.settles ? bd : null}::date,
          maturity_date = ${plan.rebuilt ? plan.rebuilt[plan.rebuilt.length - 1].dueDate : loan.maturityDate}::date
        WHERE customer_id = ${loan.customerId} AND id = ${loan.id}`,
  );
  await addAccrued(tx, loan.customerId, loan.id, -d.accruedInterestFen);
  if (plan.rebuilt && plan.rebuiltFrom !== null) {
    await tx.execute(sql`DELETE FROM loan_schedule WHERE customer_id = ${loan.customerId} AND loan_id = ${loan.id} AND period >= ${plan.rebuiltFrom}`);
    await insertRows(tx, loan, plan.rebuilt.map((r) => ({ ...r, status: 'PENDING', paidPrincipalFen: 0n, paidInterestFen: 0n })));
  }
  for (const u of scheduleUpdates(rows, plan)) {
    changed.add(u.period);
    if (u.statusOnly) {
      await tx.execute(sql`UPDATE loan_schedule SET status = 'PAID' WHERE customer_id = ${loan.customerId} AND loan_id = ${loan.id} AND period = ${u.period}`);
      continue;
    }
    await tx.execute(
      sql`UPDATE loan_schedule SET paid_principal_fen = ${u.paidPrincipalFen.toString()}, paid_interest_fen = ${u.paidInterestFen.toString()}, status = ${u.status}
          WHERE customer_id = ${loan.customerId} AND loan_id = ${loan.id} AND period = ${u.period}`,
    );
  }
  if (plan.principalFen > 0n) await hooks.restoreLine(tx, loan.customerId, loan.creditLineId, plan.principalFen);
  if (plan.settles && hooks.releasePledge) {
    const released = await hooks.releasePledge(tx, loan.customerId, loan.creditLineId);
    if (released) changed.add(-1);
  }
  return changed;
}

/** A schedule row's new paid amounts and status after a plan (statusOnly: a settled row, amounts unchanged). */
export interface ScheduleUpdate {
  period: number;
  paidPrincipalFen: bigint;
  paidInterestFen: bigint;
  status: string;
  statusOnly: boolean;
}

/** The schedule rows a plan changes (rows: the loan's rows before the repayment), in the order they are written. */
export function scheduleUpdates(rows: ScheduleRow[], plan: Plan): ScheduleUpdate[] {
  const out: ScheduleUpdate[] = [];
  for (const [period, paid] of plan.rowPaid) {
    const row = rows.find((r) => r.period === period);
    if (!row) continue;
    const pp = row.paidPrincipalFen + paid.principalFen;
    const pi = plan.settles ? paid.interestFen + row.paidInterestFen : row.paidInterestFen + paid.interestFen;
    const full = pp === row.principalFen && pi === row.interestFen;
    const status = plan.settles || full ? 'PAID' : pp > 0n || pi > 0n ? 'PARTIAL' : row.status;
    out.push({ period, paidPrincipalFen: pp, paidInterestFen: pi, status, statusOnly: false });
  }
  if (plan.settles) {
    for (const r of rows.filter((x) => x.status !== 'PAID' && !plan.rowPaid.has(x.period))) {
      out.push({ period: r.period, paidPrincipalFen: r.paidPrincipalFen, paidInterestFen: r.paidInterestFen, status: 'PAID', statusOnly: true });
    }
  }
  return out;
}

async function insertRows(tx: Tx, loan: LoanState, rows: Array<Omit<ScheduleRow, 'status'> & { status: string }>): Promise<void> {
  for (const r of rows) {
    await tx.execute(
      sql`INSERT INTO loan_schedule (customer_id, loan_id, period, start_date, due_date, days, principal_fen, interest_fen, payment_fen,
            remaining_principal_fen, status, paid_principal_fen, paid_interest_fen)
          VALUES (${loan.customerId}, ${loan.id}, ${r.period}, ${r.startDate}::date, ${r.dueDate}::date, ${r.days}, ${r.principalFen.toString()},
            ${r.interestFen.toString()}, ${r.paymentFen.toString()}, ${r.remainingPrincipalFen.toString()}, ${r.status},
            ${r.paidPrincipalFen.toString()}, ${r.paidInterestFen.toString()})`,
    );
  }
}

async function postRepaymentEntry(tx: Tx, loan: LoanState, plan: Plan, amountFen: bigint, bd: IsoDate, repaymentId: number): Promise<number> {
  const { entryId } = await postEntry(tx, {
    customerId: loan.customerId,
    businessDate: bd,
    eventType: 'REPAYMENT',
    reference: `repayment:${repaymentId}`,
    memo: repaymentMemo(loan.id, repaymentId),
    productCode: loan.productCode,
    lines: repaymentLines(loan, plan, amountFen),
  });
  return entryId;
}

export function repaymentMemo(loanId: number, repaymentId: number): string {
  return `贷款还款 loan ${loanId} repayment ${repaymentId}`;
}

/** The lines of a repayment's entry (event REPAYMENT, reference repayment:<id>); zero lines left out. */
export function repaymentLines(loan: LoanState, plan: Plan, amountFen: bigint): Array<{ accountCode: string; loanId: number; debitFen?: bigint; creditFen?: bigint }> {
  const L = loan.id;
  const lines: Array<{ accountCode: string; loanId: number; debitFen?: bigint; creditFen?: bigint }> = [
    { accountCode: ACCOUNTS.CUSTOMER_DEPOSITS, loanId: L, debitFen: amountFen },
    { accountCode: ACCOUNTS.LOANS_RECEIVABLE, loanId: L, creditFen: plan.principalFen },
  ];
  const accruedInterestPaid = plan.interestFen - plan.unaccruedInterestFen;
  if (loan.nonAccrual) {
    lines.push({ accountCode: ACCOUNTS.INTEREST_INCOME, loanId: L, creditFen: plan.interestFen });
    lines.push({ accountCode: ACCOUNTS.PENALTY_INCOME, loanId: L, creditFen: plan.penaltyFen + plan.compoundFen });
    lines.push({ accountCode: ACCOUNTS.OFF_BALANCE_CONTRA, loanId: L, debitFen: plan.delta.offBalanceFen });
    lines.push({ accountCode: ACCOUNTS.OFF_BALANCE_INTEREST, loanId: L, creditFen: plan.delta.offBalanceFen });
  } else {
    lines.push({ accountCode: ACCOUNTS.INTEREST_RECEIVABLE, loanId: L, creditFen: accruedInterestPaid + plan.penaltyFen + plan.compoundFen });
    lines.push({ accountCode: ACCOUNTS.INTEREST_INCOME, loanId: L, creditFen: plan.unaccruedInterestFen });
  }
  return lines.filter((l) => (l.debitFen ?? 0n) > 0n || (l.creditFen ?? 0n) > 0n);
}

async function nextRepaymentId(tx: Tx): Promise<number> {
  const r = await queryOne<{ id: string }>(tx, sql`SELECT nextval('loan_repayments_id_seq')::text AS id`);
  return Number(r!.id);
}

async function customerIdOf(tx: Tx, loanId: number): Promise<number> {
  const r = await queryOne<{ c: string }>(tx, sql`SELECT customer_id::text AS c FROM loan_index WHERE loan_id = ${loanId}`);
  if (!r) throw new AppError('LOAN_NOT_FOUND', { loanId });
  return Number(r.c);
}

// ---------------------------------------------------------------------------------------------
// stored repayments

interface RepaymentRecord {
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

interface StoredAllocation {
  request?: { amount: string; mode: RepaymentMode; prepaymentChoice: PrepaymentChoice | null };
  lines?: Array<{ period: number; component: DueComponent; amountFen: string }>;
  delta?: Record<string, string>;
  statusBefore?: string;
  maturityBefore?: IsoDate;
  rebuiltFrom?: number | null;
  scheduleBefore?: Array<Record<string, string | number>>;
  pledgeReleased?: boolean;
  outstandingPrincipalFen?: string;
  loanStatus?: RepaymentResult['loanStatus'];
}

const SELECT_REPAYMENT = sql`SELECT customer_id::text, id::text, loan_id::text, idempotency_key, source, amount_fen::text, principal_fen::text,
  interest_fen::text, penalty_fen::text, compound_fen::text, allocation, status, reverses_id::text, business_date::text, entry_id::text,
  created_at::text FROM loan_repayments`;

async function repaymentByKey(tx: Tx | Db, customerId: number, key: string): Promise<RepaymentRecord | undefined> {
  return queryOne<RepaymentRecord>(tx, sql`${SELECT_REPAYMENT} WHERE customer_id = ${customerId} AND idempotency_key = ${key}`);
}

function allocationOf(r: RepaymentRecord): StoredAllocation {
  return typeof r.allocation === 'string' ? (JSON.parse(r.allocation) as StoredAllocation) : r.allocation;
}

function replay(r: RepaymentRecord, loanId: number, req: RepaymentRequest): RepaymentResult {
  const a = allocationOf(r);
  const same =
    Number(r.loan_id) === loanId &&
    r.source !== 'REVERSAL' &&
    a.request !== undefined &&
    parseYuan(a.request.amount) === parseYuan(req.amount) &&
    a.request.mode === (req.mode ?? 'DUE') &&
    (a.request.prepaymentChoice ?? null) === (req.prepaymentChoice ?? null);
  if (!same) throw new AppError('CONFLICT', { reason: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: r.idempotency_key });
  return toResult(r);
}

function toResult(r: RepaymentRecord): RepaymentResult {
  const a = allocationOf(r);
  return {
    repaymentId: Number(r.id),
    loanId: Number(r.loan_id),
    amount: formatYuan(BigInt(r.amount_fen)),
    mode: a.request?.mode ?? 'DUE',
    source: r.source,
    businessDate: r.business_date,
    allocation: (a.lines ?? []).map((l) => ({ period: l.period, component: l.component, amount: formatYuan(BigInt(l.amountFen)) })),
    principal: formatYuan(BigInt(r.principal_fen)),
    interest: formatYuan(BigInt(r.interest_fen)),
    penalty: formatYuan(BigInt(r.penalty_fen)),
    compound: formatYuan(BigInt(r.compound_fen)),
    outstandingPrincipal: formatYuan(BigInt(a.outstandingPrincipalFen ?? '0')),
    loanStatus: a.loanStatus ?? 'ACTIVE',
    status: r.status,
  };
}

function toView(r: RepaymentRecord): RepaymentView {
  return {
    ...toResult(r),
    idempotencyKey: r.idempotency_key,
    reversesId: r.reverses_id === null ? null : Number(r.reverses_id),
    entryId: r.entry_id === null ? null : Number(r.entry_id),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** A loan's repayments and reversals, oldest first (the caller checked access to the loan). */
export async function listRepayments(db: Db | Tx, customerId: number, loanId: number): Promise<RepaymentView[]> {
  const rows = await queryRows<RepaymentRecord>(db, sql`${SELECT_REPAYMENT} WHERE customer_id = ${customerId} AND loan_id = ${loanId} ORDER BY id`);
  return rows.map(toView);
}

/** Totals for the loan view: repayments posted and not reversed. */
export async function repaymentSummary(db: Db | Tx, customerId: number, loanId: number) {
  const r = await queryOne<Record<string, string>>(
    db,
    sql`SELECT count(*)::text AS n, coalesce(sum(amount_fen),0)::text AS a, coalesce(sum(principal_fen),0)::text AS p,
               coalesce(sum(interest_fen),0)::text AS i, coalesce(sum(penalty_fen + compound_fen),0)::text AS pc, max(business_date)::text AS last
          FROM loan_repayments WHERE customer_id = ${customerId} AND loan_id = ${loanId} AND status = 'POSTED' AND source <> 'REVERSAL'`,
  );
  return {
    count: Number(r?.n ?? 0),
    totalPaid: formatYuan(BigInt(r?.a ?? '0')),
    principalPaid: formatYuan(BigInt(r?.p ?? '0')),
    interestPaid: formatYuan(BigInt(r?.i ?? '0')),
    penaltyAndCompoundPaid: formatYuan(BigInt(r?.pc ?? '0')),
    lastRepaymentDate: r?.last ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// settlement quote

export interface SettlementQuote {
  loanId: number;
  date: IsoDate;
  principal: string;
  interestToDate: string;
  unpaidInterest: string;
  penalty: string;
  compound: string;
  fees: string;
  total: string;
  amountDue: string;
}

/** What settles the loan on `date` (default: the business date; a later date only within the current period). */
export async function settlementQuote(ctx: AppContext, cmd: CommandContext, loanId: number, date?: IsoDate): Promise<SettlementQuote> {
  const view = cmd.customer ? await getLoanForCustomer(ctx.db, cmd.customer.customerId, loanId) : await getLoanForStaff(ctx.db, requireActorOf(cmd), loanId);
  if (view.status !== 'ACTIVE') throw new AppError('LOAN_NOT_ACTIVE', { loanId, status: view.status });
  const bd = await getBusinessDate(ctx.db);
  const d = date ?? bd;
  return withTx(ctx.db, async (tx) => {
    const loan = await lockLoan(tx, view.customerId, loanId);
    const rows = await scheduleRows(tx, loan.customerId, loanId);
    const items = dueItems(loan, rows, addDays(bd, -1));
    if (compareDates(d, bd) < 0) throw new AppError('VALIDATION_FAILED', { field: 'date', reason: 'BEFORE_BUSINESS_DATE', businessDate: bd });
    const current = currentPeriod(rows.filter((r) => compareDates(r.dueDate, bd) >= 0), bd);
    if (compareDates(d, bd) > 0 && (!current || compareDates(d, current.dueDate) > 0)) {
      throw new AppError('VALIDATION_FAILED', { field: 'date', reason: 'BEYOND_CURRENT_PERIOD', latest: current?.dueDate ?? bd });
    }
    const s = settlementOf(loan, rows, d);
    return {
      loanId,
      date: d,
      principal: formatYuan(s.principalFen),
      interestToDate: formatYuan(s.interestToDateFen),
      unpaidInterest: formatYuan(s.unpaidInterestFen),
      penalty: formatYuan(s.penaltyFen),
      compound: formatYuan(s.compoundFen),
      fees: formatYuan(s.feesFen),
      total: formatYuan(s.totalFen),
      amountDue: formatYuan(totalDue(items)),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// reversal

/** Reverses a repayment (e.g. a bounced debit): mirror entry, money back, balances restored. */
export async function reverseRepayment(
  ctx: AppContext,
  cmd: CommandContext,
  loanId: number,
  repaymentId: number,
  reason: string,
  hooks: RepaymentHooks = startupHooks,
): Promise<RepaymentView> {
  if (typeof reason !== 'string' || reason.trim().length < 2) throw new AppError('VALIDATION_FAILED', { field: 'reason', reason: 'REQUIRED' });
  const view = await getLoanForStaff(ctx.db, requireActorOf(cmd), loanId);
  return withTx(ctx.db, async (tx) => {
    const loan = await lockLoan(tx, view.customerId, loanId);
    if (await eodGuard(tx, loanId)) throw new AppError('EOD_IN_PROGRESS', { loanId });
    const r = await queryOne<RepaymentRecord>(tx, sql`${SELECT_REPAYMENT} WHERE customer_id = ${loan.customerId} AND id = ${repaymentId} AND loan_id = ${loanId}`);
    if (!r || r.source === 'REVERSAL') throw new AppError('REPAYMENT_NOT_FOUND', { loanId, repaymentId });
    if (r.status === 'REVERSED') throw new AppError('REPAYMENT_ALREADY_REVERSED', { repaymentId });
    const bd = await getBusinessDate(tx);
    const a = allocationOf(r);
    const later = await queryOne<{ id: string }>(
      tx,
      sql`SELECT id::text FROM loan_repayments WHERE customer_id = ${loan.customerId} AND loan_id = ${loanId} AND status = 'POSTED'
            AND source <> 'REVERSAL' AND id > ${repaymentId} LIMIT 1`,
    );
    if (later) throw new AppError('REPAYMENT_NOT_REVERSIBLE', { reason: 'LATER_REPAYMENT', laterRepaymentId: Number(later.id) });
    if ((r.source === 'EARLY_PARTIAL' || r.source === 'EARLY_FULL') && r.business_date !== bd) {
      throw new AppError('REPAYMENT_NOT_REVERSIBLE', { reason: 'EARLY_REPAYMENT_OF_ANOTHER_DAY', businessDate: r.business_date });
    }
    if (a.pledgeReleased) throw new AppError('REPAYMENT_NOT_REVERSIBLE', { reason: 'PLEDGE_RELEASED' });

    const d = a.delta ?? {};
    const v = (k: string) => BigInt(d[k] ?? '0');
    await tx.execute(
      sql`UPDATE loans SET
            outstanding_principal_fen = outstanding_principal_fen + ${v('outstandingPrincipalFen').toString()},
            overdue_principal_fen = overdue_principal_fen + ${v('overduePrincipalFen').toString()},
            overdue_interest_fen = overdue_interest_fen + ${v('overdueInterestFen').toString()},
            penalty_accrued_fen = penalty_accrued_fen + ${v('penaltyFen').toString()},
            compound_accrued_fen = compound_accrued_fen + ${v('compoundFen').toString()},
            off_balance_interest_fen = off_balance_interest_fen + ${v('offBalanceFen').toString()},
            status = ${a.statusBefore ?? 'ACTIVE'}, settled_on = NULL, maturity_date = ${a.maturityBefore ?? loan.maturityDate}::date
          WHERE customer_id = ${loan.customerId} AND id = ${loanId}`,
    );
    await addAccrued(tx, loan.customerId, loanId, v('accruedInterestFen'));
    const before = (a.scheduleBefore ?? []).map((x) => ({
      period: Number(x.period),
      startDate: String(x.startDate),
      dueDate: String(x.dueDate),
      days: Number(x.days),
      principalFen: BigInt(String(x.principalFen)),
      interestFen: BigInt(String(x.interestFen)),
      paymentFen: BigInt(String(x.paymentFen)),
      remainingPrincipalFen: BigInt(String(x.remainingPrincipalFen)),
      status: String(x.status),
      paidPrincipalFen: BigInt(String(x.paidPrincipalFen)),
      paidInterestFen: BigInt(String(x.paidInterestFen)),
    }));
    if (a.rebuiltFrom !== null && a.rebuiltFrom !== undefined) {
      await tx.execute(sql`DELETE FROM loan_schedule WHERE customer_id = ${loan.customerId} AND loan_id = ${loanId} AND period >= ${a.rebuiltFrom}`);
    }
    for (const row of before) {
      await tx.execute(sql`DELETE FROM loan_schedule WHERE customer_id = ${loan.customerId} AND loan_id = ${loanId} AND period = ${row.period}`);
    }
    await insertRows(tx, loan, before);

    const principalFen = BigInt(r.principal_fen);
    if (principalFen > 0n) await hooks.restoreLine(tx, loan.customerId, loan.creditLineId, -principalFen);
    const reversalId = await nextRepaymentId(tx);
    const { entryId } = await reverseEntry(tx, {
      customerId: loan.customerId,
      entryId: Number(r.entry_id),
      businessDate: bd,
      reference: `reversal:${repaymentId}`,
      memo: `还款冲正 repayment ${repaymentId}: ${reason.trim().slice(0, 200)}`,
    });
    await core.credit(tx, {
      customerId: loan.customerId,
      accountNo: loan.accountNo,
      amountFen: BigInt(r.amount_fen),
      reference: `reversal:${repaymentId}`,
      businessDate: bd,
      memo: `还款冲正 loan ${loanId}`,
    });
    await tx.execute(sql`UPDATE loan_repayments SET status = 'REVERSED' WHERE customer_id = ${loan.customerId} AND id = ${repaymentId}`);
    const record = { reason: reason.trim().slice(0, 500), reverses: repaymentId, lines: a.lines ?? [], outstandingPrincipalFen: (loan.outstandingPrincipalFen + principalFen).toString(), loanStatus: a.statusBefore ?? 'ACTIVE' };
    await tx.execute(
      sql`INSERT INTO loan_repayments (customer_id, id, loan_id, idempotency_key, source, amount_fen, principal_fen, interest_fen,
            penalty_fen, compound_fen, allocation, status, reverses_id, business_date, entry_id, created_at)
          VALUES (${loan.customerId}, ${reversalId}, ${loanId}, ${`reversal:${repaymentId}`}, 'REVERSAL', ${r.amount_fen}, ${r.principal_fen},
            ${r.interest_fen}, ${r.penalty_fen}, ${r.compound_fen}, ${JSON.stringify(record)}::jsonb, 'POSTED', ${repaymentId}, ${bd}::date, ${entryId}, ${nowParam()})`,
    );
    await auditCommand(tx, cmd, 'repayment.reverse', { type: 'loan', id: loanId }, { repaymentId, reversalId, reason: reason.trim().slice(0, 200) });
    const stored = await queryOne<RepaymentRecord>(tx, sql`${SELECT_REPAYMENT} WHERE customer_id = ${loan.customerId} AND id = ${reversalId}`);
    return toView(stored!);
  });
}

// ---------------------------------------------------------------------------------------------
// end-of-day auto-debit

/**
 * AUTO_DEBIT for day D over a loan-id range, one loan at a time (the reference implementation the
 * batch eodAutoDebit of auto-debit.ts is tested against): every active loan with something billed
 * and unpaid is debited from its demand account (partial when it holds less), allocated by the
 * repayment order. Key auto:<loanId>:<D>: a rerun posts nothing twice. Returns the number of
 * repayments posted.
 */
export async function eodAutoDebitPerLoan(tx: Tx, D: IsoDate, range: { fromLoanId: number; toLoanId: number }, hooks: RepaymentHooks = startupHooks): Promise<number> {
  const due = await queryRows<{ customer_id: string; id: string; account: string; due: string }>(
    tx,
    sql`SELECT customer_id::text, id::text, disbursement_account_no AS account,
               (overdue_principal_fen + overdue_interest_fen + penalty_accrued_fen + compound_accrued_fen)::text AS due
          FROM loans
         WHERE id >= ${range.fromLoanId} AND id < ${range.toLoanId} AND status = 'ACTIVE'
           AND overdue_principal_fen + overdue_interest_fen + penalty_accrued_fen + compound_accrued_fen > 0
         ORDER BY id`,
  );
  let posted = 0;
  const system: CommandContext = { actor: null, clientIp: null, lang: 'zh' };
  for (const l of due) {
    const customerId = Number(l.customer_id);
    const key = `auto:${l.id}:${D}`;
    if (await repaymentByKey(tx, customerId, key)) continue;
    const accounts = await core.demandAccounts(tx, customerId);
    const acct = accounts.find((a) => a.accountNo === l.account && a.status === 'ACTIVE');
    if (!acct || acct.balanceFen <= 0n) continue;
    const amountFen = acct.balanceFen < BigInt(l.due) ? acct.balanceFen : BigInt(l.due);
    await repayInTx(tx, system, Number(l.id), key, { amount: formatYuan(amountFen), mode: 'DUE' }, hooks, {
      source: 'AUTO_DEBIT',
      customerId,
      eodDate: D,
    });
    posted += 1;
  }
  return posted;
}
