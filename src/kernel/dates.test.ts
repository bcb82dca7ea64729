import { describe, expect, it } from 'vitest';
import { AppError, InvariantError } from './errors.js';
import {
  addDays,
  addMonthsClamped,
  ageAt,
  compareDates,
  daysBetween,
  daysInMonth,
  endOfMonth,
  fromEpochDay,
  isIsoDate,
  isLeapYear,
  makeIsoDate,
  maxDate,
  minDate,
  parseIsoDate,
  splitIsoDate,
  startOfMonth,
  startOfYear,
  toEpochDay,
} from './dates.js';

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('parseIsoDate', () => {
  it.each(['2026-01-31', '2024-02-29', '2000-02-29', '1900-01-01', '0001-01-01', '9999-12-31', '2026-12-31'])(
    'accepts the real date %s unchanged',
    (s) => {
      expect(parseIsoDate(s)).toBe(s);
    },
  );

  it.each([
    ['Feb 30', '2026-02-30'],
    ['Feb 29 in a common year', '2026-02-29'],
    ['Feb 29 in 1900 (not leap)', '1900-02-29'],
    ['Apr 31', '2026-04-31'],
    ['month 13', '2026-13-01'],
    ['month 00', '2026-00-10'],
    ['day 00', '2026-01-00'],
    ['day 32', '2026-01-32'],
    ['year 0000', '0000-01-01'],
    ['no padding', '2026-1-5'],
    ['slashes', '2026/01/05'],
    ['compact', '20260105'],
    ['with time', '2026-01-05T00:00:00Z'],
    ['with space', '2026-01-05 '],
    ['five-digit year', '12026-01-05'],
    ['empty', ''],
    ['text', 'today'],
    ['Chinese format', '2026年1月5日'],
  ])('rejects %s (%j) with INVALID_DATE', (_label, s) => {
    expect(appErrorOf(() => parseIsoDate(s)).code).toBe('INVALID_DATE');
  });

  it('rejects a Date object or number at run time', () => {
    expect(appErrorOf(() => parseIsoDate(new Date() as unknown as string)).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => parseIsoDate(20260105 as unknown as string)).code).toBe('INVALID_DATE');
  });

  it('isIsoDate tells valid from invalid without throwing', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe('splitIsoDate and makeIsoDate', () => {
  it('splits a date into numbers', () => {
    expect(splitIsoDate('2026-03-09')).toEqual({ year: 2026, month: 3, day: 9 });
  });

  it('builds a padded date and validates it', () => {
    expect(makeIsoDate(2026, 3, 9)).toBe('2026-03-09');
    expect(makeIsoDate(5, 1, 1)).toBe('0005-01-01');
    expect(appErrorOf(() => makeIsoDate(2026, 2, 29)).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => makeIsoDate(2026, 13, 1)).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => makeIsoDate(2026, 1.5, 1)).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => makeIsoDate(10000, 1, 1)).code).toBe('INVALID_DATE');
  });
});

describe('epoch days', () => {
  it('counts days from 1970-01-01 like Date.UTC', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1969-12-31')).toBe(-1);
    for (const d of ['2026-01-31', '2000-02-29', '1900-03-01', '2100-12-31', '1600-01-01']) {
      expect(toEpochDay(d)).toBe(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8))) / 86_400_000);
    }
  });

  it('agrees with Date.UTC and round-trips for every day of a full 400-year cycle', () => {
    const first = toEpochDay('1900-01-01');
    const mismatches: number[] = [];
    for (let n = first; n < first + 146_097; n += 1) {
      const d = fromEpochDay(n);
      if (toEpochDay(d) !== n || d !== new Date(n * 86_400_000).toISOString().slice(0, 10)) mismatches.push(n);
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses dates outside years 1–9999', () => {
    expect(appErrorOf(() => fromEpochDay(toEpochDay('9999-12-31') + 1)).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => fromEpochDay(toEpochDay('0001-01-01') - 1)).code).toBe('INVALID_DATE');
  });
});

describe('addDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 0, '2026-01-01'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2026-03-29', 1, '2026-03-30'], // European DST change day: no local-time drift
    ['2026-03-08', 1, '2026-03-09'], // US DST change day
  ])('%s + %i days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('rejects a fractional or non-finite day count as a programming error', () => {
    expect(() => addDays('2026-01-01', 1.5)).toThrow(InvariantError);
    expect(() => addDays('2026-01-01', Number.NaN)).toThrow(InvariantError);
    expect(() => addDays('2026-01-01', Infinity)).toThrow(InvariantError);
  });

  it('rejects an invalid date', () => {
    expect(appErrorOf(() => addDays('2026-02-30', 1)).code).toBe('INVALID_DATE');
  });

  it('rejects running past year 9999', () => {
    expect(appErrorOf(() => addDays('9999-12-31', 1)).code).toBe('INVALID_DATE');
  });
});

describe('addMonthsClamped', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-01-31', 2, '2026-03-31'],
    ['2026-01-31', 3, '2026-04-30'],
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-31', 12, '2027-12-31'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-05-20', 0, '2026-05-20'],
  ])('%s + %i months = %s', (date, n, expected) => {
    expect(addMonthsClamped(date, n)).toBe(expected);
  });

  it('keeps month-end schedule dates when every date is computed from the start', () => {
    const start = '2026-01-31';
    const schedule = Array.from({ length: 6 }, (_, i) => addMonthsClamped(start, i + 1));
    expect(schedule).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31']);
  });

  it('drifts when chained, which is why schedules must not chain it', () => {
    expect(addMonthsClamped(addMonthsClamped('2026-01-31', 1), 1)).toBe('2026-03-28');
  });

  it('rejects a fractional month count and out-of-range results', () => {
    expect(() => addMonthsClamped('2026-01-31', 0.5)).toThrow(InvariantError);
    expect(appErrorOf(() => addMonthsClamped('9999-12-01', 1)).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => addMonthsClamped('0001-01-01', -1)).code).toBe('INVALID_DATE');
  });
});

describe('daysBetween and compareDates', () => {
  it.each([
    ['2026-01-01', '2026-01-31', 30],
    ['2026-01-31', '2026-01-01', -30],
    ['2026-01-01', '2026-01-01', 0],
    ['2026-02-01', '2026-03-01', 28],
    ['2024-02-01', '2024-03-01', 29],
    ['2025-12-31', '2026-01-01', 1],
    ['2026-01-01', '2027-01-01', 365],
    ['1900-01-01', '2000-01-01', 36524],
  ])('from %s to %s is %i days', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });

  it('orders dates', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareDates('2026-01-02', '2026-01-01')).toBe(1);
    expect(compareDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(['2026-03-01', '2025-12-31', '2026-01-15'].sort(compareDates)).toEqual(['2025-12-31', '2026-01-15', '2026-03-01']);
  });

  it('picks the earliest and latest date', () => {
    expect(minDate('2026-03-01', '2025-12-31', '2026-01-15')).toBe('2025-12-31');
    expect(maxDate('2026-03-01', '2025-12-31', '2026-01-15')).toBe('2026-03-01');
    expect(minDate('2026-03-01')).toBe('2026-03-01');
  });

  it('rejects invalid dates instead of comparing strings', () => {
    expect(appErrorOf(() => compareDates('2026-02-30', '2026-03-01')).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => daysBetween('2026-01-01', '2026-1-2')).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => maxDate('2026-01-01', 'x')).code).toBe('INVALID_DATE');
  });
});

describe('calendar helpers', () => {
  it.each([
    [2024, true],
    [2026, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
  ])('isLeapYear(%i) is %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it('knows the length of each month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(() => daysInMonth(2026, 13)).toThrow(InvariantError);
  });

  it.each([
    ['2026-02-10', '2026-02-28'],
    ['2024-02-10', '2024-02-29'],
    ['2026-12-01', '2026-12-31'],
    ['2026-04-30', '2026-04-30'],
  ])('endOfMonth(%s) is %s', (d, e) => {
    expect(endOfMonth(d)).toBe(e);
  });

  it('gives the first day of the month and of the year', () => {
    expect(startOfMonth('2026-02-10')).toBe('2026-02-01');
    expect(startOfYear('2026-08-15')).toBe('2026-01-01');
    expect(startOfYear('2026-01-01')).toBe('2026-01-01');
  });

  it('rejects invalid input', () => {
    expect(appErrorOf(() => endOfMonth('2026-02-30')).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => startOfYear('')).code).toBe('INVALID_DATE');
    expect(() => isLeapYear(2024.5)).toThrow(InvariantError);
  });
});

describe('ageAt', () => {
  it.each([
    ['1990-06-15', '2026-06-14', 35],
    ['1990-06-15', '2026-06-15', 36],
    ['1990-06-15', '2026-06-16', 36],
    ['1990-12-31', '2026-01-01', 35],
    ['2026-01-01', '2026-01-01', 0],
    ['2008-03-10', '2026-03-09', 17],
    ['2008-03-10', '2026-03-10', 18],
  ])('someone born %s is %i on %s', (birth, at, age) => {
    expect(ageAt(birth, at)).toBe(age);
  });

  it('a Feb 29 birthday counts as Mar 1 in common years', () => {
    expect(ageAt('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageAt('2000-02-29', '2018-03-01')).toBe(18);
  });

  it('a Feb 29 birthday is Feb 29 in leap years', () => {
    expect(ageAt('2000-02-29', '2024-02-28')).toBe(23);
    expect(ageAt('2000-02-29', '2024-02-29')).toBe(24);
  });

  it('someone born Mar 1 turns older on Mar 1 in leap and common years alike', () => {
    expect(ageAt('2000-03-01', '2024-02-29')).toBe(23);
    expect(ageAt('2000-03-01', '2024-03-01')).toBe(24);
  });

  it('rejects a date before the birth date', () => {
    const err = appErrorOf(() => ageAt('2026-01-02', '2026-01-01'));
    expect(err.code).toBe('INVALID_DATE');
    expect(err.details).toMatchObject({ reason: 'BEFORE_BIRTH' });
  });

  it('rejects invalid dates', () => {
    expect(appErrorOf(() => ageAt('1990-02-30', '2026-01-01')).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => ageAt('1990-01-01', '2026-13-01')).code).toBe('INVALID_DATE');
  });
});
