import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { AppError, InvariantError } from '../../../kernel/errors.js';
import {
  assertScheduleInvariants,
  buildSchedule,
  equalInstallmentPaymentFen,
  firstDueDateForRepaymentDay,
  REPAYMENT_METHODS,
  summarizeSchedule,
  type RepaymentMethod,
  type Schedule,
  type ScheduleInput,
} from './schedule.js';

// ---------------------------------------------------------------------------------------------
// An independent reference model: exact bigint rationals for interest, plain Date.UTC for dates,
// decimal.js at 100 digits for the annuity payment. It shares no code with the engine.

const Big = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });

/** num / den rounded half-up, for num ≥ 0, den > 0. */
function divHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

/** "4.35" → 4 350 000 (millionths of a percent). */
function pctMicro(pct: string): bigint {
  const [i, f = ''] = pct.split('.');
  return BigInt(i) * 1_000_000n + BigInt(f.padEnd(6, '0'));
}

const monthlyInterestRef = (balance: bigint, pct: string) => divHalfUp(balance * pctMicro(pct), 1200n * 1_000_000n);
const dailyInterestRef = (balance: bigint, pct: string, days: number, basis: number) =>
  divHalfUp(balance * pctMicro(pct) * BigInt(days), 100n * BigInt(basis) * 1_000_000n);

function paymentRef(principalFen: bigint, pct: string, n: number): bigint {
  const p = new Big(principalFen.toString());
  if (new Big(pct).isZero()) return BigInt(p.div(n).toFixed(0, Decimal.ROUND_HALF_UP));
  const r = new Big(pct).div(1200);
  const g = r.plus(1).pow(n);
  return BigInt(p.times(r).times(g).div(g.minus(1)).toFixed(0, Decimal.ROUND_HALF_UP));
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ymd = (d: string) => d.split('-').map(Number) as [number, number, number];
/** d + k months, day clamped to the target month's length. */
function addMonthsRef(d: string, k: number): string {
  const [y, m, day] = ymd(d);
  const lastDay = new Date(Date.UTC(y, m - 1 + k + 1, 0)).getUTCDate();
  return iso(Date.UTC(y, m - 1 + k, Math.min(day, lastDay)));
}
const daysRef = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

interface RefRow {
  dueDate: string;
  days: number;
  principalFen: bigint;
  interestFen: bigint;
}

function referenceSchedule(input: ScheduleInput): RefRow[] {
  const pct = input.annualRatePct;
  const basis = input.dayCountBasis ?? 360;
  const P = input.principalFen;
  if (input.method === 'BULLET') {
    const due =
      input.termDays !== undefined
        ? iso(Date.parse(input.startDate) + input.termDays * 86_400_000)
        : addMonthsRef(input.startDate, input.termMonths!);
    const days = daysRef(input.startDate, due);
    return [{ dueDate: due, days, principalFen: P, interestFen: dailyInterestRef(P, pct, days, basis) }];
  }
  const n = input.termMonths!;
  const dues: string[] = [];
  if (input.repaymentDay === undefined) {
    for (let k = 1; k <= n; k++) dues.push(addMonthsRef(input.startDate, k));
  } else {
    const [y, m, d] = ymd(input.startDate);
    let first = iso(Date.UTC(y, m - 1 + (d < input.repaymentDay ? 0 : 1), input.repaymentDay));
    if (daysRef(input.startDate, first) < 15) first = addMonthsRef(first, 1);
    for (let k = 0; k < n; k++) dues.push(addMonthsRef(first, k));
  }
  const M = paymentRef(P, pct, n);
  const equalPrincipal = divHalfUp(P, BigInt(n));
  let balance = P;
  return dues.map((due, i) => {
    const from = i === 0 ? input.startDate : dues[i - 1];
    const days = daysRef(from, due);
    const stub = i === 0 && input.repaymentDay !== undefined && due !== addMonthsRef(input.startDate, 1);
    const regular = monthlyInterestRef(balance, pct);
    const interestFen = stub ? dailyInterestRef(balance, pct, days, basis) : regular;
    let principalFen =
      i === n - 1 ? balance : input.method === 'EQUAL_INSTALLMENT' ? M - regular : input.method === 'EQUAL_PRINCIPAL' ? equalPrincipal : 0n;
    if (principalFen < 0n) principalFen = 0n;
    if (principalFen > balance) principalFen = balance;
    balance -= principalFen;
    return { dueDate: due, days, principalFen, interestFen };
  });
}

/** Checks that hold for every schedule, recomputed here rather than trusted from the engine. */
function expectConsistent(s: Schedule, input: ScheduleInput): void {
  const rows = s.installments;
  expect(rows).toHaveLength(input.method === 'BULLET' ? 1 : input.termMonths!);
  const problems: string[] = [];
  let balance = input.principalFen;
  let interest = 0n;
  let payment = 0n;
  let from = input.startDate;
  rows.forEach((r, i) => {
    const at = `period ${i + 1}`;
    if (r.period !== i + 1) problems.push(`${at}: numbered ${r.period}`);
    if (r.startDate !== from) problems.push(`${at}: starts ${r.startDate}, expected ${from}`);
    if (r.days !== daysRef(r.startDate, r.dueDate) || r.days <= 0) problems.push(`${at}: days ${r.days}`);
    if (r.principalFen < 0n || r.interestFen < 0n) problems.push(`${at}: negative amount`);
    if (r.paymentFen !== r.principalFen + r.interestFen) problems.push(`${at}: payment ≠ principal + interest`);
    balance -= r.principalFen;
    if (balance < 0n) problems.push(`${at}: balance negative`);
    if (r.remainingPrincipalFen !== balance) problems.push(`${at}: remaining ${r.remainingPrincipalFen} ≠ ${balance}`);
    interest += r.interestFen;
    payment += r.paymentFen;
    from = r.dueDate;
  });
  expect(problems).toEqual([]);
  expect(balance).toBe(0n);
  expect(s.totalInterestFen).toBe(interest);
  expect(s.totalPaymentFen).toBe(payment);
  expect(s.totalPaymentFen).toBe(input.principalFen + s.totalInterestFen);
}

function expectMatchesReference(s: Schedule, input: ScheduleInput): void {
  const ref = referenceSchedule(input);
  expect(
    s.installments.map((r) => ({ dueDate: r.dueDate, days: r.days, principalFen: r.principalFen, interestFen: r.interestFen })),
  ).toEqual(ref);
}

const yuan = (fen: bigint) => (Number(fen) / 100).toFixed(2);
const base: ScheduleInput = {
  principalFen: 10_000_000n,
  annualRatePct: '4.35',
  method: 'EQUAL_INSTALLMENT',
  startDate: '2026-01-15',
  termMonths: 12,
};

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

// ---------------------------------------------------------------------------------------------

describe('等额本息 EQUAL_INSTALLMENT', () => {
  it('textbook example: 100,000.00 at 4.35 % over 12 months pays 8530.99 a month', () => {
    // Independent recomputation of M with decimal.js step by step.
    const r = new Big('0.0435').div(12); // 0.003625
    expect(r.toString()).toBe('0.003625');
    const g = r.plus(1).pow(12);
    const m = new Big(100000).times(r).times(g).div(g.minus(1));
    expect(m.toFixed(6)).toBe('8530.990036');
    expect(m.toFixed(2, Decimal.ROUND_HALF_UP)).toBe('8530.99');
    expect(equalInstallmentPaymentFen(10_000_000n, '4.35', 12)).toBe(853_099n);

    const s = buildSchedule(base);
    expectConsistent(s, base);
    expectMatchesReference(s, base);
    expect(s.installments.slice(0, 11).every((row) => row.paymentFen === 853_099n)).toBe(true);
    expect(s.installments.map((row) => row.dueDate)).toEqual([
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
      '2026-05-15',
      '2026-06-15',
      '2026-07-15',
      '2026-08-15',
      '2026-09-15',
      '2026-10-15',
      '2026-11-15',
      '2026-12-15',
      '2027-01-15',
    ]);
    // Hand-checked rows: interest = balance × 0.003625 rounded half-up.
    expect(s.installments[0]).toMatchObject({ interestFen: 36_250n, principalFen: 816_849n, remainingPrincipalFen: 9_183_151n });
    expect(s.installments[1]).toMatchObject({ interestFen: 33_289n, principalFen: 819_810n }); // 9183151 × 0.003625 = 33288.92
    expect(s.installments.map((row) => yuan(row.interestFen))).toEqual([
      '362.50',
      '332.89',
      '303.17',
      '273.35',
      '243.41',
      '213.37',
      '183.22',
      '152.96',
      '122.59',
      '92.11',
      '61.52',
      '30.81',
    ]);
    // Last period absorbs the rounding residual: 8500.20 principal + 30.81 interest.
    expect(s.installments[11]).toMatchObject({ principalFen: 850_020n, interestFen: 3_081n, paymentFen: 853_101n });
    // 12 × 8530.99 − 100,000 = 2371.88 with an unrounded schedule; per-period rounding gives 2371.90.
    expect(s.totalInterestFen).toBe(237_190n);
    expect(s.totalPaymentFen).toBe(10_237_190n);
  });

  it('30-year mortgage: 1,000,000.00 at 4.9 % over 360 months pays the well-known 5307.27', () => {
    const input: ScheduleInput = { ...base, principalFen: 100_000_000n, annualRatePct: '4.9', termMonths: 360 };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    expectMatchesReference(s, input);
    expect(s.installments[0].paymentFen).toBe(530_727n);
    expect(s.installments.slice(0, 359).every((row) => row.paymentFen === 530_727n)).toBe(true);
    expect(s.installments[359].dueDate).toBe('2056-01-15');
    // The residual the last period absorbs stays within a few yuan.
    const last = s.installments[359].paymentFen;
    expect(last > 530_727n - 1_000n && last < 530_727n + 1_000n).toBe(true);
  });

  it('1-month term repays everything with one month of interest', () => {
    const input: ScheduleInput = { ...base, termMonths: 1 };
    const s = buildSchedule(input);
    expect(s.installments).toEqual([
      {
        period: 1,
        startDate: '2026-01-15',
        dueDate: '2026-02-15',
        days: 31,
        principalFen: 10_000_000n,
        interestFen: 36_250n,
        paymentFen: 10_036_250n,
        remainingPrincipalFen: 0n,
      },
    ]);
  });

  it('zero rate: payment is P / n, no interest, last absorbs the residual', () => {
    const input: ScheduleInput = { ...base, annualRatePct: '0' };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    expect(s.totalInterestFen).toBe(0n);
    expect(s.installments.slice(0, 11).every((row) => row.paymentFen === 833_333n)).toBe(true);
    expect(s.installments[11].paymentFen).toBe(833_337n);
  });

  it('caps principal at the balance when the rounded payment overshoots (tiny loan, many periods)', () => {
    // 1.80 over 360 months at 0 %: 180/360 = 0.5 fen rounds up to 1 fen a month, repaid after 180 periods.
    const input: ScheduleInput = { ...base, principalFen: 180n, annualRatePct: '0', termMonths: 360 };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    expect(s.installments[179].remainingPrincipalFen).toBe(0n);
    expect(s.installments.slice(180).every((row) => row.paymentFen === 0n)).toBe(true);
  });

  it('stays consistent at the 36 % ceiling over 30 years', () => {
    const input: ScheduleInput = { ...base, principalFen: 12_345_678_901n, annualRatePct: '36', termMonths: 360 };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    expectMatchesReference(s, input);
  });
});

describe('等额本金 EQUAL_PRINCIPAL', () => {
  it('120,000.00 at 4.35 % over 12 months: 10,000.00 principal a month, interest on the balance', () => {
    const input: ScheduleInput = { ...base, method: 'EQUAL_PRINCIPAL', principalFen: 12_000_000n };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    expectMatchesReference(s, input);
    expect(s.installments.every((row) => row.principalFen === 1_000_000n)).toBe(true);
    // 120000 × 0.003625 = 435.00; 110000 × 0.003625 = 398.75; … ; 10000 × 0.003625 = 36.25
    expect(s.installments.map((row) => yuan(row.interestFen))).toEqual([
      '435.00',
      '398.75',
      '362.50',
      '326.25',
      '290.00',
      '253.75',
      '217.50',
      '181.25',
      '145.00',
      '108.75',
      '72.50',
      '36.25',
    ]);
    expect(s.totalInterestFen).toBe(282_750n); // 0.003625 × 10000 × (12+11+…+1) = 2827.50
  });

  it('30-year example: 1,000,000.00 at 4.9 % first payment 6861.11, decreasing by 11.34 a month', () => {
    const input: ScheduleInput = { ...base, method: 'EQUAL_PRINCIPAL', principalFen: 100_000_000n, annualRatePct: '4.9', termMonths: 360 };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    expectMatchesReference(s, input);
    expect(s.installments[0]).toMatchObject({ principalFen: 277_778n, interestFen: 408_333n, paymentFen: 686_111n });
    // principal 277,778 × 359 = 99,722,302; the last period repays the remaining 277,698.
    expect(s.installments[359].principalFen).toBe(277_698n);
  });

  it('uneven split: 100.00 over 3 months is 33.33, 33.33, 33.34', () => {
    const input: ScheduleInput = { ...base, method: 'EQUAL_PRINCIPAL', principalFen: 10_000n, termMonths: 3, annualRatePct: '0' };
    expect(buildSchedule(input).installments.map((row) => row.principalFen)).toEqual([3_333n, 3_333n, 3_334n]);
  });
});

describe('按月付息到期还本 MONTHLY_INTEREST', () => {
  it('pays P × r every month and the principal at maturity', () => {
    const input: ScheduleInput = { ...base, method: 'MONTHLY_INTEREST' };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    expect(s.installments.every((row) => row.interestFen === 36_250n)).toBe(true);
    expect(s.installments.slice(0, 11).every((row) => row.principalFen === 0n && row.remainingPrincipalFen === 10_000_000n)).toBe(true);
    expect(s.installments[11]).toMatchObject({ principalFen: 10_000_000n, paymentFen: 10_036_250n, remainingPrincipalFen: 0n });
    expect(s.totalInterestFen).toBe(435_000n);
  });

  it('rounds a true half-fen tie up even when r is a repeating decimal (1 % / 12 on 6.00)', () => {
    // 600 fen × 0.01 / 12 = 0.5 fen exactly; a truncated r = 0.000833… would round it down to 0.
    const input: ScheduleInput = { ...base, method: 'MONTHLY_INTEREST', principalFen: 600n, annualRatePct: '1', termMonths: 2 };
    expect(buildSchedule(input).installments.map((row) => row.interestFen)).toEqual([1n, 1n]);
  });
});

describe('利随本清 BULLET', () => {
  it('by days: interest = P × annual / 360 × days', () => {
    const input: ScheduleInput = { ...base, method: 'BULLET', termMonths: undefined, termDays: 90 };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    // 100000 × 0.0435 / 360 × 90 = 1087.50
    expect(s.installments).toEqual([
      {
        period: 1,
        startDate: '2026-01-15',
        dueDate: '2026-04-15',
        days: 90,
        principalFen: 10_000_000n,
        interestFen: 108_750n,
        paymentFen: 10_108_750n,
        remainingPrincipalFen: 0n,
      },
    ]);
  });

  it('by days on a 365-day basis', () => {
    const input: ScheduleInput = { ...base, method: 'BULLET', termMonths: undefined, termDays: 90, dayCountBasis: 365 };
    // 100000 × 0.0435 × 90 / 365 = 1072.6027… → 1072.60
    expect(buildSchedule(input).installments[0].interestFen).toBe(107_260n);
  });

  it('by months: charged on the actual days to start + termMonths', () => {
    const input: ScheduleInput = { ...base, method: 'BULLET', termMonths: 12 };
    const s = buildSchedule(input);
    expect(s.installments[0]).toMatchObject({ dueDate: '2027-01-15', days: 365 });
    // 100000 × 0.0435 × 365 / 360 = 4410.4166… → 4410.42
    expect(s.installments[0].interestFen).toBe(441_042n);
  });

  it('by months from Jan 31 of a leap year ends on Feb 29 (29 days)', () => {
    const input: ScheduleInput = { ...base, method: 'BULLET', termMonths: 1, startDate: '2028-01-31' };
    expect(buildSchedule(input).installments[0]).toMatchObject({ dueDate: '2028-02-29', days: 29 });
  });

  it('the longest bullet: 3660 days', () => {
    const input: ScheduleInput = { ...base, method: 'BULLET', termMonths: undefined, termDays: 3660 };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    expect(s.installments[0].dueDate).toBe('2036-01-23');
    expect(s.installments[0].interestFen).toBe(4_422_500n); // 100000 × 0.0435 × 3660 / 360 = 44225.00
  });
});

describe('due dates', () => {
  it('clamp to the end of the month relative to the original day: Jan 31 → Feb 28, Mar 31, Apr 30', () => {
    const input: ScheduleInput = { ...base, startDate: '2026-01-31', termMonths: 5 };
    const s = buildSchedule(input);
    expect(s.installments.map((row) => row.dueDate)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
    expect(s.installments.map((row) => row.days)).toEqual([28, 31, 30, 31, 30]);
    // Full months are charged at the monthly rate whatever their length.
    expect(new Set(s.installments.slice(0, 1).map((row) => row.interestFen))).toEqual(new Set([36_250n]));
  });

  it('leap year: Jan 31 2028 → Feb 29 2028', () => {
    const s = buildSchedule({ ...base, startDate: '2028-01-31', termMonths: 2 });
    expect(s.installments.map((row) => row.dueDate)).toEqual(['2028-02-29', '2028-03-31']);
  });

  it('crosses year ends', () => {
    const s = buildSchedule({ ...base, startDate: '2026-11-30', termMonths: 4 });
    expect(s.installments.map((row) => row.dueDate)).toEqual(['2026-12-30', '2027-01-30', '2027-02-28', '2027-03-30']);
  });
});

describe('fixed repayment day (stub first period)', () => {
  it('first due date: the first day d after the start, pushed a month when fewer than 15 days away', () => {
    expect(firstDueDateForRepaymentDay('2026-01-15', 20)).toBe('2026-02-20'); // Jan 20 is only 5 days away
    expect(firstDueDateForRepaymentDay('2026-01-03', 20)).toBe('2026-01-20'); // 17 days
    expect(firstDueDateForRepaymentDay('2026-01-05', 20)).toBe('2026-01-20'); // exactly 15 days: kept
    expect(firstDueDateForRepaymentDay('2026-01-06', 20)).toBe('2026-02-20'); // 14 days: pushed (45 days)
    expect(firstDueDateForRepaymentDay('2026-01-20', 20)).toBe('2026-02-20'); // same day: one full month
    expect(firstDueDateForRepaymentDay('2026-01-31', 28)).toBe('2026-02-28'); // 28 days
    expect(firstDueDateForRepaymentDay('2026-12-25', 10)).toBe('2027-01-10'); // 16 days, across the year end
  });

  it('charges the stub on actual days and keeps termMonths installments', () => {
    const input: ScheduleInput = { ...base, repaymentDay: 20 };
    const s = buildSchedule(input);
    expectConsistent(s, input);
    expectMatchesReference(s, input);
    expect(s.installments).toHaveLength(12);
    expect(s.installments[0]).toMatchObject({ startDate: '2026-01-15', dueDate: '2026-02-20', days: 36 });
    // 100000 × 0.0435 / 360 × 36 = 435.00
    expect(s.installments[0].interestFen).toBe(43_500n);
    expect(s.installments[11].dueDate).toBe('2027-01-20');
    // Later periods are full months at the monthly rate.
    expect(s.installments.slice(1).map((row) => row.dueDate.slice(8))).toEqual(Array(11).fill('20'));
  });

  it('the stub does not change the amortisation: principal equals the schedule without a stub', () => {
    for (const method of ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST'] as const) {
      const plain = buildSchedule({ ...base, method });
      const stubbed = buildSchedule({ ...base, method, repaymentDay: 3 }); // Jan 15 → Feb 3: 19 days
      expect(stubbed.installments[0].days).toBe(19);
      expect(stubbed.installments.map((row) => row.principalFen)).toEqual(plain.installments.map((row) => row.principalFen));
      // Stub interest is 19 days at annual / 360; the rest match the plain schedule.
      expect(stubbed.installments[0].interestFen).toBe(dailyInterestRef(10_000_000n, '4.35', 19, 360));
      expect(stubbed.installments.slice(1).map((row) => row.interestFen)).toEqual(
        plain.installments.slice(1).map((row) => row.interestFen),
      );
    }
  });

  it('a first period of exactly one month is not a stub', () => {
    const input: ScheduleInput = { ...base, startDate: '2026-01-20', repaymentDay: 20 };
    const s = buildSchedule(input);
    expect(s.installments[0]).toMatchObject({ dueDate: '2026-02-20', days: 31, interestFen: 36_250n });
  });

  it('stub longer than a month (45 days) on a 365-day basis', () => {
    const input: ScheduleInput = { ...base, method: 'MONTHLY_INTEREST', startDate: '2026-01-06', repaymentDay: 20, dayCountBasis: 365 };
    const s = buildSchedule(input);
    expect(s.installments[0]).toMatchObject({ dueDate: '2026-02-20', days: 45 });
    // 100000 × 0.0435 × 45 / 365 = 536.3013… → 536.30
    expect(s.installments[0].interestFen).toBe(53_630n);
  });
});

describe('every method, random inputs', () => {
  const rateArb = fc.oneof(
    fc.constantFrom('0', '4.35', '3.45', '36', '1', '0.000001', '35.999999'),
    fc.integer({ min: 0, max: 36_000_000 }).map((micro) => {
      const s = `${Math.floor(micro / 1_000_000)}.${String(micro % 1_000_000).padStart(6, '0')}`;
      return s.replace(/\.?0+$/, '') || '0';
    }),
  );
  const dateArb = fc
    .integer({ min: Date.UTC(1990, 0, 1) / 86_400_000, max: Date.UTC(2060, 0, 1) / 86_400_000 })
    .map((d) => iso(d * 86_400_000));
  const principalArb = fc.oneof(
    fc.bigInt({ min: 1n, max: 100_000n }),
    fc.bigInt({ min: 100_000n, max: 10_000_000_000n }),
    fc.bigInt({ min: 1n, max: 10n ** 17n }),
  );
  const inputArb: fc.Arbitrary<ScheduleInput> = fc
    .record({
      principalFen: principalArb,
      annualRatePct: rateArb,
      method: fc.constantFrom<RepaymentMethod>(...REPAYMENT_METHODS),
      startDate: dateArb,
      termMonths: fc.oneof(fc.integer({ min: 1, max: 36 }), fc.integer({ min: 1, max: 360 })),
      termDays: fc.integer({ min: 1, max: 3660 }),
      useDays: fc.boolean(),
      repaymentDay: fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined }),
      dayCountBasis: fc.option(fc.constantFrom<360 | 365>(360, 365), { nil: undefined }),
    })
    .map(({ useDays, termDays, termMonths, repaymentDay, ...rest }) => {
      if (rest.method === 'BULLET') {
        return useDays ? { ...rest, termDays } : { ...rest, termMonths };
      }
      return { ...rest, termMonths, repaymentDay };
    });

  it('principal sums to the loan, payment = principal + interest, totals = sums, balance ends at 0', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const s = buildSchedule(input);
        expectConsistent(s, input);
        assertScheduleInvariants(s, input.principalFen);
      }),
      { numRuns: 400, seed: 20260115 },
    );
  });

  it('matches the independent reference model row by row', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expectMatchesReference(buildSchedule(input), input);
      }),
      { numRuns: 300, seed: 4350 },
    );
  });

  it('等额本息 pays M every period but the last, until the balance runs out', () => {
    fc.assert(
      fc.property(inputArb, (raw) => {
        const input: ScheduleInput = { ...raw, method: 'EQUAL_INSTALLMENT', termDays: undefined, termMonths: raw.termMonths ?? 12 };
        const s = buildSchedule(input);
        const m = paymentRef(input.principalFen, input.annualRatePct, input.termMonths!);
        s.installments.slice(0, -1).forEach((row, i) => {
          const before = i === 0 ? input.principalFen : s.installments[i - 1].remainingPrincipalFen;
          const regularInterest = monthlyInterestRef(before, input.annualRatePct);
          if (row.remainingPrincipalFen > 0n) expect(row.principalFen + regularInterest).toBe(m);
        });
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('等额本息 at realistic terms never needs the cap: equal payments, the last within a few yuan', () => {
    const terms = fc.oneof(
      fc.record({ bp: fc.integer({ min: 0, max: 1000 }), n: fc.integer({ min: 2, max: 360 }) }), // ≤ 10 % up to 30 years
      fc.record({ bp: fc.integer({ min: 0, max: 2400 }), n: fc.integer({ min: 2, max: 60 }) }), // ≤ 24 % up to 5 years
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 1_000_000n, max: 100_000_000n }), terms, (principalFen, { bp, n }) => {
        const annualRatePct = (bp / 100).toString();
        const s = buildSchedule({ ...base, principalFen, annualRatePct, termMonths: n });
        const m = paymentRef(principalFen, annualRatePct, n);
        expect(s.installments.slice(0, -1).every((row) => row.paymentFen === m)).toBe(true);
        const last = s.installments[n - 1].paymentFen;
        expect(last > m - 2_000n && last < m + 2_000n).toBe(true);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('is deterministic', () => {
    const input: ScheduleInput = { ...base, repaymentDay: 9, method: 'EQUAL_PRINCIPAL', termMonths: 60 };
    expect(buildSchedule(input)).toEqual(buildSchedule({ ...input }));
  });
});

describe('summary and invariants', () => {
  it('summarizes a schedule', () => {
    const s = buildSchedule(base);
    expect(summarizeSchedule(s)).toEqual({
      installmentCount: 12,
      firstDueDate: '2026-02-15',
      maturityDate: '2027-01-15',
      principalFen: 10_000_000n,
      totalInterestFen: 237_190n,
      totalPaymentFen: 10_237_190n,
      maxPaymentFen: 853_101n,
      firstPaymentFen: 853_099n,
    });
  });

  it('assertScheduleInvariants fails loudly on a tampered schedule', () => {
    const good = buildSchedule(base);
    const tamper = (f: (s: Schedule) => void) => {
      const s = structuredClone(good);
      f(s);
      return () => assertScheduleInvariants(s, 10_000_000n);
    };
    expect(() => assertScheduleInvariants(good, 10_000_000n)).not.toThrow();
    expect(() => assertScheduleInvariants(good, 10_000_001n)).toThrow(InvariantError);
    expect(
      tamper((s) => {
        s.installments[3].principalFen += 1n;
      }),
    ).toThrow(InvariantError);
    expect(
      tamper((s) => {
        s.installments[3].paymentFen += 1n;
      }),
    ).toThrow(InvariantError);
    expect(
      tamper((s) => {
        s.installments[3].interestFen = -1n;
        s.installments[3].paymentFen = s.installments[3].principalFen - 1n;
      }),
    ).toThrow(InvariantError);
    expect(
      tamper((s) => {
        s.totalInterestFen += 1n;
      }),
    ).toThrow(InvariantError);
    expect(
      tamper((s) => {
        s.installments[2].dueDate = '2026-04-16';
      }),
    ).toThrow(InvariantError);
    expect(
      tamper((s) => {
        s.installments[0].principalFen = 20_000_000n;
        s.installments[0].paymentFen = 20_036_250n;
      }),
    ).toThrow(InvariantError);
  });
});

describe('bad inputs', () => {
  it.each([
    ['term 0', { termMonths: 0 }, 'INVALID_TERM'],
    ['term 361', { termMonths: 361 }, 'INVALID_TERM'],
    ['fractional term', { termMonths: 1.5 }, 'INVALID_TERM'],
    ['no term', { termMonths: undefined }, 'INVALID_TERM'],
    ['termDays for a non-bullet method', { termDays: 30 }, 'INVALID_TERM'],
    ['termDays 0', { method: 'BULLET', termMonths: undefined, termDays: 0 }, 'INVALID_TERM'],
    ['termDays 3661', { method: 'BULLET', termMonths: undefined, termDays: 3661 }, 'INVALID_TERM'],
    ['both termMonths and termDays for a bullet', { method: 'BULLET', termDays: 30 }, 'INVALID_TERM'],
    ['zero amount', { principalFen: 0n }, 'INVALID_AMOUNT'],
    ['negative amount', { principalFen: -100n }, 'INVALID_AMOUNT'],
    ['amount above 10^17 fen', { principalFen: 10n ** 17n + 1n }, 'INVALID_AMOUNT'],
    ['rate above 36 %', { annualRatePct: '36.000001' }, 'INVALID_RATE'],
    ['negative rate', { annualRatePct: '-1' }, 'INVALID_RATE'],
    ['rate not a number', { annualRatePct: 'abc' }, 'INVALID_RATE'],
    ['rate with 7 decimals', { annualRatePct: '4.3500001' }, 'INVALID_RATE'],
    ['unknown method', { method: 'REVOLVING' }, 'UNSUPPORTED_METHOD'],
    ['repayment day 0', { repaymentDay: 0 }, 'INVALID_REPAYMENT_DAY'],
    ['repayment day 29', { repaymentDay: 29 }, 'INVALID_REPAYMENT_DAY'],
    ['repayment day for a bullet', { method: 'BULLET', repaymentDay: 10 }, 'INVALID_REPAYMENT_DAY'],
    ['non-existent start date', { startDate: '2026-02-30' }, 'INVALID_DATE'],
    ['malformed start date', { startDate: '2026-1-5' }, 'INVALID_DATE'],
    ['day count basis 366', { dayCountBasis: 366 }, 'INVALID_RATE'],
  ] as const)('%s → %s', (_name, patch, code) => {
    expectAppError(() => buildSchedule({ ...base, ...(patch as Partial<ScheduleInput>) } as ScheduleInput), code);
  });

  it('accepts the boundaries: 1 and 360 months, 36 %, 0 %, 1 fen', () => {
    expect(buildSchedule({ ...base, termMonths: 1 }).installments).toHaveLength(1);
    expect(buildSchedule({ ...base, termMonths: 360 }).installments).toHaveLength(360);
    expect(() => buildSchedule({ ...base, annualRatePct: '36' })).not.toThrow();
    expect(() => buildSchedule({ ...base, annualRatePct: '0' })).not.toThrow();
    expect(buildSchedule({ ...base, principalFen: 1n }).installments[11].principalFen).toBe(1n);
  });
});
