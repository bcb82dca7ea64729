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
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, InvariantError, addDays, compareDates, formatYuan, parseYuan, type IsoDate } from '../../kernel/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { core } from '../core/index.js';
import { reverseEntry } from '../ledger/index.js';
import { submitChange, type ChangeTypeSpec } from '../review/index.js';
import { addAccrued, clearCachedPeriods } from './accrual-state.js';
import { getLoanForCustomer, getLoanForStaff } from './loans.service.js';
import {
  currentPeriod,
  dueItems,
  planRepayment,
  repaymentSource,
  settlementOf,
  totalDue,
  type LoanState,
  type RepaymentMode,
} from './repayment-plan.js';
import {
  SELECT_REPAYMENT,
  allocationOf,
  customerIdOfLoan,
  insertScheduleRows,
  lockLoan,
  repaymentByKey,
  reserveRepaymentIds,
  scheduleOf,
  scheduleRowOf,
  writeRepayments,
  type RepaymentHooks,
  type RepaymentRow,
} from './repayment-store.js';
import type { DueComponent, PrepaymentChoice } from './servicing/index.js';

export { REPAYMENT_MODES, type RepaymentMode } from './repayment-plan.js';
export type { RepaymentHooks } from './repayment-store.js';

/**
 * Staff manual repayments that take a loan's total of the business day above this amount (50,000
 * yuan) go through review (change type REPAYMENT).
 */
export const STAFF_REPAYMENT_REVIEW_THRESHOLD_FEN = 5_000_000n;
export const REPAYMENT_CHANGE_TYPE = 'REPAYMENT';

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
// what the composition root hands over (ctx.hooks) and the REPAYMENT change type

/**
 * What servicing needs from the modules after it, handed over by the composition root on ctx.hooks so
 * that loans imports none of them: origination's line and pledge hooks and end-of-day's guard.
 */
export interface ServicingHooks extends RepaymentHooks {
  /** True while the end-of-day of the loan's day covers its customer (eod's isLoanInEod): writes get EOD_IN_PROGRESS. */
  isLoanInEod(tx: Tx, customerId: number, loanId: number): Promise<boolean>;
}

/** REPAYMENT: a large staff repayment waits for a second person and is made on approval. */
export const repaymentChange: ChangeTypeSpec<RepaymentChangePayload> = {
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
    const loan = await lockLoan(tx, await customerIdOfLoan(tx, p.loanId), p.loanId);
    await repayLocked(
      tx,
      a.cmd,
      loan,
      p.idempotencyKey,
      { amount: p.amount, mode: p.mode, prepaymentChoice: p.prepaymentChoice },
      a.app.hooks,
      {
        who: 'STAFF',
        reviewRequestId: a.requestId,
      },
    );
  },
};

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
// commands: read once (under the loan's lock), plan (repayment-plan.ts), write (repayment-store.ts)

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
  hooks: ServicingHooks = ctx.hooks,
): Promise<RepaymentResult | { reviewRequestId: number; status: 'PENDING' }> {
  const key = checkKey(idempotencyKey);
  const view = cmd.customer
    ? await getLoanForCustomer(ctx.db, cmd.customer.customerId, loanId)
    : await getLoanForStaff(ctx.db, requireActorOf(cmd), loanId);
  const amountFen = parseYuan(req.amount);
  if (amountFen <= 0n) throw new AppError('INVALID_AMOUNT', { field: 'amount', reason: 'NOT_POSITIVE' });
  return withTx(ctx.db, async (tx) => {
    const loan = await lockLoan(tx, view.customerId, loanId);
    const bd = await getBusinessDate(tx);
    if (!cmd.customer) {
      const review = await reviewIfLarge(ctx, tx, cmd, loan, key, req, amountFen, bd);
      if (review) return review;
    }
    return repayLocked(tx, cmd, loan, key, req, hooks, { who: cmd.customer ? 'CUSTOMER' : 'STAFF', businessDate: bd });
  });
}

/**
 * A staff repayment that takes the loan's total of the business day above the threshold goes to
 * review (the day's total per loan counts, so that splitting one large repayment does not evade
 * it). Read under the loan's lock: two staff repayments at once are counted one after the other, so
 * that together they cannot slip under the threshold. Null: below the threshold, repay directly.
 */
async function reviewIfLarge(
  ctx: AppContext,
  tx: Tx,
  cmd: CommandContext,
  loan: LoanState,
  key: string,
  req: RepaymentRequest,
  amountFen: bigint,
  bd: IsoDate,
): Promise<RepaymentResult | { reviewRequestId: number; status: 'PENDING' } | null> {
  if ((await staffRepaidOn(tx, loan.customerId, loan.id, bd)) + amountFen <= STAFF_REPAYMENT_REVIEW_THRESHOLD_FEN) return null;
  const existing = await repaymentByKey(tx, loan.customerId, key);
  if (existing) return replay(existing, loan.id, req);
  const r = await submitChange<RepaymentChangePayload>(ctx, tx, cmd, {
    type: REPAYMENT_CHANGE_TYPE,
    payload: {
      loanId: loan.id,
      customerId: loan.customerId,
      branchId: loan.branchId,
      idempotencyKey: key,
      amount: req.amount,
      mode: req.mode ?? 'DUE',
      prepaymentChoice: req.prepaymentChoice,
    },
    targetType: 'loan',
    targetId: loan.id,
  });
  if (r.status !== 'APPLIED_DIRECTLY') return { reviewRequestId: r.requestId, status: 'PENDING' as const };
  const done = await repaymentByKey(tx, loan.customerId, key);
  if (!done) throw new InvariantError('directly applied repayment not found');
  return toResult(done);
}

/**
 * What staff have repaid on a loan on business date bd and still stands (not reversed): manual
 * repayments, and early repayments (whose record does not say who made them, so a customer's own
 * early repayment counts too — the stricter reading).
 */
async function staffRepaidOn(tx: Tx, customerId: number, loanId: number, bd: IsoDate): Promise<bigint> {
  const row = await queryOne<{ fen: string | number | null }>(
    tx,
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
  who: 'CUSTOMER' | 'STAFF' | 'AUTO_DEBIT';
  /** The business date (end-of-day: the day being closed); read when absent. */
  businessDate?: IsoDate;
  /** The last billed date: the day before the business date, or (end-of-day) the day being closed. */
  billedThrough?: IsoDate;
  reviewRequestId?: number;
}

/** One repayment of a loan locked by the caller: plan, debit the account, write the plan. */
async function repayLocked(
  tx: Tx,
  cmd: CommandContext,
  loan: LoanState,
  key: string,
  req: RepaymentRequest,
  hooks: ServicingHooks,
  opts: RepayOptions,
): Promise<RepaymentResult> {
  if (opts.who !== 'AUTO_DEBIT' && (await hooks.isLoanInEod(tx, loan.customerId, loan.id)))
    throw new AppError('EOD_IN_PROGRESS', { loanId: loan.id });
  const existing = await repaymentByKey(tx, loan.customerId, key);
  if (existing) return replay(existing, loan.id, req);
  if (loan.status !== 'ACTIVE') throw new AppError('LOAN_NOT_ACTIVE', { loanId: loan.id, status: loan.status });

  const mode: RepaymentMode = req.mode ?? 'DUE';
  const bd = opts.businessDate ?? (await getBusinessDate(tx));
  const rows = await scheduleOf(tx, loan.customerId, loan.id);
  const items = dueItems(loan, rows, opts.billedThrough ?? addDays(bd, -1));
  const amountFen = parseYuan(req.amount);
  if (amountFen <= 0n) throw new AppError('INVALID_AMOUNT', { field: 'amount', reason: 'NOT_POSITIVE' });
  const plan = planRepayment(loan, rows, items, totalDue(items), amountFen, mode, req.prepaymentChoice, bd);

  const [repaymentId] = await reserveRepaymentIds(tx, 1);
  const debit = await core.debit(tx, {
    customerId: loan.customerId,
    accountNo: loan.accountNo,
    amountFen,
    reference: `repayment:${loan.id}:${key}`,
    businessDate: bd,
    memo: `贷款还款 loan ${loan.id}`,
    allowPartial: opts.who === 'AUTO_DEBIT',
  });
  if (debit.debitedFen !== amountFen) throw new InvariantError('core debited a different amount than asked');
  const source = repaymentSource(opts.who, mode);
  const [stored] = await writeRepayments(
    tx,
    bd,
    [{ loan, rows, plan, repaymentId, key, source, amountFen, mode, choice: req.prepaymentChoice, reviewRequestId: opts.reviewRequestId }],
    hooks,
  );
  await auditCommand(
    tx,
    cmd,
    opts.who === 'AUTO_DEBIT' ? 'repayment.auto_debit' : 'repayment.create',
    { type: 'loan', id: loan.id, customerId: loan.customerId },
    {
      repaymentId,
      amount: formatYuan(amountFen),
      mode,
      source,
      reviewRequestId: opts.reviewRequestId ?? null,
    },
  );
  return toResult(stored);
}

// ---------------------------------------------------------------------------------------------
// stored repayments

function replay(r: RepaymentRow, loanId: number, req: RepaymentRequest): RepaymentResult {
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

function toResult(r: RepaymentRow): RepaymentResult {
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

function toView(r: RepaymentRow): RepaymentView {
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
  const rows = await queryRows<RepaymentRow>(
    db,
    sql`${SELECT_REPAYMENT} WHERE customer_id = ${customerId} AND loan_id = ${loanId} ORDER BY id`,
  );
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
  const view = cmd.customer
    ? await getLoanForCustomer(ctx.db, cmd.customer.customerId, loanId)
    : await getLoanForStaff(ctx.db, requireActorOf(cmd), loanId);
  if (view.status !== 'ACTIVE') throw new AppError('LOAN_NOT_ACTIVE', { loanId, status: view.status });
  const bd = await getBusinessDate(ctx.db);
  const d = date ?? bd;
  return withTx(ctx.db, async (tx) => {
    const loan = await lockLoan(tx, view.customerId, loanId);
    const rows = await scheduleOf(tx, loan.customerId, loanId);
    const items = dueItems(loan, rows, addDays(bd, -1));
    if (compareDates(d, bd) < 0)
      throw new AppError('VALIDATION_FAILED', { field: 'date', reason: 'BEFORE_BUSINESS_DATE', businessDate: bd });
    const current = currentPeriod(
      rows.filter((r) => compareDates(r.dueDate, bd) >= 0),
      bd,
    );
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
  hooks: ServicingHooks = ctx.hooks,
): Promise<RepaymentView> {
  if (typeof reason !== 'string' || reason.trim().length < 2)
    throw new AppError('VALIDATION_FAILED', { field: 'reason', reason: 'REQUIRED' });
  const view = await getLoanForStaff(ctx.db, requireActorOf(cmd), loanId);
  return withTx(ctx.db, async (tx) => {
    const loan = await lockLoan(tx, view.customerId, loanId);
    if (await hooks.isLoanInEod(tx, loan.customerId, loanId)) throw new AppError('EOD_IN_PROGRESS', { loanId });
    const r = await queryOne<RepaymentRow>(
      tx,
      sql`${SELECT_REPAYMENT} WHERE customer_id = ${loan.customerId} AND id = ${repaymentId} AND loan_id = ${loanId}`,
    );
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
    const before = (a.scheduleBefore ?? []).map((x) => ({ customerId: loan.customerId, loanId, ...scheduleRowOf(x) }));
    // the rows the repayment wrote (and, after an early partial repayment, the rebuilt ones) give way to the rows before it
    const rebuiltFrom = a.rebuiltFrom ?? null;
    const deleted = await queryRows<{ n: string }>(
      tx,
      sql`DELETE FROM loan_schedule WHERE customer_id = ${loan.customerId} AND loan_id = ${loanId}
            AND (period IN (SELECT jsonb_array_elements_text(${JSON.stringify(before.map((row) => row.period))}::jsonb)::int)
                 OR (${rebuiltFrom}::int IS NOT NULL AND period >= ${rebuiltFrom}::int))
          RETURNING period::text AS n`,
    );
    // rows deleted: the loan's cached current period is stale (insertScheduleRows clears it too)
    if (deleted.length > 0) await clearCachedPeriods(tx, [{ customerId: loan.customerId, loanId }]);
    await insertScheduleRows(tx, before);

    const principalFen = BigInt(r.principal_fen);
    if (principalFen > 0n) await hooks.restoreLine(tx, loan.customerId, loan.creditLineId, -principalFen);
    const [reversalId] = await reserveRepaymentIds(tx, 1);
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
    const record = {
      reason: reason.trim().slice(0, 500),
      reverses: repaymentId,
      lines: a.lines ?? [],
      outstandingPrincipalFen: (loan.outstandingPrincipalFen + principalFen).toString(),
      loanStatus: a.statusBefore ?? 'ACTIVE',
    };
    await tx.execute(
      sql`INSERT INTO loan_repayments (customer_id, id, loan_id, idempotency_key, source, amount_fen, principal_fen, interest_fen,
            penalty_fen, compound_fen, allocation, status, reverses_id, business_date, entry_id, created_at)
          VALUES (${loan.customerId}, ${reversalId}, ${loanId}, ${`reversal:${repaymentId}`}, 'REVERSAL', ${r.amount_fen}, ${r.principal_fen},
            ${r.interest_fen}, ${r.penalty_fen}, ${r.compound_fen}, ${JSON.stringify(record)}::jsonb, 'POSTED', ${repaymentId}, ${bd}::date, ${entryId}, ${nowParam()})`,
    );
    await auditCommand(
      tx,
      cmd,
      'repayment.reverse',
      { type: 'loan', id: loanId, customerId: loan.customerId },
      { repaymentId, reversalId, reason: reason.trim().slice(0, 200) },
    );
    const stored = await queryOne<RepaymentRow>(tx, sql`${SELECT_REPAYMENT} WHERE customer_id = ${loan.customerId} AND id = ${reversalId}`);
    return toView(stored!);
  });
}

// ---------------------------------------------------------------------------------------------
// end-of-day auto-debit

/**
 * AUTO_DEBIT for day D over a partition of customers, one loan at a time (the reference implementation the
 * batch eodAutoDebit of auto-debit.ts is tested against): every active loan with something billed
 * and unpaid is debited from its demand account (partial when it holds less), allocated by the
 * repayment order. Key auto:<loanId>:<D>: a rerun posts nothing twice. Returns the number of
 * repayments posted.
 */
export async function eodAutoDebitPerLoan(tx: Tx, D: IsoDate, range: CustomerPartition, hooks: ServicingHooks): Promise<number> {
  const due = await queryRows<{ customer_id: string; id: string; account: string; due: string }>(
    tx,
    sql`SELECT customer_id::text, id::text, disbursement_account_no AS account,
               (overdue_principal_fen + overdue_interest_fen + penalty_accrued_fen + compound_accrued_fen)::text AS due
          FROM loans l
         WHERE ${inPartition('l', range)} AND status = 'ACTIVE'
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
    const loan = await lockLoan(tx, customerId, Number(l.id));
    await repayLocked(tx, system, loan, key, { amount: formatYuan(amountFen), mode: 'DUE' }, hooks, {
      who: 'AUTO_DEBIT',
      businessDate: D,
      billedThrough: D,
    });
    posted += 1;
  }
  return posted;
}
