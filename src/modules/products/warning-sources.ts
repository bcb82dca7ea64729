/**
 * The products module's data for the warning rules (src/modules/warning): the borrower's maximum age
 * of each product in force on D (product_param_versions, a reference table), read once per partition so
 * that the rule's statement on the partition's shard names no other table.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';

/** (productCode, maxAge) of the parameter version of each product in force on D. */
export async function productMaxAges(db: Db | Tx, D: IsoDate): Promise<Array<{ productCode: string; maxAge: number }>> {
  parseIsoDate(D);
  const rows = await queryRows<{ product_code: string; max_age: number | null }>(
    db,
    sql`SELECT DISTINCT ON (v.product_code) v.product_code, (v.params ->> 'maxAge')::int AS max_age
          FROM product_param_versions v
         WHERE v.effective_date <= ${D}::date
         ORDER BY v.product_code, v.effective_date DESC, v.version DESC`,
  );
  return rows.filter((r) => r.max_age !== null).map((r) => ({ productCode: r.product_code, maxAge: Number(r.max_age) }));
}
