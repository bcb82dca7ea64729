/**
 * Who a customer belongs to in the bank — the branch and the assigned loan officer — as a SELECT for
 * other modules' set-based SQL (the risk module assigns a new alert to them). Columns: customer_id,
 * branch_id, officer_id; rows of the partition's customers only (inPartition on customers.id, the
 * table's distribution column, co-located with the loans).
 */
import { sql, type SQL } from 'drizzle-orm';
import { inPartition, type CustomerPartition } from '../../db/partition.js';

export function customerOwnersSource(p: CustomerPartition): SQL {
  return sql`SELECT c.id AS customer_id, c.branch_id, c.officer_id FROM customers c WHERE ${inPartition('c', p, 'id')}`;
}
