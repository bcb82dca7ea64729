/** What campaigns read of the loans: the customers holding an active loan of a product (a SELECT of customer_id). */
import { sql, type SQL } from 'drizzle-orm';

export function activeLoanCustomersOfProductSource(productCode: string): SQL {
  return sql`SELECT l.customer_id FROM loans l WHERE l.product_code = ${productCode} AND l.status = 'ACTIVE'`;
}
