/**
 * The active staff holding a role, with their branch (who may be assigned work of that role: the
 * inspectors of a branch for its post-loan inspections). Organisation data, no data scope.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { staff, staffRoles } from './schema.js';

export interface RoleHolder {
  id: number;
  name: string;
  branchId: number;
}

/** The active staff members holding `role`, by id. */
export async function activeStaffWithRole(db: Db | Tx, role: string): Promise<RoleHolder[]> {
  const rows = await db
    .select({ id: staff.id, name: staff.name, branchId: staff.branchId })
    .from(staff)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staff.id))
    .where(and(eq(staffRoles.role, role), eq(staff.status, 'ACTIVE')))
    .orderBy(asc(staff.id));
  return rows.map((r) => ({ id: Number(r.id), name: r.name, branchId: Number(r.branchId) }));
}

export interface RoleHolderLogin extends RoleHolder {
  username: string;
}

/** The same, with each one's username (a list naming officers by username or staff number: the prospect lists). */
export async function activeStaffWithRoleLogins(db: Db | Tx, role: string): Promise<RoleHolderLogin[]> {
  const rows = await db
    .select({ id: staff.id, username: staff.username, name: staff.name, branchId: staff.branchId })
    .from(staff)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staff.id))
    .where(and(eq(staffRoles.role, role), eq(staff.status, 'ACTIVE')))
    .orderBy(asc(staff.id));
  return rows.map((r) => ({ id: Number(r.id), username: r.username, name: r.name, branchId: Number(r.branchId) }));
}
