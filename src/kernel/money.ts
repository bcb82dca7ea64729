/**
 * Money is integer fen (分) held as `bigint`; no floating point ever touches an amount.
 * Conversions from decimals name their rounding; the default is half-up to the fen.
 */
import { Decimal } from 'decimal.js';
import { AppError, InvariantError } from './errors.js';

export type Fen = bigint;

/** Largest accepted absolute amount: 10^15 yuan, i.e. 10^17 fen. Anything larger is a typo or an attack. */
export const MAX_AMOUNT_FEN: bigint = 10n ** 17n;

/** Rounding of a decimal yuan amount to the fen. DOWN is toward zero, UP away from zero; HALF_* break ties. */
export type FenRounding = 'HALF_UP' | 'DOWN' | 'UP' | 'HALF_EVEN';

const ROUNDING_MODE: Record<FenRounding, Decimal.Rounding> = {
  HALF_UP: Decimal.ROUND_HALF_UP,
  DOWN: Decimal.ROUND_DOWN,
  UP: Decimal.ROUND_UP,
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
};

// Products of a bigint and a Decimal must be exact before the single rounding step, so they use a
// private clone whose precision never truncates (decimal.js keeps every digit of a product up to it).
const Exact = Decimal.clone({ precision: 1e9, rounding: Decimal.ROUND_HALF_UP });

// Canonical yuan: optional "-", no leading zeros, no exponent, no spaces, 1–2 decimals if a point is present.
const YUAN_RE = /^(-?)(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/** Parses a non-negative yuan string ("8530.99", "100", "0.5") into fen. */
export function parseYuan(s: string): bigint {
  const fen = parseYuanSigned(s);
  if (fen < 0n) throw new AppError('INVALID_AMOUNT', { input: s, reason: 'NEGATIVE' });
  return fen;
}

/** Parses a yuan string that may be negative ("-12.30") into fen. "-0" and "-0.00" are zero. */
export function parseYuanSigned(s: string): bigint {
  if (typeof s !== 'string') throw new AppError('INVALID_AMOUNT', { input: typeof s, reason: 'NOT_A_STRING' });
  const m = YUAN_RE.exec(s);
  if (!m) throw new AppError('INVALID_AMOUNT', { input: s.slice(0, 64), reason: 'FORMAT' });
  const [, sign, intPart, fracPart = ''] = m;
  if (intPart.length > 16) throw new AppError('INVALID_AMOUNT', { input: s.slice(0, 64), reason: 'TOO_LARGE' });
  const abs = BigInt(intPart) * 100n + BigInt(fracPart.padEnd(2, '0'));
  if (abs > MAX_AMOUNT_FEN) throw new AppError('INVALID_AMOUNT', { input: s, reason: 'TOO_LARGE' });
  return sign === '-' ? -abs : abs;
}

/** Formats fen as yuan with exactly two decimals: 853099n → "8530.99", -5n → "-0.05", 10000n → "100.00". */
export function formatYuan(fen: bigint): string {
  assertBigint(fen, 'formatYuan');
  const abs = fen < 0n ? -fen : fen;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${fen < 0n ? '-' : ''}${yuan}.${cents}`;
}

/** Converts a decimal yuan amount to fen with the named rounding (half-up by default). */
export function fenFromDecimal(yuan: Decimal, rounding: FenRounding = 'HALF_UP'): bigint {
  if (!Decimal.isDecimal(yuan) || !yuan.isFinite()) {
    throw new AppError('INVALID_AMOUNT', { reason: 'NOT_FINITE' });
  }
  const mode = ROUNDING_MODE[rounding];
  if (mode === undefined) throw new InvariantError(`unknown rounding ${String(rounding)}`);
  // toFixed(2, mode) rounds exactly at the fen (independent of precision) and never uses exponent notation.
  return BigInt(new Exact(yuan).toFixed(2, mode).replace('.', ''));
}

/** fen × factor, rounded half-up (ties away from zero) to the fen. The product is exact before rounding. */
export function mulRateRound(fen: bigint, factor: Decimal): bigint {
  assertBigint(fen, 'mulRateRound');
  if (!Decimal.isDecimal(factor) || !factor.isFinite()) {
    throw new AppError('INVALID_RATE', { reason: 'NOT_FINITE' });
  }
  const product = new Exact(fen.toString()).times(new Exact(factor));
  return BigInt(product.toFixed(0, Decimal.ROUND_HALF_UP));
}

/**
 * Splits totalFen in proportion to non-negative weights by the largest-remainder method: each share is
 * the floor of its exact quota, and the fen left over go one each to the largest remainders (earlier
 * index first on ties). The shares always sum to the total and each is within one fen of its quota;
 * a zero weight gets zero. A negative total is split as its absolute value, then negated.
 */
export function allocateProportionally(totalFen: bigint, weights: readonly bigint[]): bigint[] {
  assertBigint(totalFen, 'allocateProportionally');
  weights.forEach((w) => assertBigint(w, 'allocateProportionally'));
  if (weights.some((w) => w < 0n)) throw new AppError('INVALID_AMOUNT', { reason: 'NEGATIVE_WEIGHT' });
  const weightSum = sumFen(weights);
  if (weightSum === 0n) {
    if (totalFen === 0n) return weights.map(() => 0n);
    throw new AppError('INVALID_AMOUNT', { reason: 'NO_POSITIVE_WEIGHT' });
  }
  if (totalFen < 0n) return allocateProportionally(-totalFen, weights).map((share) => -share);

  const shares = weights.map((w) => (totalFen * w) / weightSum);
  const remainders = weights.map((w) => (totalFen * w) % weightSum);
  let leftover = totalFen - sumFen(shares); // < weights.length, by construction
  const order = weights.map((_, i) => i).sort((a, b) => (remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : a - b));
  for (const i of order) {
    if (leftover === 0n) break;
    shares[i] += 1n;
    leftover -= 1n;
  }
  return shares;
}

export function sumFen(values: readonly bigint[]): bigint {
  let sum = 0n;
  for (const v of values) sum += v;
  return sum;
}

export function minFen(...values: bigint[]): bigint {
  if (values.length === 0) throw new InvariantError('minFen needs at least one value');
  return values.reduce((a, b) => (b < a ? b : a));
}

export function maxFen(...values: bigint[]): bigint {
  if (values.length === 0) throw new InvariantError('maxFen needs at least one value');
  return values.reduce((a, b) => (b > a ? b : a));
}

function assertBigint(value: unknown, where: string): asserts value is bigint {
  if (typeof value !== 'bigint') throw new InvariantError(`${where} expects bigint fen, got ${typeof value}`);
}
