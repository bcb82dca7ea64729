/**
 * Allocation of a repayment (还款冲销顺序) — pure: no I/O, no clock.
 *
 * The product's repayment order lists the four parts FEES, PENALTY, INTEREST and PRINCIPAL, each once
 * (products validate it; DESIGN §4 default: fees → penalty and compound interest → interest →
 * principal). PENALTY covers both penalty interest (罚息) and compound interest (复利). Within a part
 * the oldest period goes first; within the PENALTY part and one period, penalty before compound
 * interest; items of the same period and component keep their input order. The amount is applied
 * item by item until it runs out; what is left after everything due is covered is the remainder,
 * returned to the caller (e.g. to treat as a prepayment or to refuse).
 *
 * Banks often collect NPL accounts principal first (先本后息): PRINCIPAL_FIRST_ORDER, or any other
 * permutation, is passed as `order`.
 */
import { AppError, InvariantError, MAX_AMOUNT_FEN, sumFen } from '../../../kernel/index.js';

export const DUE_COMPONENTS = ['FEE', 'PENALTY', 'COMPOUND', 'INTEREST', 'PRINCIPAL'] as const;
export type DueComponent = (typeof DUE_COMPONENTS)[number];

/** The parts of a repayment order; the same names as products' REPAYMENT_PARTS. */
export const ORDER_PARTS = ['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL'] as const;
export type RepaymentOrderPart = (typeof ORDER_PARTS)[number];

export const DEFAULT_REPAYMENT_ORDER: readonly RepaymentOrderPart[] = ['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL'];
/** The order banks use for non-performing loans: principal first, then interest, penalties, fees. */
export const PRINCIPAL_FIRST_ORDER: readonly RepaymentOrderPart[] = ['PRINCIPAL', 'INTEREST', 'PENALTY', 'FEES'];

const PART_OF: Record<DueComponent, RepaymentOrderPart> = {
  FEE: 'FEES',
  PENALTY: 'PENALTY',
  COMPOUND: 'PENALTY',
  INTEREST: 'INTEREST',
  PRINCIPAL: 'PRINCIPAL',
};
/** Within one period of the PENALTY part, penalty interest comes before compound interest. */
const RANK_IN_PART: Record<DueComponent, number> = { FEE: 0, PENALTY: 0, COMPOUND: 1, INTEREST: 0, PRINCIPAL: 0 };

export interface DueItem {
  period: number;
  component: DueComponent;
  dueFen: bigint;
}

export interface AllocationLine {
  period: number;
  component: DueComponent;
  /** What was due on the item before this repayment. */
  dueFen: bigint;
  /** What this repayment pays on it (> 0). */
  allocatedFen: bigint;
  /** What stays due on it afterwards. */
  remainingDueFen: bigint;
}

export interface Allocation {
  /** Paid items in the order they were paid; items paid nothing are left out. */
  lines: AllocationLine[];
  allocatedFen: bigint;
  /** amount − allocated: more than everything due, left for the caller. */
  remainderFen: bigint;
  /** Totals per component (0 when nothing was paid on it). */
  byComponent: Record<DueComponent, bigint>;
}

/** Checks an order: a permutation of FEES, PENALTY, INTEREST and PRINCIPAL (VALIDATION_FAILED). */
export function validateRepaymentOrder(order: readonly string[]): readonly RepaymentOrderPart[] {
  const known = new Set<string>(ORDER_PARTS);
  const ok =
    Array.isArray(order) && order.length === ORDER_PARTS.length && order.every((p) => known.has(p)) && new Set(order).size === order.length;
  if (!ok) {
    throw new AppError('VALIDATION_FAILED', {
      field: 'repaymentOrder',
      reason: 'NOT_A_PERMUTATION',
      input: Array.isArray(order) ? order.slice(0, 10).map((p) => String(p).slice(0, 20)) : typeof order,
      expected: ORDER_PARTS,
    });
  }
  return order as readonly RepaymentOrderPart[];
}

/** Allocates `amountFen` over the due items by `order` (default fees → penalty → interest → principal). */
export function allocateRepayment(
  items: readonly DueItem[],
  amountFen: bigint,
  order: readonly string[] = DEFAULT_REPAYMENT_ORDER,
): Allocation {
  const parts = validateRepaymentOrder(order);
  checkAmount(amountFen);
  items.forEach(checkItem);

  const partRank = new Map(parts.map((p, i) => [p, i]));
  const sorted = items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        (partRank.get(PART_OF[a.item.component]) as number) - (partRank.get(PART_OF[b.item.component]) as number) ||
        a.item.period - b.item.period ||
        RANK_IN_PART[a.item.component] - RANK_IN_PART[b.item.component] ||
        a.index - b.index,
    );

  const lines: AllocationLine[] = [];
  let left = amountFen;
  for (const { item } of sorted) {
    if (left === 0n) break;
    if (item.dueFen === 0n) continue;
    const pay = item.dueFen < left ? item.dueFen : left;
    left -= pay;
    lines.push({
      period: item.period,
      component: item.component,
      dueFen: item.dueFen,
      allocatedFen: pay,
      remainingDueFen: item.dueFen - pay,
    });
  }

  const byComponent = Object.fromEntries(DUE_COMPONENTS.map((c) => [c, 0n])) as Record<DueComponent, bigint>;
  for (const line of lines) byComponent[line.component] += line.allocatedFen;
  const allocatedFen = sumFen(lines.map((l) => l.allocatedFen));
  if (allocatedFen + left !== amountFen) throw new InvariantError('allocation does not add up to the amount');
  return { lines, allocatedFen, remainderFen: left, byComponent };
}

function checkAmount(amountFen: bigint): void {
  if (typeof amountFen !== 'bigint') throw new InvariantError(`amount must be bigint fen, got ${typeof amountFen}`);
  if (amountFen < 0n) throw new AppError('INVALID_AMOUNT', { field: 'amount', reason: 'NEGATIVE' });
  if (amountFen > MAX_AMOUNT_FEN) throw new AppError('INVALID_AMOUNT', { field: 'amount', reason: 'TOO_LARGE' });
}

function checkItem(item: DueItem): void {
  if (!(DUE_COMPONENTS as readonly string[]).includes(item.component)) {
    throw new InvariantError(`unknown due component ${String(item.component)}`);
  }
  if (!Number.isSafeInteger(item.period) || item.period < 0) {
    throw new InvariantError(`due item period must be an integer ≥ 0, got ${String(item.period)}`);
  }
  if (typeof item.dueFen !== 'bigint' || item.dueFen < 0n || item.dueFen > MAX_AMOUNT_FEN) {
    throw new InvariantError(`due item ${item.component} of period ${item.period}: due must be 0–10^17 fen`);
  }
}
