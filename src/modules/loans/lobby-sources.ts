/**
 * What the lobby module reads of the loans (issue 14 §6): every loan of given customers with its product,
 * principal and start date — a maturing-CD task converts when the holder gets a 质押e贷, an offline-loan
 * invitation when the borrower draws online, a lead when the person borrows.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';

export interface CustomerLoan {
  customerId: number;
  loanId: number;
  productCode: string;
  principalFen: bigint;
  startDate: string;
}

/** The loans (any status) of the given customers, oldest first. */
export async function loansOfCustomers(db: Db | Tx, customerIds: readonly number[]): Promise<CustomerLoan[]> {
  if (customerIds.length === 0) return [];
  const rows = await queryRows<{ customer_id: string; id: string; product_code: string; principal_fen: string; start_date: string }>(
    db,
    sql`SELECT l.customer_id::text AS customer_id, l.id::text AS id, l.product_code, l.principal_fen::text AS principal_fen,
               to_char(l.start_date, 'YYYY-MM-DD') AS start_date
          FROM loans l WHERE l.customer_id = ANY(${`{${[...new Set(customerIds)].join(',')}}`}::bigint[])
         ORDER BY l.start_date, l.id`,
  );
  return rows.map((r) => ({
    customerId: Number(r.customer_id),
    loanId: Number(r.id),
    productCode: r.product_code,
    principalFen: BigInt(r.principal_fen),
    startDate: r.start_date,
  }));
}
