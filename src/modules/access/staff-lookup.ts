/** Look-ups by name for the composition root and the command line (they reach staff through this door, not its table). */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { staff } from './schema.js';

/** The id of the staff member with this username (case-insensitive), or null. */
export async function staffIdByUsername(db: Db | Tx, username: string): Promise<number | null> {
  const [row] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, username.toLowerCase()));
  return row?.id ?? null;
}

/**
 * `SELECT branch_id, staff_id`: the branch head (单位负责人, role branch_head, active) of each branch
 * that has one — the lowest staff id when there are several. For set-based statements of other modules
 * (the collection cases' lead); staff and staff_roles are reference tables, joinable on every shard.
 */
export function branchHeadsSource(): SQL {
  return sql`SELECT s.branch_id, min(s.id) AS staff_id
               FROM staff s JOIN staff_roles r ON r.staff_id = s.id
              WHERE r.role = 'branch_head' AND s.status = 'ACTIVE'
              GROUP BY s.branch_id`;
}
