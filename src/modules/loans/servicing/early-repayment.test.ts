import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError, InvariantError, addDays, daysBetween } from '../../../kernel/index.js';
import {
  buildSchedule,
  equalInstallmentPaymentFen,
  type Installment,
  type RepaymentMethod,
  type ScheduleInput,
} from '../../products/schedule/index.js';
import { accruedThrough } from './accrual.js';
import {
  fullSettlementAmount,
  rebuildAfterPartialPrepayment,
  type PartialPrepaymentInput,
  type PrepaymentChoice,
} from './early-repayment.js';

const divHalfUp = (num: bigint, den: bigint) => (2n * num + den) / (2n * den);
function pctFraction(pct: string): [bigint, bigint] {
  const [i, f = ''] = pct.split('.');
  const scale = 10n ** BigInt(f.length);
  return [BigInt(i) * scale + BigInt(f || '0'), scale];
}
function actualDaysRef(balance: bigint, pct: string, days: number, basis = 360): bigint {
  const [num, scale] = pctFraction(pct);
  return divHalfUp(balance * num * BigInt(days), scale * 100n * BigInt(basis));
}
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

const loan: ScheduleInput = {
  principalFen: 10_000_000n,
  annualRatePct: '4.35',
  method: 'EQUAL_INSTALLMENT',
  startDate: '2026-01-15',
  termMonths: 12,
};

/** The periods not yet due once periods 1…paid are repaid. */
function remainingAfter(input: ScheduleInput, paid: number): { remaining: Installment[]; outstanding: bigint } {
  const rows = buildSchedule(input).installments;
  const remaining = rows.slice(paid);
  return { remaining, outstanding: sum(remaining.map((r) => r.principalFen)) };
}

function prepay(input: ScheduleInput, paid: number, patch: Partial<PartialPrepaymentInput>) {
  const { remaining, outstanding } = remainingAfter(input, paid);
  return rebuildAfterPartialPrepayment({
    remaining,
    outstandingPrincipalFen: outstanding,
    prepaidPrincipalFen: 3_000_000n,
    annualRatePct: input.annualRatePct,
    method: input.method,
    dayCountBasis: input.dayCountBasis,
    choice: 'LOWER_INSTALLMENT',
    date: addDays(remaining[0].startDate, 16),
    ...patch,
  });
}

describe('partial prepayment, 等额本息: 100,000.00 at 4.35 % over 12 months, 3 periods repaid, 30,000.00 prepaid on 2026-05-01', () => {
  const { remaining, outstanding } = remainingAfter(loan, 3);
  const newPrincipal = outstanding - 3_000_000n;

  it('collects the prepaid principal and the current period’s interest accrued to date', () => {
    const r = prepay(loan, 3, { choice: 'LOWER_INSTALLMENT' });
    expect(remaining[0]).toMatchObject({ period: 4, startDate: '2026-04-15', dueDate: '2026-05-15', days: 30 });
    // 16 of 30 days of period 4's scheduled interest, rounded half-up
    expect(r.interestToDateFen).toBe(divHalfUp(remaining[0].interestFen * 16n, 30n));
    expect(r.interestToDateFen).toBe(accruedThrough(remaining[0], '2026-05-01'));
    expect(r.amountDueFen).toBe(3_000_000n + r.interestToDateFen);
    expect(r.newPrincipalFen).toBe(newPrincipal);
  });

  it('LOWER_INSTALLMENT keeps the maturity and the due dates, and lowers the installment', () => {
    const r = prepay(loan, 3, { choice: 'LOWER_INSTALLMENT' });
    expect(r.installments).toHaveLength(9);
    expect(r.maturityDate).toBe('2027-01-15');
    expect(r.installments.map((i) => i.dueDate)).toEqual(remaining.map((i) => i.dueDate));
    expect(r.installments.map((i) => i.period)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(sum(r.installments.map((i) => i.principalFen))).toBe(newPrincipal);
    expect(r.installments[8].remainingPrincipalFen).toBe(0n);
    // the first rebuilt period: 2026-05-01 → 05-15, 14 days of actual-day interest on the new principal
    expect(r.installments[0]).toMatchObject({ startDate: '2026-05-01', dueDate: '2026-05-15', days: 14 });
    expect(r.installments[0].interestFen).toBe(actualDaysRef(newPrincipal, '4.35', 14));
    // later periods are exactly a fresh 9-month schedule on the new principal
    const fresh = buildSchedule({ ...loan, principalFen: newPrincipal, termMonths: 9, startDate: '2026-05-01' }).installments;
    expect(r.installments.map((i) => i.principalFen)).toEqual(fresh.map((i) => i.principalFen));
    expect(r.installments.slice(1).map((i) => i.interestFen)).toEqual(fresh.slice(1).map((i) => i.interestFen));
    const m = equalInstallmentPaymentFen(newPrincipal, '4.35', 9);
    expect(r.installments.slice(1, 8).every((i) => i.paymentFen === m)).toBe(true);
    expect(m < 853_099n).toBe(true);
    expect(r.totalInterestFen).toBe(sum(r.installments.map((i) => i.interestFen)));
  });

  it('SHORTEN_TERM keeps the installment about the same and ends earlier', () => {
    const r = prepay(loan, 3, { choice: 'SHORTEN_TERM' });
    const target = equalInstallmentPaymentFen(outstanding, '4.35', 9);
    expect(target).toBe(853_099n); // the original installment, recomputed on the outstanding principal
    const n = r.installments.length;
    expect(n).toBeLessThan(9);
    expect(equalInstallmentPaymentFen(newPrincipal, '4.35', n) <= target).toBe(true);
    expect(equalInstallmentPaymentFen(newPrincipal, '4.35', n - 1) > target).toBe(true); // the fewest periods
    expect(r.installments.map((i) => i.dueDate)).toEqual(remaining.slice(0, n).map((i) => i.dueDate));
    expect(r.maturityDate).toBe(remaining[n - 1].dueDate);
    expect(sum(r.installments.map((i) => i.principalFen))).toBe(newPrincipal);
    // 70,000 less 30,000 … about 6 periods of 8530.99 remain
    expect(n).toBe(6);
    expect(r.maturityDate).toBe('2026-10-15');
  });

  it('on the first day of the period nothing has accrued and the first period is charged on its actual days', () => {
    const r = prepay(loan, 3, { date: '2026-04-15' });
    expect(r.interestToDateFen).toBe(0n);
    expect(r.amountDueFen).toBe(3_000_000n);
    expect(r.installments[0]).toMatchObject({ startDate: '2026-04-15', days: 30 });
    expect(r.installments[0].interestFen).toBe(actualDaysRef(newPrincipal, '4.35', 30));
  });

  it('the day before the due date is the last day a period can be prepaid in', () => {
    const r = prepay(loan, 3, { date: '2026-05-14' });
    expect(r.installments[0].days).toBe(1);
    expect(() => prepay(loan, 3, { date: '2026-05-15' })).toThrow(InvariantError);
    expect(() => prepay(loan, 3, { date: '2026-04-14' })).toThrow(InvariantError);
  });
});

describe('partial prepayment, other methods', () => {
  it('等额本金 SHORTEN_TERM keeps principal per period about the same', () => {
    const input: ScheduleInput = { ...loan, method: 'EQUAL_PRINCIPAL', principalFen: 12_000_000n };
    const { remaining, outstanding } = remainingAfter(input, 2); // 100,000.00 over 10 periods of 10,000.00
    expect(outstanding).toBe(10_000_000n);
    const r = prepay(input, 2, { choice: 'SHORTEN_TERM', prepaidPrincipalFen: 2_500_000n });
    expect(r.installments).toHaveLength(8); // ceil(75,000 / 10,000)
    expect(r.installments.slice(0, 7).map((i) => i.principalFen)).toEqual(Array(7).fill(937_500n)); // 75,000 / 8
    expect(r.maturityDate).toBe(remaining[7].dueDate);
    const lower = prepay(input, 2, { choice: 'LOWER_INSTALLMENT', prepaidPrincipalFen: 2_500_000n });
    expect(lower.installments).toHaveLength(10);
    expect(lower.installments[0].principalFen).toBe(750_000n);
    expect(lower.maturityDate).toBe('2027-01-15');
    expect(sum(lower.installments.map((i) => i.principalFen))).toBe(7_500_000n);
  });

  it('按月付息 LOWER_INSTALLMENT lowers the monthly interest and keeps the principal at maturity', () => {
    const input: ScheduleInput = { ...loan, method: 'MONTHLY_INTEREST' };
    const r = prepay(input, 5, { prepaidPrincipalFen: 4_000_000n });
    expect(r.installments).toHaveLength(7);
    expect(r.installments.slice(1).every((i) => i.interestFen === 21_750n)).toBe(true); // 60,000 × 0.003625
    expect(r.installments.slice(0, 6).every((i) => i.principalFen === 0n)).toBe(true);
    expect(r.installments[6]).toMatchObject({ principalFen: 6_000_000n, dueDate: '2027-01-15' });
  });

  it('利随本清 keeps the maturity and charges the rest of the term on actual days', () => {
    const input: ScheduleInput = { ...loan, method: 'BULLET', termMonths: undefined, termDays: 180 };
    const { remaining } = remainingAfter(input, 0);
    const r = prepay(input, 0, { date: '2026-03-16', prepaidPrincipalFen: 4_000_000n });
    expect(r.interestToDateFen).toBe(divHalfUp(remaining[0].interestFen * 60n, 180n));
    expect(r.installments).toEqual([
      {
        period: 1,
        startDate: '2026-03-16',
        dueDate: '2026-07-14',
        days: 120,
        principalFen: 6_000_000n,
        interestFen: actualDaysRef(6_000_000n, '4.35', 120), // 870.00
        paymentFen: 6_000_000n + 87_000n,
        remainingPrincipalFen: 0n,
      },
    ]);
  });

  it('SHORTEN_TERM does not apply where there is no installment to keep (VALIDATION_FAILED)', () => {
    for (const method of ['MONTHLY_INTEREST', 'BULLET'] as const) {
      const input: ScheduleInput = method === 'BULLET' ? { ...loan, method, termMonths: 6 } : { ...loan, method };
      const e = appErrorOf(() => prepay(input, 0, { choice: 'SHORTEN_TERM' }));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.details).toMatchObject({ reason: 'SHORTEN_TERM_NOT_APPLICABLE', method });
    }
  });

  it('a stub first period (repaymentDay) can be prepaid like any other', () => {
    const input: ScheduleInput = { ...loan, repaymentDay: 3 }; // first period 2026-01-15 → 02-03
    const r = prepay(input, 0, { date: '2026-01-25' });
    expect(r.interestToDateFen).toBe(accruedThrough(buildSchedule(input).installments[0], '2026-01-25'));
    expect(r.installments[0]).toMatchObject({ startDate: '2026-01-25', dueDate: '2026-02-03', days: 9 });
    expect(r.maturityDate).toBe('2027-01-03');
  });
});

describe('partial prepayment, random loans', () => {
  const inputArb = fc
    .record({
      principalFen: fc.bigInt({ min: 10_000n, max: 1_000_000_000n }),
      annualRatePct: fc.constantFrom('0', '3.45', '4.35', '7.2', '18', '36'),
      method: fc.constantFrom<RepaymentMethod>('EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET'),
      startDate: fc.constantFrom('2026-01-15', '2026-01-31', '2027-02-28', '2028-02-29', '2026-12-31'),
      termMonths: fc.integer({ min: 1, max: 60 }),
      repaymentDay: fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined }),
      dayCountBasis: fc.constantFrom<360 | 365>(360, 365),
    })
    .map((x): ScheduleInput => (x.method === 'BULLET' ? { ...x, repaymentDay: undefined, termMonths: Math.min(x.termMonths, 12) } : x));

  it('principal sums to the new principal; dates are the loan’s; LOWER keeps maturity; SHORTEN keeps the installment', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), fc.nat(), fc.nat(), fc.boolean(), (input, pickPeriod, pickDay, pickAmount, shorten) => {
        const rows = buildSchedule(input).installments;
        const paid = pickPeriod % rows.length;
        const remaining = rows.slice(paid);
        const outstanding = sum(remaining.map((r) => r.principalFen));
        fc.pre(outstanding >= 2n);
        const date = addDays(remaining[0].startDate, pickDay % remaining[0].days);
        const prepaid = 1n + (BigInt(pickAmount) % (outstanding - 1n));
        const choice: PrepaymentChoice =
          shorten && (input.method === 'EQUAL_INSTALLMENT' || input.method === 'EQUAL_PRINCIPAL') ? 'SHORTEN_TERM' : 'LOWER_INSTALLMENT';
        const r = rebuildAfterPartialPrepayment({
          remaining,
          outstandingPrincipalFen: outstanding,
          prepaidPrincipalFen: prepaid,
          annualRatePct: input.annualRatePct,
          method: input.method,
          dayCountBasis: input.dayCountBasis,
          choice,
          date,
        });
        const newPrincipal = outstanding - prepaid;
        expect(r.newPrincipalFen).toBe(newPrincipal);
        expect(sum(r.installments.map((i) => i.principalFen))).toBe(newPrincipal);
        expect(r.amountDueFen).toBe(prepaid + accruedThrough(remaining[0], date));
        expect(r.installments[0].startDate).toBe(date);
        r.installments.forEach((row, i) => {
          expect(row.period).toBe(remaining[0].period + i);
          expect(row.dueDate).toBe(remaining[i].dueDate);
          expect(row.days).toBe(daysBetween(row.startDate, row.dueDate));
          if (i > 0) expect(row.startDate).toBe(r.installments[i - 1].dueDate);
          expect(row.paymentFen).toBe(row.principalFen + row.interestFen);
          expect(row.interestFen >= 0n && row.principalFen >= 0n).toBe(true);
        });
        expect(r.installments[0].interestFen).toBe(
          actualDaysRef(newPrincipal, input.annualRatePct, r.installments[0].days, input.dayCountBasis),
        );
        if (choice === 'LOWER_INSTALLMENT') {
          expect(r.installments).toHaveLength(remaining.length);
          expect(r.maturityDate).toBe(rows[rows.length - 1].dueDate);
        } else {
          expect(r.installments.length).toBeLessThanOrEqual(remaining.length);
          if (input.method === 'EQUAL_INSTALLMENT') {
            const target = equalInstallmentPaymentFen(outstanding, input.annualRatePct, remaining.length);
            const n = r.installments.length;
            expect(equalInstallmentPaymentFen(newPrincipal, input.annualRatePct, n) <= target).toBe(true);
            if (n > 1) expect(equalInstallmentPaymentFen(newPrincipal, input.annualRatePct, n - 1) > target).toBe(true);
          } else {
            const n = r.installments.length;
            // principal per period stays at or below the old n-period share, and one period fewer would exceed it
            expect(newPrincipal * BigInt(remaining.length) <= outstanding * BigInt(n)).toBe(true);
            if (n > 1) expect(newPrincipal * BigInt(remaining.length) > outstanding * BigInt(n - 1)).toBe(true);
          }
        }
      }),
      { numRuns: 250, seed: 515 },
    );
  });
});

describe('partial prepayment, bad inputs', () => {
  const { remaining, outstanding } = remainingAfter(loan, 3);
  const ok: PartialPrepaymentInput = {
    remaining,
    outstandingPrincipalFen: outstanding,
    prepaidPrincipalFen: 1_000_000n,
    annualRatePct: '4.35',
    method: 'EQUAL_INSTALLMENT',
    choice: 'LOWER_INSTALLMENT',
    date: '2026-05-01',
  };

  it('accepts the boundaries: 1 fen, and all but 1 fen', () => {
    expect(rebuildAfterPartialPrepayment({ ...ok, prepaidPrincipalFen: 1n }).newPrincipalFen).toBe(outstanding - 1n);
    expect(rebuildAfterPartialPrepayment({ ...ok, prepaidPrincipalFen: outstanding - 1n }).newPrincipalFen).toBe(1n);
  });

  it.each([
    ['nothing prepaid', { prepaidPrincipalFen: 0n }, 'INVALID_AMOUNT', 'NOT_POSITIVE'],
    ['a negative prepayment', { prepaidPrincipalFen: -1n }, 'INVALID_AMOUNT', 'NEGATIVE'],
    ['everything prepaid (a full settlement)', { prepaidPrincipalFen: outstanding }, 'INVALID_AMOUNT', 'NOT_BELOW_OUTSTANDING'],
    ['more than outstanding', { prepaidPrincipalFen: outstanding + 1n }, 'INVALID_AMOUNT', 'NOT_BELOW_OUTSTANDING'],
  ] as const)('refuses %s', (_name, patch, code, reason) => {
    const e = appErrorOf(() => rebuildAfterPartialPrepayment({ ...ok, ...patch }));
    expect(e.code).toBe(code);
    expect(e.details).toMatchObject({ reason });
  });

  it('refuses an unknown choice, a bad rate or method, and a bad date', () => {
    expect(appErrorOf(() => rebuildAfterPartialPrepayment({ ...ok, choice: 'SKIP' as PrepaymentChoice })).code).toBe('VALIDATION_FAILED');
    expect(appErrorOf(() => rebuildAfterPartialPrepayment({ ...ok, annualRatePct: '36.5' })).code).toBe('INVALID_RATE');
    expect(appErrorOf(() => rebuildAfterPartialPrepayment({ ...ok, method: 'REVOLVING' as RepaymentMethod })).code).toBe(
      'UNSUPPORTED_METHOD',
    );
    expect(appErrorOf(() => rebuildAfterPartialPrepayment({ ...ok, date: '2026-02-30' })).code).toBe('INVALID_DATE');
    expect(appErrorOf(() => rebuildAfterPartialPrepayment({ ...ok, dayCountBasis: 366 as 360 })).code).toBe('INVALID_RATE');
  });

  it('an inconsistent remaining schedule is a programming error', () => {
    expect(() => rebuildAfterPartialPrepayment({ ...ok, outstandingPrincipalFen: outstanding + 1n })).toThrow(InvariantError);
    expect(() => rebuildAfterPartialPrepayment({ ...ok, remaining: [] })).toThrow(InvariantError);
    expect(() =>
      rebuildAfterPartialPrepayment({
        ...ok,
        remaining: [remaining[0], ...remaining.slice(2)],
        outstandingPrincipalFen: outstanding - remaining[1].principalFen,
      }),
    ).toThrow(InvariantError);
    expect(() => rebuildAfterPartialPrepayment({ ...ok, remaining: [{ ...remaining[0], days: 29 }, ...remaining.slice(1)] })).toThrow(
      InvariantError,
    );
  });
});

describe('full settlement', () => {
  const rows = buildSchedule(loan).installments;

  it('= outstanding principal + interest accrued to date + penalty and compound outstanding', () => {
    const current = rows[3]; // 2026-04-15 → 05-15
    const outstanding = sum(rows.slice(3).map((r) => r.principalFen));
    const s = fullSettlementAmount({
      date: '2026-05-01',
      outstandingPrincipalFen: outstanding,
      currentPeriod: current,
      penaltyFen: 1_234n,
      compoundFen: 56n,
    });
    expect(s).toEqual({
      principalFen: outstanding,
      interestToDateFen: divHalfUp(current.interestFen * 16n, 30n),
      unpaidInterestFen: 0n,
      penaltyFen: 1_234n,
      compoundFen: 56n,
      feesFen: 0n,
      totalFen: outstanding + divHalfUp(current.interestFen * 16n, 30n) + 1_234n + 56n,
    });
  });

  it('adds unpaid due interest and fees of an overdue loan', () => {
    const current = rows[5];
    const s = fullSettlementAmount({
      date: addDays(current.startDate, 10),
      outstandingPrincipalFen: 7_000_000n,
      currentPeriod: current,
      unpaidInterestFen: 30_000n,
      penaltyFen: 500n,
      compoundFen: 7n,
      feesFen: 2_000n,
    });
    expect(s.totalFen).toBe(7_000_000n + accruedThrough(current, addDays(current.startDate, 10)) + 30_000n + 500n + 7n + 2_000n);
  });

  it('equals the amount a prepayment of everything but one fen collects, plus that fen', () => {
    const remaining = rows.slice(3);
    const outstanding = sum(remaining.map((r) => r.principalFen));
    for (const date of ['2026-04-15', '2026-04-16', '2026-05-01', '2026-05-14']) {
      const settle = fullSettlementAmount({ date, outstandingPrincipalFen: outstanding, currentPeriod: remaining[0] });
      const partial = rebuildAfterPartialPrepayment({
        remaining,
        outstandingPrincipalFen: outstanding,
        prepaidPrincipalFen: outstanding - 1n,
        annualRatePct: '4.35',
        method: 'EQUAL_INSTALLMENT',
        choice: 'LOWER_INSTALLMENT',
        date,
      });
      expect(settle.totalFen).toBe(partial.amountDueFen + 1n);
    }
  });

  it('on the start date accrues nothing; on the due date the whole period’s interest', () => {
    const outstanding = 5_000_000n;
    expect(
      fullSettlementAmount({ date: rows[3].startDate, outstandingPrincipalFen: outstanding, currentPeriod: rows[3] }).interestToDateFen,
    ).toBe(0n);
    expect(
      fullSettlementAmount({ date: rows[3].dueDate, outstandingPrincipalFen: outstanding, currentPeriod: rows[3] }).interestToDateFen,
    ).toBe(rows[3].interestFen);
  });

  it('after maturity (no current period) only outstanding amounts count', () => {
    const s = fullSettlementAmount({
      date: '2027-03-01',
      outstandingPrincipalFen: 850_020n,
      currentPeriod: null,
      unpaidInterestFen: 3_081n,
      penaltyFen: 900n,
      compoundFen: 4n,
    });
    expect(s.totalFen).toBe(850_020n + 3_081n + 900n + 4n);
    expect(s.interestToDateFen).toBe(0n);
  });

  it('refuses negative components and a date outside the current period', () => {
    expect(appErrorOf(() => fullSettlementAmount({ date: '2026-05-01', outstandingPrincipalFen: -1n, currentPeriod: null })).code).toBe(
      'INVALID_AMOUNT',
    );
    expect(
      appErrorOf(() => fullSettlementAmount({ date: '2026-05-01', outstandingPrincipalFen: 1n, currentPeriod: null, penaltyFen: -1n }))
        .code,
    ).toBe('INVALID_AMOUNT');
    expect(appErrorOf(() => fullSettlementAmount({ date: '2026-05-32', outstandingPrincipalFen: 1n, currentPeriod: null })).code).toBe(
      'INVALID_DATE',
    );
    expect(() => fullSettlementAmount({ date: '2026-06-01', outstandingPrincipalFen: 1n, currentPeriod: rows[3] })).toThrow(InvariantError);
  });
});
