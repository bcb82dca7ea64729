/**
 * A loan and its accrual state (migrations/0025_eod_attention.sql): the daily accrual's accrued, not
 * yet due interest and cached current period live in loan_accrual_state, one narrow row per loan,
 * so that end-of-day's ACCRUE rewrites a dozen columns instead of the loan row. Every reader of a
 * loan's accrued interest joins the two through these fragments.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';

/** FROM clause: the loan (alias l) with its accrual state (alias a). */
export const LOANS_WITH_ACCRUAL = sql`loans l JOIN loan_accrual_state a ON a.customer_id = l.customer_id AND a.loan_id = l.id`;

/**
 * The on-balance interest receivable over LOANS_WITH_ACCRUAL: accrued + overdue interest + penalty
 * + compound of an accruing loan, 0 for a non-accrual one (bigint).
 */
export const INTEREST_RECEIVABLE = sql`CASE WHEN l.non_accrual THEN 0::bigint
                                            ELSE a.accrued_interest_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen END`;

/** Adds delta (may be negative) to a loan's accrued, not yet due interest. */
export async function addAccrued(tx: Tx, customerId: number, loanId: number, deltaFen: bigint): Promise<void> {
  if (deltaFen === 0n) return;
  await tx.execute(
    sql`UPDATE loan_accrual_state SET accrued_interest_fen = accrued_interest_fen + ${deltaFen.toString()}
         WHERE customer_id = ${customerId} AND loan_id = ${loanId}`,
  );
}

/**
 * Schedule rows of these loans were inserted or deleted (a rebuilt schedule, a reversal's restored
 * rows): their cached current period is stale, and end-of-day refreshes it from loan_schedule. Every
 * statement that inserts or deletes schedule rows of an existing loan calls this with the loans it
 * touched — no statement trigger does it (on Citus a statement trigger's transition table does not
 * exist on the shards). Each row is found by its customer_id, on its loan's shard.
 */
export async function clearCachedPeriods(
  tx: Tx,
  changed: ReadonlyArray<{ customerId: number | string; loanId: number | string }>,
): Promise<void> {
  const keys = new Map<string, { customer_id: string; loan_id: string }>();
  for (const c of changed) keys.set(`${c.customerId}:${c.loanId}`, { customer_id: String(c.customerId), loan_id: String(c.loanId) });
  if (keys.size === 0) return;
  await tx.execute(
    sql`UPDATE loan_accrual_state a SET cur_period = NULL
          FROM jsonb_to_recordset(${JSON.stringify([...keys.values()])}::jsonb) AS c(customer_id bigint, loan_id bigint)
         WHERE a.customer_id = c.customer_id AND a.loan_id = c.loan_id AND a.cur_period IS NOT NULL`,
  );
}
