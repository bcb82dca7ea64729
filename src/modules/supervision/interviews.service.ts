/**
 * Interviews and statements of bottom-ranked units (约谈 / 表态发言, issue 15 §3): a branch head records
 * those of their branch's officers, the head office (an executive) those of branches. Each names the
 * ranking period that put the unit there, the date, who attended (staff chosen from the staff list,
 * external attendees by name), a summary and the unit's commitments with due dates. Follow-up entries
 * mark commitments DONE or MISSED; when none is left OPEN the record closes on that follow-up's date.
 * Every write is audited.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext, CommandContext } from '../../context.js';
import { nowParam, queryOne, queryRows, withTx, type Db } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { displayNames, staffBrief } from '../access/index.js';
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
  pgArray,
  refOf,
  requireStaff,
  resolveUnit,
  unitViewOf,
} from './common.js';
import {
  followUpBody,
  interviewBody,
  type CommitmentStatus,
  type FollowUpBody,
  type InterviewBody,
  type InterviewDetail,
  type InterviewItem,
  type InterviewKind,
  type InterviewQuery,
  type InterviewStatus,
} from './supervision.contract.js';

interface Row {
  id: string;
  kind: InterviewKind;
  unit_kind: string;
  branch_id: string;
  staff_id: string | null;
  period_from: string;
  period_to: string;
  rank_note: string | null;
  held_on: string;
  summary: string;
  status: InterviewStatus;
  closed_on: string | null;
  recorded_by: string;
  recorded_at: string;
  commitments_total: string;
  commitments_open: string;
  next_due_date: string | null;
}

const COLUMNS = sql`i.id::text AS id, i.kind, i.unit_kind, i.branch_id::text AS branch_id, i.staff_id::text AS staff_id,
  to_char(i.period_from, 'YYYY-MM-DD') AS period_from, to_char(i.period_to, 'YYYY-MM-DD') AS period_to, i.rank_note,
  to_char(i.held_on, 'YYYY-MM-DD') AS held_on, i.summary, i.status, to_char(i.closed_on, 'YYYY-MM-DD') AS closed_on,
  i.recorded_by::text AS recorded_by, ${ISO_INSTANT(sql`i.recorded_at`)} AS recorded_at,
  coalesce(c.total, 0)::text AS commitments_total, coalesce(c.open, 0)::text AS commitments_open,
  to_char(c.next_due, 'YYYY-MM-DD') AS next_due_date`;

const FROM = sql`supervision_interviews i
  LEFT JOIN (SELECT interview_id, count(*) AS total, count(*) FILTER (WHERE status = 'OPEN') AS open,
                    min(due_date) FILTER (WHERE status = 'OPEN') AS next_due
               FROM supervision_commitments GROUP BY interview_id) c ON c.interview_id = i.id`;

async function items(db: Db, rows: Row[]): Promise<InterviewItem[]> {
  const names = await namesOf(
    db,
    rows.map((r) => r.branch_id),
    rows.flatMap((r) => [r.staff_id, r.recorded_by]),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    ...unitViewOf(names, r),
    periodFrom: r.period_from,
    periodTo: r.period_to,
    rankNote: r.rank_note,
    heldOn: r.held_on,
    summary: r.summary,
    status: r.status,
    closedOn: r.closed_on,
    commitmentsTotal: Number(r.commitments_total),
    commitmentsOpen: Number(r.commitments_open),
    nextDueDate: r.next_due_date,
    recordedBy: refOf(names, 'staff', r.recorded_by)!,
    recordedAt: r.recorded_at,
  }));
}

/** The interviews and statements in the actor's scope (by the unit's branch), newest first. */
export async function listInterviews(db: Db, actor: Actor, q: Omit<InterviewQuery, 'format'>) {
  assertRange(q);
  const conds: SQL[] = [branchScope(actor, sql`i.branch_id`)];
  if (q.kind) conds.push(sql`i.kind = ${q.kind}`);
  if (q.status) conds.push(sql`i.status = ${q.status}`);
  if (q.unitKind) conds.push(sql`i.unit_kind = ${q.unitKind}`);
  if (q.branchId) conds.push(sql`i.branch_id = ${q.branchId}`);
  if (q.staffId) conds.push(sql`i.staff_id = ${q.staffId}`);
  if (q.from) conds.push(sql`i.held_on >= ${q.from}::date`);
  if (q.to) conds.push(sql`i.held_on <= ${q.to}::date`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM supervision_interviews i WHERE ${where}`);
  const rows = await queryRows<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}
         ORDER BY i.held_on DESC, i.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await items(db, rows), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

async function rowInScope(db: Db, actor: Actor, id: number): Promise<Row> {
  const row = await queryOne<Row>(db, sql`SELECT ${COLUMNS} FROM ${FROM} WHERE i.id = ${id} AND ${branchScope(actor, sql`i.branch_id`)}`);
  if (!row) throw new AppError('SUPERVISION_NOT_FOUND', { interviewId: id });
  return row;
}

/** One record with its attendees, commitments and follow-ups (oldest first). */
export async function getInterview(db: Db, actor: Actor, id: number): Promise<InterviewDetail> {
  const [item] = await items(db, [await rowInScope(db, actor, id)]);
  const attendees = await queryRows<{ staff_id: string | null; name: string }>(
    db,
    sql`SELECT staff_id::text AS staff_id, name FROM supervision_interview_attendees WHERE interview_id = ${id} ORDER BY seq`,
  );
  const commitments = await queryRows<{
    seq: number;
    text: string;
    due_date: string;
    status: CommitmentStatus;
    resolved_on: string | null;
  }>(
    db,
    sql`SELECT seq, text, to_char(due_date, 'YYYY-MM-DD') AS due_date, status, to_char(resolved_on, 'YYYY-MM-DD') AS resolved_on
          FROM supervision_commitments WHERE interview_id = ${id} ORDER BY seq`,
  );
  const followUps = await queryRows<{
    id: string;
    followed_on: string;
    text: string;
    statuses: Array<{ seq: number; status: CommitmentStatus }> | string;
    recorded_by: string;
    recorded_at: string;
  }>(
    db,
    sql`SELECT id::text AS id, to_char(followed_on, 'YYYY-MM-DD') AS followed_on, text, statuses, recorded_by::text AS recorded_by,
               ${ISO_INSTANT(sql`recorded_at`)} AS recorded_at
          FROM supervision_followups WHERE interview_id = ${id} ORDER BY followed_on, id`,
  );
  const names = await displayNames(db, { staffIds: followUps.map((f) => Number(f.recorded_by)) });
  return {
    ...item,
    attendees: attendees.map((a) => ({ staffId: a.staff_id === null ? null : Number(a.staff_id), name: a.name })),
    commitments: commitments.map((c) => ({
      seq: Number(c.seq),
      text: c.text,
      dueDate: c.due_date,
      status: c.status,
      resolvedOn: c.resolved_on,
    })),
    followUps: followUps.map((f) => ({
      id: Number(f.id),
      followedOn: f.followed_on,
      text: f.text,
      statuses: typeof f.statuses === 'string' ? JSON.parse(f.statuses) : f.statuses,
      recordedBy: refOf(names, 'staff', f.recorded_by)!,
      recordedAt: f.recorded_at,
    })),
  };
}

/** Records an interview or a statement with its attendees and commitments. */
export async function createInterview(ctx: AppContext, cmd: CommandContext, input: InterviewBody): Promise<InterviewDetail> {
  const actor = requireStaff(cmd);
  const body = interviewBody.parse(input);
  assertCalendarDates({ periodFrom: body.periodFrom, periodTo: body.periodTo, heldOn: body.heldOn });
  body.commitments.forEach((c, i) => assertCalendarDates({ [`commitments[${i}].dueDate`]: c.dueDate }));
  assertPeriod(body.periodFrom, body.periodTo);
  await assertNotAfterBusinessDate(ctx.db, { heldOn: body.heldOn });
  body.commitments.forEach((c, i) => {
    if (c.dueDate < body.heldOn)
      throw new AppError('SUPERVISION_DATES_INVALID', { field: `commitments[${i}].dueDate`, reason: 'before heldOn' });
  });
  const unit = await resolveUnit(ctx.db, actor, body, 'HEAD_OFFICE');
  const staffIds = [...new Set(body.attendeeStaffIds)];
  const attendees: Array<{ staffId: number | null; name: string }> = [];
  for (const sid of staffIds) {
    const s = await staffBrief(ctx.db, sid);
    if (!s) throw new AppError('SUPERVISION_ATTENDEE_INVALID', { staffId: sid });
    attendees.push({ staffId: s.id, name: s.name });
  }
  for (const name of body.externalAttendees) attendees.push({ staffId: null, name });

  const id = await withTx(ctx.db, async (tx) => {
    const created = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO supervision_interviews (kind, unit_kind, branch_id, staff_id, period_from, period_to, rank_note, held_on, summary,
                                              status, recorded_by, recorded_at)
          VALUES (${body.kind}, ${unit.unitKind}, ${unit.branchId}, ${unit.staffId}, ${body.periodFrom}::date, ${body.periodTo}::date,
                  ${body.rankNote?.length ? body.rankNote : null}, ${body.heldOn}::date, ${body.summary}, 'OPEN', ${actor.staffId}, ${nowParam()})
          RETURNING id::text AS id`,
    );
    const interviewId = Number(created!.id);
    if (attendees.length > 0) {
      await tx.execute(
        sql`INSERT INTO supervision_interview_attendees (interview_id, seq, staff_id, name)
            SELECT ${interviewId}, u.ord, u.staff_id, u.name
              FROM unnest(${pgArray(attendees.map((a) => a.staffId))}::bigint[], ${pgArray(attendees.map((a) => a.name))}::text[])
                   WITH ORDINALITY AS u(staff_id, name, ord)`,
      );
    }
    await tx.execute(
      sql`INSERT INTO supervision_commitments (interview_id, seq, text, due_date, status)
          SELECT ${interviewId}, u.ord, u.text, u.due_date, 'OPEN'
            FROM unnest(${pgArray(body.commitments.map((c) => c.text))}::text[], ${pgArray(body.commitments.map((c) => c.dueDate))}::date[])
                 WITH ORDINALITY AS u(text, due_date, ord)`,
    );
    await auditCommand(
      tx,
      cmd,
      'supervision-interview.create',
      { type: 'supervision_interview', id: interviewId },
      {
        kind: body.kind,
        ...unit,
        heldOn: body.heldOn,
        period: [body.periodFrom, body.periodTo],
        attendees: attendees.length,
        commitments: body.commitments.length,
      },
    );
    return interviewId;
  });
  return getInterview(ctx.db, actor, id);
}

/**
 * Adds a follow-up entry: its date (not before the meeting, not after the business date), its text, and
 * the commitments it resolves (each OPEN one at most once). When no commitment is left OPEN the record
 * closes on this date. 409 on a closed record, 422 for an unknown or already resolved commitment.
 */
export async function addFollowUp(ctx: AppContext, cmd: CommandContext, id: number, input: FollowUpBody): Promise<InterviewDetail> {
  const actor = requireStaff(cmd);
  const body = followUpBody.parse(input);
  assertCalendarDates({ followedOn: body.followedOn });
  const row = await rowInScope(ctx.db, actor, id);
  if (row.status === 'CLOSED') throw new AppError('SUPERVISION_INTERVIEW_CLOSED');
  // a branch's own interview is followed up by the head office that held it, not by the branch
  if (row.unit_kind === 'BRANCH' && actor.scope !== 'BANK') throw new AppError('SUPERVISION_BRANCH_LEVEL_HEAD_OFFICE');
  await assertNotAfterBusinessDate(ctx.db, { followedOn: body.followedOn });
  if (body.followedOn < row.held_on) throw new AppError('SUPERVISION_DATES_INVALID', { field: 'followedOn', reason: 'before heldOn' });
  const seqs = body.statuses.map((s) => s.seq);
  if (new Set(seqs).size !== seqs.length) throw new AppError('SUPERVISION_COMMITMENT_INVALID', { reason: 'a commitment named twice' });

  await withTx(ctx.db, async (tx) => {
    // the record's row first: two follow-ups at once are taken one after the other
    const open = await queryOne<{ id: string }>(
      tx,
      sql`UPDATE supervision_interviews SET status = status WHERE id = ${id} AND status = 'OPEN' RETURNING id::text AS id`,
    );
    if (!open) throw new AppError('SUPERVISION_INTERVIEW_CLOSED');
    for (const s of body.statuses) {
      const done = await queryOne<{ seq: number }>(
        tx,
        sql`UPDATE supervision_commitments SET status = ${s.status}, resolved_on = ${body.followedOn}::date
             WHERE interview_id = ${id} AND seq = ${s.seq} AND status = 'OPEN' RETURNING seq`,
      );
      if (!done) throw new AppError('SUPERVISION_COMMITMENT_INVALID', { seq: s.seq });
    }
    const created = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO supervision_followups (interview_id, followed_on, text, statuses, recorded_by, recorded_at)
          VALUES (${id}, ${body.followedOn}::date, ${body.text}, ${JSON.stringify(body.statuses)}::jsonb, ${actor.staffId}, ${nowParam()})
          RETURNING id::text AS id`,
    );
    const left = await queryOne<{ n: string }>(
      tx,
      sql`SELECT count(*)::text AS n FROM supervision_commitments WHERE interview_id = ${id} AND status = 'OPEN'`,
    );
    const closes = Number(left?.n ?? 0) === 0;
    if (closes) {
      await tx.execute(
        sql`UPDATE supervision_interviews SET status = 'CLOSED', closed_on = ${body.followedOn}::date WHERE id = ${id} AND status = 'OPEN'`,
      );
    }
    await auditCommand(
      tx,
      cmd,
      'supervision-interview.follow-up',
      { type: 'supervision_interview', id },
      { followUpId: Number(created!.id), followedOn: body.followedOn, statuses: body.statuses, closed: closes },
    );
  });
  return getInterview(ctx.db, actor, id);
}
