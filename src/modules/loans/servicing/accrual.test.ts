import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError, InvariantError, addDays, daysBetween } from '../../../kernel/index.js';
import { buildSchedule, type Installment, type RepaymentMethod, type ScheduleInput } from '../../products/schedule/index.js';
import {
  accrualForDay,
  accruedThrough,
  advanceSegment,
  dailyAccrual,
  dailyInterestOnBalance,
  periodContaining,
  segmentAccrued,
  totalAccruedThrough,
  type BalanceSegment,
} from './accrual.js';

// ---------------------------------------------------------------------------------------------
// An independent model in exact bigint rationals (shares no code with the implementation).

/** num / den rounded half-up, num ≥ 0, den > 0. */
const divHalfUp = (num: bigint, den: bigint) => (2n * num + den) / (2n * den);
/** "4.35" → [435n, 100n]: the percent as an exact fraction. */
function pctFraction(pct: string): [bigint, bigint] {
  const [i, f = ''] = pct.split('.');
  const scale = 10n ** BigInt(f.length);
  return [BigInt(i) * scale + BigInt(f || '0'), scale];
}
const cumulativeRef = (interestFen: bigint, elapsed: number, days: number) =>
  divHalfUp(interestFen * BigInt(Math.max(0, Math.min(elapsed, days))), BigInt(days));
function onBalanceRef(baseFen: bigint, pct: string, days: number, basis: number): bigint {
  const [num, scale] = pctFraction(pct);
  return divHalfUp(baseFen * num * BigInt(days), scale * 100n * BigInt(basis));
}

function* datesFrom(from: string, to: string): Generator<string> {
  for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, 1)) yield d;
}

function expectAppError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    return;
  }
  throw new Error(`expected AppError ${code}, nothing was thrown`);
}

/** Walks every calendar day of the schedule (and two on each side) through accrualForDay. */
function walkSchedule(rows: readonly Installment[]) {
  const perPeriod = new Map<number, bigint>();
  const amounts: bigint[] = [];
  const start = rows[0].startDate;
  const end = rows[rows.length - 1].dueDate;
  for (const date of datesFrom(addDays(start, -2), addDays(end, 2))) {
    const { period, amountFen } = accrualForDay({ installments: rows }, date);
    amounts.push(amountFen);
    const inside = daysBetween(start, date) > 0 && daysBetween(date, end) >= 0;
    expect(period === null).toBe(!inside);
    if (period === null) {
      expect(amountFen).toBe(0n);
      continue;
    }
    const row = rows[period - 1];
    expect(daysBetween(row.startDate, date) > 0 && daysBetween(date, row.dueDate) >= 0).toBe(true);
    perPeriod.set(period, (perPeriod.get(period) ?? 0n) + amountFen);
  }
  return { perPeriod, amounts };
}

function expectPeriodsSumExactly(rows: readonly Installment[]): void {
  const { perPeriod, amounts } = walkSchedule(rows);
  expect(amounts.every((a) => a >= 0n)).toBe(true);
  expect(rows.map((r) => perPeriod.get(r.period) ?? 0n)).toEqual(rows.map((r) => r.interestFen));
}

const base: ScheduleInput = {
  principalFen: 10_000_000n,
  annualRatePct: '4.35',
  method: 'EQUAL_INSTALLMENT',
  startDate: '2026-01-15',
  termMonths: 12,
};

// ---------------------------------------------------------------------------------------------

describe('scheduled interest, cumulative method', () => {
  const period: Installment = buildSchedule(base).installments[0]; // 2026-01-15 → 2026-02-15, 31 days, 362.50

  it('accrues nothing on the start date and the whole interest by the due date', () => {
    expect(period).toMatchObject({ startDate: '2026-01-15', dueDate: '2026-02-15', days: 31, interestFen: 36_250n });
    expect(accruedThrough(period, '2026-01-15')).toBe(0n);
    expect(dailyAccrual(period, '2026-01-15')).toBe(0n); // day 0
    expect(accruedThrough(period, '2026-02-15')).toBe(36_250n);
  });

  it('rounds the cumulative amount half-up: 36250 × 1 / 31 = 1169.35… → 1169; × 2 / 31 = 2338.70… → 2339', () => {
    expect(accruedThrough(period, '2026-01-16')).toBe(1_169n);
    expect(accruedThrough(period, '2026-01-17')).toBe(2_339n);
    expect(dailyAccrual(period, '2026-01-16')).toBe(1_169n);
    expect(dailyAccrual(period, '2026-01-17')).toBe(1_170n);
    // Exactly half a fen rounds up: 1 fen over 2 days accrues 1 on the first day (0.5 → 1), 0 on the second.
    const tiny = { period: 1, startDate: '2026-01-01', dueDate: '2026-01-03', days: 2, interestFen: 1n };
    expect([dailyAccrual(tiny, '2026-01-02'), dailyAccrual(tiny, '2026-01-03')]).toEqual([1n, 0n]);
  });

  it('is 0 outside the period and constant at the ends', () => {
    expect(accruedThrough(period, '2025-12-31')).toBe(0n);
    expect(dailyAccrual(period, '2026-01-14')).toBe(0n);
    expect(accruedThrough(period, '2026-03-01')).toBe(36_250n);
    expect(dailyAccrual(period, '2026-02-16')).toBe(0n);
  });

  it('every daily amount is floor(I / days) or one fen more', () => {
    let sum = 0n;
    for (const date of datesFrom('2026-01-16', '2026-02-15')) {
      const a = dailyAccrual(period, date);
      expect(a === 1_169n || a === 1_170n).toBe(true); // 36250 / 31 = 1169.35
      sum += a;
    }
    expect(sum).toBe(36_250n);
  });

  it('a zero-interest period accrues 0 every day', () => {
    const zero = buildSchedule({ ...base, annualRatePct: '0' });
    expectPeriodsSumExactly(zero.installments);
    expect(walkSchedule(zero.installments).amounts.every((a) => a === 0n)).toBe(true);
  });

  it.each<[string, ScheduleInput]>([
    ['等额本息 EQUAL_INSTALLMENT', base],
    ['等额本金 EQUAL_PRINCIPAL', { ...base, method: 'EQUAL_PRINCIPAL' }],
    ['按月付息 MONTHLY_INTEREST', { ...base, method: 'MONTHLY_INTEREST' }],
    ['利随本清 BULLET by days', { ...base, method: 'BULLET', termMonths: undefined, termDays: 90 }],
    ['利随本清 BULLET by months, across a leap February', { ...base, method: 'BULLET', startDate: '2027-11-30', termMonths: 12 }],
    ['stub first period (19 days) with repaymentDay', { ...base, repaymentDay: 3 }],
    [
      'long stub first period (45 days) on a 365-day basis',
      { ...base, method: 'MONTHLY_INTEREST', startDate: '2026-01-06', repaymentDay: 20, dayCountBasis: 365 },
    ],
    ['month-end start (Jan 31 → Feb 28 → Mar 31)', { ...base, method: 'EQUAL_PRINCIPAL', startDate: '2026-01-31', termMonths: 6 }],
    ['36 % over 36 months', { ...base, annualRatePct: '36', termMonths: 36, principalFen: 123_456_789n }],
  ])('%s: the daily accruals of each period sum to its scheduled interest exactly', (_name, input) => {
    const s = buildSchedule(input);
    expectPeriodsSumExactly(s.installments);
    // and per period through dailyAccrual directly, from the day before the start to the day after the due date
    for (const row of s.installments) {
      let sum = 0n;
      for (const date of datesFrom(addDays(row.startDate, -1), addDays(row.dueDate, 1))) sum += dailyAccrual(row, date);
      expect(sum).toBe(row.interestFen);
    }
  });

  it('the due date belongs to its period, the next day to the next period', () => {
    const rows = buildSchedule(base).installments;
    expect(periodContaining(rows, '2026-01-15')).toBeNull();
    expect(periodContaining(rows, '2026-01-16')?.period).toBe(1);
    expect(periodContaining(rows, '2026-02-15')?.period).toBe(1);
    expect(periodContaining(rows, '2026-02-16')?.period).toBe(2);
    expect(periodContaining(rows, '2027-01-15')?.period).toBe(12);
    expect(periodContaining(rows, '2027-01-16')).toBeNull();
    expect(periodContaining([], '2026-01-16')).toBeNull();
    expect(accrualForDay(rows, '2026-02-16')).toEqual({ period: 2, amountFen: dailyAccrual(rows[1], '2026-02-16') });
    expect(accrualForDay(rows, '2030-01-01')).toEqual({ period: null, amountFen: 0n });
  });

  it('totalAccruedThrough is the running sum of the daily accruals', () => {
    const s = buildSchedule({ ...base, repaymentDay: 28, method: 'EQUAL_PRINCIPAL', termMonths: 4 });
    let running = 0n;
    for (const date of datesFrom('2026-01-10', '2026-06-30')) {
      running += accrualForDay(s, date).amountFen;
      expect(totalAccruedThrough(s, date)).toBe(running);
    }
    expect(running).toBe(s.totalInterestFen);
  });

  it('refuses inconsistent installments and bad dates', () => {
    expect(() => accruedThrough({ ...period, days: 30 }, '2026-01-20')).toThrow(InvariantError);
    expect(() => accruedThrough({ ...period, days: 0, dueDate: period.startDate }, '2026-01-20')).toThrow(InvariantError);
    expect(() => accruedThrough({ ...period, interestFen: -1n }, '2026-01-20')).toThrow(InvariantError);
    expectAppError(() => accruedThrough(period, '2026-02-30'), 'INVALID_DATE');
    expectAppError(() => dailyAccrual(period, '20260120'), 'INVALID_DATE');
    const rows = buildSchedule(base).installments;
    const gap = [rows[0], { ...rows[2] }];
    expect(() => accrualForDay(gap, '2026-01-20')).toThrow(InvariantError);
  });
});

describe('scheduled interest, random schedules', () => {
  const rateArb = fc.oneof(
    fc.constantFrom('0', '4.35', '3.45', '36', '0.000001', '35.999999'),
    fc.integer({ min: 0, max: 36_000_000 }).map((micro) => {
      const s = `${Math.floor(micro / 1_000_000)}.${String(micro % 1_000_000).padStart(6, '0')}`;
      return s.replace(/\.?0+$/, '') || '0';
    }),
  );
  const dateArb = fc
    .integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2060, 0, 1) / 86_400_000 })
    .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
  const inputArb: fc.Arbitrary<ScheduleInput> = fc
    .record({
      principalFen: fc.oneof(fc.bigInt({ min: 1n, max: 100_000n }), fc.bigInt({ min: 1n, max: 10n ** 17n })),
      annualRatePct: rateArb,
      method: fc.constantFrom<RepaymentMethod>('EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET'),
      startDate: dateArb,
      termMonths: fc.integer({ min: 1, max: 24 }),
      termDays: fc.integer({ min: 1, max: 400 }),
      useDays: fc.boolean(),
      repaymentDay: fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined }),
      dayCountBasis: fc.option(fc.constantFrom<360 | 365>(360, 365), { nil: undefined }),
    })
    .map(({ useDays, termDays, termMonths, repaymentDay, ...rest }) => {
      if (rest.method === 'BULLET') return useDays ? { ...rest, termDays } : { ...rest, termMonths };
      return { ...rest, termMonths, repaymentDay };
    });

  it('each period sums exactly to its interest; every day ≥ 0; day 0 = 0', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const rows = buildSchedule(input).installments;
        expectPeriodsSumExactly(rows);
        for (const row of rows) expect(dailyAccrual(row, row.startDate)).toBe(0n);
      }),
      { numRuns: 120, seed: 20260101 },
    );
  });

  it('the cumulative amount matches the exact rational model on every day', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 10_000 }), (input, pick) => {
        const rows = buildSchedule(input).installments;
        const row = rows[pick % rows.length];
        for (let e = -1; e <= row.days + 1; e++) {
          expect(accruedThrough(row, addDays(row.startDate, e))).toBe(cumulativeRef(row.interestFen, e, row.days));
        }
      }),
      { numRuns: 300, seed: 31 },
    );
  });

  it('any interest over any period length: sum exact, days within one fen of each other', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 1, max: 1200 }), (interestFen, days) => {
        const row = { period: 1, startDate: '2026-01-01', dueDate: addDays('2026-01-01', days), days, interestFen };
        const lowFen = interestFen / BigInt(days);
        let sum = 0n;
        let e = 0;
        for (const date of datesFrom('2026-01-01', row.dueDate)) {
          const a = dailyAccrual(row, date);
          if (e > 0) expect(a === lowFen || a === lowFen + 1n).toBe(true);
          else expect(a).toBe(0n);
          sum += a;
          e++;
        }
        expect(sum).toBe(interestFen);
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('revolving lines: interest on the daily balance by segments', () => {
  it('segmentAccrued = round_half_up(balance × rate × days / basis)', () => {
    // 10,000.00 at 4.35 % for 1 day: 1.2083… → 1.21; for 30 days: 36.25
    expect(segmentAccrued(1_000_000n, '4.35', 360, 1)).toBe(121n);
    expect(segmentAccrued(1_000_000n, '4.35', 360, 30)).toBe(3_625n);
    // 365 basis: 1,000,000 × 0.0435 × 30 / 365 = 3575.34… → 3575
    expect(segmentAccrued(1_000_000n, '4.35', 365, 30)).toBe(3_575n);
    expect(segmentAccrued(1_000_000n, '4.35', 360, 0)).toBe(0n);
    expect(segmentAccrued(0n, '4.35', 360, 30)).toBe(0n);
    // an exact half fen: 360 fen at 0.5 % for 1 day on 360 = 0.005 fen… 36000 fen × 0.5 % / 360 = 0.5 → 1
    expect(segmentAccrued(36_000n, '0.5', 360, 1)).toBe(1n);
  });

  it('agrees with the schedule engine: a bullet loan’s interest is one segment over its days', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 17n }),
        fc.integer({ min: 0, max: 36_000_000 }).map((m) => (m / 1_000_000).toFixed(6)),
        fc.integer({ min: 1, max: 3660 }),
        fc.constantFrom<360 | 365>(360, 365),
        (principalFen, pct, termDays, basis) => {
          const annualRatePct = pct.replace(/\.?0+$/, '') || '0';
          const s = buildSchedule({
            principalFen,
            annualRatePct,
            method: 'BULLET',
            startDate: '2026-01-01',
            termDays,
            dayCountBasis: basis,
          });
          expect(segmentAccrued(principalFen, annualRatePct, basis, termDays)).toBe(s.installments[0].interestFen);
        },
      ),
      { numRuns: 300, seed: 99 },
    );
  });

  it('matches the exact model for rates with up to 14 decimals and bases up to 10^17 fen', () => {
    const pctArb = fc
      .tuple(fc.integer({ min: 0, max: 99 }), fc.bigInt({ min: 0n, max: 10n ** 14n - 1n }))
      .map(([i, f]) => `${i}.${f.toString().padStart(14, '0')}`);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 17n }),
        pctArb,
        fc.integer({ min: 0, max: 36_600 }),
        fc.constantFrom<360 | 365>(360, 365),
        (b, pct, d, basis) => {
          expect(segmentAccrued(b, pct, basis, d)).toBe(onBalanceRef(b, pct, d, basis));
        },
      ),
      { numRuns: 1000, seed: 5 },
    );
  });

  it('dailyInterestOnBalance posts the increase of the segment total; d days sum to the segment amount', () => {
    expect(dailyInterestOnBalance(1_000_000n, '4.35', 360)).toBe(121n);
    let sum = 0n;
    for (let k = 1; k <= 30; k++) sum += dailyInterestOnBalance(1_000_000n, '4.35', 360, k);
    expect(sum).toBe(3_625n); // whereas 30 separately rounded days would be 30 × 1.21 = 36.30
    expect(30n * 121n).toBe(3_630n);
    expect(() => dailyInterestOnBalance(1_000_000n, '4.35', 360, 0)).toThrow(InvariantError);
  });

  it('advanceSegment: a constant balance posts the segment formula; a change closes the segment', () => {
    const day = (date: string, baseFen: bigint) => ({ date, baseFen, annualRatePct: '4.35', basis: 360 as const });
    const first = advanceSegment(null, day('2026-01-02', 1_000_000n));
    expect(first).toEqual({
      postFen: 121n,
      closed: null,
      state: {
        baseFen: 1_000_000n,
        annualRatePct: '4.35',
        basis: 360,
        sinceDate: '2026-01-01',
        throughDate: '2026-01-02',
        postedFen: 121n,
      },
    });
    const second = advanceSegment(first.state, day('2026-01-03', 1_000_000n));
    expect(second.postFen).toBe(121n); // 2.4166… → 2.42 cumulative: 242 − 121
    const third = advanceSegment(second.state, day('2026-01-04', 1_000_000n));
    expect(third.postFen).toBe(121n); // 362.5 fen, a tie, → 363 cumulative: 363 − 242
    const fourth = advanceSegment(third.state, day('2026-01-05', 1_000_000n));
    expect(fourth.postFen).toBe(120n); // 483.33… → 483 cumulative: 483 − 363
    expect(fourth.state.postedFen).toBe(483n);
    const changed = advanceSegment(fourth.state, day('2026-01-06', 500_000n));
    expect(changed.closed).toEqual(fourth.state);
    expect(changed.state).toMatchObject({ baseFen: 500_000n, sinceDate: '2026-01-05', throughDate: '2026-01-06' });
    expect(changed.postFen).toBe(60n); // 60.41… fen → 60
    // a skipped day on the same base is caught up in full
    const caughtUp = advanceSegment(changed.state, day('2026-01-08', 500_000n));
    expect(caughtUp.postFen).toBe(segmentAccrued(500_000n, '4.35', 360, 3) - 60n);
    // a rate change closes the segment too
    const repriced = advanceSegment(caughtUp.state, { ...day('2026-01-09', 500_000n), annualRatePct: '3.45' });
    expect(repriced.closed).toEqual(caughtUp.state);
    // an equal rate written differently continues
    const same = advanceSegment(repriced.state, { ...day('2026-01-10', 500_000n), annualRatePct: '3.450' });
    expect(same.closed).toBeNull();
  });

  it('random balances: the total posted equals the sum over segments of the segment formula', () => {
    const step = fc.record({
      baseFen: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 50_000_000n })),
      days: fc.integer({ min: 1, max: 40 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.constantFrom('4.35', '3.45', '18.25', '0'), (steps, pct) => {
        let state: BalanceSegment | null = null;
        let date = '2026-03-01';
        let posted = 0n;
        let expected = 0n;
        let previousBase: bigint | null = null;
        let runDays = 0;
        const closeRun = () => {
          if (previousBase !== null) expected += onBalanceRef(previousBase, pct, runDays, 360);
        };
        for (const { baseFen, days } of steps) {
          if (baseFen !== previousBase) {
            closeRun();
            previousBase = baseFen;
            runDays = 0;
          }
          for (let k = 0; k < days; k++) {
            date = addDays(date, 1);
            const r: ReturnType<typeof advanceSegment> = advanceSegment(state, { date, baseFen, annualRatePct: pct, basis: 360 });
            expect(r.postFen >= 0n).toBe(true);
            posted += r.postFen;
            state = r.state;
            runDays++;
          }
        }
        closeRun();
        expect(posted).toBe(expected);
      }),
      { numRuns: 200, seed: 17 },
    );
  });

  it('refuses a day posted twice, a tampered state and bad inputs', () => {
    const day = { date: '2026-01-02', baseFen: 1_000_000n, annualRatePct: '4.35', basis: 360 as const };
    const { state } = advanceSegment(null, day);
    expect(() => advanceSegment(state, day)).toThrow(InvariantError);
    expect(() => advanceSegment(state, { ...day, date: '2026-01-01' })).toThrow(InvariantError);
    expect(() => advanceSegment({ ...state, postedFen: 122n }, { ...day, date: '2026-01-03' })).toThrow(InvariantError);
    expect(() => advanceSegment({ ...state, sinceDate: '2026-01-02' }, { ...day, date: '2026-01-03' })).toThrow(InvariantError);
    expectAppError(() => advanceSegment(null, { ...day, baseFen: -1n }), 'INVALID_AMOUNT');
    expectAppError(() => advanceSegment(null, { ...day, baseFen: 10n ** 17n + 1n }), 'INVALID_AMOUNT');
    expectAppError(() => advanceSegment(null, { ...day, annualRatePct: '-1' }), 'INVALID_RATE');
    expectAppError(() => advanceSegment(null, { ...day, annualRatePct: '4.35e0' }), 'INVALID_RATE');
    expectAppError(() => advanceSegment(null, { ...day, annualRatePct: '100.01' }), 'INVALID_RATE');
    expectAppError(() => advanceSegment(null, { ...day, annualRatePct: '1.123456789012345' }), 'INVALID_RATE'); // 15 decimals
    expectAppError(() => advanceSegment(null, { ...day, basis: 366 as 360 }), 'INVALID_RATE');
    expectAppError(() => advanceSegment(null, { ...day, date: '2026-13-01' }), 'INVALID_DATE');
    expect(() => segmentAccrued(1n, '4.35', 360, -1)).toThrow(InvariantError);
    expect(() => segmentAccrued(1n, '4.35', 360, 36_601)).toThrow(InvariantError);
    expect(() => segmentAccrued(1n, '4.35', 360, 1.5)).toThrow(InvariantError);
    expect(segmentAccrued(10n ** 17n, '100', 365, 36_600)).toBe(onBalanceRef(10n ** 17n, '100', 36_600, 365));
  });
});
