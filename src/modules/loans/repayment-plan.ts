/**
 * A repayment's plan (还款计划) — pure: no I/O, no clock. From a loan's servicing state and its
 * schedule rows (read under the loan's lock by repayment-store.ts) and the business date, what a
 * repayment pays, item by item, and how the loan, its schedule, its credit line and the journal
 * change. The single repayment (repayments.service.ts) and the end-of-day auto-debit batch
 * (auto-debit.ts) plan with these same functions and write the plans with the same store.
 *
 *   dueItems        the billed, unpaid items (penalty, compound, interest and principal per period)
 *   planRepayment   allocation by the repayment order; early repayment (partial: rebuilt schedule;
 *                   full: settlement); a DUE repayment that leaves nothing owed settles the loan
 *   scheduleUpdates the schedule rows a plan changes
 *   repaymentLines  the lines of the repayment's journal entry
 *   repaymentRecord the allocation record stored with the repayment (what a reversal restores)
 *   autoDebitAmounts end-of-day: what each due loan gets from its account's running balance
 */
import { AppError, InvariantError, addDays, compareDates, formatYuan, sumFen, type IsoDate } from '../../kernel/index.js';
import { ACCOUNTS } from '../ledger/index.js';
import type { Installment, RepaymentMethod } from '../products/schedule/index.js';
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
export type RepaymentSource = 'CUSTOMER' | 'STAFF' | 'AUTO_DEBIT' | 'EARLY_PARTIAL' | 'EARLY_FULL';

/** A loan's servicing state as the repayment planning reads it. */
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

/** The source recorded with a repayment: early repayments by their mode, auto-debits as such, else who paid. */
export function repaymentSource(who: 'CUSTOMER' | 'STAFF' | 'AUTO_DEBIT', mode: RepaymentMode): RepaymentSource {
  if (who === 'AUTO_DEBIT') return 'AUTO_DEBIT';
  return mode === 'EARLY_PARTIAL' || mode === 'EARLY_FULL' ? mode : who;
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
export function currentPeriod(rows: ScheduleRow[], date: IsoDate): ScheduleRow | null {
  return rows.find((r) => r.status !== 'PAID' && compareDates(r.startDate, date) <= 0 && compareDates(date, r.dueDate) <= 0) ?? null;
}

/** What settles the loan on `date`: principal, interest to date, unpaid interest, penalty, compound. */
export function settlementOf(loan: LoanState, rows: ScheduleRow[], date: IsoDate): SettlementAmount {
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

/**
 * The plan of a repayment of amountFen on business date bd (items: dueItems of the rows; dueFen:
 * their total). DUE: at most what is due, allocated by the repayment order. EARLY_PARTIAL: what is
 * due, the current period's interest to date, the rest prepaid principal and the schedule rebuilt
 * from the current period (shorter term or lower installment). EARLY_FULL: exactly the settlement
 * amount; the loan settles.
 */
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
    delta: {
      outstandingPrincipalFen: 0n,
      overduePrincipalFen: 0n,
      overdueInterestFen: 0n,
      accruedInterestFen: 0n,
      penaltyFen: 0n,
      compoundFen: 0n,
      offBalanceFen: 0n,
    },
    rowPaid: new Map(),
    rebuiltFrom: null,
    rebuilt: null,
    settles: false,
  };
  const notDue = rows.filter((r) => !items.some((i) => i.period === r.period && i.component === 'PRINCIPAL') && r.status !== 'PAID');

  if (mode === 'EARLY_FULL') {
    const s = settlementOf(loan, rows, bd);
    if (amountFen !== s.totalFen) {
      throw new AppError('AMOUNT_OUT_OF_RANGE', {
        reason: 'SETTLEMENT_AMOUNT',
        settlementAmount: formatYuan(s.totalFen),
        amount: formatYuan(amountFen),
      });
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
    if (rest <= 0n || !current)
      throw new AppError('AMOUNT_OUT_OF_RANGE', { reason: 'NOTHING_TO_PREPAY', minimum: formatYuan(dueFen + 1n) });
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
    if (current)
      plan.rowPaid.set(current.period, { principalFen: current.principalFen - current.paidPrincipalFen, interestFen: s.interestToDateFen });
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
    throw new InvariantError(
      `loan ${loan.id}: accrued interest ${loan.accruedInterestFen} exceeds the interest to date ${interestToDateFen}`,
    );
  }
  if (interestToDateFen > 0n) plan.lines.push({ period, component: 'INTEREST', amountFen: interestToDateFen });
  plan.interestFen += interestToDateFen;
  plan.delta.accruedInterestFen = loan.accruedInterestFen;
  plan.unaccruedInterestFen = interestToDateFen - loan.accruedInterestFen;
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
      out.push({
        period: r.period,
        paidPrincipalFen: r.paidPrincipalFen,
        paidInterestFen: r.paidInterestFen,
        status: 'PAID',
        statusOnly: true,
      });
    }
  }
  return out;
}

/** The new maturity date after a plan: the rebuilt schedule's last due date, else unchanged. */
export function maturityAfter(loan: LoanState, plan: Plan): IsoDate {
  return plan.rebuilt ? plan.rebuilt[plan.rebuilt.length - 1].dueDate : loan.maturityDate;
}

export function repaymentMemo(loanId: number, repaymentId: number): string {
  return `贷款还款 loan ${loanId} repayment ${repaymentId}`;
}

export interface RepaymentEntryLine {
  accountCode: string;
  loanId: number;
  debitFen?: bigint;
  creditFen?: bigint;
}

/** The lines of a repayment's entry (event REPAYMENT, reference repayment:<id>); zero lines left out. */
export function repaymentLines(loan: LoanState, plan: Plan, amountFen: bigint): RepaymentEntryLine[] {
  const L = loan.id;
  const lines: RepaymentEntryLine[] = [
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
    lines.push({
      accountCode: ACCOUNTS.INTEREST_RECEIVABLE,
      loanId: L,
      creditFen: accruedInterestPaid + plan.penaltyFen + plan.compoundFen,
    });
    lines.push({ accountCode: ACCOUNTS.INTEREST_INCOME, loanId: L, creditFen: plan.unaccruedInterestFen });
  }
  return lines.filter((l) => (l.debitFen ?? 0n) > 0n || (l.creditFen ?? 0n) > 0n);
}

/** The allocation record stored with a repayment (loan_repayments.allocation). */
export interface StoredAllocation {
  request?: { amount: string; mode: RepaymentMode; prepaymentChoice: PrepaymentChoice | null };
  lines?: Array<{ period: number; component: DueComponent; amountFen: string }>;
  delta?: Record<string, string>;
  statusBefore?: string;
  maturityBefore?: IsoDate;
  rebuiltFrom?: number | null;
  scheduleBefore?: Array<Record<string, string | number>>;
  pledgeReleased?: boolean;
  outstandingPrincipalFen?: string;
  loanStatus?: LoanState['status'];
  reviewRequestId?: number | null;
}

/**
 * The allocation record stored with a repayment: what a reversal needs to restore the loan and
 * schedule. `changed`: the periods the repayment wrote (−1: pledge released).
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
): StoredAllocation {
  const touched = before.filter((r) => changed.has(r.period) || (plan.rebuiltFrom !== null && r.period >= plan.rebuiltFrom));
  return {
    request: { amount: formatYuan(amountFen), mode, prepaymentChoice: choice ?? null },
    lines: plan.lines.map((l) => ({ period: l.period, component: l.component, amountFen: l.amountFen.toString() })),
    delta: Object.fromEntries(Object.entries(plan.delta).map(([k, v]) => [k, v.toString()])),
    statusBefore: loan.status,
    maturityBefore: loan.maturityDate,
    rebuiltFrom: plan.rebuiltFrom,
    scheduleBefore: touched.map((r) => ({
      ...r,
      principalFen: r.principalFen.toString(),
      interestFen: r.interestFen.toString(),
      paymentFen: r.paymentFen.toString(),
      remainingPrincipalFen: r.remainingPrincipalFen.toString(),
      paidPrincipalFen: r.paidPrincipalFen.toString(),
      paidInterestFen: r.paidInterestFen.toString(),
    })),
    pledgeReleased: plan.settles ? changed.has(-1) : false,
    outstandingPrincipalFen: (loan.outstandingPrincipalFen - plan.principalFen).toString(),
    loanStatus: plan.settles ? 'SETTLED' : loan.status,
    reviewRequestId: reviewRequestId ?? null,
  };
}

/** An account's balance as the auto-debit sees it (ACTIVE accounts only). */
export interface AccountBalance {
  customerId: number;
  accountNo: string;
  balanceFen: bigint;
}

/**
 * End-of-day: what each due loan is debited (loans in loan-id order). Loans sharing an account are
 * served from a running balance: in full while it lasts, then partially, then not at all; a loan
 * whose account is missing, not active (absent from `balances`) or empty gets nothing and is left out.
 */
export function autoDebitAmounts(loans: LoanState[], balances: AccountBalance[]): Array<{ loan: LoanState; amountFen: bigint }> {
  const balance = new Map<string, bigint>();
  for (const a of balances) balance.set(`${a.customerId}|${a.accountNo}`, a.balanceFen);
  const out: Array<{ loan: LoanState; amountFen: bigint }> = [];
  for (const loan of loans) {
    const k = `${loan.customerId}|${loan.accountNo}`;
    const held = balance.get(k);
    if (held === undefined || held <= 0n) continue;
    const due = loan.overduePrincipalFen + loan.overdueInterestFen + loan.penaltyFen + loan.compoundFen;
    const amountFen = held < due ? held : due;
    balance.set(k, held - amountFen);
    out.push({ loan, amountFen });
  }
  return out;
}
