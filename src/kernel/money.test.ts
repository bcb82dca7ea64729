import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { AppError, InvariantError } from './errors.js';
import {
  MAX_AMOUNT_FEN,
  allocateProportionally,
  fenFromDecimal,
  formatYuan,
  maxFen,
  minFen,
  mulRateRound,
  parseYuan,
  parseYuanSigned,
  sumFen,
} from './money.js';
import { Dec, dailyRate, monthlyRate } from './rate.js';

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('parseYuan', () => {
  it.each([
    ['8530.99', 853099n],
    ['100', 10000n],
    ['0.5', 50n],
    ['0.05', 5n],
    ['0', 0n],
    ['0.00', 0n],
    ['1.10', 110n],
    ['1000000000000000', 10n ** 17n],
    ['1000000000000000.00', 10n ** 17n],
    ['999999999999999.99', 10n ** 17n - 1n],
  ])('reads %s yuan as %s fen', (input, fen) => {
    expect(parseYuan(input)).toBe(fen);
  });

  it.each([
    ['more than two decimals', '1.234'],
    ['exponent', '1e3'],
    ['upper-case exponent', '1E3'],
    ['leading space', ' 1.00'],
    ['trailing space', '1.00 '],
    ['inner space', '1 000'],
    ['empty string', ''],
    ['non-numeric', 'abc'],
    ['trailing point', '5.'],
    ['leading point', '.5'],
    ['plus sign', '+5'],
    ['thousands separator', '1,000.00'],
    ['leading zero', '0100'],
    ['hex', '0x10'],
    ['Infinity', 'Infinity'],
    ['NaN', 'NaN'],
    ['full-width digits', '１００'],
    ['currency sign', '¥100'],
    ['two points', '1.2.3'],
    ['lone minus', '-'],
  ])('rejects %s (%j) with INVALID_AMOUNT', (_label, input) => {
    expect(appErrorOf(() => parseYuan(input)).code).toBe('INVALID_AMOUNT');
  });

  it('rejects a negative amount, which only parseYuanSigned accepts', () => {
    const err = appErrorOf(() => parseYuan('-12.30'));
    expect(err.code).toBe('INVALID_AMOUNT');
    expect(err.details).toMatchObject({ reason: 'NEGATIVE' });
  });

  it('rejects one fen above 10^15 yuan', () => {
    expect(appErrorOf(() => parseYuan('1000000000000000.01')).details).toMatchObject({ reason: 'TOO_LARGE' });
  });

  it('rejects absurdly long digit strings without building huge numbers', () => {
    expect(appErrorOf(() => parseYuan('9'.repeat(100_000))).code).toBe('INVALID_AMOUNT');
  });

  it('rejects a non-string at run time (e.g. a JSON number)', () => {
    expect(appErrorOf(() => parseYuan(12.3 as unknown as string)).code).toBe('INVALID_AMOUNT');
  });
});

describe('parseYuanSigned', () => {
  it.each([
    ['-12.30', -1230n],
    ['-0.05', -5n],
    ['-0', 0n],
    ['-0.00', 0n],
    ['12.30', 1230n],
    ['-1000000000000000', -(10n ** 17n)],
  ])('reads %s as %s fen', (input, fen) => {
    expect(parseYuanSigned(input)).toBe(fen);
  });

  it.each(['--1', '- 1', '-1.234', '-', '-1e2', '-01', '-1000000000000000.01'])('rejects %j', (input) => {
    expect(appErrorOf(() => parseYuanSigned(input)).code).toBe('INVALID_AMOUNT');
  });
});

describe('formatYuan', () => {
  it.each([
    [853099n, '8530.99'],
    [-5n, '-0.05'],
    [10000n, '100.00'],
    [0n, '0.00'],
    [1n, '0.01'],
    [10n, '0.10'],
    [-100n, '-1.00'],
    [10n ** 17n, '1000000000000000.00'],
  ])('formats %s fen as %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('round-trips with parseYuanSigned', () => {
    for (const fen of [0n, 1n, -1n, 99n, 100n, 101n, 853099n, -853099n, MAX_AMOUNT_FEN, -MAX_AMOUNT_FEN]) {
      expect(parseYuanSigned(formatYuan(fen))).toBe(fen);
    }
  });

  it('refuses a number instead of bigint fen as a programming error', () => {
    expect(() => formatYuan(100 as unknown as bigint)).toThrow(InvariantError);
  });
});

describe('fenFromDecimal', () => {
  it('rounds half-up to the fen by default, ties away from zero', () => {
    expect(fenFromDecimal(new Dec('1.005'))).toBe(101n);
    expect(fenFromDecimal(new Dec('1.0049999'))).toBe(100n);
    expect(fenFromDecimal(new Dec('-1.005'))).toBe(-101n);
    expect(fenFromDecimal(new Dec('8530.99'))).toBe(853099n);
  });

  it.each([
    ['DOWN', '1.019', 101n],
    ['DOWN', '-1.019', -101n],
    ['UP', '1.011', 102n],
    ['UP', '-1.011', -102n],
    ['UP', '1.01', 101n],
    ['HALF_EVEN', '1.005', 100n],
    ['HALF_EVEN', '1.015', 102n],
    ['HALF_EVEN', '1.0051', 101n],
    ['HALF_UP', '1.004', 100n],
  ] as const)('rounds %s: %s yuan → %s fen', (rounding, yuan, fen) => {
    expect(fenFromDecimal(new Dec(yuan), rounding)).toBe(fen);
  });

  it('is exact for decimals beyond the 40-digit working precision', () => {
    // 10^17 fen + 0.4999… fen with 37 nines: scaling by 100 at 40 significant digits would round the
    // fraction up to .5 and then up again to …001; exact rounding keeps it below the tie.
    const justBelowTie = new Decimal('1000000000000000.004999999999999999999999999999999999999');
    expect(fenFromDecimal(justBelowTie)).toBe(100000000000000000n);
    const justAboveTie = new Decimal('1000000000000000.005000000000000000000000000000000000001');
    expect(fenFromDecimal(justAboveTie, 'HALF_EVEN')).toBe(100000000000000001n);
  });

  it('does not use exponent notation for tiny or huge values', () => {
    expect(fenFromDecimal(new Dec('1e-30'))).toBe(0n);
    expect(fenFromDecimal(new Dec('1e-30'), 'UP')).toBe(1n);
    expect(fenFromDecimal(new Dec('1e20'))).toBe(10n ** 22n);
  });

  it('returns zero (not minus zero) for a negative amount that rounds to nothing', () => {
    expect(fenFromDecimal(new Dec('-0.001'))).toBe(0n);
  });

  it.each([new Dec(NaN), new Dec(Infinity), new Dec(-Infinity)])('rejects non-finite %s', (d) => {
    expect(appErrorOf(() => fenFromDecimal(d)).code).toBe('INVALID_AMOUNT');
  });

  it('rejects an unknown rounding name as a programming error', () => {
    expect(() => fenFromDecimal(new Dec(1), 'CEILING' as never)).toThrow(InvariantError);
  });
});

describe('mulRateRound', () => {
  it('multiplies fen by a factor and rounds half-up to the fen', () => {
    expect(mulRateRound(10000n, new Dec('0.0435'))).toBe(435n);
    expect(mulRateRound(1n, new Dec('0.5'))).toBe(1n);
    expect(mulRateRound(1n, new Dec('0.4999999'))).toBe(0n);
    expect(mulRateRound(3n, new Dec('0.5'))).toBe(2n);
  });

  it('rounds negative amounts symmetrically (ties away from zero)', () => {
    expect(mulRateRound(-1n, new Dec('0.5'))).toBe(-1n);
    expect(mulRateRound(-3n, new Dec('0.5'))).toBe(-2n);
  });

  it('computes one day of interest at 4.35 % / 360 on 100 000 yuan', () => {
    // 10 000 000 fen × 0.0435 / 360 = 1208.333… fen
    expect(mulRateRound(10_000_000n, dailyRate('4.35'))).toBe(1208n);
  });

  it('computes one month of interest at 6 % on 12 345.67 yuan', () => {
    // 1 234 567 fen × 0.005 = 6172.835 → 6173 (half-up)
    expect(mulRateRound(1_234_567n, monthlyRate('6'))).toBe(6173n);
  });

  it('keeps the product exact for large amounts with long factors', () => {
    // (10^17 + 1) × (0.5 − 10^-60) lies 10^-43 below a tie; rounding the product to 40 digits first would
    // turn it into an exact tie and round it up.
    const justBelowHalf = new Decimal('0.' + '4'.padEnd(60, '9'));
    expect(mulRateRound(10n ** 17n + 1n, justBelowHalf)).toBe(50000000000000000n);
    expect(mulRateRound(10n ** 17n + 1n, new Dec('0.5').plus('1e-39'))).toBe(50000000000000001n);
  });

  it('returns zero for a zero amount or a zero factor', () => {
    expect(mulRateRound(0n, new Dec('0.0435'))).toBe(0n);
    expect(mulRateRound(123n, new Dec(0))).toBe(0n);
  });

  it('rejects a non-finite factor', () => {
    expect(appErrorOf(() => mulRateRound(100n, new Dec(NaN))).code).toBe('INVALID_RATE');
  });

  it('refuses number fen as a programming error', () => {
    expect(() => mulRateRound(100 as unknown as bigint, new Dec(1))).toThrow(InvariantError);
  });
});

describe('allocateProportionally', () => {
  it('splits exactly when the quotas are whole', () => {
    expect(allocateProportionally(600n, [1n, 2n, 3n])).toEqual([100n, 200n, 300n]);
  });

  it('gives the leftover fen to the largest remainders', () => {
    // quotas 33.33…, 33.33…, 33.33… → 34, 33, 33 (ties go to the earlier index)
    expect(allocateProportionally(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    // quotas 14.2857, 28.5714, 57.1428 → floors 14, 28, 57 (99); largest remainder is index 1 (.5714)
    expect(allocateProportionally(100n, [1n, 2n, 4n])).toEqual([14n, 29n, 57n]);
  });

  it('gives nothing to a zero weight', () => {
    expect(allocateProportionally(101n, [0n, 1n, 0n, 1n])).toEqual([0n, 51n, 0n, 50n]);
  });

  it('gives everything to a single weight', () => {
    expect(allocateProportionally(12345n, [7n])).toEqual([12345n]);
  });

  it('splits a total smaller than the number of parts', () => {
    expect(allocateProportionally(2n, [1n, 1n, 1n, 1n, 1n])).toEqual([1n, 1n, 0n, 0n, 0n]);
  });

  it('splits a negative total as the mirror of the positive one', () => {
    expect(allocateProportionally(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
  });

  it('returns zeros for a zero total, even with all-zero weights', () => {
    expect(allocateProportionally(0n, [3n, 5n])).toEqual([0n, 0n]);
    expect(allocateProportionally(0n, [0n, 0n])).toEqual([0n, 0n]);
    expect(allocateProportionally(0n, [])).toEqual([]);
  });

  it('always sums to the total and stays within one fen of each exact quota', () => {
    let seed = 42;
    const next = (): bigint => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return BigInt(seed % 1_000_000);
    };
    for (let round = 0; round < 300; round++) {
      const weights = Array.from({ length: 1 + (round % 9) }, next);
      if (sumFen(weights) === 0n) weights[0] = 1n;
      const total = next() * 997n - 1000n;
      const shares = allocateProportionally(total, weights);
      expect(sumFen(shares)).toBe(total);
      const wSum = sumFen(weights);
      shares.forEach((share, i) => {
        const diff = share * wSum - total * weights[i]; // (share − quota) × wSum
        expect(diff < 0n ? -diff : diff).toBeLessThan(wSum);
      });
    }
  });

  it('rejects a negative weight', () => {
    expect(appErrorOf(() => allocateProportionally(100n, [1n, -1n, 2n])).details).toMatchObject({ reason: 'NEGATIVE_WEIGHT' });
  });

  it('rejects a non-zero total with no positive weight', () => {
    expect(appErrorOf(() => allocateProportionally(100n, [0n, 0n])).details).toMatchObject({ reason: 'NO_POSITIVE_WEIGHT' });
    expect(appErrorOf(() => allocateProportionally(100n, [])).code).toBe('INVALID_AMOUNT');
  });

  it('does not modify the weights array', () => {
    const weights = [3n, 1n, 2n];
    allocateProportionally(100n, weights);
    expect(weights).toEqual([3n, 1n, 2n]);
  });
});

describe('sumFen, minFen, maxFen', () => {
  it('sums exactly beyond Number.MAX_SAFE_INTEGER', () => {
    expect(sumFen([MAX_AMOUNT_FEN, MAX_AMOUNT_FEN, 1n])).toBe(2n * MAX_AMOUNT_FEN + 1n);
  });

  it('sums an empty list to zero', () => {
    expect(sumFen([])).toBe(0n);
  });

  it('finds the minimum and maximum, including negatives', () => {
    expect(minFen(5n, -3n, 7n)).toBe(-3n);
    expect(maxFen(5n, -3n, 7n)).toBe(7n);
    expect(minFen(4n)).toBe(4n);
    expect(maxFen(...[1n, 9n, 9n])).toBe(9n);
  });

  it('refuses an empty list as a programming error', () => {
    expect(() => minFen()).toThrow(InvariantError);
    expect(() => maxFen()).toThrow(InvariantError);
  });
});
