/** Look-ups by name for the composition root and the command line (they reach staff through this door, not its table). */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { branchAncestorsSource, headOfficeBranchesSource } from '../org/index.js';
import { staff } from './schema.js';

/** The id of the staff member with this username (case-insensitive), or null. */
export async function staffIdByUsername(db: Db | Tx, username: string): Promise<number | null> {
  const [row] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, username.toLowerCase()));
  return row?.id ?? null;
}

/** `SELECT staff_id, branch_id`: every staff member's branch (to start from a loan officer's branch in set-based SQL). */
export function staffBranchesSource(): SQL {
  return sql`SELECT s.id AS staff_id, s.branch_id FROM staff s`;
}

/**
 * `SELECT branch_id, staff_id`: who leads an NPL collection case (一户一策, docs/risk.md) started from
 * each branch — the active branch head (单位负责人) of the nearest branch walking up the tree from it
 * (the branch itself first, then its parent, up to the head office; the lowest staff id when a branch
 * has several); where no branch on the way has one, the head office's risk staff: an active inspector
 * (贷后检查岗) at the head office or one of its departments — first one sitting at a branch above the
 * case's (the head office itself, whose data scope covers the case), then the lowest id. staff_id is
 * null only when the bank has neither. Reference tables only, joinable on every shard.
 */
export function collectionLeadsSource(): SQL {
  const ancestors = branchAncestorsSource();
  return sql`SELECT b.branch_id, coalesce(h.staff_id, d.staff_id) AS staff_id
               FROM (SELECT DISTINCT t.branch_id FROM (${ancestors}) t) b
               LEFT JOIN (SELECT DISTINCT ON (t.branch_id) t.branch_id, s.id AS staff_id
                            FROM (${ancestors}) t
                            JOIN staff s ON s.branch_id = t.ancestor_id AND s.status = 'ACTIVE'
                            JOIN staff_roles r ON r.staff_id = s.id AND r.role = 'branch_head'
                           ORDER BY t.branch_id, t.depth DESC, s.id) h ON h.branch_id = b.branch_id
               LEFT JOIN (SELECT DISTINCT ON (t.branch_id) t.branch_id, s.id AS staff_id
                            FROM (SELECT DISTINCT t0.branch_id FROM (${ancestors}) t0) t
                           CROSS JOIN staff s
                            JOIN staff_roles r ON r.staff_id = s.id AND r.role = 'inspector'
                            LEFT JOIN (${ancestors}) up ON up.branch_id = t.branch_id AND up.ancestor_id = s.branch_id
                           WHERE s.status = 'ACTIVE' AND s.branch_id IN (${headOfficeBranchesSource()})
                           ORDER BY t.branch_id, (up.ancestor_id IS NOT NULL) DESC, s.id) d ON d.branch_id = b.branch_id`;
}
