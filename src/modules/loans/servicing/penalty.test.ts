import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError, InvariantError, addDays } from '../../../kernel/index.js';
import { advancePenaltySegment, cumulativeOnBase, DEFAULT_PENALTY_UPLIFT_PCT, penaltyRatePct, type PenaltySegment } from './penalty.js';

// Exact model in bigint rationals, independent of the implementation.
const divHalfUp = (num: bigint, den: bigint) => (2n * num + den) / (2n * den);
function pctFraction(pct: string): [bigint, bigint] {
  const [i, f = ''] = pct.split('.');
  const scale = 10n ** BigInt(f.length);
  return [BigInt(i) * scale + BigInt(f || '0'), scale];
}
function formulaRef(baseFen: bigint, pct: string, days: number, basis = 360): bigint {
  const [num, scale] = pctFraction(pct);
  return divHalfUp(baseFen * num * BigInt(days), scale * 100n * BigInt(basis));
}
/** contract × (100 + uplift) / 100 as an exact fraction. */
function penaltyFractionRef(contract: string, uplift: string): [bigint, bigint] {
  const [cn, cs] = pctFraction(contract);
  const [un, us] = pctFraction(uplift);
  return [cn * (100n * us + un), cs * us * 100n];
}

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

const contractArb = fc.integer({ min: 0, max: 36_000_000 }).map((m) => (m / 1_000_000).toFixed(6).replace(/\.?0+$/, '') || '0');
const upliftArb = fc.integer({ min: 300_000, max: 500_000 }).map((m) => (m / 10_000).toFixed(4).replace(/\.?0+$/, ''));

describe('penalty rate = contract × (1 + uplift)', () => {
  it.each([
    ['4.35', '50', '6.525'],
    ['4.35', '30', '5.655'],
    ['3', '50', '4.50'],
    ['3.45', '40', '4.83'],
    ['0', '50', '0.00'],
    ['36', '50', '54.00'],
    ['4.123456', '33.3333', '5.497939958848'], // 4.123456 × 1.333333, every digit kept
  ])('contract %s with uplift %s → %s', (contract, uplift, expected) => {
    expect(penaltyRatePct(contract, uplift)).toBe(expected);
  });

  it('defaults to a 50 % uplift', () => {
    expect(DEFAULT_PENALTY_UPLIFT_PCT).toBe('50');
    expect(penaltyRatePct('4.35')).toBe('6.525');
  });

  it('is exact for any contract rate and uplift (no rounding)', () => {
    fc.assert(
      fc.property(contractArb, upliftArb, (contract, uplift) => {
        const [num, den] = penaltyFractionRef(contract, uplift);
        const [gotNum, gotScale] = pctFraction(penaltyRatePct(contract, uplift));
        expect(gotNum * den).toBe(num * gotScale);
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('accepts the uplift bounds 30 and 50 and refuses anything outside (INVALID_RATE)', () => {
    expect(penaltyRatePct('4', '30')).toBe('5.20');
    expect(penaltyRatePct('4', '50')).toBe('6.00');
    expect(penaltyRatePct('4', '30.0000')).toBe('5.20');
    for (const uplift of ['29.9999', '50.0001', '0', '100', '-50', '', 'abc', '5e1']) {
      const e = appErrorOf(() => penaltyRatePct('4.35', uplift));
      expect(e.code).toBe('INVALID_RATE');
    }
    expect(appErrorOf(() => penaltyRatePct('4.35', '29.99')).details).toMatchObject({
      field: 'upliftPct',
      reason: 'UPLIFT_OUT_OF_RANGE',
      minPct: '30',
      maxPct: '50',
    });
  });

  it('refuses a bad contract rate (INVALID_RATE)', () => {
    for (const contract of ['-1', '36.000001', '4.35%', '4.3500001', '']) {
      expect(appErrorOf(() => penaltyRatePct(contract, '50')).code).toBe('INVALID_RATE');
    }
  });
});

describe('cumulative method on a constant base', () => {
  it('after d days posts round_half_up(base × rate × d / 360): 10,000.00 overdue at 6.525 %', () => {
    // 1,000,000 × 0.06525 / 360 = 181.25 fen a day
    expect(cumulativeOnBase(1_000_000n, '6.525', 1)).toBe(181n);
    expect(cumulativeOnBase(1_000_000n, '6.525', 2)).toBe(363n); // 362.5, a tie, rounds up
    expect(cumulativeOnBase(1_000_000n, '6.525', 4)).toBe(725n);
    expect(cumulativeOnBase(1_000_000n, '6.525', 360)).toBe(65_250n);
    expect(cumulativeOnBase(1_000_000n, '6.525', 365, 365)).toBe(65_250n);
    expect(cumulativeOnBase(1_000_000n, '6.525', 0)).toBe(0n);
  });

  it('posting every day sums to the formula after every day (property: random bases, rates, d ≤ 1000)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: 0n, max: 1_000_000n }), fc.bigInt({ min: 0n, max: 10n ** 17n })),
        contractArb,
        upliftArb,
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom<360 | 365>(360, 360, 365),
        (baseFen, contract, uplift, d, basis) => {
          const rate = penaltyRatePct(contract, uplift);
          let state: PenaltySegment | null = null;
          let posted = 0n;
          let date = '2026-04-30';
          for (let k = 1; k <= d; k++) {
            date = addDays(date, 1);
            const step: ReturnType<typeof advancePenaltySegment> = advancePenaltySegment(state, {
              date,
              baseFen,
              penaltyRatePct: rate,
              basis,
            });
            expect(step.postFen >= 0n).toBe(true);
            expect(step.closed).toBeNull();
            posted += step.postFen;
            state = step.state;
          }
          expect(posted).toBe(formulaRef(baseFen, rate, d, basis));
          expect(posted).toBe(cumulativeOnBase(baseFen, rate, d, basis));
          expect(state).toMatchObject({ sinceDate: '2026-04-30', throughDate: date, postedFen: posted });
        },
      ),
      { numRuns: 60, seed: 2026 },
    );
  });

  it('the formula matches the exact model at any d ≤ 1000 without walking the days', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 17n }),
        contractArb,
        upliftArb,
        fc.integer({ min: 0, max: 1000 }),
        (baseFen, contract, uplift, d) => {
          const rate = penaltyRatePct(contract, uplift);
          expect(cumulativeOnBase(baseFen, rate, d)).toBe(formulaRef(baseFen, rate, d));
        },
      ),
      { numRuns: 2000, seed: 8 },
    );
  });

  it('a zero base posts 0 every day', () => {
    let state: PenaltySegment | null = null;
    for (const date of ['2026-05-01', '2026-05-02', '2026-05-03']) {
      const step: ReturnType<typeof advancePenaltySegment> = advancePenaltySegment(state, { date, baseFen: 0n, penaltyRatePct: '6.525' });
      expect(step.postFen).toBe(0n);
      state = step.state;
    }
    expect(cumulativeOnBase(0n, '54', 1000)).toBe(0n);
  });
});

describe('base changes: segments', () => {
  const rate = penaltyRatePct('4.35', '50'); // 6.525

  it('a repayment that lowers the base closes the segment; totals are the sum over segments', () => {
    let state: PenaltySegment | null = null;
    let posted = 0n;
    const post = (date: string, baseFen: bigint) => {
      const step: ReturnType<typeof advancePenaltySegment> = advancePenaltySegment(state, { date, baseFen, penaltyRatePct: rate });
      posted += step.postFen;
      state = step.state;
      return step;
    };
    // Installment due 2026-05-15 unpaid: overdue principal 10,000.00 from the end-of-day of 05-16.
    post('2026-05-16', 1_000_000n);
    post('2026-05-17', 1_000_000n);
    post('2026-05-18', 1_000_000n); // 3 days: 543.75 → 544
    expect(posted).toBe(544n);
    // A partial repayment on 05-19 leaves 4,000.00 overdue.
    const change = post('2026-05-19', 400_000n);
    expect(change.closed).toMatchObject({ baseFen: 1_000_000n, sinceDate: '2026-05-15', throughDate: '2026-05-18', postedFen: 544n });
    expect(change.state).toMatchObject({ baseFen: 400_000n, sinceDate: '2026-05-18', throughDate: '2026-05-19' });
    post('2026-05-20', 400_000n); // 2 days on 400,000: 145.0 → 145
    // The next installment falls overdue: the base grows to 12,000.00 for 5 days.
    for (const date of ['2026-05-21', '2026-05-22', '2026-05-23', '2026-05-24', '2026-05-25']) post(date, 1_200_000n);
    expect(posted).toBe(formulaRef(1_000_000n, rate, 3) + formulaRef(400_000n, rate, 2) + formulaRef(1_200_000n, rate, 5));
    expect(posted).toBe(544n + 145n + 1_088n); // 1,200,000 × 0.06525 × 5 / 360 = 1087.5 → 1088
    // Paid in full: base 0, nothing more.
    const paid = post('2026-05-26', 0n);
    expect(paid.postFen).toBe(0n);
    expect(paid.closed?.postedFen).toBe(1_088n);
  });

  it('random base changes: the total equals the sum over segments of round_half_up(base × rate × d / 360)', () => {
    const run = fc.record({ baseFen: fc.bigInt({ min: 0n, max: 100_000_000n }), days: fc.integer({ min: 1, max: 60 }) });
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 10 }), contractArb, upliftArb, (runs, contract, uplift) => {
        const r = penaltyRatePct(contract, uplift);
        let state: PenaltySegment | null = null;
        let date = '2026-02-01';
        let posted = 0n;
        const segments: Array<{ baseFen: bigint; days: number }> = [];
        for (const { baseFen, days } of runs) {
          const last = segments[segments.length - 1];
          if (last && last.baseFen === baseFen) last.days += days;
          else segments.push({ baseFen, days });
          for (let k = 0; k < days; k++) {
            date = addDays(date, 1);
            const step: ReturnType<typeof advancePenaltySegment> = advancePenaltySegment(state, { date, baseFen, penaltyRatePct: r });
            posted += step.postFen;
            state = step.state;
          }
        }
        expect(posted).toBe(segments.reduce((sum, s) => sum + formulaRef(s.baseFen, r, s.days), 0n));
      }),
      { numRuns: 150, seed: 77 },
    );
  });

  it('compound interest on overdue interest uses the same penalty rate and method', () => {
    // Overdue interest 362.50 for 30 days at 6.525 %: 36,250 × 0.06525 × 30 / 360 = 197.1… fen → 197
    expect(cumulativeOnBase(36_250n, rate, 30)).toBe(197n);
    let state: PenaltySegment | null = null;
    let posted = 0n;
    for (let k = 1; k <= 30; k++) {
      const step: ReturnType<typeof advancePenaltySegment> = advancePenaltySegment(state, {
        date: addDays('2026-02-15', k),
        baseFen: 36_250n,
        penaltyRatePct: rate,
      });
      posted += step.postFen;
      state = step.state;
    }
    expect(posted).toBe(197n);
  });

  it('refuses a day posted twice, a tampered state and bad inputs', () => {
    const { state } = advancePenaltySegment(null, { date: '2026-05-16', baseFen: 1_000_000n, penaltyRatePct: rate });
    expect(() => advancePenaltySegment(state, { date: '2026-05-16', baseFen: 1_000_000n, penaltyRatePct: rate })).toThrow(InvariantError);
    expect(() =>
      advancePenaltySegment({ ...state, postedFen: 0n }, { date: '2026-05-17', baseFen: 1_000_000n, penaltyRatePct: rate }),
    ).toThrow(InvariantError);
    expect(appErrorOf(() => advancePenaltySegment(null, { date: '2026-05-16', baseFen: -1n, penaltyRatePct: rate })).code).toBe(
      'INVALID_AMOUNT',
    );
    expect(appErrorOf(() => advancePenaltySegment(null, { date: '2026-05-16', baseFen: 1n, penaltyRatePct: '6,525' })).code).toBe(
      'INVALID_RATE',
    );
    expect(
      appErrorOf(() => advancePenaltySegment(null, { date: '2026-05-16', baseFen: 1n, penaltyRatePct: rate, basis: 366 as 360 })).code,
    ).toBe('INVALID_RATE');
    expect(appErrorOf(() => cumulativeOnBase(1n, rate, 1, 364 as 360)).code).toBe('INVALID_RATE');
    expect(() => cumulativeOnBase(1n, rate, -1)).toThrow(InvariantError);
  });
});
