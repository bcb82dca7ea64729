/**
 * Daily interest accrual (计提) — pure: no I/O, no clock; dates are parameters.
 *
 * Scheduled loans (DESIGN §4: "the daily accruals of a period sum exactly to that period's scheduled
 * interest") use the cumulative method:
 *
 *   elapsed(date)            = days from the period's startDate to date, kept within [0, days]
 *   accruedThrough(p, date)  = round_half_up(interestFen × elapsed / days)
 *   dailyAccrual(p, date)    = accruedThrough(p, date) − accruedThrough(p, date − 1)
 *
 * The end-of-day of business date D accrues dailyAccrual(D): the interest earned over the day that
 * ends on D. So a period's accrual days are startDate + 1 … dueDate; the start date (the disbursement
 * date or the previous due date) accrues nothing for this period, and by the end-of-day of the due
 * date the whole scheduled interest has been accrued — the sum telescopes to accruedThrough(dueDate)
 * = interestFen exactly, and every day is ≥ 0 because the cumulative amount never decreases.
 * Each calendar day belongs to exactly one period: startDate < date ≤ dueDate.
 *
 * Revolving lines (随借随还) accrue on the daily drawn balance by segments: a segment is a run of days
 * on the same balance (and rate and basis); within a segment the cumulative amount after d days is
 * round_half_up(balance × rate × d / basis) (segmentAccrued), and each day posts the increase.
 * A balance change closes the segment and opens a new one, so the total is the sum over segments of
 * segmentAccrued — never a sum of separately rounded days. advanceSegment is that state machine; the
 * penalty and compound interest of overdue amounts use the same one (./penalty.ts).
 */
import { InvariantError, addDays, daysBetween, parseIsoDate, type DayCountBasis, type IsoDate } from '../../../kernel/index.js';
import type { Installment } from '../../products/schedule/index.js';
import { checkBasis, checkDays, checkFen, fenTimesFraction, fenTimesRatio, parseServicingRatePct } from './rates.js';

/** What accrual needs of an installment (a products/schedule Installment fits). */
export type AccrualPeriod = Pick<Installment, 'period' | 'startDate' | 'dueDate' | 'days' | 'interestFen'>;

/** The period a day's accrual belongs to, or period null (amount 0) outside the schedule. */
export interface DayAccrual {
  period: number | null;
  amountFen: bigint;
}

/** Interest of the period accrued by the end of `date` (0 up to the start, interestFen from the due date). */
export function accruedThrough(installment: AccrualPeriod, date: IsoDate): bigint {
  const p = checkedPeriod(installment);
  return cumulative(p, elapsedDays(p, parseIsoDate(date)));
}

/** The amount the end-of-day of `date` accrues for this period (0 outside startDate < date ≤ dueDate). */
export function dailyAccrual(installment: AccrualPeriod, date: IsoDate): bigint {
  const p = checkedPeriod(installment);
  const elapsed = elapsedDays(p, parseIsoDate(date));
  const before = elapsedDays(p, addDays(date, -1));
  return cumulative(p, elapsed) - cumulative(p, before);
}

/**
 * The accrual of `date` over a whole schedule: the period with startDate < date ≤ dueDate and its
 * daily amount; { period: null, amountFen: 0n } on or before the start and after maturity.
 * The installments must be contiguous and in order (a schedule from buildSchedule is).
 */
export function accrualForDay(schedule: { installments: readonly AccrualPeriod[] } | readonly AccrualPeriod[], date: IsoDate): DayAccrual {
  const rows = installmentsOf(schedule);
  const p = periodContaining(rows, parseIsoDate(date));
  if (!p) return { period: null, amountFen: 0n };
  return { period: p.period, amountFen: dailyAccrual(p, date) };
}

/** Interest accrued over the whole schedule by the end of `date` (due and not yet due periods). */
export function totalAccruedThrough(
  schedule: { installments: readonly AccrualPeriod[] } | readonly AccrualPeriod[],
  date: IsoDate,
): bigint {
  const rows = installmentsOf(schedule);
  checkContiguous(rows);
  parseIsoDate(date);
  let total = 0n;
  for (const row of rows) total += accruedThrough(row, date);
  return total;
}

/** The period containing `date` (startDate < date ≤ dueDate), or null. */
export function periodContaining<T extends AccrualPeriod>(rows: readonly T[], date: IsoDate): T | null {
  checkContiguous(rows);
  if (rows.length === 0) return null;
  // Binary search on the due dates: the first period whose dueDate ≥ date.
  let lo = 0;
  let hi = rows.length - 1;
  if (daysBetween(rows[hi].dueDate, date) > 0 || daysBetween(rows[0].startDate, date) <= 0) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (daysBetween(rows[mid].dueDate, date) > 0) lo = mid + 1;
    else hi = mid;
  }
  return rows[lo];
}

// ---------------------------------------------------------------------------------------------
// revolving lines: accrual on a balance, by segments

/** Interest on a constant balance after `days` days: round_half_up(balance × rate / 100 × days / basis). */
export function segmentAccrued(balanceFen: bigint, annualRatePct: string, basis: DayCountBasis, days: number): bigint {
  checkFen(balanceFen, 'balance');
  const rate = parseServicingRatePct(annualRatePct);
  return fenTimesRatio(balanceFen, rate, checkDays(days, 'days'), checkBasis(basis));
}

/**
 * The amount to post on the `dayOfSegment`-th day (1, 2, …) of a segment on this balance:
 * segmentAccrued(d) − segmentAccrued(d − 1). Posting it every day of a segment makes the segment's
 * total exactly segmentAccrued(balance, rate, basis, d); dayOfSegment 1 is the plain one-day interest.
 */
export function dailyInterestOnBalance(balanceFen: bigint, annualRatePct: string, basis: DayCountBasis, dayOfSegment = 1): bigint {
  if (!Number.isSafeInteger(dayOfSegment) || dayOfSegment < 1) {
    throw new InvariantError(`dayOfSegment must be an integer ≥ 1, got ${String(dayOfSegment)}`);
  }
  return (
    segmentAccrued(balanceFen, annualRatePct, basis, dayOfSegment) - segmentAccrued(balanceFen, annualRatePct, basis, dayOfSegment - 1)
  );
}

/**
 * A run of days accruing on one base at one rate. sinceDate is the day before the segment's first
 * accrual day (so after the end-of-day of `throughDate` the segment has run
 * daysBetween(sinceDate, throughDate) days); postedFen is what the segment has posted so far and
 * always equals segmentAccrued(baseFen, annualRatePct, basis, that many days).
 */
export interface BalanceSegment {
  baseFen: bigint;
  annualRatePct: string;
  basis: DayCountBasis;
  sinceDate: IsoDate;
  throughDate: IsoDate;
  postedFen: bigint;
}

/** One day's input to advanceSegment: the base (and rate) that applied on the day ending `date`. */
export interface SegmentDay {
  date: IsoDate;
  baseFen: bigint;
  annualRatePct: string;
  basis: DayCountBasis;
}

export interface SegmentStep {
  /** The amount to post for `date` (≥ 0). */
  postFen: bigint;
  /** The segment after `date`. */
  state: BalanceSegment;
  /** The segment that this day closed (the base, rate or basis changed), or null. */
  closed: BalanceSegment | null;
}

/**
 * Advances a segment to `day.date`. With no segment yet (null) a new one starts the day before
 * `date` (one day of accrual). When base, rate and basis are unchanged the segment goes on and today
 * posts the increase of its cumulative amount; otherwise the old segment is closed as it stands and
 * a new one starts at the old throughDate (the new base applied since the last posting). Days the
 * caller skipped on an unchanged base are caught up in full. `date` must be after throughDate: a day
 * is posted once.
 */
export function advanceSegment(state: BalanceSegment | null, day: SegmentDay): SegmentStep {
  const date = parseIsoDate(day.date);
  checkFen(day.baseFen, 'base');
  parseServicingRatePct(day.annualRatePct);
  checkBasis(day.basis);
  if (state !== null) checkSegment(state);
  if (state !== null && daysBetween(state.throughDate, date) <= 0) {
    throw new InvariantError(`segment already posted through ${state.throughDate}; cannot post ${date} again`);
  }
  const continues =
    state !== null &&
    state.baseFen === day.baseFen &&
    state.basis === day.basis &&
    parseServicingRatePct(state.annualRatePct).eq(parseServicingRatePct(day.annualRatePct));
  const sinceDate = continues ? state.sinceDate : state !== null ? state.throughDate : addDays(date, -1);
  const postedBefore = continues ? state.postedFen : 0n;
  const cumulativeFen = segmentAccrued(day.baseFen, day.annualRatePct, day.basis, daysBetween(sinceDate, date));
  const next: BalanceSegment = {
    baseFen: day.baseFen,
    annualRatePct: day.annualRatePct,
    basis: day.basis,
    sinceDate,
    throughDate: date,
    postedFen: cumulativeFen,
  };
  return { postFen: cumulativeFen - postedBefore, state: next, closed: continues ? null : state };
}

// ---------------------------------------------------------------------------------------------

function installmentsOf(schedule: { installments: readonly AccrualPeriod[] } | readonly AccrualPeriod[]): readonly AccrualPeriod[] {
  return Array.isArray(schedule)
    ? (schedule as readonly AccrualPeriod[])
    : (schedule as { installments: readonly AccrualPeriod[] }).installments;
}

function checkedPeriod(p: AccrualPeriod): AccrualPeriod {
  const at = `installment ${String(p.period)}`;
  if (!Number.isSafeInteger(p.days) || p.days <= 0 || daysBetween(parseIsoDate(p.startDate), parseIsoDate(p.dueDate)) !== p.days) {
    throw new InvariantError(`${at}: days ${String(p.days)} do not match ${p.startDate} → ${p.dueDate}`);
  }
  if (typeof p.interestFen !== 'bigint' || p.interestFen < 0n) throw new InvariantError(`${at}: interest must be ≥ 0 fen`);
  return p;
}

function elapsedDays(p: AccrualPeriod, date: IsoDate): number {
  const elapsed = daysBetween(p.startDate, date);
  return elapsed < 0 ? 0 : elapsed > p.days ? p.days : elapsed;
}

function cumulative(p: AccrualPeriod, elapsed: number): bigint {
  return fenTimesFraction(p.interestFen, elapsed, p.days);
}

function checkContiguous(rows: readonly AccrualPeriod[]): void {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].startDate !== rows[i - 1].dueDate) {
      throw new InvariantError(`installment ${String(rows[i].period)} does not start on the previous due date`);
    }
  }
}

function checkSegment(s: BalanceSegment): void {
  const days = daysBetween(parseIsoDate(s.sinceDate), parseIsoDate(s.throughDate));
  if (days < 1) throw new InvariantError('a segment covers at least one day');
  if (segmentAccrued(s.baseFen, s.annualRatePct, s.basis, days) !== s.postedFen) {
    throw new InvariantError(`segment since ${s.sinceDate}: posted ${s.postedFen} ≠ its cumulative amount`);
  }
}
