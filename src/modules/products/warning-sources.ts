/**
 * The products module's data for the warning rules (src/modules/warning): the borrower's maximum age
 * of each product in force on D (product_param_versions, a reference table: no partition).
 */
import { sql, type SQL } from 'drizzle-orm';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';

/** (product_code, max_age) of the parameter version of each product in force on D. */
export function productMaxAgesSource(D: IsoDate): SQL {
  parseIsoDate(D);
  return sql`SELECT DISTINCT ON (v.product_code) v.product_code, (v.params ->> 'maxAge')::int AS max_age
               FROM product_param_versions v
              WHERE v.effective_date <= ${D}::date
              ORDER BY v.product_code, v.effective_date DESC, v.version DESC`;
}
