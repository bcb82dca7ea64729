/**
 * Staff history (issue 15 §5): every change of a staff member's branch, roles or status is recorded in
 * staff_history, in the transaction of the change, as the whole state after it with the business date it
 * took effect. `staffHistoryEvents` is the door other modules read it through (the resources module's
 * credit-staff allocation over time). Rows before migration 0115 are a backfill of the state then
 * (docs/management.md "Resources").
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';
import { InvariantError } from '../../kernel/errors.js';
import type { IsoDate } from '../../kernel/dates.js';
import { bankDateOf, getBusinessDate } from '../calendar/index.js';
import { staff, staffHistory, staffRoles } from './schema.js';

export type StaffHistoryCause = 'CREATED' | 'ROLE_GRANTED' | 'ROLE_REVOKED' | 'STATUS' | 'MOVED';

/** One recorded state of a staff member: from `effectiveDate` on (until their next row). */
export interface StaffHistoryEvent {
  id: number;
  staffId: number;
  name: string;
  effectiveDate: IsoDate;
  branchId: number;
  status: 'ACTIVE' | 'DISABLED';
  roles: string[];
  cause: string;
}

/** The business date a change takes effect on; the bank date of the clock while no business date is set (the first bootstrap). */
async function effectiveDate(tx: Tx, now: Date): Promise<IsoDate> {
  try {
    return await getBusinessDate(tx);
  } catch (e) {
    if (e instanceof InvariantError) return bankDateOf(now);
    throw e;
  }
}

/** Records the staff member's state as it is now in `tx` (after the change), effective from the business date. */
export async function recordStaffState(tx: Tx, staffId: number, cause: StaffHistoryCause): Promise<void> {
  const now = clock.now();
  const [row] = await tx.select({ branchId: staff.branchId, status: staff.status }).from(staff).where(eq(staff.id, staffId)).limit(1);
  if (!row) throw new InvariantError(`staff ${staffId} not found for its history`);
  const roles = (await tx.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.staffId, staffId)))
    .map((r) => r.role)
    .sort();
  await tx.insert(staffHistory).values({
    staffId,
    effectiveDate: await effectiveDate(tx, now),
    branchId: row.branchId,
    status: row.status,
    roles: roles.join(','),
    cause,
    recordedAt: now,
  });
}

/**
 * Every recorded state with effective date on or before `until` (all when null), ordered by staff member,
 * effective date and recording order: a staff member's state on D is their last row with date <= D.
 */
export async function staffHistoryEvents(db: Db, opts: { until: IsoDate | null }): Promise<StaffHistoryEvent[]> {
  const until = opts.until === null ? sql`TRUE` : sql`h.effective_date <= ${opts.until}::date`;
  const rows = await queryRows<{
    id: string;
    staff_id: string;
    name: string;
    effective_date: string;
    branch_id: string;
    status: 'ACTIVE' | 'DISABLED';
    roles: string;
    cause: string;
  }>(
    db,
    sql`SELECT h.id::text AS id, h.staff_id::text AS staff_id, s.name, to_char(h.effective_date, 'YYYY-MM-DD') AS effective_date,
               h.branch_id::text AS branch_id, h.status, h.roles, h.cause
          FROM staff_history h JOIN staff s ON s.id = h.staff_id
         WHERE ${until}
         ORDER BY h.staff_id, h.effective_date, h.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    staffId: Number(r.staff_id),
    name: r.name,
    effectiveDate: r.effective_date,
    branchId: Number(r.branch_id),
    status: r.status,
    roles: r.roles === '' ? [] : r.roles.split(','),
    cause: r.cause,
  }));
}
