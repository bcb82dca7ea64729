/**
 * The end-of-day pipeline: named steps over loan-id ranges, in the order of docs/servicing.md.
 * The default pipeline calls the loans module's step functions (resolved at run time through the
 * loans module's index, so this module builds before they exist) and ledger reconciliation; tests
 * register pipelines of their own with the same shape.
 */
import type { Db, Tx } from '../../db/client.js';
import { AppError, InvariantError, type IsoDate } from '../../kernel/index.js';
import { reconcileLoans } from '../ledger/index.js';
import { activeLoanIdBounds } from '../loans/index.js';
import { getServicingParams } from '../servicing-params/index.js';

export interface LoanRange {
  /** inclusive */
  fromLoanId: number;
  /** exclusive */
  toLoanId: number;
}

/** A step's work for D over one range, inside the (step, partition) transaction; returns rows touched. */
export type EodStepFn = (tx: Tx, date: IsoDate, range: LoanRange) => Promise<unknown>;

export interface EodStepDef {
  name: string;
  run: EodStepFn;
}

export interface EodPipeline {
  steps: EodStepDef[];
  /** Loan-id bounds of the portfolio (inclusive max); null when there is nothing to process. */
  bounds: (db: Db | Tx) => Promise<{ minId: number; maxId: number } | null>;
}

/** The step names of the real day, in order (ADVANCE follows RECONCILE and is done by the runner). */
export const EOD_STEPS = ['ACCRUE', 'BILL', 'AUTO_DEBIT', 'AGE', 'PENALTY', 'CLASSIFY', 'NON_ACCRUAL', 'SNAPSHOT', 'RECONCILE'] as const;
export type EodStepName = (typeof EOD_STEPS)[number];

const LOANS_FUNCTIONS: Record<Exclude<EodStepName, 'RECONCILE'>, string> = {
  ACCRUE: 'eodAccrueInterest',
  BILL: 'eodBillDue',
  AUTO_DEBIT: 'eodAutoDebit',
  AGE: 'eodAge',
  PENALTY: 'eodPenalty',
  CLASSIFY: 'eodClassify',
  NON_ACCRUAL: 'eodNonAccrual',
  SNAPSHOT: 'eodSnapshot',
};

type AnyStep = (tx: Tx, date: IsoDate, range: LoanRange, ...rest: unknown[]) => Promise<unknown>;

/** The real pipeline: loans step functions + ledger reconciliation. Fails loudly when a step is missing. */
export async function loansPipeline(): Promise<EodPipeline> {
  const loans = (await import('../loans/index.js')) as unknown as Record<string, unknown>;
  const steps: EodStepDef[] = EOD_STEPS.map((name) => {
    if (name === 'RECONCILE') return { name, run: (tx, d, r) => reconcileLoans(tx, d, r) };
    const fnName = LOANS_FUNCTIONS[name];
    const fn = loans[fnName];
    if (typeof fn !== 'function') {
      return {
        name,
        run: () => {
          throw new InvariantError(`end-of-day step ${name}: loans module does not export ${fnName}`);
        },
      };
    }
    // the bank's classification thresholds and non-accrual days in effect on D (one query per partition)
    if (name === 'CLASSIFY') return { name, run: async (tx, d, r) => (fn as AnyStep)(tx, d, r, (await getServicingParams(tx, d)).thresholds) };
    if (name === 'NON_ACCRUAL') return { name, run: async (tx, d, r) => (fn as AnyStep)(tx, d, r, (await getServicingParams(tx, d)).nonAccrualDpd) };
    return { name, run: (tx, d, r) => (fn as AnyStep)(tx, d, r) };
  });
  return { steps, bounds: (db) => activeLoanIdBounds(db) };
}

/** Rows reported by a step function: a number, { rows }, { count } or an array; anything else counts 0. */
export function rowsOf(result: unknown): number {
  if (typeof result === 'number' && Number.isFinite(result)) return Math.max(0, Math.trunc(result));
  if (typeof result === 'bigint') return Number(result);
  if (Array.isArray(result)) return result.length;
  if (result && typeof result === 'object') {
    const o = result as Record<string, unknown>;
    for (const k of ['rows', 'count', 'loans', 'affected']) {
      if (typeof o[k] === 'number') return Math.max(0, Math.trunc(o[k]));
    }
  }
  return 0;
}

/** Splits [minId, maxId] into ranges of partitionSize ids (the last one ends at maxId + 1); none without loans. */
export function partitionRanges(bounds: { minId: number; maxId: number } | null, partitionSize: number): LoanRange[] {
  if (!Number.isSafeInteger(partitionSize) || partitionSize <= 0) throw new AppError('VALIDATION_FAILED', { field: 'partitionSize' });
  if (!bounds) return []; // no active loans: the steps have nothing to do, the day still advances
  const out: LoanRange[] = [];
  for (let from = bounds.minId; from <= bounds.maxId; from += partitionSize) {
    out.push({ fromLoanId: from, toLoanId: Math.min(from + partitionSize, bounds.maxId + 1) });
  }
  return out;
}
