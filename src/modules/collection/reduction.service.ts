/**
 * NPL reduction by method (不良压降：现金清收、重组、核销、上调), per branch and period (docs/risk.md
 * "NPL reduction"). The loans module lists the reductions (nplReductionItems): principal repaid on
 * loans that were NPL the day before, principal written off, and loans upgraded out of NPL. This
 * module decides which repayments are restructuring: a repayment that settled an NPL loan of a
 * customer whose collection plan (approved) includes RESTRUCTURING — the loan was settled by the
 * restructuring plan (a new loan or an agreed payoff) — counts as RESTRUCTURING, every other
 * repayment of an NPL loan as CASH.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { AppError, compareDates, daysBetween, formatYuan, parseIsoDate } from '../../kernel/index.js';
import { displayNames } from '../access/index.js';
import { nplReductionItems } from '../loans/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import type { NplReduction, NplReductionMethod, NplReductionRow } from './collection.contract.js';

const MAX_DAYS = 3660;

export async function nplReduction(db: Db, actor: Actor, q: { from: string; to: string }): Promise<NplReduction> {
  const from = parseIsoDate(q.from);
  const to = parseIsoDate(q.to);
  if (compareDates(from, to) > 0) throw new AppError('VALIDATION_FAILED', { field: 'from', reason: 'AFTER_TO' });
  if (daysBetween(from, to) > MAX_DAYS) throw new AppError('VALIDATION_FAILED', { field: 'to', maxDays: MAX_DAYS });
  const items = await nplReductionItems(db, { from, to, scope: (cols) => scopeCondition(actor, cols) });
  const restructuring = new Set(
    (
      await queryRows<{ customer_id: string }>(
        db,
        sql`SELECT DISTINCT customer_id::text AS customer_id FROM collection_plans
             WHERE status IN ('APPROVED', 'SUPERSEDED') AND methods @> '[{"method": "RESTRUCTURING"}]'::jsonb`,
      )
    ).map((r) => Number(r.customer_id)),
  );
  type Acc = Record<NplReductionMethod, bigint> & { loans: Set<number> };
  const empty = (): Acc => ({ CASH: 0n, RESTRUCTURING: 0n, WRITE_OFF: 0n, UPGRADE: 0n, loans: new Set() });
  const byBranch = new Map<number, Acc>();
  const total = empty();
  for (const it of items) {
    const method: NplReductionMethod =
      it.method === 'CASH' && it.settledLoan && restructuring.has(it.customerId) ? 'RESTRUCTURING' : it.method;
    const acc = byBranch.get(it.branchId) ?? empty();
    acc[method] += it.amountFen;
    acc.loans.add(it.loanId);
    byBranch.set(it.branchId, acc);
    total[method] += it.amountFen;
    total.loans.add(it.loanId);
  }
  const names = await displayNames(db, { branchIds: [...byBranch.keys()] });
  const row = (branchId: number | null, a: Acc): NplReductionRow => ({
    branchId,
    branchName: branchId === null ? '合计' : (names.branches.get(branchId) ?? null),
    cash: formatYuan(a.CASH),
    restructuring: formatYuan(a.RESTRUCTURING),
    writeOff: formatYuan(a.WRITE_OFF),
    upgrade: formatYuan(a.UPGRADE),
    total: formatYuan(a.CASH + a.RESTRUCTURING + a.WRITE_OFF + a.UPGRADE),
    loans: a.loans.size,
  });
  return {
    from,
    to,
    rows: [...byBranch.entries()].sort((a, b) => a[0] - b[0]).map(([b, a]) => row(b, a)),
    total: row(null, total),
  };
}
