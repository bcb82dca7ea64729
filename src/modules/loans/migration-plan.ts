/**
 * A migrated loan's state on the migration date (pure: no I/O, no clock). A bank moving its online
 * loans from an old system gives, per loan, the contract (principal, start date, term, method, rate),
 * the outstanding principal and the days past due on the migration date M. The schedule is rebuilt
 * exactly as a drawdown would build it (products' buildSchedule); the state is what Huinong's own
 * end-of-days would have left after closing M − 1:
 *
 * - periods due before M − dpd are paid; the periods due in [M − dpd, M) are unpaid (the oldest unpaid
 *   one's due date is M − dpd, so dpd must be M minus one of the schedule's due dates); a period due on
 *   M or later is not yet billed;
 * - outstanding principal = the principal of every period not paid (overdue + not yet due), which the
 *   old system's balance must equal — the invariant that a loan's schedule sums to its principal holds;
 * - overdue principal and interest = the unpaid periods' amounts (billed through M − 1);
 * - accrued interest = the current period's interest accrued through M − 1 (cumulative method);
 * - no penalty or compound before M: end-of-day starts them on M.
 */
import { addDays, daysBetween, type IsoDate } from '../../kernel/index.js';
import { buildSchedule, type Installment, type RepaymentMethod, type Schedule } from '../products/schedule/index.js';
import { accruedThrough, classify, floorFor, type Classification, type ClassificationThresholds } from './servicing/index.js';
import { REGULATORY_THRESHOLDS } from './servicing/index.js';

export interface MigratedLoanTerms {
  principalFen: bigint;
  annualRatePct: string;
  method: RepaymentMethod;
  startDate: IsoDate;
  termMonths: number;
  dayCountBasis: 360 | 365;
  /** The bank's business date on which the loan comes in (before its first end-of-day). */
  migrationDate: IsoDate;
  /** Days past due on the migration date (0: current). */
  dpd: number;
}

export interface MigratedLoanState {
  schedule: Schedule;
  maturityDate: IsoDate;
  /** Periods fully paid before the migration date (1-based periods 1 … paidPeriods). */
  paidPeriods: number;
  /** Unpaid periods already due (due date before the migration date). */
  overduePeriods: number[];
  outstandingPrincipalFen: bigint;
  overduePrincipalFen: bigint;
  overdueInterestFen: bigint;
  /** Interest of the current period accrued through the day before the migration date. */
  accruedInterestFen: bigint;
  /** The last date whose due periods are billed (migration date − 1), null when the loan starts on the migration date. */
  billedThrough: IsoDate | null;
  /** The dpd values this schedule allows on the migration date (0 and M − each due date before M). */
  possibleDpds: number[];
}

export type MigratedLoanOutcome =
  | { ok: true; state: MigratedLoanState }
  | { ok: false; code: 'START_AFTER_MIGRATION'; possibleDpds: number[] }
  | { ok: false; code: 'DPD_NOT_ON_A_DUE_DATE'; possibleDpds: number[] };

/** The dpd values a schedule allows on date M: 0 (current) and M − d for each due date d before M, ascending. */
export function possibleDpdsOn(installments: readonly Pick<Installment, 'dueDate'>[], migrationDate: IsoDate): number[] {
  const out = [0];
  for (const r of installments) if (r.dueDate < migrationDate) out.push(daysBetween(r.dueDate, migrationDate));
  return out.sort((a, b) => a - b);
}

/**
 * The state a loan with these terms has on the migration date, or why the terms cannot describe a loan
 * on that date (a start after it; a dpd that is not M minus a due date). buildSchedule's own errors
 * (a bad rate, term or method) are thrown as AppErrors.
 */
export function migratedLoanState(t: MigratedLoanTerms): MigratedLoanOutcome {
  const schedule = buildSchedule({
    principalFen: t.principalFen,
    annualRatePct: t.annualRatePct,
    method: t.method,
    startDate: t.startDate,
    termMonths: t.termMonths,
    dayCountBasis: t.dayCountBasis,
  });
  const rows = schedule.installments;
  const M = t.migrationDate;
  const possibleDpds = possibleDpdsOn(rows, M);
  if (t.startDate > M) return { ok: false, code: 'START_AFTER_MIGRATION', possibleDpds };
  if (!Number.isSafeInteger(t.dpd) || !possibleDpds.includes(t.dpd)) return { ok: false, code: 'DPD_NOT_ON_A_DUE_DATE', possibleDpds };
  const oldestUnpaidDue = t.dpd > 0 ? addDays(M, -t.dpd) : M;
  let paidPeriods = 0;
  const overduePeriods: number[] = [];
  let outstandingPrincipalFen = 0n;
  let overduePrincipalFen = 0n;
  let overdueInterestFen = 0n;
  let accruedInterestFen = 0n;
  const dayBefore = addDays(M, -1);
  for (const r of rows) {
    if (r.dueDate < oldestUnpaidDue) {
      paidPeriods = r.period;
      continue;
    }
    outstandingPrincipalFen += r.principalFen;
    if (r.dueDate < M) {
      overduePeriods.push(r.period);
      overduePrincipalFen += r.principalFen;
      overdueInterestFen += r.interestFen;
    } else if (r.startDate < M) {
      // the current period (start < M ≤ due): accrued by the end of M − 1
      accruedInterestFen += accruedThrough(r, dayBefore);
    }
  }
  return {
    ok: true,
    state: {
      schedule,
      maturityDate: rows[rows.length - 1].dueDate,
      paidPeriods,
      overduePeriods,
      outstandingPrincipalFen,
      overduePrincipalFen,
      overdueInterestFen,
      accruedInterestFen,
      billedThrough: t.startDate < M ? dayBefore : null,
      possibleDpds,
    },
  };
}

/**
 * The class a migrated loan takes: the old system's class when it is at least as strict as the dpd
 * floor (kept as a manual classification when stricter), an error when it is looser.
 */
export function migratedClassification(
  dpd: number,
  imported: Classification | null,
  thresholds: ClassificationThresholds = REGULATORY_THRESHOLDS,
): { ok: true; classification: Classification; manual: Classification | null } | { ok: false; floor: Classification } {
  const floor = floorFor(dpd, thresholds);
  if (imported === null || imported === floor) return { ok: true, classification: floor, manual: null };
  const worse = classify(dpd, imported, thresholds);
  if (worse !== imported) return { ok: false, floor };
  return { ok: true, classification: imported, manual: imported };
}
