import { describe, expect, it } from 'vitest';
import { AppError, InvariantError, sumFen, type IsoDate } from '../../kernel/index.js';
import { buildSchedule } from '../products/schedule/index.js';
import {
  autoDebitAmounts,
  dueItems,
  maturityAfter,
  planRepayment,
  repaymentLines,
  repaymentRecord,
  repaymentSource,
  scheduleUpdates,
  settlementOf,
  totalDue,
  type LoanState,
  type Plan,
  type ScheduleRow,
} from './repayment-plan.js';
import { accruedThrough } from './servicing/index.js';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

/** 12,000.00 yuan, 6 months equal principal at 7.2 %, drawn 2026-01-10: due the 10th of each month. */
const installments = buildSchedule({
  principalFen: 1_200_000n,
  annualRatePct: '7.2',
  method: 'EQUAL_PRINCIPAL',
  startDate: '2026-01-10',
  termMonths: 6,
}).installments;

/** The schedule with the first `billed` periods billed and `paid` of them paid, as end-of-day leaves it. */
function rowsOf(paid = 0): ScheduleRow[] {
  return installments.map((r) => ({
    ...r,
    status: r.period <= paid ? 'PAID' : 'PENDING',
    paidPrincipalFen: r.period <= paid ? r.principalFen : 0n,
    paidInterestFen: r.period <= paid ? r.interestFen : 0n,
  }));
}

/** The loan's state when periods ≤ billed are billed (those ≤ paid are paid), with penalty and compound posted. */
function loanOf(rows: ScheduleRow[], billed: number, extra: Partial<LoanState> = {}): LoanState {
  const open = rows.filter((r) => r.period <= billed && r.status !== 'PAID');
  return {
    customerId: 7,
    id: 42,
    creditLineId: 3,
    productCode: 'XIN_E_DAI',
    status: 'ACTIVE',
    branchId: 1,
    officerId: null,
    accountNo: '6210000000000042',
    annualRatePct: '7.2',
    method: 'EQUAL_PRINCIPAL',
    dayCountBasis: 360,
    maturityDate: rows[rows.length - 1].dueDate,
    settledOn: null,
    outstandingPrincipalFen: sumFen(rows.map((r) => r.principalFen - r.paidPrincipalFen)),
    overduePrincipalFen: sumFen(open.map((r) => r.principalFen - r.paidPrincipalFen)),
    overdueInterestFen: sumFen(open.map((r) => r.interestFen - r.paidInterestFen)),
    accruedInterestFen: 0n,
    penaltyFen: 0n,
    compoundFen: 0n,
    offBalanceFen: 0n,
    nonAccrual: false,
    ...extra,
  };
}

function plan(
  loan: LoanState,
  rows: ScheduleRow[],
  billedThrough: IsoDate,
  amountFen: bigint,
  mode: 'DUE' | 'EARLY_PARTIAL' | 'EARLY_FULL',
  bd: IsoDate,
  choice?: 'SHORTEN_TERM' | 'LOWER_INSTALLMENT',
): Plan {
  const items = dueItems(loan, rows, billedThrough);
  return planRepayment(loan, rows, items, totalDue(items), amountFen, mode, choice, bd);
}

describe('DUE repayment: allocation order and what it writes', () => {
  // periods 1 and 2 billed (due 02-10 and 03-10), penalty and compound posted; business date 03-20
  const rows = rowsOf();
  const loan = loanOf(rows, 2, { penaltyFen: 1_234n, compoundFen: 56n });
  const [p1, p2] = rows;

  it('pays penalty, compound, then interest oldest first, then principal oldest first', () => {
    const amount = 1_234n + 56n + p1.interestFen + p2.interestFen + p1.principalFen + 100n;
    const pl = plan(loan, rows, '2026-03-19', amount, 'DUE', '2026-03-20');
    expect(pl.lines.map((l) => `${l.period}:${l.component}`)).toEqual([
      '1:PENALTY',
      '1:COMPOUND',
      '1:INTEREST',
      '2:INTEREST',
      '1:PRINCIPAL',
      '2:PRINCIPAL',
    ]);
    expect(pl.lines[5].amountFen).toBe(100n);
    expect(pl.principalFen).toBe(p1.principalFen + 100n);
    expect(pl.interestFen).toBe(p1.interestFen + p2.interestFen);
    expect(pl.delta).toMatchObject({
      overduePrincipalFen: pl.principalFen,
      outstandingPrincipalFen: pl.principalFen,
      penaltyFen: 1_234n,
      compoundFen: 56n,
      accruedInterestFen: 0n,
      offBalanceFen: 0n,
    });
    expect(pl.settles).toBe(false);
    expect(scheduleUpdates(rows, pl)).toEqual([
      { period: 1, paidPrincipalFen: p1.principalFen, paidInterestFen: p1.interestFen, status: 'PAID', statusOnly: false },
      { period: 2, paidPrincipalFen: 100n, paidInterestFen: p2.interestFen, status: 'PARTIAL', statusOnly: false },
    ]);
  });

  it('refuses more than is due, and anything when nothing is due', () => {
    const due = totalDue(dueItems(loan, rows, '2026-03-19'));
    expect(errorOf(() => plan(loan, rows, '2026-03-19', due + 1n, 'DUE', '2026-03-20')).details).toMatchObject({ reason: 'MORE_THAN_DUE' });
    const fresh = loanOf(rows, 0);
    expect(errorOf(() => plan(fresh, rows, '2026-01-20', 1n, 'DUE', '2026-01-21')).details).toMatchObject({ reason: 'NOTHING_DUE' });
  });

  it('refuses to plan on rows that disagree with the loan’s overdue balances', () => {
    expect(() => dueItems(loan, rows, '2026-02-19')).toThrow(InvariantError);
  });

  it('settles the loan when it pays the last of everything billed', () => {
    const all = rowsOf(5);
    const last = loanOf(all, 6);
    const pl = plan(last, all, '2026-07-11', last.overduePrincipalFen + last.overdueInterestFen, 'DUE', '2026-07-12');
    expect(pl.settles).toBe(true);
    expect(scheduleUpdates(all, pl)).toEqual([
      { period: 6, paidPrincipalFen: all[5].principalFen, paidInterestFen: all[5].interestFen, status: 'PAID', statusOnly: false },
    ]);
  });

  it('a non-accrual loan: interest and penalty to income, the off-balance part released up to what it holds', () => {
    const na = { ...loan, nonAccrual: true, offBalanceFen: 2_000n };
    const pl = plan(na, rows, '2026-03-19', 1_290n + 1_000n, 'DUE', '2026-03-20');
    expect(pl.delta.offBalanceFen).toBe(2_000n);
    const lines = repaymentLines(na, pl, 2_290n);
    expect(sumFen(lines.map((l) => l.debitFen ?? 0n))).toBe(sumFen(lines.map((l) => l.creditFen ?? 0n)));
    expect(lines.map((l) => l.accountCode)).toEqual(['2001', '5011', '5012', '7002', '7001']);
  });
});

describe('early repayment and settlement', () => {
  // period 1 paid, the rest not billed; business date 03-01 inside period 2 (02-10 → 03-10), 19 days accrued by end-of-day
  const rows = rowsOf(1);
  const bd: IsoDate = '2026-03-01';
  const accrued = accruedThrough(rows[1], '2026-02-28');
  const loan = loanOf(rows, 1, { accruedInterestFen: accrued });

  it('full settlement: exactly the quoted amount, interest to date split into accrued and today’s, every row closed', () => {
    const s = settlementOf(loan, rows, bd);
    expect(s.principalFen).toBe(loan.outstandingPrincipalFen);
    expect(s.interestToDateFen).toBe(accruedThrough(rows[1], bd));
    expect(errorOf(() => plan(loan, rows, '2026-02-28', s.totalFen - 1n, 'EARLY_FULL', bd)).details).toMatchObject({
      reason: 'SETTLEMENT_AMOUNT',
    });
    const pl = plan(loan, rows, '2026-02-28', s.totalFen, 'EARLY_FULL', bd);
    expect(pl.settles).toBe(true);
    expect(pl.principalFen).toBe(loan.outstandingPrincipalFen);
    expect(pl.interestFen).toBe(s.interestToDateFen);
    expect(pl.delta.accruedInterestFen).toBe(accrued);
    expect(pl.unaccruedInterestFen).toBe(s.interestToDateFen - accrued);
    const updates = scheduleUpdates(rows, pl);
    expect(updates.map((u) => u.period).sort()).toEqual([2, 3, 4, 5, 6]);
    expect(updates.every((u) => u.status === 'PAID')).toBe(true);
    expect(updates.find((u) => u.period === 2)).toMatchObject({
      paidPrincipalFen: rows[1].principalFen,
      paidInterestFen: s.interestToDateFen,
    });
    const lines = repaymentLines(loan, pl, s.totalFen);
    expect(lines).toContainEqual({ accountCode: '1302', loanId: 42, creditFen: accrued });
    expect(lines).toContainEqual({ accountCode: '5011', loanId: 42, creditFen: s.interestToDateFen - accrued });
  });

  it('partial prepayment: interest to date first, the rest prepays principal and the schedule is rebuilt from the current period', () => {
    const interest = accruedThrough(rows[1], bd);
    const pl = plan(loan, rows, '2026-02-28', interest + 300_000n, 'EARLY_PARTIAL', bd, 'SHORTEN_TERM');
    expect(pl.lines).toEqual([
      { period: 2, component: 'INTEREST', amountFen: interest },
      { period: 2, component: 'PRINCIPAL', amountFen: 300_000n },
    ]);
    expect(pl.rebuiltFrom).toBe(2);
    expect(sumFen(pl.rebuilt!.map((r) => r.principalFen))).toBe(loan.outstandingPrincipalFen - 300_000n);
    expect(maturityAfter(loan, pl)).toBe(pl.rebuilt![pl.rebuilt!.length - 1].dueDate);
    expect(pl.settles).toBe(false);
    const record = repaymentRecord(
      loan,
      rows,
      pl,
      new Set(scheduleUpdates(rows, pl).map((u) => u.period)),
      interest + 300_000n,
      'EARLY_PARTIAL',
      'SHORTEN_TERM',
      undefined,
    );
    expect(record.rebuiltFrom).toBe(2);
    expect(record.scheduleBefore!.map((r) => r.period)).toEqual([2, 3, 4, 5, 6]);
  });

  it('partial prepayment: too small, or all of it (use settlement), or on a due date is refused', () => {
    const interest = accruedThrough(rows[1], bd);
    expect(errorOf(() => plan(loan, rows, '2026-02-28', interest, 'EARLY_PARTIAL', bd)).details).toMatchObject({
      reason: 'PREPAYMENT_TOO_SMALL',
    });
    expect(
      errorOf(() => plan(loan, rows, '2026-02-28', interest + loan.outstandingPrincipalFen, 'EARLY_PARTIAL', bd)).details,
    ).toMatchObject({ reason: 'USE_FULL_SETTLEMENT' });
    const dueDay = loanOf(rows, 1, { accruedInterestFen: accruedThrough(rows[1], '2026-03-09') });
    expect(errorOf(() => plan(dueDay, rows, '2026-03-09', 100_000n, 'EARLY_PARTIAL', '2026-03-10')).code).toBe('PREPAYMENT_NOT_ALLOWED');
  });
});

describe('end-of-day amounts and sources', () => {
  const rows = rowsOf();
  const base = loanOf(rows, 1);
  const due = base.overduePrincipalFen + base.overdueInterestFen;

  it('loans sharing an account are served in order from its running balance: in full, partially, then not at all', () => {
    const a = { ...base, id: 1 };
    const b = { ...base, id: 2 };
    const c = { ...base, id: 3 };
    const other = { ...base, id: 4, customerId: 8 };
    const empty = { ...base, id: 5, customerId: 9 };
    const got = autoDebitAmounts(
      [a, b, c, other, empty],
      [
        { customerId: 7, accountNo: base.accountNo, balanceFen: due + 10n },
        { customerId: 8, accountNo: base.accountNo, balanceFen: 5n },
        { customerId: 9, accountNo: base.accountNo, balanceFen: 0n },
      ],
    );
    expect(got.map((g) => [g.loan.id, g.amountFen])).toEqual([
      [1, due],
      [2, 10n],
      [4, 5n],
    ]);
  });

  it('the source recorded: early repayments by mode, auto-debits as such, else who paid', () => {
    expect(repaymentSource('CUSTOMER', 'DUE')).toBe('CUSTOMER');
    expect(repaymentSource('STAFF', 'EARLY_FULL')).toBe('EARLY_FULL');
    expect(repaymentSource('CUSTOMER', 'EARLY_PARTIAL')).toBe('EARLY_PARTIAL');
    expect(repaymentSource('AUTO_DEBIT', 'DUE')).toBe('AUTO_DEBIT');
  });
});
