/**
 * Shared helpers of the servicing math (pure: no I/O, no clock). Internal to the servicing folder;
 * index.ts re-exports only what callers need.
 *
 * Exactness. Every amount is `base × ratePct × numerator / (100 × denominator)` computed with the
 * project's `Dec` (40 significant digits), multiplications first and the one division last, then
 * rounded half-up to the fen once with `fenFromDecimal`. The bounds below keep that exact:
 *  - base ≤ MAX_AMOUNT_FEN (10^17 fen), rate ≤ 100 % with at most MAX_SERVICING_RATE_DECIMALS (14)
 *    decimals, numerator ≤ MAX_ACCRUAL_DAYS (36,600): the product has at most 38 digits, so it is
 *    exact in Dec;
 *  - the quotient differs from a half-fen tie (when it is not one) by at least 1 / (2 × 100 ×
 *    basis × 10^14) fen ≈ 1.4 × 10^-19 fen, while Dec keeps at least 21 decimals of the fen value,
 *    so rounding the quotient to 40 digits can never create or destroy a tie.
 * The unit tests check every formula against an independent model in exact bigint rationals.
 */
import { AppError, Dec, InvariantError, MAX_AMOUNT_FEN, fenFromDecimal, type DayCountBasis, type Decimal } from '../../../kernel/index.js';

/** Penalty rates (contract × (1 + uplift)) carry more decimals than a contract rate: 6 + 8. */
export const MAX_SERVICING_RATE_DECIMALS = 14;
/** The longest run of days accrued in one formula (100 years); far beyond any loan or NPL. */
export const MAX_ACCRUAL_DAYS = 36_600;

const SERVICING_RATE_RE = /^(?:0|[1-9]\d{0,2})(?:\.\d{1,14})?$/;

/**
 * Parses an annual percent string for accrual: like the kernel's parseRatePct (0–100, canonical,
 * no exponent) but with up to 14 decimals, so that a penalty rate from penaltyRatePct is accepted.
 */
export function parseServicingRatePct(pct: string): Decimal {
  if (typeof pct !== 'string' || !SERVICING_RATE_RE.test(pct)) {
    throw new AppError('INVALID_RATE', { input: typeof pct === 'string' ? pct.slice(0, 32) : typeof pct, reason: 'FORMAT' });
  }
  const value = new Dec(pct);
  if (value.gt(100)) throw new AppError('INVALID_RATE', { input: pct, reason: 'OUT_OF_RANGE' });
  return value;
}

export function checkBasis(basis: DayCountBasis): DayCountBasis {
  if (basis !== 360 && basis !== 365) throw new AppError('INVALID_RATE', { basis, reason: 'DAY_COUNT_BASIS' });
  return basis;
}

/** A non-negative amount of fen within the kernel's bound; `field` names it in the error. */
export function checkFen(value: bigint, field: string): bigint {
  if (typeof value !== 'bigint') throw new InvariantError(`${field} must be bigint fen, got ${typeof value}`);
  if (value < 0n) throw new AppError('INVALID_AMOUNT', { field, reason: 'NEGATIVE' });
  if (value > MAX_AMOUNT_FEN) throw new AppError('INVALID_AMOUNT', { field, reason: 'TOO_LARGE' });
  return value;
}

export function checkDays(days: number, field: string): number {
  if (!Number.isSafeInteger(days) || days < 0 || days > MAX_ACCRUAL_DAYS) {
    throw new InvariantError(`${field} must be an integer 0–${MAX_ACCRUAL_DAYS}, got ${String(days)}`);
  }
  return days;
}

/**
 * round_half_up(baseFen × ratePct / 100 × numerator / denominator) in fen: the single rounding of
 * every servicing amount. Inputs are checked by the callers.
 */
export function fenTimesRatio(baseFen: bigint, ratePct: Decimal, numerator: number, denominator: number): bigint {
  if (baseFen === 0n || numerator === 0 || ratePct.isZero()) return 0n;
  // fen → yuan is one more exact division by 100, done inside the same final division.
  const yuan = new Dec(baseFen.toString())
    .times(ratePct)
    .times(numerator)
    .div(denominator * 100 * 100);
  return fenFromDecimal(yuan, 'HALF_UP');
}

/** round_half_up(amountFen × numerator / denominator): a share of an amount, e.g. elapsed / days. */
export function fenTimesFraction(amountFen: bigint, numerator: number, denominator: number): bigint {
  if (numerator === denominator) return amountFen;
  if (amountFen === 0n || numerator === 0) return 0n;
  const yuan = new Dec(amountFen.toString()).times(numerator).div(denominator * 100);
  return fenFromDecimal(yuan, 'HALF_UP');
}
