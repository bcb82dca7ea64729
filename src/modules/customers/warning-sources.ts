/**
 * The customers module's data for the warning rules (src/modules/warning): the facts the rules read,
 * for one end-of-day partition (inPartition on the customers' id, their distribution column).
 */
import { sql, type SQL } from 'drizzle-orm';
import { inPartition, type CustomerPartition } from '../../db/partition.js';

/** The partition's customers: (customer_id, id_number_hash — to match lists and bureau reports, birth_date — from the ID number). */
export function customerFactsSource(p: CustomerPartition): SQL {
  return sql`SELECT c.id AS customer_id, c.id_number_hash, c.birth_date FROM customers c WHERE ${inPartition('c', p, 'id')}`;
}
