/**
 * loan_index against loans (issue 12 §6, migrations/0046_loans_index_distributed.sql): every loan has
 * its index row naming the loan's customer, and every index row its loan. On PGlite and PostgreSQL the
 * foreign key loans → loan_index keeps the first; on Citus, where loan_index is distributed by loan_id
 * and loans by customer_id, there is no foreign key and no trigger on one shard can read the other, so
 * the loan-opening statement is the only writer of both rows and this check is what tests hold it to.
 * Two reads compared here: Citus does not join tables distributed by different columns.
 */
import { queryRows, sql, type Db } from '../../src/db/client.js';

/** Every disagreement between loans and loan_index, one line each, naming the loan; [] when they agree. */
export async function loanIndexDisagreements(db: Db): Promise<string[]> {
  const loans = await queryRows<{ c: string; id: string }>(
    db,
    sql`SELECT customer_id::text AS c, id::text AS id FROM loans ORDER BY id, customer_id`,
  );
  const index = await queryRows<{ c: string; id: string }>(
    db,
    sql`SELECT customer_id::text AS c, loan_id::text AS id FROM loan_index ORDER BY loan_id`,
  );
  const indexed = new Map(index.map((r) => [r.id, r.c]));
  const loanIds = new Set<string>();
  const out: string[] = [];
  for (const l of loans) {
    loanIds.add(l.id);
    const c = indexed.get(l.id);
    if (c === undefined) out.push(`loan ${l.id} (customer ${l.c}) has no index row`);
    else if (c !== l.c) out.push(`loan ${l.id} belongs to customer ${l.c}, but its index row names customer ${c}`);
  }
  for (const r of index) if (!loanIds.has(r.id)) out.push(`the index row of loan ${r.id} (customer ${r.c}) has no loan`);
  return out;
}
