/**
 * Names of branches and staff for display beside other modules' records (a loan's branch and loan
 * officer). Names of the organisation are not customer data: no data scope applies, and nothing
 * personal beyond a staff member's name is returned.
 */
import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { branchNames } from '../org/index.js';
import { staff } from './schema.js';

export interface DisplayNames {
  branches: Map<number, string>;
  staff: Map<number, string>;
}

function ids(values: Array<number | null | undefined>): number[] {
  return [...new Set(values.filter((v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0))];
}

/** Branch and staff names by id, two statements at most; unknown ids are simply absent. */
export async function displayNames(
  db: Db | Tx,
  input: { branchIds?: Array<number | null>; staffIds?: Array<number | null> },
): Promise<DisplayNames> {
  const branchIds = ids(input.branchIds ?? []);
  const staffIds = ids(input.staffIds ?? []);
  const branches = await branchNames(db, branchIds);
  const s = staffIds.length === 0 ? [] : await db.select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, staffIds));
  return {
    branches,
    staff: new Map(s.map((r) => [Number(r.id), r.name])),
  };
}

/** Whom a customer calls: a staff member's name and work phone (the bank's number, not personal data). */
export interface StaffContact {
  name: string;
  workPhone: string | null;
}

/** Names and work phones of staff by id (one statement); unknown ids are absent. */
export async function staffContacts(db: Db | Tx, staffIds: Array<number | null>): Promise<Map<number, StaffContact>> {
  const wanted = ids(staffIds);
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: staff.id, name: staff.name, workPhone: staff.workPhone }).from(staff).where(inArray(staff.id, wanted));
  return new Map(rows.map((r) => [Number(r.id), { name: r.name, workPhone: r.workPhone ?? null }]));
}
