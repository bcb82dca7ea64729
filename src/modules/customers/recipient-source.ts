/**
 * Customers as recipients of a marketing SMS composed set-based (campaigns), as a SELECT: customer_id,
 * id_number_hash, name_masked, mobile_enc, mobile_hash of the customers whose ids the given SELECT
 * yields. Nothing here decrypts.
 */
import { sql, type SQL } from 'drizzle-orm';

export function customerRecipientsSource(customerIds: SQL): SQL {
  return sql`SELECT c.id AS customer_id, c.id_number_hash, c.name_masked, c.mobile_enc, c.mobile_hash
               FROM customers c WHERE c.id IN (${customerIds})`;
}
