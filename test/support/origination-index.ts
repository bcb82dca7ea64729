/**
 * application_index against applications, and credit_line_index against credit_lines (issue 12 §6,
 * migrations/0049_origination_index_distributed.sql): every application and every credit line has its
 * index row naming its customer, and every index row its application or line. No foreign key holds
 * either on any engine; on Citus, where the index tables are distributed by id and the others by
 * customer_id, the statement that opens an application or a line is the only writer of both rows, and
 * this check is what tests hold it to. Two reads compared here: Citus does not join tables distributed
 * by different columns.
 */
import { queryRows, sql, type Db } from '../../src/db/client.js';

const PAIRS = [
  { what: 'application', rows: sql`SELECT customer_id::text AS c, id::text AS id FROM applications ORDER BY id, customer_id` },
  { what: 'credit line', rows: sql`SELECT customer_id::text AS c, id::text AS id FROM credit_lines ORDER BY id, customer_id` },
] as const;
const INDEX = {
  application: sql`SELECT customer_id::text AS c, id::text AS id FROM application_index ORDER BY id`,
  'credit line': sql`SELECT customer_id::text AS c, id::text AS id FROM credit_line_index ORDER BY id`,
} as const;

/**
 * Every disagreement between applications and application_index, and between credit_lines and
 * credit_line_index, one line each naming the application or line; [] when they agree.
 */
export async function originationIndexDisagreements(db: Db): Promise<string[]> {
  const out: string[] = [];
  for (const { what, rows } of PAIRS) {
    const owned = await queryRows<{ c: string; id: string }>(db, rows);
    const index = await queryRows<{ c: string; id: string }>(db, INDEX[what]);
    const indexed = new Map(index.map((r) => [r.id, r.c]));
    const ids = new Set<string>();
    for (const r of owned) {
      ids.add(r.id);
      const c = indexed.get(r.id);
      if (c === undefined) out.push(`${what} ${r.id} (customer ${r.c}) has no index row`);
      else if (c !== r.c) out.push(`${what} ${r.id} belongs to customer ${r.c}, but its index row names customer ${c}`);
    }
    for (const r of index) if (!ids.has(r.id)) out.push(`the index row of ${what} ${r.id} (customer ${r.c}) has no ${what}`);
  }
  return out;
}
