/**
 * The register of mobile lending devices (移动展业设备, issue 15 §5): registered one by one or from an
 * Excel list (the DEVICES import type), issued to an active staff member of the device's branch, returned
 * with its condition, reported lost or retired; every step is a device event with its business date and
 * an audit record. The figures at a date (total, issued, in stock per branch) are computed from the
 * events, so a past date shows the register as it was.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext, CommandContext } from '../../context.js';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { compareDates, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { activeStaffWithRole, displayNames, staffBrief } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { isBranchInScope, scopeCondition, type Actor } from '../org/index.js';
import type {
  DeviceCondition,
  DeviceCreateBody,
  DeviceEventItem,
  DeviceEventKind,
  DeviceFiguresBranch,
  DeviceFiguresView,
  DeviceHistory,
  DeviceHolders,
  DeviceIssueBody,
  DeviceItem,
  DeviceKind,
  DevicePage,
  DeviceQuery,
  DeviceReturnBody,
  DeviceStatus,
  DeviceStatusBody,
} from './resources.contract.js';
import { branchesInScope } from './staffing.service.js';

const OFFICER_ROLE = 'loan_officer';

function requireStaff(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

interface DeviceRow {
  id: string;
  asset_no: string;
  serial_no: string;
  model: string;
  kind: DeviceKind;
  status: DeviceStatus;
  branch_id: string;
  holder_staff_id: string | null;
  issued_on: string | null;
  note: string | null;
  created_at: string;
}

const DEVICE_COLUMNS = sql`d.id::text AS id, d.asset_no, d.serial_no, d.model, d.kind, d.status, d.branch_id::text AS branch_id,
  d.holder_staff_id::text AS holder_staff_id, to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on, d.note,
  to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

function deviceScope(actor: Actor): SQL {
  return scopeCondition(actor, { branchId: sql`d.branch_id` });
}

async function toItems(db: Db, rows: DeviceRow[]): Promise<DeviceItem[]> {
  const names = await displayNames(db, {
    branchIds: rows.map((r) => Number(r.branch_id)),
    staffIds: rows.map((r) => (r.holder_staff_id ? Number(r.holder_staff_id) : null)),
  });
  return rows.map((r) => ({
    id: Number(r.id),
    assetNo: r.asset_no,
    serialNo: r.serial_no,
    model: r.model,
    kind: r.kind,
    status: r.status,
    branch: { id: Number(r.branch_id), name: names.branches.get(Number(r.branch_id)) ?? '' },
    holder: r.holder_staff_id ? { id: Number(r.holder_staff_id), name: names.staff.get(Number(r.holder_staff_id)) ?? '' } : null,
    issuedOn: r.issued_on,
    note: r.note,
    createdAt: r.created_at,
  }));
}

/** The devices of the actor's scope, newest first, filtered by status, branch and a search text. */
export async function listDevices(db: Db, actor: Actor, q: DeviceQuery): Promise<DevicePage> {
  const conds: SQL[] = [deviceScope(actor)];
  if (q.status) conds.push(sql`d.status = ${q.status}`);
  if (q.branchId) conds.push(sql`d.branch_id = ${q.branchId}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(d.asset_no ILIKE ${like} OR d.serial_no ILIKE ${like} OR d.model ILIKE ${like})`);
  }
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM devices d WHERE ${where}`);
  const rows = await queryRows<DeviceRow>(
    db,
    sql`SELECT ${DEVICE_COLUMNS} FROM devices d WHERE ${where} ORDER BY d.asset_no, d.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await toItems(db, rows), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

async function deviceRow(db: Db, actor: Actor | null, id: number, lock = false): Promise<DeviceRow> {
  const scope = actor ? deviceScope(actor) : sql`TRUE`;
  const row = await queryOne<DeviceRow>(
    db,
    sql`SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  if (!row) throw new AppError('DEVICE_NOT_FOUND', { id });
  return row;
}

export async function getDevice(db: Db, actor: Actor, id: number): Promise<DeviceItem> {
  return (await toItems(db, [await deviceRow(db, actor, id)]))[0];
}

async function addEvent(
  tx: Tx,
  e: {
    deviceId: number;
    kind: DeviceEventKind;
    date: IsoDate;
    branchId: number;
    staffId: number | null;
    condition?: DeviceCondition | null;
    note?: string | null;
    actorId: number | null;
  },
): Promise<void> {
  await tx.execute(
    sql`INSERT INTO device_events (device_id, kind, business_date, branch_id, staff_id, condition, note, actor_id, created_at)
        VALUES (${e.deviceId}, ${e.kind}, ${e.date}::date, ${e.branchId}, ${e.staffId}, ${e.condition ?? null}, ${e.note ?? null}, ${e.actorId}, ${nowParam()})`,
  );
}

function isUniqueViolation(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = e?.cause?.code ?? e?.code;
  if (code !== '23505') return null;
  return e?.cause?.constraint ?? e?.constraint ?? '';
}

/** Registers one device in stock at a branch of the tx: the checks, the row, its REGISTERED event. Throws 409 on a taken serial or asset number. */
export async function insertDevice(
  tx: Tx,
  input: { assetNo: string; serialNo: string; model: string; kind: DeviceKind; branchId: number; note: string | null },
  date: IsoDate,
  actorId: number | null,
): Promise<number> {
  const taken = await queryOne<{ asset_no: string; serial_no: string }>(
    tx,
    sql`SELECT asset_no, serial_no FROM devices WHERE serial_no = ${input.serialNo} OR asset_no = ${input.assetNo} LIMIT 1`,
  );
  if (taken?.serial_no === input.serialNo) throw new AppError('DEVICE_SERIAL_TAKEN', { serialNo: input.serialNo });
  if (taken) throw new AppError('DEVICE_ASSET_NO_TAKEN', { assetNo: input.assetNo });
  const row = await queryOne<{ id: string }>(
    tx,
    sql`INSERT INTO devices (asset_no, serial_no, model, kind, status, branch_id, note, created_at, updated_at)
        VALUES (${input.assetNo}, ${input.serialNo}, ${input.model}, ${input.kind}, 'IN_STOCK', ${input.branchId}, ${input.note}, ${nowParam()}, ${nowParam()})
        RETURNING id::text AS id`,
  );
  const id = Number(row!.id);
  await addEvent(tx, { deviceId: id, kind: 'REGISTERED', date, branchId: input.branchId, staffId: null, note: input.note, actorId });
  return id;
}

/** Registers a device (in stock) at a branch of the actor's scope. */
export async function createDevice(ctx: AppContext, cmd: CommandContext, body: DeviceCreateBody): Promise<DeviceItem> {
  const actor = requireStaff(cmd);
  if (!(await isBranchInScope(ctx.db, actor, body.branchId))) throw new AppError('DEVICE_BRANCH_INVALID', { branchId: body.branchId });
  const branches = await branchesInScope(ctx.db, actor);
  const branch = branches.find((b) => b.id === body.branchId);
  if (!branch || !branch.active) throw new AppError('DEVICE_BRANCH_INVALID', { branchId: body.branchId });
  const D = await getBusinessDate(ctx.db);
  const input = {
    assetNo: body.assetNo,
    serialNo: body.serialNo,
    model: body.model,
    kind: body.kind,
    branchId: body.branchId,
    note: body.note?.trim() || null,
  };
  try {
    const id = await withTx(ctx.db, async (tx) => {
      const id = await insertDevice(tx, input, D, actor.staffId);
      await auditCommand(tx, cmd, 'device.create', { type: 'device', id }, { after: { ...input } });
      return id;
    });
    return getDevice(ctx.db, actor, id);
  } catch (err) {
    const constraint = isUniqueViolation(err);
    if (constraint === null) throw err;
    throw constraint.includes('asset')
      ? new AppError('DEVICE_ASSET_NO_TAKEN', { assetNo: body.assetNo })
      : new AppError('DEVICE_SERIAL_TAKEN', { serialNo: body.serialNo });
  }
}

function eventDate(D: IsoDate, given: IsoDate | undefined, notBefore: IsoDate | null): IsoDate {
  const date = given ?? D;
  if (compareDates(date, D) > 0) throw new AppError('DEVICE_DATE_INVALID', { date, businessDate: D, reason: 'after the business date' });
  if (notBefore && compareDates(date, notBefore) < 0)
    throw new AppError('DEVICE_DATE_INVALID', { date, notBefore, reason: 'before the last event' });
  return date;
}

async function lastEventDate(tx: Tx, deviceId: number): Promise<IsoDate | null> {
  const row = await queryOne<{ d: string | null }>(
    tx,
    sql`SELECT to_char(max(business_date), 'YYYY-MM-DD') AS d FROM device_events WHERE device_id = ${deviceId}`,
  );
  return row?.d ?? null;
}

/** Issues an available device (in stock or returned) to an active staff member of its branch. 409 when it is not available. */
export async function issueDevice(ctx: AppContext, cmd: CommandContext, id: number, body: DeviceIssueBody): Promise<DeviceItem> {
  const actor = requireStaff(cmd);
  const D = await getBusinessDate(ctx.db);
  await withTx(ctx.db, async (tx) => {
    const d = await deviceRow(tx, actor, id, true);
    if (d.status !== 'IN_STOCK' && d.status !== 'RETURNED') throw new AppError('DEVICE_NOT_AVAILABLE', { id, status: d.status });
    const holder = await staffBrief(tx, body.staffId);
    if (!holder || !holder.active || holder.branchId !== Number(d.branch_id))
      throw new AppError('DEVICE_HOLDER_INVALID', { staffId: body.staffId });
    const date = eventDate(D, body.date, await lastEventDate(tx, id));
    await tx.execute(
      sql`UPDATE devices SET status = 'ISSUED', holder_staff_id = ${holder.id}, issued_on = ${date}::date, updated_at = ${nowParam()} WHERE id = ${id}`,
    );
    const note = body.note?.trim() || null;
    await addEvent(tx, {
      deviceId: id,
      kind: 'ISSUED',
      date,
      branchId: Number(d.branch_id),
      staffId: holder.id,
      note,
      actorId: actor.staffId,
    });
    await auditCommand(
      tx,
      cmd,
      'device.issue',
      { type: 'device', id },
      { assetNo: d.asset_no, staffId: holder.id, date, note, before: { status: d.status } },
    );
  });
  return getDevice(ctx.db, actor, id);
}

/** Takes an issued device back, with its condition. 409 when it is not issued. */
export async function returnDevice(ctx: AppContext, cmd: CommandContext, id: number, body: DeviceReturnBody): Promise<DeviceItem> {
  const actor = requireStaff(cmd);
  const D = await getBusinessDate(ctx.db);
  await withTx(ctx.db, async (tx) => {
    const d = await deviceRow(tx, actor, id, true);
    if (d.status !== 'ISSUED') throw new AppError('DEVICE_NOT_ISSUED', { id, status: d.status });
    const date = eventDate(D, body.date, await lastEventDate(tx, id));
    await tx.execute(
      sql`UPDATE devices SET status = 'RETURNED', holder_staff_id = NULL, issued_on = NULL, updated_at = ${nowParam()} WHERE id = ${id}`,
    );
    const note = body.note?.trim() || null;
    const holderId = d.holder_staff_id ? Number(d.holder_staff_id) : null;
    await addEvent(tx, {
      deviceId: id,
      kind: 'RETURNED',
      date,
      branchId: Number(d.branch_id),
      staffId: holderId,
      condition: body.condition,
      note,
      actorId: actor.staffId,
    });
    await auditCommand(
      tx,
      cmd,
      'device.return',
      { type: 'device', id },
      { assetNo: d.asset_no, staffId: holderId, date, condition: body.condition, note },
    );
  });
  return getDevice(ctx.db, actor, id);
}

const STATUS_FROM: Record<'LOST' | 'RETIRED', DeviceStatus[]> = {
  LOST: ['IN_STOCK', 'ISSUED', 'RETURNED'],
  RETIRED: ['IN_STOCK', 'RETURNED', 'LOST'],
};

/** Reports a device lost (from stock or from its holder) or retires it (in stock, returned or lost), on the business date. */
export async function setDeviceStatus(ctx: AppContext, cmd: CommandContext, id: number, body: DeviceStatusBody): Promise<DeviceItem> {
  const actor = requireStaff(cmd);
  const D = await getBusinessDate(ctx.db);
  await withTx(ctx.db, async (tx) => {
    const d = await deviceRow(tx, actor, id, true);
    if (!STATUS_FROM[body.status].includes(d.status)) throw new AppError('DEVICE_STATUS_INVALID', { id, from: d.status, to: body.status });
    const date = eventDate(D, undefined, await lastEventDate(tx, id));
    await tx.execute(
      sql`UPDATE devices SET status = ${body.status}, holder_staff_id = NULL, issued_on = NULL, updated_at = ${nowParam()} WHERE id = ${id}`,
    );
    const holderId = d.holder_staff_id ? Number(d.holder_staff_id) : null;
    await addEvent(tx, {
      deviceId: id,
      kind: body.status,
      date,
      branchId: Number(d.branch_id),
      staffId: holderId,
      note: body.note,
      actorId: actor.staffId,
    });
    await auditCommand(
      tx,
      cmd,
      body.status === 'LOST' ? 'device.lost' : 'device.retire',
      { type: 'device', id },
      { assetNo: d.asset_no, before: { status: d.status }, note: body.note },
    );
  });
  return getDevice(ctx.db, actor, id);
}

/** A device and its events, oldest first. */
export async function deviceHistory(db: Db, actor: Actor, id: number): Promise<DeviceHistory> {
  const device = await getDevice(db, actor, id);
  const rows = await queryRows<{
    id: string;
    kind: DeviceEventKind;
    business_date: string;
    branch_id: string;
    staff_id: string | null;
    condition: DeviceCondition | null;
    note: string | null;
    actor_id: string | null;
    created_at: string;
  }>(
    db,
    sql`SELECT e.id::text AS id, e.kind, to_char(e.business_date, 'YYYY-MM-DD') AS business_date, e.branch_id::text AS branch_id,
               e.staff_id::text AS staff_id, e.condition, e.note, e.actor_id::text AS actor_id,
               to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
          FROM device_events e WHERE e.device_id = ${id} ORDER BY e.id`,
  );
  const names = await displayNames(db, {
    branchIds: rows.map((r) => Number(r.branch_id)),
    staffIds: rows.flatMap((r) => [r.staff_id ? Number(r.staff_id) : null, r.actor_id ? Number(r.actor_id) : null]),
  });
  const ref = (v: string | null) => (v ? { id: Number(v), name: names.staff.get(Number(v)) ?? '' } : null);
  const events: DeviceEventItem[] = rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    businessDate: r.business_date,
    branch: { id: Number(r.branch_id), name: names.branches.get(Number(r.branch_id)) ?? '' },
    staff: ref(r.staff_id),
    condition: r.condition,
    note: r.note,
    actor: ref(r.actor_id),
    createdAt: r.created_at,
  }));
  return { device, events };
}

/** The active loan officers of the device's branch, to issue it to. */
export async function deviceHolders(db: Db, actor: Actor, id: number): Promise<DeviceHolders> {
  const d = await deviceRow(db, actor, id);
  const all = await activeStaffWithRole(db, OFFICER_ROLE);
  return { items: all.filter((s) => s.branchId === Number(d.branch_id)).map((s) => ({ id: s.id, name: s.name })) };
}

interface EventStateRow {
  device_id: string;
  kind: DeviceEventKind;
  branch_id: string;
}

/** Each device's last event on or before `date`: its state then. */
async function statesOn(db: Db, date: IsoDate): Promise<EventStateRow[]> {
  return queryRows<EventStateRow>(
    db,
    sql`SELECT DISTINCT ON (e.device_id) e.device_id::text AS device_id, e.kind, e.branch_id::text AS branch_id
          FROM device_events e WHERE e.business_date <= ${date}::date
         ORDER BY e.device_id, e.business_date DESC, e.id DESC`,
  );
}

const blank = () => ({ total: 0, issued: 0, inStock: 0, lost: 0, retired: 0 });
type Counts = ReturnType<typeof blank>;
function count(c: Counts, kind: DeviceEventKind): void {
  if (kind === 'LOST') c.lost++;
  else if (kind === 'RETIRED') c.retired++;
  else {
    c.total++;
    if (kind === 'ISSUED') c.issued++;
    else c.inStock++;
  }
}

/** Devices per branch of the actor's scope on `date` (default: the business date): in the register, issued, in stock, lost, retired. */
export async function deviceFigures(db: Db, actor: Actor | null, q: { date?: IsoDate }): Promise<DeviceFiguresView> {
  const date = q.date ?? (await getBusinessDate(db));
  const branches = await branchesInScope(db, actor);
  const per = new Map<number, Counts>();
  for (const s of await statesOn(db, date)) {
    const b = Number(s.branch_id);
    if (!per.has(b)) per.set(b, blank());
    count(per.get(b)!, s.kind);
  }
  const items: DeviceFiguresBranch[] = branches
    .filter((b) => per.has(b.id))
    .map((b) => ({ branchId: b.id, branchName: b.name, ...per.get(b.id)! }));
  const totals = blank();
  for (const i of items) for (const k of Object.keys(totals) as (keyof Counts)[]) totals[k] += i[k];
  return { date, totals, items };
}

/** Devices issued within [from, to] (each issue event once). */
export async function devicesIssuedBetween(db: Db, from: IsoDate, to: IsoDate): Promise<number> {
  const row = await queryOne<{ n: string }>(
    db,
    sql`SELECT count(*)::text AS n FROM device_events WHERE kind = 'ISSUED' AND business_date BETWEEN ${from}::date AND ${to}::date`,
  );
  return Number(row?.n ?? 0);
}
