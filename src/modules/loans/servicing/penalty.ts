/**
 * Penalty interest (罚息) and compound interest (复利) on overdue amounts — pure: no I/O, no clock.
 *
 * DESIGN §4 and issue 4: penalty interest accrues on overdue principal at the contract rate ×
 * (1 + uplift), the uplift a product parameter of 30–50 % (default 50 %); compound interest accrues on
 * overdue (unpaid) interest at the same penalty rate. Both use the cumulative method: after d days on
 * a constant base the total posted is exactly
 *
 *   round_half_up(base × penaltyRate / 100 × d / basis)        (basis 360 unless the product says 365)
 *
 * and each end-of-day posts the increase over the previous day. The base changes when a repayment
 * reduces it or a new installment falls overdue; such a change closes the running segment and opens a
 * new one (advancePenaltySegment), so the total ever posted on an overdue bucket equals the sum, over
 * its segments, of round_half_up(base_i × rate × d_i / basis) — each segment rounded once, never day
 * by day. Penalty and compound interest are two separate buckets with their own segments.
 */
import { AppError, Dec, formatRatePct, parseRatePct, type DayCountBasis } from '../../../kernel/index.js';
import { MAX_ANNUAL_RATE_PCT } from '../../products/schedule/index.js';
import { advanceSegment, segmentAccrued, type BalanceSegment, type SegmentStep } from './accrual.js';

export const DEFAULT_PENALTY_UPLIFT_PCT = '50';
/** The uplift a product may set (DESIGN §4: 30–50 %); products/params.ts enforces the same range. */
export const PENALTY_UPLIFT_RANGE_PCT = { min: '30', max: '50' } as const;

/**
 * The penalty rate in percent: contract × (1 + uplift / 100), exact (no rounding): "4.35", "50" →
 * "6.525". The contract rate is 0–36 % (the schedule's ceiling); the uplift 30–50 % (INVALID_RATE
 * outside). The result has at most 14 decimals and is accepted by every accrual function.
 */
export function penaltyRatePct(contractPct: string, upliftPct: string = DEFAULT_PENALTY_UPLIFT_PCT): string {
  const contract = parseRatePct(contractPct);
  if (contract.gt(MAX_ANNUAL_RATE_PCT)) {
    throw new AppError('INVALID_RATE', { field: 'contractPct', input: contractPct, reason: 'ABOVE_MAX', maxPct: MAX_ANNUAL_RATE_PCT });
  }
  const uplift = parseRatePct(upliftPct);
  if (uplift.lt(PENALTY_UPLIFT_RANGE_PCT.min) || uplift.gt(PENALTY_UPLIFT_RANGE_PCT.max)) {
    throw new AppError('INVALID_RATE', {
      field: 'upliftPct',
      input: upliftPct,
      reason: 'UPLIFT_OUT_OF_RANGE',
      minPct: PENALTY_UPLIFT_RANGE_PCT.min,
      maxPct: PENALTY_UPLIFT_RANGE_PCT.max,
    });
  }
  // ≤ 6 + 8 decimals and ≤ 16 significant digits: exact in Dec.
  return formatRatePct(new Dec(contract).times(new Dec(uplift).plus(100)).div(100));
}

/** Total penalty (or compound) interest after `days` days on a constant base: round_half_up(base × rate × days / basis). */
export function cumulativeOnBase(baseFen: bigint, annualRatePct: string, days: number, basis: DayCountBasis = 360): bigint {
  return segmentAccrued(baseFen, annualRatePct, basis, days);
}

/**
 * The running segment of one overdue bucket (overdue principal for penalty interest, overdue interest
 * for compound interest). See BalanceSegment: sinceDate is the day before the segment's first day,
 * throughDate the last day posted, postedFen = cumulativeOnBase(baseFen, rate, days so far, basis).
 */
export type PenaltySegment = BalanceSegment;

export interface PenaltyDay {
  /** The business date being closed: the day ending on it is accrued. */
  date: string;
  /** The overdue base on that day (0 when nothing is overdue: posts 0). */
  baseFen: bigint;
  /** The penalty rate in percent, from penaltyRatePct. */
  penaltyRatePct: string;
  basis?: DayCountBasis;
}

/**
 * Posts one day of penalty (or compound) interest: returns the amount to post for `day.date` and the
 * new segment state. A base (or rate) different from the running segment closes it — its total
 * stays cumulativeOnBase(old base, rate, its days) — and opens a new segment starting at the old
 * segment's throughDate. With no running segment (null: the bucket just became overdue) the segment
 * starts the day before `date`, so the first end-of-day after the due date posts one day.
 */
export function advancePenaltySegment(state: PenaltySegment | null, day: PenaltyDay): SegmentStep {
  return advanceSegment(state, {
    date: day.date,
    baseFen: day.baseFen,
    annualRatePct: day.penaltyRatePct,
    basis: day.basis ?? 360,
  });
}
