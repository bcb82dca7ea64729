/**
 * What the key customer groups (重点客群) read of the loans: for a list of customers, the loans disbursed
 * (count and principal) and their outstanding principal — the groups' figures, from the loans themselves.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';

export interface CustomerLoanTotals {
  loans: number;
  principalFen: bigint;
  balanceFen: bigint;
}

/** Per given customer with a loan: loans booked, their principal, and the outstanding principal of the active ones. */
export async function loanTotalsOfCustomers(tx: Tx, customerIds: readonly number[]): Promise<Map<number, CustomerLoanTotals>> {
  const out = new Map<number, CustomerLoanTotals>();
  if (customerIds.length === 0) return out;
  const rows = await queryRows<{ customer_id: string; loans: string; principal_fen: string; balance_fen: string }>(
    tx,
    sql`SELECT l.customer_id::text AS customer_id, count(*)::text AS loans, sum(l.principal_fen)::text AS principal_fen,
               coalesce(sum(l.outstanding_principal_fen) FILTER (WHERE l.status = 'ACTIVE'), 0)::text AS balance_fen
          FROM loans l WHERE l.customer_id = ANY(${`{${customerIds.join(',')}}`}::bigint[])
         GROUP BY l.customer_id`,
  );
  for (const r of rows) {
    out.set(Number(r.customer_id), { loans: Number(r.loans), principalFen: BigInt(r.principal_fen), balanceFen: BigInt(r.balance_fen) });
  }
  return out;
}
