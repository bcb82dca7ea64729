import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { AppError } from './errors.js';
import { Dec, annualRate, dailyRate, formatRatePct, monthlyRate, parseRatePct } from './rate.js';

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('Dec', () => {
  it('works to 40 significant digits with half-up rounding', () => {
    expect(Dec.precision).toBe(40);
    expect(Dec.rounding).toBe(Decimal.ROUND_HALF_UP);
    expect(new Dec(1).div(3).toString()).toBe('0.' + '3'.repeat(40));
    expect(new Dec(2).div(3).toString()).toBe('0.' + '6'.repeat(39) + '7');
  });

  it('is independent of the global Decimal settings', () => {
    const before = Decimal.precision;
    Decimal.set({ precision: 5 });
    try {
      expect(new Dec(1).div(3).toString()).toBe('0.' + '3'.repeat(40));
    } finally {
      Decimal.set({ precision: before });
    }
  });
});

describe('parseRatePct', () => {
  it.each([
    ['4.35', '4.35'],
    ['0', '0'],
    ['0.0', '0'],
    ['100', '100'],
    ['100.000000', '100'],
    ['3.000001', '3.000001'],
    ['18.25', '18.25'],
    ['0.000001', '0.000001'],
  ])('reads %s as %s percent', (input, value) => {
    expect(parseRatePct(input).equals(new Dec(value))).toBe(true);
  });

  it('returns a Dec instance that is exact', () => {
    const r = parseRatePct('4.35');
    expect(r).toBeInstanceOf(Dec);
    expect(r.toFixed()).toBe('4.35');
  });

  it.each([
    ['negative', '-0.01'],
    ['above 100', '100.000001'],
    ['far above 100', '435'],
    ['seven decimals', '4.3500001'],
    ['exponent', '4e0'],
    ['percent sign', '4.35%'],
    ['spaces', ' 4.35'],
    ['empty', ''],
    ['text', 'abc'],
    ['leading zero', '04.35'],
    ['trailing point', '4.'],
    ['leading point', '.5'],
    ['plus sign', '+4.35'],
    ['comma decimal', '4,35'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
  ])('rejects %s (%j) with INVALID_RATE', (_label, input) => {
    expect(appErrorOf(() => parseRatePct(input)).code).toBe('INVALID_RATE');
  });

  it('rejects a number at run time', () => {
    expect(appErrorOf(() => parseRatePct(4.35 as unknown as string)).code).toBe('INVALID_RATE');
  });
});

describe('formatRatePct', () => {
  it.each([
    ['4.35', '4.35'],
    ['3', '3.00'],
    ['3.0', '3.00'],
    ['4.125', '4.125'],
    ['4.1250', '4.125'],
    ['0', '0.00'],
    ['-0', '0.00'],
    ['0.5', '0.50'],
    ['100', '100.00'],
    ['0.000001', '0.000001'],
    ['1e-7', '0.0000001'],
    ['-1.5', '-1.50'],
  ])('formats %s as %s', (value, text) => {
    expect(formatRatePct(new Dec(value))).toBe(text);
  });

  it('round-trips with parseRatePct', () => {
    for (const s of ['4.35', '3.00', '4.125', '0.00', '100.00', '12.345678']) {
      expect(formatRatePct(parseRatePct(s))).toBe(s);
    }
  });

  it('rejects a non-finite value', () => {
    expect(appErrorOf(() => formatRatePct(new Dec(NaN))).code).toBe('INVALID_RATE');
    expect(appErrorOf(() => formatRatePct(new Dec(Infinity))).code).toBe('INVALID_RATE');
  });
});

describe('annualRate, dailyRate, monthlyRate', () => {
  it('turns an annual percent into an exact annual fraction', () => {
    expect(annualRate('4.35').toFixed()).toBe('0.0435');
  });

  it('divides by 360 by default, as a fraction not a percent', () => {
    const r = dailyRate('4.35');
    expect(r.times(360).times(100).toDecimalPlaces(30).toFixed()).toBe('4.35');
    expect(r.toSignificantDigits(10).toFixed()).toBe('0.0001208333333');
  });

  it('divides by 365 when asked', () => {
    expect(dailyRate('3.65', 365).toFixed()).toBe('0.0001');
  });

  it('gives an exact monthly fraction when one exists', () => {
    expect(monthlyRate('6').toFixed()).toBe('0.005');
    expect(monthlyRate('4.8').toFixed()).toBe('0.004');
  });

  it('gives 40 significant digits for a repeating fraction', () => {
    const r = monthlyRate('4.35'); // 0.003625 exactly
    expect(r.toFixed()).toBe('0.003625');
    const d = dailyRate('1'); // 1/36000 = 0.0000277…
    expect(d.precision()).toBe(40);
  });

  it('accepts a Decimal percent as well as a string', () => {
    expect(dailyRate(new Dec('4.35')).equals(dailyRate('4.35'))).toBe(true);
    expect(monthlyRate(new Decimal('4.35')).equals(monthlyRate('4.35'))).toBe(true);
  });

  it('gives zero for a zero rate', () => {
    expect(dailyRate('0').isZero()).toBe(true);
    expect(monthlyRate('0').isZero()).toBe(true);
  });

  it('rejects an unknown day-count basis', () => {
    expect(appErrorOf(() => dailyRate('4.35', 366 as never)).code).toBe('INVALID_RATE');
    expect(appErrorOf(() => dailyRate('4.35', 0 as never)).code).toBe('INVALID_RATE');
  });

  it.each([
    ['a negative Decimal', new Dec('-1')],
    ['a Decimal above 100', new Dec('100.01')],
    ['NaN', new Dec(NaN)],
    ['Infinity', new Dec(Infinity)],
  ])('rejects %s', (_label, pct) => {
    expect(appErrorOf(() => dailyRate(pct)).code).toBe('INVALID_RATE');
    expect(appErrorOf(() => monthlyRate(pct)).code).toBe('INVALID_RATE');
  });

  it('rejects a malformed string', () => {
    expect(appErrorOf(() => monthlyRate('4.35%')).code).toBe('INVALID_RATE');
  });
});
