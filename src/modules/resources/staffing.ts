/**
 * Credit staff over time, pure: from the staff history (each row a staff member's whole state from its
 * effective date on), who was credit staff where on a date, and who joined or left a branch's credit
 * staff in a period. Several changes on one day count as one: the state at the end of the day.
 */
import { compareDates, type IsoDate } from '../../kernel/dates.js';
import type { StaffMovementKind, StaffMovementReason } from './resources.contract.js';

/** The roles that make a staff member credit staff (信贷人员): the loan officers (客户经理). */
export const CREDIT_STAFF_ROLES: readonly string[] = ['loan_officer'];

/** A staff member's state from `effectiveDate` on; rows ordered by staff, date, recording order. */
export interface HistoryRow {
  staffId: number;
  name: string;
  effectiveDate: IsoDate;
  branchId: number;
  status: 'ACTIVE' | 'DISABLED';
  roles: string[];
  cause: string;
}

export interface Movement {
  date: IsoDate;
  staffId: number;
  name: string;
  branchId: number;
  kind: StaffMovementKind;
  reason: StaffMovementReason;
}

/** Whether the state counts as credit staff: active and holding a credit role. */
export function isCreditStaff(row: Pick<HistoryRow, 'status' | 'roles'>): boolean {
  return row.status === 'ACTIVE' && row.roles.some((r) => CREDIT_STAFF_ROLES.includes(r));
}

function byStaff(rows: readonly HistoryRow[]): Map<number, HistoryRow[]> {
  const out = new Map<number, HistoryRow[]>();
  for (const r of rows) {
    const list = out.get(r.staffId);
    if (list) list.push(r);
    else out.set(r.staffId, [r]);
  }
  return out;
}

/** Each staff member's state on `date` (their last row on or before it), when they have one. */
export function statesOn(rows: readonly HistoryRow[], date: IsoDate): HistoryRow[] {
  const out: HistoryRow[] = [];
  for (const list of byStaff(rows).values()) {
    let last: HistoryRow | undefined;
    for (const r of list) if (compareDates(r.effectiveDate, date) <= 0) last = r;
    if (last) out.push(last);
  }
  return out;
}

/** The credit staff on `date`. */
export function creditStaffOn(rows: readonly HistoryRow[], date: IsoDate): HistoryRow[] {
  return statesOn(rows, date).filter(isCreditStaff);
}

function reasonOf(before: HistoryRow | undefined, after: HistoryRow, moved: boolean): StaffMovementReason {
  if (moved) return 'MOVE';
  if (!before) return 'NEW_STAFF';
  if (before.status !== after.status) return 'STATUS';
  if (after.cause === 'MOVED') return 'MOVE';
  return 'ROLE';
}

/**
 * The additions to and departures from a branch's credit staff within [from, to]. `perBranch`: a move
 * between branches is a departure from one and an addition to the other; otherwise only joining or
 * leaving the bank's credit staff counts (a move is no change).
 */
export function movements(rows: readonly HistoryRow[], from: IsoDate, to: IsoDate, perBranch = true): Movement[] {
  const out: Movement[] = [];
  for (const list of byStaff(rows).values()) {
    let state: HistoryRow | undefined;
    // the end-of-day states within the period, in order
    const days: HistoryRow[] = [];
    for (const r of list) {
      if (compareDates(r.effectiveDate, from) < 0) state = r;
      else if (compareDates(r.effectiveDate, to) <= 0) {
        if (days.length && days[days.length - 1].effectiveDate === r.effectiveDate) days[days.length - 1] = r;
        else days.push(r);
      }
    }
    for (const next of days) {
      const was = state !== undefined && isCreditStaff(state);
      const is = isCreditStaff(next);
      const moved = perBranch && was && is && state!.branchId !== next.branchId;
      if (was && (!is || moved)) {
        out.push({
          date: next.effectiveDate,
          staffId: next.staffId,
          name: next.name,
          branchId: state!.branchId,
          kind: 'LEFT',
          reason: reasonOf(state, next, moved),
        });
      }
      if (is && (!was || moved)) {
        out.push({
          date: next.effectiveDate,
          staffId: next.staffId,
          name: next.name,
          branchId: next.branchId,
          kind: 'ADDED',
          reason: reasonOf(state, next, moved),
        });
      }
      state = next;
    }
  }
  return out.sort((a, b) => compareDates(a.date, b.date) || a.staffId - b.staffId || (a.kind === 'LEFT' ? -1 : 1));
}
