/**
 * Credit staff allocation by branch (issue 15 §5): read from access's staff history through its door,
 * counted per branch of the actor's scope at a date, and the additions and departures over a period with
 * the month-by-month series the console charts.
 */
import type { Db } from '../../db/client.js';
import { addDays, compareDates, endOfMonth, startOfYear, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { staffHistoryEvents } from '../access/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { listBranchRows, type Actor } from '../org/index.js';
import type { StaffingChangesQuery, StaffingChangesView, StaffingPoint, StaffingQuery, StaffingView } from './resources.contract.js';
import { CREDIT_STAFF_ROLES, creditStaffOn, movements, type HistoryRow } from './staffing.js';

/** The most months the series holds (the latest ones). */
const MAX_SERIES_POINTS = 60;

export interface ScopedBranch {
  id: number;
  name: string;
  active: boolean;
}

/** The branches in the actor's scope, in the tree's order (null actor: the whole bank). */
export async function branchesInScope(db: Db, actor: Actor | null): Promise<ScopedBranch[]> {
  const rows = await listBranchRows(db);
  return rows
    .filter((b) => !actor || actor.scope === 'BANK' || b.path.startsWith(actor.branchPath))
    .map((b) => ({ id: Number(b.id), name: b.name, active: b.status === 'ACTIVE' }));
}

export async function historyUntil(db: Db, until: IsoDate): Promise<HistoryRow[]> {
  return staffHistoryEvents(db, { until });
}

export function checkPeriod(from: IsoDate, to: IsoDate): void {
  if (compareDates(from, to) > 0) throw new AppError('RESOURCES_PERIOD_INVALID', { from, to });
}

/** Credit staff per branch of the actor's scope on `date` (default: the business date). */
export async function staffingAt(db: Db, actor: Actor | null, q: Pick<StaffingQuery, 'date'>): Promise<StaffingView> {
  const date = q.date ?? (await getBusinessDate(db));
  const branches = await branchesInScope(db, actor);
  const on = creditStaffOn(await historyUntil(db, date), date);
  const items = branches
    .map((b) => {
      const officers = on
        .filter((r) => r.branchId === b.id)
        .map((r) => ({ id: r.staffId, name: r.name }))
        .sort((x, y) => x.id - y.id);
      return { branchId: b.id, branchName: b.name, creditStaff: officers.length, officers, active: b.active };
    })
    .filter((b) => b.active || b.creditStaff > 0)
    .map(({ active: _active, ...rest }) => rest);
  return { date, roles: [...CREDIT_STAFF_ROLES], total: items.reduce((n, b) => n + b.creditStaff, 0), items };
}

/** Additions and departures per branch of the actor's scope within [from, to] (defaults: 1 January of the business date's year to the business date). */
export async function staffingChanges(
  db: Db,
  actor: Actor | null,
  q: Pick<StaffingChangesQuery, 'from' | 'to'>,
): Promise<StaffingChangesView> {
  const D = await getBusinessDate(db);
  const to = q.to ?? D;
  const from = q.from ?? startOfYear(to);
  checkPeriod(from, to);
  const branches = await branchesInScope(db, actor);
  const inScope = new Set(branches.map((b) => b.id));
  const history = await historyUntil(db, to);
  const dayBefore = addDays(from, -1);
  const countOn = (date: IsoDate) => {
    const per = new Map<number, number>();
    for (const r of creditStaffOn(history, date)) per.set(r.branchId, (per.get(r.branchId) ?? 0) + 1);
    return per;
  };
  const start = countOn(dayBefore);
  const end = countOn(to);
  const moves = movements(history, from, to).filter((m) => inScope.has(m.branchId));
  const nameOf = new Map(branches.map((b) => [b.id, b.name]));
  const items = branches
    .map((b) => ({
      branchId: b.id,
      branchName: b.name,
      atStart: start.get(b.id) ?? 0,
      added: moves.filter((m) => m.branchId === b.id && m.kind === 'ADDED').length,
      left: moves.filter((m) => m.branchId === b.id && m.kind === 'LEFT').length,
      atEnd: end.get(b.id) ?? 0,
      active: b.active,
    }))
    .filter((b) => b.active || b.atStart + b.added + b.left + b.atEnd > 0)
    .map(({ active: _active, ...rest }) => rest);
  const sum = (k: 'atStart' | 'added' | 'left' | 'atEnd') => items.reduce((n, b) => n + b[k], 0);

  // month by month: the count at each month's end (the last point at `to`) and that month's movements
  const series: StaffingPoint[] = [];
  let monthStart = from;
  while (compareDates(monthStart, to) <= 0) {
    const monthEnd = compareDates(endOfMonth(monthStart), to) < 0 ? endOfMonth(monthStart) : to;
    const inMonth = moves.filter((m) => compareDates(m.date, monthStart) >= 0 && compareDates(m.date, monthEnd) <= 0);
    const at = creditStaffOn(history, monthEnd).filter((r) => inScope.has(r.branchId)).length;
    series.push({
      date: monthEnd,
      creditStaff: at,
      added: inMonth.filter((m) => m.kind === 'ADDED').length,
      left: inMonth.filter((m) => m.kind === 'LEFT').length,
    });
    monthStart = addDays(monthEnd, 1);
  }

  return {
    from,
    to,
    totals: { atStart: sum('atStart'), added: sum('added'), left: sum('left'), atEnd: sum('atEnd') },
    items,
    movements: moves.map((m) => ({ ...m, branchName: nameOf.get(m.branchId) ?? '' })),
    series: series.slice(-MAX_SERIES_POINTS),
  };
}

/** The bank's credit staff at `to` and how many joined or left it within [from, to] (a move between branches is neither). */
export async function bankCreditStaff(db: Db, from: IsoDate, to: IsoDate): Promise<{ atEnd: number; added: number; left: number }> {
  const history = await historyUntil(db, to);
  const moves = movements(history, from, to, false);
  return {
    atEnd: creditStaffOn(history, to).length,
    added: moves.filter((m) => m.kind === 'ADDED').length,
    left: moves.filter((m) => m.kind === 'LEFT').length,
  };
}
