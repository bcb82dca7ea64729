/**
 * Key customer groups' members as recipients of a campaign SMS, as a SELECT: customer_id (when known),
 * id_number_hash, name_masked, mobile_enc, mobile_hash. Nothing here decrypts.
 */
import { sql, type SQL } from 'drizzle-orm';

export function groupMemberRecipientsSource(groupId: number): SQL {
  return sql`SELECT m.customer_id, m.id_number_hash, m.name_masked, m.mobile_enc, m.mobile_hash
               FROM customer_group_members m WHERE m.group_id = ${groupId}`;
}
