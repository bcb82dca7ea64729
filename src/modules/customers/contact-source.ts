/**
 * The customers' contact data for messages composed set-based (reminders), as a SELECT: one row per
 * customer of the partition — customer_id, name_masked, mobile_enc, mobile_hash. The mobile stays
 * encrypted (the SMS dispatcher decrypts it when it sends); nothing here decrypts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { inPartition, type CustomerPartition } from '../../db/partition.js';

export function customerContactSource(partition: CustomerPartition): SQL {
  return sql`SELECT c.id AS customer_id, c.name_masked, c.mobile_enc, c.mobile_hash
               FROM customers c
              WHERE ${inPartition('c', partition, 'id')}`;
}
