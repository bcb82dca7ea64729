/**
 * Repayment schedules (还款计划) — a pure function of the loan terms: no I/O, no clock.
 *
 * DESIGN §4. Monthly rate = annual / 12, daily rate = annual / basis (360 unless the product says 365).
 * Every amount is integer fen; every interest figure is rounded half-up to the fen exactly once,
 * at the end of an exact computation (the division by 12 or by the day basis comes last, so a true
 * half-fen tie is never lost to a truncated repeating decimal such as 1/1200 = 0.000833…).
 *
 * Methods
 *  - EQUAL_INSTALLMENT 等额本息: M = P·r(1+r)^n / ((1+r)^n − 1) rounded to the fen; each period's
 *    interest = balance × r rounded; principal = M − interest; the last period repays the whole
 *    remaining balance (payment = balance + interest), absorbing every rounding residual.
 *  - EQUAL_PRINCIPAL 等额本金: principal = P / n rounded; interest = balance × r; last absorbs residual.
 *  - MONTHLY_INTEREST 按月付息到期还本: interest = balance × r (= P × r) each month; principal at the end.
 *  - BULLET 利随本清: one period; interest = P × annual / basis × days, where days = termDays, or the
 *    actual days from the start to start + termMonths (end-of-month clamped).
 *
 * Due dates
 *  - Without repaymentDay: due_k = start + k months, clamped to the month's end relative to the
 *    ORIGINAL day (start Jan 31 → Feb 28/29, Mar 31, Apr 30 …). Every period is a full month.
 *  - With repaymentDay d (1–28): every due date falls on day d. The first due date is the first day d
 *    strictly after the start; when that is fewer than STUB_MIN_DAYS (15) days after the start it is
 *    pushed one month later. So the first period is 15–45 days long, and the loan has exactly
 *    termMonths installments (maturity = first due + termMonths − 1 months).
 *    If the first period is exactly one calendar month (start day = d), it is a regular period;
 *    otherwise it is a stub (不足/超过一个月的首期) whose interest is charged on ACTUAL days:
 *    balance × annual / basis × days. The stub does not change the amortisation: its principal is
 *    what a regular first period would repay (等额本息: M − round(P × r); 等额本金: P / n), so
 *    every later period is the same as in a schedule without a stub.
 *
 * Extreme terms (tiny principal over many periods, or 36 % over 30 years) can make the rounded
 * fixed amount overshoot the balance before the last period; principal is then capped at the
 * remaining balance (later periods repay 0 principal), so the balance never goes negative.
 */
import {
  AppError,
  InvariantError,
  MAX_AMOUNT_FEN,
  Dec,
  addDays,
  addMonthsClamped,
  daysBetween,
  fenFromDecimal,
  formatRatePct,
  makeIsoDate,
  parseIsoDate,
  parseRatePct,
  splitIsoDate,
  sumFen,
  type DayCountBasis,
  type Decimal,
  type IsoDate,
} from '../../../kernel/index.js';
import {
  MAX_TERM_DAYS,
  MAX_TERM_MONTHS,
  MIN_TERM_DAYS,
  MIN_TERM_MONTHS,
  REPAYMENT_METHODS,
  type RepaymentMethod,
} from '../products.contract.js';

// The methods and term limits are defined once, in the products contract (the calculator and the web
// apps take them from there); the engine hands them on with its own API.
export { MAX_TERM_DAYS, MAX_TERM_MONTHS, MIN_TERM_DAYS, MIN_TERM_MONTHS, REPAYMENT_METHODS, type RepaymentMethod };
/** Highest annual rate accepted, in percent (the judicial protection ceiling for private lending). */
export const MAX_ANNUAL_RATE_PCT = '36';
/** A first period shorter than this many days is merged into the next month (repaymentDay only). */
export const STUB_MIN_DAYS = 15;

export interface ScheduleInput {
  principalFen: bigint;
  /** Annual rate in percent, e.g. "4.35"; 0 ≤ rate ≤ 36. */
  annualRatePct: string;
  method: RepaymentMethod;
  startDate: IsoDate;
  /** 1–360; required except for BULLET, where exactly one of termMonths / termDays is given. */
  termMonths?: number;
  /** BULLET only, 1–3660. */
  termDays?: number;
  /** Optional fixed day of month for due dates, 1–28 (not for BULLET). */
  repaymentDay?: number;
  /** Days in the year for daily interest; default 360. */
  dayCountBasis?: DayCountBasis;
}

export interface Installment {
  period: number;
  startDate: IsoDate;
  dueDate: IsoDate;
  days: number;
  principalFen: bigint;
  interestFen: bigint;
  paymentFen: bigint;
  remainingPrincipalFen: bigint;
}

export interface Schedule {
  installments: Installment[];
  totalInterestFen: bigint;
  totalPaymentFen: bigint;
}

export interface ScheduleSummary {
  installmentCount: number;
  firstDueDate: IsoDate;
  maturityDate: IsoDate;
  principalFen: bigint;
  totalInterestFen: bigint;
  totalPaymentFen: bigint;
  /** The largest single payment (for affordability checks). */
  maxPaymentFen: bigint;
  /** The first installment's payment (the 首期还款额 shown to the customer). */
  firstPaymentFen: bigint;
}

/** A period's dates and whether its interest is charged on actual days (stub) or the monthly rate. */
interface Period {
  startDate: IsoDate;
  dueDate: IsoDate;
  days: number;
  stub: boolean;
}

interface Terms {
  principalFen: bigint;
  ratePct: Decimal;
  basis: DayCountBasis;
  periods: Period[];
}

const MONTHLY_DENOMINATOR = 1200; // percent → fraction (100) × 12 months

export function buildSchedule(input: ScheduleInput): Schedule {
  const terms = validate(input);
  const rows = input.method === 'BULLET' ? bullet(terms) : amortise(input.method, terms);
  const schedule = withTotals(rows);
  assertScheduleInvariants(schedule, terms.principalFen);
  return schedule;
}

export function summarizeSchedule(schedule: Schedule): ScheduleSummary {
  const rows = schedule.installments;
  if (rows.length === 0) throw new InvariantError('a schedule has at least one installment');
  return {
    installmentCount: rows.length,
    firstDueDate: rows[0].dueDate,
    maturityDate: rows[rows.length - 1].dueDate,
    principalFen: sumFen(rows.map((r) => r.principalFen)),
    totalInterestFen: schedule.totalInterestFen,
    totalPaymentFen: schedule.totalPaymentFen,
    maxPaymentFen: rows.reduce((m, r) => (r.paymentFen > m ? r.paymentFen : m), 0n),
    firstPaymentFen: rows[0].paymentFen,
  };
}

/**
 * The checks every schedule must pass; a failure is a programming error, never a user error.
 * Exported so that code which stores or rebuilds a schedule can re-check it.
 */
export function assertScheduleInvariants(schedule: Schedule, principalFen: bigint): void {
  const rows = schedule.installments;
  if (rows.length === 0) throw new InvariantError('schedule has no installments');
  let balance = principalFen;
  rows.forEach((row, i) => {
    const at = `installment ${row.period}`;
    if (row.period !== i + 1) throw new InvariantError(`${at}: periods must be numbered 1, 2, …`);
    if (row.principalFen < 0n || row.interestFen < 0n || row.paymentFen < 0n) {
      throw new InvariantError(`${at}: negative amount`);
    }
    if (row.paymentFen !== row.principalFen + row.interestFen) {
      throw new InvariantError(`${at}: payment ≠ principal + interest`);
    }
    if (row.days <= 0 || daysBetween(row.startDate, row.dueDate) !== row.days) {
      throw new InvariantError(`${at}: bad period dates`);
    }
    if (i > 0 && rows[i - 1].dueDate !== row.startDate) throw new InvariantError(`${at}: periods not contiguous`);
    balance -= row.principalFen;
    if (balance < 0n) throw new InvariantError(`${at}: remaining principal negative`);
    if (row.remainingPrincipalFen !== balance) throw new InvariantError(`${at}: remaining principal inconsistent`);
  });
  if (balance !== 0n) throw new InvariantError('principal does not sum to the loan amount');
  if (sumFen(rows.map((r) => r.interestFen)) !== schedule.totalInterestFen) {
    throw new InvariantError('total interest ≠ sum of interest');
  }
  if (sumFen(rows.map((r) => r.paymentFen)) !== schedule.totalPaymentFen) {
    throw new InvariantError('total payment ≠ sum of payments');
  }
  if (schedule.totalPaymentFen !== principalFen + schedule.totalInterestFen) {
    throw new InvariantError('total payment ≠ principal + total interest');
  }
}

/** First due date for a fixed repayment day (see the module comment for the rule). */
export function firstDueDateForRepaymentDay(startDate: IsoDate, repaymentDay: number): IsoDate {
  const { year, month, day } = splitIsoDate(startDate);
  const thisMonth = makeIsoDate(year, month, repaymentDay);
  let due = day < repaymentDay ? thisMonth : addMonthsClamped(thisMonth, 1);
  if (daysBetween(startDate, due) < STUB_MIN_DAYS) due = addMonthsClamped(due, 1);
  return due;
}

// ---------------------------------------------------------------------------------------------
// validation

function validate(input: ScheduleInput): Terms {
  const { principalFen, method, termMonths, termDays, repaymentDay } = input;
  if (!(REPAYMENT_METHODS as readonly string[]).includes(method)) {
    throw new AppError('UNSUPPORTED_METHOD', { method: String(method).slice(0, 32) });
  }
  if (typeof principalFen !== 'bigint' || principalFen <= 0n) {
    throw new AppError('INVALID_AMOUNT', { field: 'principal', reason: 'NOT_POSITIVE' });
  }
  // The exactness of the Dec arithmetic below is argued for amounts up to this bound.
  if (principalFen > MAX_AMOUNT_FEN) throw new AppError('INVALID_AMOUNT', { field: 'principal', reason: 'TOO_LARGE' });
  const ratePct = parseRatePct(input.annualRatePct);
  if (ratePct.gt(MAX_ANNUAL_RATE_PCT)) {
    throw new AppError('INVALID_RATE', { input: formatRatePct(ratePct), reason: 'ABOVE_MAX', maxPct: MAX_ANNUAL_RATE_PCT });
  }
  const basis = input.dayCountBasis ?? 360;
  if (basis !== 360 && basis !== 365) throw new AppError('INVALID_RATE', { basis, reason: 'DAY_COUNT_BASIS' });
  const startDate = parseIsoDate(input.startDate);

  if (termDays !== undefined && method !== 'BULLET') {
    throw new AppError('INVALID_TERM', { reason: 'TERM_DAYS_ONLY_FOR_BULLET', method });
  }
  if (termDays !== undefined && termMonths !== undefined) {
    throw new AppError('INVALID_TERM', { reason: 'BOTH_TERM_MONTHS_AND_DAYS' });
  }
  if (termDays === undefined && termMonths === undefined) throw new AppError('INVALID_TERM', { reason: 'MISSING' });
  if (termMonths !== undefined) checkRange(termMonths, MIN_TERM_MONTHS, MAX_TERM_MONTHS, 'termMonths');
  if (termDays !== undefined) checkRange(termDays, MIN_TERM_DAYS, MAX_TERM_DAYS, 'termDays');
  if (repaymentDay !== undefined) {
    if (method === 'BULLET') throw new AppError('INVALID_REPAYMENT_DAY', { reason: 'NOT_FOR_BULLET' });
    if (!Number.isInteger(repaymentDay) || repaymentDay < 1 || repaymentDay > 28) {
      throw new AppError('INVALID_REPAYMENT_DAY', { input: repaymentDay, reason: 'OUT_OF_RANGE' });
    }
  }

  const periods =
    method === 'BULLET' ? [bulletPeriod(startDate, termMonths, termDays)] : monthlyPeriods(startDate, termMonths as number, repaymentDay);
  return { principalFen, ratePct, basis, periods };
}

function checkRange(value: number, min: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AppError('INVALID_TERM', { field, input: value, min, max });
  }
}

// ---------------------------------------------------------------------------------------------
// periods

function bulletPeriod(startDate: IsoDate, termMonths: number | undefined, termDays: number | undefined): Period {
  const due = termDays !== undefined ? addDays(startDate, termDays) : addMonthsClamped(startDate, termMonths as number);
  return period(startDate, due, false);
}

function monthlyPeriods(startDate: IsoDate, termMonths: number, repaymentDay: number | undefined): Period[] {
  const dues: IsoDate[] = [];
  if (repaymentDay === undefined) {
    for (let k = 1; k <= termMonths; k++) dues.push(addMonthsClamped(startDate, k));
  } else {
    const first = firstDueDateForRepaymentDay(startDate, repaymentDay);
    for (let k = 0; k < termMonths; k++) dues.push(addMonthsClamped(first, k));
  }
  return dues.map((due, i) => {
    const from = i === 0 ? startDate : dues[i - 1];
    // Only a first period that is not exactly one calendar month is a stub.
    const stub = i === 0 && repaymentDay !== undefined && due !== addMonthsClamped(startDate, 1);
    return period(from, due, stub);
  });
}

function period(startDate: IsoDate, dueDate: IsoDate, stub: boolean): Period {
  return { startDate, dueDate, days: daysBetween(startDate, dueDate), stub };
}

// ---------------------------------------------------------------------------------------------
// interest and amortisation

/** base × ratePct% × numerator / denominator, rounded half-up to the fen once, division last. */
function rateOnFen(baseFen: bigint, ratePct: Decimal, numerator: number, denominator: number): bigint {
  // fen → yuan is one more exact division by 100; fenFromDecimal then rounds half-up to the fen.
  const yuan = new Dec(baseFen.toString())
    .times(ratePct)
    .times(numerator)
    .div(denominator * 100);
  return fenFromDecimal(yuan, 'HALF_UP');
}

function monthlyInterest(balanceFen: bigint, t: Terms): bigint {
  return rateOnFen(balanceFen, t.ratePct, 1, MONTHLY_DENOMINATOR);
}

function dailyInterest(balanceFen: bigint, t: Terms, days: number): bigint {
  return rateOnFen(balanceFen, t.ratePct, days, 100 * t.basis);
}

/** 等额本息 payment M = P·r(1+r)^n / ((1+r)^n − 1), rounded half-up; P / n when the rate is zero. */
export function equalInstallmentPaymentFen(principalFen: bigint, annualRatePct: Decimal | string, n: number): bigint {
  const pct = typeof annualRatePct === 'string' ? parseRatePct(annualRatePct) : annualRatePct;
  const p = new Dec(principalFen.toString());
  if (pct.isZero()) return fenFromDecimal(p.div(n).div(100), 'HALF_UP');
  const r = new Dec(pct).div(MONTHLY_DENOMINATOR);
  const growth = r.plus(1).pow(n);
  return fenFromDecimal(p.times(r).times(growth).div(growth.minus(1)).div(100), 'HALF_UP');
}

function bullet(t: Terms): Installment[] {
  const [p] = t.periods;
  const interestFen = dailyInterest(t.principalFen, t, p.days);
  return [row(1, p, t.principalFen, interestFen, 0n)];
}

function amortise(method: Exclude<RepaymentMethod, 'BULLET'>, t: Terms): Installment[] {
  const n = t.periods.length;
  const payment = method === 'EQUAL_INSTALLMENT' ? equalInstallmentPaymentFen(t.principalFen, t.ratePct, n) : 0n;
  const equalPrincipal = method === 'EQUAL_PRINCIPAL' ? fenFromDecimal(new Dec(t.principalFen.toString()).div(n).div(100), 'HALF_UP') : 0n;
  const rows: Installment[] = [];
  let balance = t.principalFen;
  t.periods.forEach((p, i) => {
    const last = i === n - 1;
    const regularInterest = monthlyInterest(balance, t);
    const interestFen = p.stub ? dailyInterest(balance, t, p.days) : regularInterest;
    let principalFen: bigint;
    if (last) principalFen = balance;
    else if (method === 'EQUAL_INSTALLMENT') principalFen = clamp(payment - regularInterest, balance);
    else if (method === 'EQUAL_PRINCIPAL') principalFen = clamp(equalPrincipal, balance);
    else principalFen = 0n;
    balance -= principalFen;
    rows.push(row(i + 1, p, principalFen, interestFen, balance));
  });
  return rows;
}

/** Caps a period's principal to [0, balance] (only extreme terms ever need it; see module comment). */
function clamp(principalFen: bigint, balanceFen: bigint): bigint {
  if (principalFen < 0n) return 0n;
  return principalFen > balanceFen ? balanceFen : principalFen;
}

function row(period: number, p: Period, principalFen: bigint, interestFen: bigint, remainingPrincipalFen: bigint): Installment {
  return {
    period,
    startDate: p.startDate,
    dueDate: p.dueDate,
    days: p.days,
    principalFen,
    interestFen,
    paymentFen: principalFen + interestFen,
    remainingPrincipalFen,
  };
}

function withTotals(installments: Installment[]): Schedule {
  return {
    installments,
    totalInterestFen: sumFen(installments.map((r) => r.interestFen)),
    totalPaymentFen: sumFen(installments.map((r) => r.paymentFen)),
  };
}
