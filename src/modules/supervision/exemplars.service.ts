/**
 * Exemplars (典型, issue 15 §3): a branch or a staff member held up with a title and a story for a period.
 * Recorded as a DRAFT by a branch head (for their branch and its staff) or an executive (anyone), edited
 * while a draft, then published — final — by a branch head or an executive in scope. Every write audited.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext, CommandContext } from '../../context.js';
import { nowParam, queryOne, queryRows, withTx, type Db } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { auditCommand } from '../audit/index.js';
import type { Actor } from '../org/index.js';
import {
  assertCalendarDates,
  assertNotAfterBusinessDate,
  assertPeriod,
  assertRange,
  branchScope,
  ISO_INSTANT,
  namesOf,
  refOf,
  requireStaff,
  resolveUnit,
  unitViewOf,
} from './common.js';
import type { ExemplarBody, ExemplarItem, ExemplarQuery, ExemplarStatus } from './supervision.contract.js';

interface Row {
  id: string;
  unit_kind: string;
  branch_id: string;
  staff_id: string | null;
  title: string;
  story: string;
  period_from: string;
  period_to: string;
  exemplar_date: string;
  status: ExemplarStatus;
  recorded_by: string;
  recorded_at: string;
  updated_by: string | null;
  updated_at: string | null;
  published_by: string | null;
  published_at: string | null;
}

const COLUMNS = sql`e.id::text AS id, e.unit_kind, e.branch_id::text AS branch_id, e.staff_id::text AS staff_id, e.title, e.story,
  to_char(e.period_from, 'YYYY-MM-DD') AS period_from, to_char(e.period_to, 'YYYY-MM-DD') AS period_to,
  to_char(e.exemplar_date, 'YYYY-MM-DD') AS exemplar_date, e.status, e.recorded_by::text AS recorded_by,
  ${ISO_INSTANT(sql`e.recorded_at`)} AS recorded_at, e.updated_by::text AS updated_by, ${ISO_INSTANT(sql`e.updated_at`)} AS updated_at,
  e.published_by::text AS published_by, ${ISO_INSTANT(sql`e.published_at`)} AS published_at`;

async function items(db: Db, rows: Row[]): Promise<ExemplarItem[]> {
  const names = await namesOf(
    db,
    rows.map((r) => r.branch_id),
    rows.flatMap((r) => [r.staff_id, r.recorded_by, r.updated_by, r.published_by]),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    ...unitViewOf(names, r),
    title: r.title,
    story: r.story,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    exemplarDate: r.exemplar_date,
    status: r.status,
    recordedBy: refOf(names, 'staff', r.recorded_by)!,
    recordedAt: r.recorded_at,
    updatedBy: refOf(names, 'staff', r.updated_by),
    updatedAt: r.updated_at,
    publishedBy: refOf(names, 'staff', r.published_by),
    publishedAt: r.published_at,
  }));
}

/** The exemplars in the actor's scope (by the unit's branch), newest first. */
export async function listExemplars(db: Db, actor: Actor, q: Omit<ExemplarQuery, 'format'>) {
  assertRange(q);
  const conds: SQL[] = [branchScope(actor, sql`e.branch_id`)];
  if (q.status) conds.push(sql`e.status = ${q.status}`);
  if (q.unitKind) conds.push(sql`e.unit_kind = ${q.unitKind}`);
  if (q.branchId) conds.push(sql`e.branch_id = ${q.branchId}`);
  if (q.from) conds.push(sql`e.exemplar_date >= ${q.from}::date`);
  if (q.to) conds.push(sql`e.exemplar_date <= ${q.to}::date`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM supervision_exemplars e WHERE ${where}`);
  const rows = await queryRows<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM supervision_exemplars e WHERE ${where}
         ORDER BY e.exemplar_date DESC, e.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await items(db, rows), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

async function rowInScope(db: Db, actor: Actor, id: number): Promise<Row> {
  const row = await queryOne<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM supervision_exemplars e WHERE e.id = ${id} AND ${branchScope(actor, sql`e.branch_id`)}`,
  );
  if (!row) throw new AppError('SUPERVISION_NOT_FOUND', { exemplarId: id });
  return row;
}

export async function getExemplar(db: Db, actor: Actor, id: number): Promise<ExemplarItem> {
  return (await items(db, [await rowInScope(db, actor, id)]))[0];
}

async function checked(ctx: AppContext, actor: Actor, body: ExemplarBody) {
  assertCalendarDates({ periodFrom: body.periodFrom, periodTo: body.periodTo, exemplarDate: body.exemplarDate });
  assertPeriod(body.periodFrom, body.periodTo);
  await assertNotAfterBusinessDate(ctx.db, { exemplarDate: body.exemplarDate });
  return resolveUnit(ctx.db, actor, body, 'IN_SCOPE');
}

/** Records a draft exemplar. */
export async function createExemplar(ctx: AppContext, cmd: CommandContext, body: ExemplarBody): Promise<ExemplarItem> {
  const actor = requireStaff(cmd);
  const unit = await checked(ctx, actor, body);
  const id = await withTx(ctx.db, async (tx) => {
    const created = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO supervision_exemplars (unit_kind, branch_id, staff_id, title, story, period_from, period_to, exemplar_date, status,
                                             recorded_by, recorded_at)
          VALUES (${unit.unitKind}, ${unit.branchId}, ${unit.staffId}, ${body.title}, ${body.story}, ${body.periodFrom}::date,
                  ${body.periodTo}::date, ${body.exemplarDate}::date, 'DRAFT', ${actor.staffId}, ${nowParam()})
          RETURNING id::text AS id`,
    );
    await auditCommand(
      tx,
      cmd,
      'supervision-exemplar.create',
      { type: 'supervision_exemplar', id: created!.id },
      { ...unit, title: body.title, exemplarDate: body.exemplarDate },
    );
    return Number(created!.id);
  });
  return getExemplar(ctx.db, actor, id);
}

/** Edits a draft (409 once published); the unit may change within the actor's scope. */
export async function updateExemplar(ctx: AppContext, cmd: CommandContext, id: number, body: ExemplarBody): Promise<ExemplarItem> {
  const actor = requireStaff(cmd);
  const before = await rowInScope(ctx.db, actor, id);
  if (before.status !== 'DRAFT') throw new AppError('SUPERVISION_EXEMPLAR_PUBLISHED');
  const unit = await checked(ctx, actor, body);
  await withTx(ctx.db, async (tx) => {
    const done = await queryOne<{ id: string }>(
      tx,
      sql`UPDATE supervision_exemplars
             SET unit_kind = ${unit.unitKind}, branch_id = ${unit.branchId}, staff_id = ${unit.staffId}, title = ${body.title},
                 story = ${body.story}, period_from = ${body.periodFrom}::date, period_to = ${body.periodTo}::date,
                 exemplar_date = ${body.exemplarDate}::date, updated_by = ${actor.staffId}, updated_at = ${nowParam()}
           WHERE id = ${id} AND status = 'DRAFT'
          RETURNING id::text AS id`,
    );
    if (!done) throw new AppError('SUPERVISION_EXEMPLAR_PUBLISHED');
    await auditCommand(
      tx,
      cmd,
      'supervision-exemplar.update',
      { type: 'supervision_exemplar', id },
      {
        before: { unitKind: before.unit_kind, branchId: Number(before.branch_id), staffId: before.staff_id, title: before.title },
        after: { ...unit, title: body.title },
      },
    );
  });
  return getExemplar(ctx.db, actor, id);
}

/** Publishes a draft: final from then on (409 when already published). */
export async function publishExemplar(ctx: AppContext, cmd: CommandContext, id: number): Promise<ExemplarItem> {
  const actor = requireStaff(cmd);
  const row = await rowInScope(ctx.db, actor, id);
  await withTx(ctx.db, async (tx) => {
    const done = await queryOne<{ id: string }>(
      tx,
      sql`UPDATE supervision_exemplars SET status = 'PUBLISHED', published_by = ${actor.staffId}, published_at = ${nowParam()}
           WHERE id = ${id} AND status = 'DRAFT' RETURNING id::text AS id`,
    );
    if (!done) throw new AppError('SUPERVISION_EXEMPLAR_PUBLISHED');
    await auditCommand(tx, cmd, 'supervision-exemplar.publish', { type: 'supervision_exemplar', id }, { title: row.title });
  });
  return getExemplar(ctx.db, actor, id);
}
