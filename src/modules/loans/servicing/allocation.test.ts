import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError, InvariantError } from '../../../kernel/index.js';
import {
  allocateRepayment,
  DEFAULT_REPAYMENT_ORDER,
  DUE_COMPONENTS,
  PRINCIPAL_FIRST_ORDER,
  validateRepaymentOrder,
  type DueComponent,
  type DueItem,
} from './allocation.js';

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

/** Two overdue periods and the current one, listed deliberately out of order. */
const due: DueItem[] = [
  { period: 3, component: 'PRINCIPAL', dueFen: 800_000n },
  { period: 3, component: 'INTEREST', dueFen: 30_000n },
  { period: 2, component: 'PRINCIPAL', dueFen: 790_000n },
  { period: 2, component: 'INTEREST', dueFen: 40_000n },
  { period: 2, component: 'COMPOUND', dueFen: 20n },
  { period: 2, component: 'PENALTY', dueFen: 1_500n },
  { period: 1, component: 'COMPOUND', dueFen: 100n },
  { period: 1, component: 'PENALTY', dueFen: 5_000n },
  { period: 1, component: 'INTEREST', dueFen: 50_000n },
  { period: 1, component: 'PRINCIPAL', dueFen: 780_000n },
  { period: 1, component: 'FEE', dueFen: 2_000n },
];
const totalDue = due.reduce((s, i) => s + i.dueFen, 0n);
const keys = (lines: Array<{ period: number; component: DueComponent }>) => lines.map((l) => `${l.period}:${l.component}`);

describe('allocation by the default order: fees → penalty and compound → interest → principal, oldest first', () => {
  it('pays everything in order when the amount covers it, leaving no remainder', () => {
    const a = allocateRepayment(due, totalDue);
    expect(keys(a.lines)).toEqual([
      '1:FEE',
      '1:PENALTY',
      '1:COMPOUND',
      '2:PENALTY',
      '2:COMPOUND',
      '1:INTEREST',
      '2:INTEREST',
      '3:INTEREST',
      '1:PRINCIPAL',
      '2:PRINCIPAL',
      '3:PRINCIPAL',
    ]);
    expect(a.lines.every((l) => l.allocatedFen === l.dueFen && l.remainingDueFen === 0n)).toBe(true);
    expect(a.allocatedFen).toBe(totalDue);
    expect(a.remainderFen).toBe(0n);
    expect(a.byComponent).toEqual({ FEE: 2_000n, PENALTY: 6_500n, COMPOUND: 120n, INTEREST: 120_000n, PRINCIPAL: 2_370_000n });
  });

  it('partial coverage stops inside an item, which stays partly due', () => {
    // fee 20.00 + penalties 66.20 + interest 1 (500.00) = 586.20; 600.00 leaves 13.80 for period 2 interest
    const a = allocateRepayment(due, 60_000n);
    expect(keys(a.lines)).toEqual(['1:FEE', '1:PENALTY', '1:COMPOUND', '2:PENALTY', '2:COMPOUND', '1:INTEREST', '2:INTEREST']);
    expect(a.lines[a.lines.length - 1]).toEqual({
      period: 2,
      component: 'INTEREST',
      dueFen: 40_000n,
      allocatedFen: 1_380n,
      remainingDueFen: 38_620n,
    });
    expect(a.allocatedFen).toBe(60_000n);
    expect(a.remainderFen).toBe(0n);
    expect(a.byComponent.PRINCIPAL).toBe(0n);
  });

  it('an amount smaller than the first item pays only part of it', () => {
    const a = allocateRepayment(due, 1n);
    expect(a.lines).toEqual([{ period: 1, component: 'FEE', dueFen: 2_000n, allocatedFen: 1n, remainingDueFen: 1_999n }]);
  });

  it('a zero amount allocates nothing', () => {
    expect(allocateRepayment(due, 0n)).toEqual({
      lines: [],
      allocatedFen: 0n,
      remainderFen: 0n,
      byComponent: { FEE: 0n, PENALTY: 0n, COMPOUND: 0n, INTEREST: 0n, PRINCIPAL: 0n },
    });
  });

  it('an amount larger than everything due returns the excess as the remainder', () => {
    const a = allocateRepayment(due, totalDue + 12_345n);
    expect(a.allocatedFen).toBe(totalDue);
    expect(a.remainderFen).toBe(12_345n);
  });

  it('nothing due: the whole amount is the remainder', () => {
    expect(allocateRepayment([], 500n)).toMatchObject({ lines: [], allocatedFen: 0n, remainderFen: 500n });
    expect(allocateRepayment([{ period: 1, component: 'INTEREST', dueFen: 0n }], 500n)).toMatchObject({ lines: [], remainderFen: 500n });
  });

  it('items of the same period and component keep their input order', () => {
    const a = allocateRepayment(
      [
        { period: 1, component: 'FEE', dueFen: 100n },
        { period: 1, component: 'FEE', dueFen: 200n },
      ],
      150n,
    );
    expect(a.lines.map((l) => [l.dueFen, l.allocatedFen])).toEqual([
      [100n, 100n],
      [200n, 50n],
    ]);
  });
});

describe('other orders', () => {
  it('NPL order: principal first, oldest period first', () => {
    expect(PRINCIPAL_FIRST_ORDER).toEqual(['PRINCIPAL', 'INTEREST', 'PENALTY', 'FEES']);
    const a = allocateRepayment(due, 1_600_000n, PRINCIPAL_FIRST_ORDER);
    expect(keys(a.lines)).toEqual(['1:PRINCIPAL', '2:PRINCIPAL', '3:PRINCIPAL']);
    expect(a.lines.map((l) => l.allocatedFen)).toEqual([780_000n, 790_000n, 30_000n]);
    const all = allocateRepayment(due, totalDue, PRINCIPAL_FIRST_ORDER);
    expect(keys(all.lines)).toEqual([
      '1:PRINCIPAL',
      '2:PRINCIPAL',
      '3:PRINCIPAL',
      '1:INTEREST',
      '2:INTEREST',
      '3:INTEREST',
      '1:PENALTY',
      '1:COMPOUND',
      '2:PENALTY',
      '2:COMPOUND',
      '1:FEE',
    ]);
  });

  it('any permutation of the four parts is accepted', () => {
    const a = allocateRepayment(due, totalDue, ['INTEREST', 'PRINCIPAL', 'FEES', 'PENALTY']);
    expect(keys(a.lines).slice(0, 4)).toEqual(['1:INTEREST', '2:INTEREST', '3:INTEREST', '1:PRINCIPAL']);
    expect(keys(a.lines).slice(-5)).toEqual(['1:FEE', '1:PENALTY', '1:COMPOUND', '2:PENALTY', '2:COMPOUND']);
  });

  it.each([
    ['a part missing', ['FEES', 'PENALTY', 'INTEREST']],
    ['a part twice', ['FEES', 'PENALTY', 'INTEREST', 'INTEREST']],
    ['an unknown part', ['FEES', 'PENALTY', 'INTEREST', 'CAPITAL']],
    ['a component name instead of a part', ['FEE', 'PENALTY', 'INTEREST', 'PRINCIPAL']],
    ['five parts', ['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL', 'FEES']],
    ['empty', []],
  ])('refuses an order with %s (VALIDATION_FAILED)', (_name, order) => {
    const e = appErrorOf(() => allocateRepayment(due, 100n, order));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details).toMatchObject({ field: 'repaymentOrder', reason: 'NOT_A_PERMUTATION' });
  });

  it('validateRepaymentOrder returns a valid order unchanged', () => {
    expect(validateRepaymentOrder(DEFAULT_REPAYMENT_ORDER)).toEqual(['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL']);
  });
});

describe('bad inputs', () => {
  it('refuses a negative or oversized amount (INVALID_AMOUNT)', () => {
    expect(appErrorOf(() => allocateRepayment(due, -1n)).code).toBe('INVALID_AMOUNT');
    expect(appErrorOf(() => allocateRepayment(due, 10n ** 17n + 1n)).code).toBe('INVALID_AMOUNT');
  });

  it('a malformed due item is a programming error', () => {
    expect(() => allocateRepayment([{ period: 1, component: 'INTEREST', dueFen: -1n }], 1n)).toThrow(InvariantError);
    expect(() => allocateRepayment([{ period: 1.5, component: 'INTEREST', dueFen: 1n }], 1n)).toThrow(InvariantError);
    expect(() => allocateRepayment([{ period: 1, component: 'TAX' as DueComponent, dueFen: 1n }], 1n)).toThrow(InvariantError);
    expect(() => allocateRepayment(due, 1 as unknown as bigint)).toThrow(InvariantError);
  });
});

describe('random due items and amounts', () => {
  const itemArb = fc.record({
    period: fc.integer({ min: 0, max: 12 }),
    component: fc.constantFrom<DueComponent>(...DUE_COMPONENTS),
    dueFen: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10_000_000n })),
  });
  const orderArb = fc.shuffledSubarray(['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL'], { minLength: 4, maxLength: 4 });
  const part = (c: DueComponent) => (c === 'FEE' ? 'FEES' : c === 'COMPOUND' ? 'PENALTY' : c);

  it('allocated + remainder = amount; no item overpaid; the order is respected; only the last line is partial', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 30 }), fc.bigInt({ min: 0n, max: 200_000_000n }), orderArb, (items, amountFen, order) => {
        const a = allocateRepayment(items, amountFen, order);
        const total = items.reduce((s, i) => s + i.dueFen, 0n);
        expect(a.allocatedFen + a.remainderFen).toBe(amountFen);
        expect(a.allocatedFen).toBe(amountFen < total ? amountFen : total);
        expect(a.remainderFen).toBe(amountFen > total ? amountFen - total : 0n);
        a.lines.forEach((l, i) => {
          expect(l.allocatedFen > 0n && l.allocatedFen <= l.dueFen).toBe(true);
          expect(l.remainingDueFen).toBe(l.dueFen - l.allocatedFen);
          if (i < a.lines.length - 1) expect(l.remainingDueFen).toBe(0n);
          if (i > 0) {
            const prev = a.lines[i - 1];
            const rp = order.indexOf(part(prev.component));
            const rl = order.indexOf(part(l.component));
            expect(rp <= rl).toBe(true);
            if (rp === rl) expect(prev.period <= l.period).toBe(true);
          }
        });
        // Nothing later in the order is paid while something earlier is still unpaid.
        if (a.remainderFen === 0n && a.lines.length > 0) {
          const last = a.lines[a.lines.length - 1];
          const lastRank = order.indexOf(part(last.component));
          for (const item of items) {
            const r = order.indexOf(part(item.component));
            if (item.dueFen > 0n && (r < lastRank || (r === lastRank && item.period < last.period))) {
              expect(a.lines.some((l) => l.period === item.period && l.component === item.component)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 500, seed: 4 },
    );
  });
});
