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
