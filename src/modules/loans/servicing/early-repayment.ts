/**
 * Early repayment (提前还款) — pure: no I/O, no clock; the prepayment date is a parameter.
 *
 * Partial prepayment on date D. The current period is the first one not yet due (startDate ≤ D <
 * dueDate). The customer pays the prepaid principal plus the current period's interest accrued to D
 * (accruedThrough, the cumulative method of ./accrual.ts — on the balance before the prepayment).
 * The remaining schedule is then rebuilt on the reduced principal with buildSchedule (same rate,
 * method and day-count basis) and laid on the loan's existing next due dates:
 *  - the first rebuilt period runs from D to the current period's due date and is charged on actual
 *    days, newPrincipal × rate × days / basis (like a stub first period; its principal is what a
 *    regular period would repay, so the amortisation is unchanged); later periods are regular months;
 *  - LOWER_INSTALLMENT keeps the number of periods and so the maturity date; the installment drops;
 *  - SHORTEN_TERM keeps the installment about the same and drops periods from the end:
 *      等额本息: the fewest periods whose payment M' does not exceed the current M (the payment that
 *               amortises the outstanding principal over the remaining periods);
 *      等额本金: ceil(newPrincipal × n / outstanding) periods, so principal per period stays ≈ the same.
 *    For 按月付息到期还本 and 利随本清 there is no installment to keep: only LOWER_INSTALLMENT applies
 *    (VALIDATION_FAILED otherwise).
 *
 * Full settlement on D: outstanding principal (overdue and not yet due) + the current period's
 * interest accrued to D + interest due and unpaid + penalty and compound interest outstanding + fees.
 */
import {
  AppError,
  InvariantError,
  addDays,
  daysBetween,
  parseIsoDate,
  sumFen,
  type DayCountBasis,
  type IsoDate,
} from '../../../kernel/index.js';
import { buildSchedule, equalInstallmentPaymentFen, type Installment, type RepaymentMethod } from '../../products/schedule/index.js';
import { accruedThrough, segmentAccrued, type AccrualPeriod } from './accrual.js';
import { checkBasis, checkFen } from './rates.js';

export const PREPAYMENT_CHOICES = ['SHORTEN_TERM', 'LOWER_INSTALLMENT'] as const;
export type PrepaymentChoice = (typeof PREPAYMENT_CHOICES)[number];

export interface PartialPrepaymentInput {
  /** The periods not yet due on `date`, in order; the first contains it (startDate ≤ date < dueDate). */
  remaining: readonly Installment[];
  /** Principal of the remaining periods before the prepayment (must equal their principal sum). */
  outstandingPrincipalFen: bigint;
  /** Principal prepaid now: 0 < prepaid < outstanding (all of it is a full settlement). */
  prepaidPrincipalFen: bigint;
  annualRatePct: string;
  method: RepaymentMethod;
  dayCountBasis?: DayCountBasis;
  choice: PrepaymentChoice;
  date: IsoDate;
}

export interface PartialPrepaymentResult {
  /** The current period's interest accrued to `date` on the old balance, paid with the prepayment. */
  interestToDateFen: bigint;
  /** What the customer pays now: prepaid principal + interest to date. */
  amountDueFen: bigint;
  /** Principal left after the prepayment. */
  newPrincipalFen: bigint;
  /** The rebuilt remaining schedule, numbered on from the current period; the first starts on `date`. */
  installments: Installment[];
  maturityDate: IsoDate;
  totalInterestFen: bigint;
}

export function rebuildAfterPartialPrepayment(input: PartialPrepaymentInput): PartialPrepaymentResult {
  const { remaining, method, choice } = input;
  const date = parseIsoDate(input.date);
  const basis = checkBasis(input.dayCountBasis ?? 360);
  checkRemaining(remaining, input.outstandingPrincipalFen);
  const current = remaining[0];
  if (daysBetween(current.startDate, date) < 0 || daysBetween(date, current.dueDate) <= 0) {
    throw new InvariantError(`prepayment date ${date} is not inside the current period ${current.startDate} → ${current.dueDate}`);
  }
  if (!(PREPAYMENT_CHOICES as readonly string[]).includes(choice)) {
    throw new AppError('VALIDATION_FAILED', { field: 'choice', input: String(choice).slice(0, 32), expected: PREPAYMENT_CHOICES });
  }
  const outstanding = checkFen(input.outstandingPrincipalFen, 'outstandingPrincipal');
  const prepaid = checkFen(input.prepaidPrincipalFen, 'prepaidPrincipal');
  if (prepaid === 0n) throw new AppError('INVALID_AMOUNT', { field: 'prepaidPrincipal', reason: 'NOT_POSITIVE' });
  if (prepaid >= outstanding) {
    throw new AppError('INVALID_AMOUNT', { field: 'prepaidPrincipal', reason: 'NOT_BELOW_OUTSTANDING', hint: 'FULL_SETTLEMENT' });
  }
  if (choice === 'SHORTEN_TERM' && (method === 'MONTHLY_INTEREST' || method === 'BULLET')) {
    throw new AppError('VALIDATION_FAILED', { field: 'choice', reason: 'SHORTEN_TERM_NOT_APPLICABLE', method });
  }

  const newPrincipal = outstanding - prepaid;
  const n = remaining.length;
  const count = choice === 'LOWER_INSTALLMENT' ? n : shortenedCount(method, outstanding, newPrincipal, input.annualRatePct, n);
  const dueDates = remaining.slice(0, count).map((r) => r.dueDate);
  const installments =
    method === 'BULLET'
      ? buildSchedule({
          principalFen: newPrincipal,
          annualRatePct: input.annualRatePct,
          method,
          startDate: date,
          termDays: daysBetween(date, current.dueDate),
          dayCountBasis: basis,
        }).installments
      : redate(
          buildSchedule({
            principalFen: newPrincipal,
            annualRatePct: input.annualRatePct,
            method,
            startDate: date,
            termMonths: count,
            dayCountBasis: basis,
          }).installments,
          date,
          dueDates,
          input.annualRatePct,
          basis,
        );
  const numbered = installments.map((row, i) => ({ ...row, period: current.period + i }));
  assertRebuilt(numbered, newPrincipal, date);

  const interestToDateFen = accruedThrough(current, date);
  return {
    interestToDateFen,
    amountDueFen: prepaid + interestToDateFen,
    newPrincipalFen: newPrincipal,
    installments: numbered,
    maturityDate: numbered[numbered.length - 1].dueDate,
    totalInterestFen: sumFen(numbered.map((r) => r.interestFen)),
  };
}

export interface SettlementInput {
  date: IsoDate;
  /** All unpaid principal: overdue and not yet due. */
  outstandingPrincipalFen: bigint;
  /** The not-yet-due period containing `date`, whose interest accrues to date; null when none (matured, revolving). */
  currentPeriod: AccrualPeriod | null;
  /** Interest already due (or accrued on a revolving line) and still unpaid. */
  unpaidInterestFen?: bigint;
  /** Penalty interest posted and unpaid. */
  penaltyFen?: bigint;
  /** Compound interest posted and unpaid. */
  compoundFen?: bigint;
  feesFen?: bigint;
}

export interface SettlementAmount {
  principalFen: bigint;
  interestToDateFen: bigint;
  unpaidInterestFen: bigint;
  penaltyFen: bigint;
  compoundFen: bigint;
  feesFen: bigint;
  totalFen: bigint;
}

/** The amount that settles the loan on `date`, by component (shown to the customer before paying). */
export function fullSettlementAmount(input: SettlementInput): SettlementAmount {
  const date = parseIsoDate(input.date);
  const principalFen = checkFen(input.outstandingPrincipalFen, 'outstandingPrincipal');
  const unpaidInterestFen = checkFen(input.unpaidInterestFen ?? 0n, 'unpaidInterest');
  const penaltyFen = checkFen(input.penaltyFen ?? 0n, 'penalty');
  const compoundFen = checkFen(input.compoundFen ?? 0n, 'compound');
  const feesFen = checkFen(input.feesFen ?? 0n, 'fees');
  const p = input.currentPeriod;
  if (p !== null && (daysBetween(p.startDate, date) < 0 || daysBetween(date, p.dueDate) < 0)) {
    throw new InvariantError(`settlement date ${date} is not inside the current period ${p.startDate} → ${p.dueDate}`);
  }
  const interestToDateFen = p === null ? 0n : accruedThrough(p, date);
  return {
    principalFen,
    interestToDateFen,
    unpaidInterestFen,
    penaltyFen,
    compoundFen,
    feesFen,
    totalFen: principalFen + interestToDateFen + unpaidInterestFen + penaltyFen + compoundFen + feesFen,
  };
}

// ---------------------------------------------------------------------------------------------

/** The number of periods that keeps the installment about the same (SHORTEN_TERM). */
function shortenedCount(method: RepaymentMethod, outstanding: bigint, newPrincipal: bigint, ratePct: string, n: number): number {
  if (method === 'EQUAL_PRINCIPAL') {
    // ceil(newPrincipal × n / outstanding): a period count, not money; ≥ 1 since newPrincipal > 0.
    return Number((newPrincipal * BigInt(n) + outstanding - 1n) / outstanding);
  }
  // 等额本息: M(P, k) does not increase with k, and M(newPrincipal, n) ≤ M(outstanding, n) = target.
  const target = equalInstallmentPaymentFen(outstanding, ratePct, n);
  let lo = 1;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (equalInstallmentPaymentFen(newPrincipal, ratePct, mid) <= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Lays built installments on the loan's due dates: the first from the prepayment date (actual-day
 * interest on the new principal), the rest regular months whose amounts do not depend on the dates.
 */
function redate(rows: Installment[], date: IsoDate, dueDates: IsoDate[], ratePct: string, basis: DayCountBasis): Installment[] {
  if (rows.length !== dueDates.length) throw new InvariantError('rebuilt schedule and due dates differ in length');
  return rows.map((row, i) => {
    const startDate = i === 0 ? date : dueDates[i - 1];
    const days = daysBetween(startDate, dueDates[i]);
    const openingBalance = row.remainingPrincipalFen + row.principalFen;
    const interestFen = i === 0 ? segmentAccrued(openingBalance, ratePct, basis, days) : row.interestFen;
    return { ...row, startDate, dueDate: dueDates[i], days, interestFen, paymentFen: row.principalFen + interestFen };
  });
}

function checkRemaining(rows: readonly Installment[], outstandingFen: bigint): void {
  if (rows.length === 0) throw new InvariantError('no remaining period to prepay');
  rows.forEach((r, i) => {
    if (r.days <= 0 || daysBetween(parseIsoDate(r.startDate), parseIsoDate(r.dueDate)) !== r.days) {
      throw new InvariantError(`installment ${r.period}: bad dates`);
    }
    if (i > 0 && (r.startDate !== rows[i - 1].dueDate || r.period !== rows[i - 1].period + 1)) {
      throw new InvariantError(`installment ${r.period}: remaining periods must be contiguous and in order`);
    }
  });
  if (sumFen(rows.map((r) => r.principalFen)) !== outstandingFen) {
    throw new InvariantError('the remaining periods do not carry the outstanding principal');
  }
}

function assertRebuilt(rows: Installment[], principalFen: bigint, date: IsoDate): void {
  let balance = principalFen;
  let from = date;
  for (const r of rows) {
    if (r.startDate !== from || r.days <= 0 || addDays(r.startDate, r.days) !== r.dueDate) {
      throw new InvariantError(`rebuilt installment ${r.period}: bad dates`);
    }
    if (r.principalFen < 0n || r.interestFen < 0n || r.paymentFen !== r.principalFen + r.interestFen) {
      throw new InvariantError(`rebuilt installment ${r.period}: bad amounts`);
    }
    balance -= r.principalFen;
    if (r.remainingPrincipalFen !== balance) throw new InvariantError(`rebuilt installment ${r.period}: remaining principal`);
    from = r.dueDate;
  }
  if (balance !== 0n) throw new InvariantError('rebuilt schedule does not repay the principal');
}
