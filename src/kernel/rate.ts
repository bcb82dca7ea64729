/**
 * Interest rates. Rates travel as percent strings ("4.35" means 4.35 % a year) and are computed with
 * an exact decimal type; `Dec` is the one Decimal configuration for the whole project.
 */
import { Decimal } from 'decimal.js';
import { AppError } from './errors.js';

export type { Decimal };

/**
 * The project's Decimal: 40 significant digits, ties rounded away from zero (half-up). Every rate
 * computation uses it, so results do not depend on the global Decimal settings.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Days in the year used to turn an annual rate into a daily one (DESIGN §4: 360 unless a product says 365). */
export type DayCountBasis = 360 | 365;

export const MAX_RATE_DECIMALS = 6;

// Canonical non-negative decimal: no sign, no exponent, no leading zeros, 1–6 decimals if any.
const RATE_PCT_RE = /^(?:0|[1-9]\d{0,2})(?:\.\d{1,6})?$/;
const HUNDRED = new Dec(100);

/** Parses a percent string such as "4.35" into a Decimal percent; 0 ≤ rate ≤ 100, at most 6 decimals. */
export function parseRatePct(s: string): Decimal {
  if (typeof s !== 'string' || !RATE_PCT_RE.test(s)) {
    throw new AppError('INVALID_RATE', { input: typeof s === 'string' ? s : typeof s, reason: 'FORMAT' });
  }
  const pct = new Dec(s);
  if (pct.gt(HUNDRED)) throw new AppError('INVALID_RATE', { input: s, reason: 'OUT_OF_RANGE' });
  return pct;
}

/** Formats a percent with at least 2 decimals and no trailing zeros beyond them: "4.35", "3.00", "4.125". */
export function formatRatePct(pct: Decimal): string {
  if (!Decimal.isDecimal(pct) || !pct.isFinite()) {
    throw new AppError('INVALID_RATE', { reason: 'NOT_FINITE' });
  }
  const plain = pct.isZero() ? '0' : pct.toFixed(); // toFixed() never uses exponent notation; isZero drops "-0"
  const [intPart, fracPart = ''] = plain.split('.');
  return `${intPart}.${fracPart.padEnd(2, '0')}`;
}

/** Daily rate as a fraction (not percent): annual% / 100 / basis, to 40 significant digits. */
export function dailyRate(annualPct: Decimal | string, basis: DayCountBasis = 360): Decimal {
  if (basis !== 360 && basis !== 365) throw new AppError('INVALID_RATE', { basis, reason: 'DAY_COUNT_BASIS' });
  return toFraction(annualPct).div(basis);
}

/** Monthly rate as a fraction (not percent): annual% / 100 / 12, to 40 significant digits. */
export function monthlyRate(annualPct: Decimal | string): Decimal {
  return toFraction(annualPct).div(12);
}

/** Annual rate as a fraction: "4.35" → 0.0435 (exact). */
export function annualRate(annualPct: Decimal | string): Decimal {
  return toFraction(annualPct);
}

function toFraction(annualPct: Decimal | string): Decimal {
  const pct = typeof annualPct === 'string' ? parseRatePct(annualPct) : checkedPct(annualPct);
  return new Dec(pct).div(HUNDRED);
}

function checkedPct(pct: Decimal): Decimal {
  if (!Decimal.isDecimal(pct) || !pct.isFinite()) throw new AppError('INVALID_RATE', { reason: 'NOT_FINITE' });
  if (pct.isNeg() && !pct.isZero()) throw new AppError('INVALID_RATE', { input: pct.toString(), reason: 'OUT_OF_RANGE' });
  if (pct.gt(HUNDRED)) throw new AppError('INVALID_RATE', { input: pct.toString(), reason: 'OUT_OF_RANGE' });
  return pct;
}
