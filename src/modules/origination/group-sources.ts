/**
 * What the key customer groups (重点客群) read of origination: which of a list of customers applied and
 * which had an application approved — the groups' figures, computed from the applications themselves.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';

/** For each given customer with an application: whether one was approved. Customers with none are absent. */
export async function applicationFactsOfCustomers(tx: Tx, customerIds: readonly number[]): Promise<Map<number, { approved: boolean }>> {
  const out = new Map<number, { approved: boolean }>();
  if (customerIds.length === 0) return out;
  const rows = await queryRows<{ customer_id: string; approved: boolean }>(
    tx,
    sql`SELECT a.customer_id::text AS customer_id, bool_or(a.status = 'APPROVED') AS approved
          FROM applications a WHERE a.customer_id = ANY(${`{${customerIds.join(',')}}`}::bigint[])
         GROUP BY a.customer_id`,
  );
  for (const r of rows) out.set(Number(r.customer_id), { approved: r.approved === true });
  return out;
}
