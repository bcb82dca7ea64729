/** What the supervision records share: the unit a record is about, the actor's scope, dates and names. */
import { sql, type SQL } from 'drizzle-orm';
import type { CommandContext } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { displayNames, staffBrief } from '../access/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { branchById, isBranchInScope, scopeCondition, type Actor } from '../org/index.js';
import type { Ref, UnitKind } from './supervision.contract.js';

type DisplayNames = Awaited<ReturnType<typeof displayNames>>;

export function requireStaff(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

export interface Unit {
  unitKind: UnitKind;
  branchId: number;
  staffId: number | null;
}

/**
 * The unit a record is about, checked: a branch (active; at the head office's level only when
 * `branchLevel` is 'HEAD_OFFICE' — the interviews and statements of branches) or an active staff member
 * whose branch lies in the actor's scope (a branch head: their branch and those under it). 400 for a
 * unit given half, 422 for an unknown or disabled one, 403 outside the scope.
 */
export async function resolveUnit(
  db: Db,
  actor: Actor,
  input: { unitKind: UnitKind; branchId?: number; staffId?: number },
  branchLevel: 'HEAD_OFFICE' | 'IN_SCOPE',
): Promise<Unit> {
  if (input.unitKind === 'BRANCH') {
    if (input.branchId === undefined || input.staffId !== undefined)
      throw new AppError('VALIDATION_FAILED', { field: 'branchId', reason: 'a branch unit names branchId only' });
    if (branchLevel === 'HEAD_OFFICE' && actor.scope !== 'BANK') throw new AppError('SUPERVISION_BRANCH_LEVEL_HEAD_OFFICE');
    const b = await branchById(db, input.branchId);
    if (!b || b.status !== 'ACTIVE') throw new AppError('SUPERVISION_UNIT_INVALID', { branchId: input.branchId });
    if (!(await isBranchInScope(db, actor, b.id))) throw new AppError('SUPERVISION_UNIT_OUT_OF_SCOPE', { branchId: b.id });
    return { unitKind: 'BRANCH', branchId: Number(b.id), staffId: null };
  }
  if (input.staffId === undefined || input.branchId !== undefined)
    throw new AppError('VALIDATION_FAILED', { field: 'staffId', reason: 'a staff unit names staffId only' });
  const s = await staffBrief(db, input.staffId);
  if (!s || !s.active) throw new AppError('SUPERVISION_UNIT_INVALID', { staffId: input.staffId });
  if (!(await isBranchInScope(db, actor, s.branchId))) throw new AppError('SUPERVISION_UNIT_OUT_OF_SCOPE', { staffId: s.id });
  return { unitKind: 'STAFF', branchId: s.branchId, staffId: s.id };
}

/** 400 unless each value is a real calendar date (the contract checks only the form). */
export function assertCalendarDates(fields: Record<string, string | undefined>): void {
  for (const [field, v] of Object.entries(fields)) {
    if (v !== undefined && !isIsoDate(v)) throw new AppError('VALIDATION_FAILED', { field, reason: 'not a calendar date' });
  }
}

/** 422 SUPERVISION_DATES_INVALID naming the rule when a date comes after the business date or a period runs backwards. */
export async function assertNotAfterBusinessDate(db: Db, fields: Record<string, IsoDate>): Promise<IsoDate> {
  const D = await getBusinessDate(db);
  for (const [field, v] of Object.entries(fields)) {
    if (v > D) throw new AppError('SUPERVISION_DATES_INVALID', { field, reason: `after the business date ${D}` });
  }
  return D;
}

export function assertPeriod(from: IsoDate, to: IsoDate): void {
  if (from > to) throw new AppError('SUPERVISION_DATES_INVALID', { field: 'periodFrom', reason: 'after periodTo' });
}

/** The list's date filters, checked. */
export function assertRange(q: { from?: string; to?: string }): void {
  assertCalendarDates({ from: q.from, to: q.to });
  if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION_FAILED', { field: 'from', reason: 'after to' });
}

export const branchScope = (actor: Actor, column: SQL): SQL => scopeCondition(actor, { branchId: column });

export function refOf(names: DisplayNames, kind: 'branch' | 'staff', id: number | string | null): Ref | null {
  if (id === null) return null;
  const n = Number(id);
  const name = (kind === 'branch' ? names.branches : names.staff).get(n);
  return { id: n, name: name ?? `#${n}` };
}

export async function namesOf(db: Db, branchIds: Array<number | string | null>, staffIds: Array<number | string | null>) {
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return displayNames(db, { branchIds: branchIds.map(num), staffIds: staffIds.map(num) });
}

/** The unit as shown in lists: the branch, or the staff member with their branch. */
export function unitViewOf(names: DisplayNames, r: { unit_kind: string; branch_id: string; staff_id: string | null }) {
  const branch = refOf(names, 'branch', r.branch_id)!;
  const staff = refOf(names, 'staff', r.staff_id);
  return {
    unitKind: r.unit_kind as UnitKind,
    branch,
    staff,
    unitName: staff ? `${staff.name}（${branch.name}）` : branch.name,
  };
}

export const ISO_INSTANT = (col: SQL) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A PostgreSQL array literal for one parameter (a JS array in a drizzle template would become a list of parameters). */
export function pgArray(values: ReadonlyArray<string | number | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}
