/**
 * Prospects as recipients of a campaign SMS, as a SELECT: customer_id (NULL: a prospect is not a
 * customer yet), id_number_hash, name_masked, mobile_enc, mobile_hash — the open prospects (not
 * NOT_INTERESTED, not DECLINED) of one import batch, or of every list. Nothing here decrypts.
 */
import { sql, type SQL } from 'drizzle-orm';

export function prospectRecipientsSource(importBatchId: number | null): SQL {
  return sql`SELECT NULL::bigint AS customer_id, p.id_number_hash, p.name_masked, p.mobile_enc, p.mobile_hash
               FROM prospects p
              WHERE p.status NOT IN ('NOT_INTERESTED', 'DECLINED')
                ${importBatchId === null ? sql`` : sql`AND p.import_batch_id = ${importBatchId}`}`;
}
