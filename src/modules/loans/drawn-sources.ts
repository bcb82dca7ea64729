/** What given customers drew on given products: loans opened (count and principal, any status). Pre-credit's card figures read it. */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';

/** Keyed `${customerId}:${productCode}`; customers without a loan of the product are absent. */
export async function drawnLoansOfCustomers(
  db: Db | Tx,
  pairs: readonly { customerId: number; productCode: string }[],
): Promise<Map<string, { loans: number; principalFen: bigint }>> {
  const out = new Map<string, { loans: number; principalFen: bigint }>();
  if (pairs.length === 0) return out;
  const ids = [...new Set(pairs.map((p) => p.customerId))];
  const wanted = new Set(pairs.map((p) => `${p.customerId}:${p.productCode}`));
  const rows = await queryRows<{ customer_id: string; product_code: string; loans: string; principal_fen: string }>(
    db,
    sql`SELECT l.customer_id::text AS customer_id, l.product_code, count(*)::text AS loans, sum(l.principal_fen)::text AS principal_fen
        FROM loans l WHERE l.customer_id = ANY(${`{${ids.join(',')}}`}::bigint[])
        GROUP BY l.customer_id, l.product_code`,
  );
  for (const r of rows) {
    const key = `${r.customer_id}:${r.product_code}`;
    if (wanted.has(key)) out.set(key, { loans: Number(r.loans), principalFen: BigInt(r.principal_fen) });
  }
  return out;
}
