/**
 * Inspection tasks and findings: the lists (paged, sorted, in the actor's data scope), a task with its
 * checklist and findings, completing a task, recording a finding, its rectification and the AB
 * verification by a second inspector, and the inspector's work-queue figures.
 *
 * Scope: a task or finding belongs to its loan's branch and officer (scopeCondition); besides, the
 * inspector a task is assigned to sees it, and the staff member responsible for a finding (or who
 * recorded it) sees that finding — a campaign may send an inspector to another branch's loans.
 * Ids are found through the id index (a fan-out read on Citus), then every write names the customer.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { AppError, formatYuan, type IsoDate } from '../../kernel/index.js';
import { parseSort } from '../../kernel/contract.js';
import type { AppContext, CommandContext } from '../../context.js';
import { displayNames, staffBrief } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { addBusinessDays, getBusinessDate } from '../calendar/index.js';
import { maskedNames } from '../customers/index.js';
import { inspectionLoanBrief } from '../loans/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import {
  DEFAULT_RECTIFY_BUSINESS_DAYS,
  HEAD_OFFICE_AFTER_BUSINESS_DAYS,
  type ChecklistAnswer,
  type ChecklistItem,
  type CompleteTaskBody,
  type FindingListQuery,
  type FindingSeverity,
  type FindingSummary,
  type FindingView,
  type InspectionSummary,
  type RecordFindingBody,
  type RectifyBody,
  type TaskListQuery,
  type TaskSummary,
  type TaskView,
  type VerifyBody,
} from './inspections.contract.js';

// ---------------------------------------------------------------------------------------------
// scope

function taskScope(actor: Actor): SQL {
  return sql`(${scopeCondition(actor, { branchId: sql`t.branch_id`, officerId: sql`t.officer_id` })} OR t.inspector_id = ${actor.staffId})`;
}

function findingScope(actor: Actor): SQL {
  return sql`(${scopeCondition(actor, { branchId: sql`f.branch_id`, officerId: sql`f.officer_id` })}
              OR f.responsible_staff_id = ${actor.staffId} OR f.recorded_by = ${actor.staffId})`;
}

/** The customer a task id belongs to, or null (the id index: one read over every shard on Citus). */
async function customerOfTask(db: Db, id: number): Promise<number | null> {
  const r = await queryOne<{ c: string }>(db, sql`SELECT customer_id::text AS c FROM inspection_tasks WHERE id = ${id}`);
  return r ? Number(r.c) : null;
}

async function customerOfFinding(db: Db, id: number): Promise<number | null> {
  const r = await queryOne<{ c: string }>(db, sql`SELECT customer_id::text AS c FROM inspection_findings WHERE id = ${id}`);
  return r ? Number(r.c) : null;
}

// ---------------------------------------------------------------------------------------------
// tasks

interface TaskRow {
  id: string;
  customer_id: string;
  kind: TaskSummary['kind'];
  campaign_id: string | null;
  campaign_name: string | null;
  routine_seq: number | null;
  loan_id: string;
  branch_id: string;
  officer_id: string | null;
  inspector_id: string | null;
  scheduled_on: string;
  due_date: string;
  status: TaskSummary['status'];
  result: TaskSummary['result'];
  finding_count: string;
  done_on: string | null;
  checklist: ChecklistItem[];
  answers: ChecklistAnswer[] | null;
  notes: string | null;
}

const TASK_COLUMNS = sql`t.id::text, t.customer_id::text, t.kind, t.campaign_id::text, c.name AS campaign_name, t.routine_seq,
  t.loan_id::text, t.branch_id::text, t.officer_id::text, t.inspector_id::text, t.scheduled_on::text, t.due_date::text,
  t.status, t.result, coalesce(fc.n, 0)::text AS finding_count, t.done_on::text, t.checklist, t.answers, t.notes`;

const TASK_FROM = sql`inspection_tasks t
  LEFT JOIN inspection_campaigns c ON c.id = t.campaign_id
  LEFT JOIN (SELECT customer_id, task_id, count(*) AS n FROM inspection_findings GROUP BY customer_id, task_id) fc
         ON fc.customer_id = t.customer_id AND fc.task_id = t.id`;

const TASK_SORT: Record<string, SQL> = { dueDate: sql`t.due_date`, scheduledOn: sql`t.scheduled_on`, status: sql`t.status` };

async function taskSummaries(db: Db, rows: TaskRow[]): Promise<TaskSummary[]> {
  const customers = await maskedNames(
    db,
    rows.map((r) => Number(r.customer_id)),
  );
  const names = await displayNames(db, {
    branchIds: rows.map((r) => Number(r.branch_id)),
    staffIds: rows.flatMap((r) => [
      r.officer_id === null ? null : Number(r.officer_id),
      r.inspector_id === null ? null : Number(r.inspector_id),
    ]),
  });
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    campaignId: r.campaign_id === null ? null : Number(r.campaign_id),
    campaignName: r.campaign_name,
    routineSeq: r.routine_seq === null ? null : Number(r.routine_seq),
    loanId: Number(r.loan_id),
    customerId: Number(r.customer_id),
    customerNameMasked: customers.get(Number(r.customer_id)) ?? null,
    branchId: Number(r.branch_id),
    branchName: names.branches.get(Number(r.branch_id)) ?? null,
    officerName: r.officer_id === null ? null : (names.staff.get(Number(r.officer_id)) ?? null),
    inspectorId: r.inspector_id === null ? null : Number(r.inspector_id),
    inspectorName: r.inspector_id === null ? null : (names.staff.get(Number(r.inspector_id)) ?? null),
    scheduledOn: r.scheduled_on,
    dueDate: r.due_date,
    status: r.status,
    result: r.result,
    findingCount: Number(r.finding_count),
    doneOn: r.done_on,
  }));
}

export async function listTasks(db: Db, actor: Actor, q: TaskListQuery): Promise<{ items: TaskSummary[]; total: number }> {
  const conds: SQL[] = [taskScope(actor)];
  if (q.mine === 'true') conds.push(sql`t.inspector_id = ${actor.staffId}`);
  if (q.status) conds.push(sql`t.status = ${q.status}`);
  if (q.kind) conds.push(sql`t.kind = ${q.kind}`);
  if (q.campaignId) conds.push(sql`t.campaign_id = ${q.campaignId}`);
  if (q.loanId) conds.push(sql`t.loan_id = ${q.loanId}`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM inspection_tasks t WHERE ${where}`);
  let order = sql`t.due_date ASC, t.id ASC`;
  if (q.sort) {
    const { field, descending } = parseSort(q.sort);
    order = sql`${TASK_SORT[field]} ${descending ? sql`DESC` : sql`ASC`}, t.id ASC`;
  }
  const rows = await queryRows<TaskRow>(
    db,
    sql`SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE ${where} ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await taskSummaries(db, rows), total: Number(total?.n ?? '0') };
}

async function taskRow(db: Db, actor: Actor, id: number, lock = false): Promise<TaskRow> {
  const customerId = await customerOfTask(db, id);
  if (customerId === null) throw new AppError('INSPECTION_TASK_NOT_FOUND', { taskId: id });
  if (lock) {
    await db.execute(sql`SELECT 1 FROM inspection_tasks WHERE customer_id = ${customerId} AND id = ${id} FOR UPDATE`);
  }
  const row = await queryOne<TaskRow>(
    db,
    sql`SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.customer_id = ${customerId} AND t.id = ${id} AND ${taskScope(actor)}`,
  );
  if (!row) throw new AppError('INSPECTION_TASK_NOT_FOUND', { taskId: id });
  return row;
}

export async function getTask(db: Db, actor: Actor, id: number): Promise<TaskView> {
  const row = await taskRow(db, actor, id);
  const [summary] = await taskSummaries(db, [row]);
  const loan = await inspectionLoanBrief(db, Number(row.customer_id), Number(row.loan_id));
  const findings = await listFindings(db, actor, { page: 1, pageSize: 200, taskId: id }, await getBusinessDate(db));
  return {
    ...summary,
    checklist: row.checklist,
    answers: row.answers,
    notes: row.notes,
    loan: {
      productCode: loan?.productCode ?? '',
      startDate: loan?.startDate ?? '',
      outstandingPrincipal: formatYuan(loan?.outstandingPrincipalFen ?? 0n),
      dpd: loan?.dpd ?? 0,
      classification: loan?.classification ?? 'NORMAL',
    },
    findings: findings.items,
  };
}

/** The task must be open and, when assigned, assigned to the actor. */
function checkWorkable(row: TaskRow, actor: Actor): void {
  if (row.status === 'DONE') throw new AppError('INSPECTION_TASK_CLOSED', { taskId: Number(row.id) });
  if (row.inspector_id !== null && Number(row.inspector_id) !== actor.staffId) {
    throw new AppError('INSPECTION_TASK_NOT_ASSIGNED', { taskId: Number(row.id) });
  }
}

/** Completes a task: every checklist item answered once; an ISSUE needs a finding on the task; the result follows the findings. */
export async function completeTask(ctx: AppContext, cmd: CommandContext, id: number, body: CompleteTaskBody): Promise<TaskView> {
  const actor = cmd.actor!;
  await withTx(ctx.db, async (tx) => {
    const row = await taskRow(tx, actor, id, true);
    checkWorkable(row, actor);
    const codes = row.checklist.map((i) => i.code).sort();
    const answered = body.answers.map((a) => a.code).sort();
    if (codes.length !== answered.length || codes.some((c, i) => c !== answered[i])) {
      throw new AppError('INSPECTION_CHECKLIST_INCOMPLETE', { expected: codes, answered });
    }
    const findings = Number(row.finding_count);
    if (findings === 0 && body.answers.some((a) => a.answer === 'ISSUE')) throw new AppError('INSPECTION_FINDING_REQUIRED', { taskId: id });
    const result = findings > 0 ? 'FINDINGS' : 'NORMAL';
    const D = await getBusinessDate(tx);
    await tx.execute(
      sql`UPDATE inspection_tasks
             SET status = 'DONE', result = ${result}, answers = ${JSON.stringify(body.answers)}::jsonb, notes = ${body.notes ?? null},
                 done_on = ${D}::date, done_by = ${actor.staffId}, inspector_id = coalesce(inspector_id, ${actor.staffId}),
                 updated_at = ${nowParam()}
           WHERE customer_id = ${Number(row.customer_id)} AND id = ${id}`,
    );
    await auditCommand(
      tx,
      cmd,
      'inspection.task.complete',
      { type: 'inspection_task', id: String(id), customerId: Number(row.customer_id) },
      { loanId: Number(row.loan_id), result, findings, late: row.status === 'OVERDUE' },
    );
  });
  return getTask(ctx.db, actor, id);
}

function rectifyDeadlines(D: IsoDate, severity: FindingSeverity, days: number | undefined): { deadline: IsoDate; headOfficeOn: IsoDate } {
  const deadline = addBusinessDays(D, days ?? DEFAULT_RECTIFY_BUSINESS_DAYS[severity]);
  return { deadline, headOfficeOn: addBusinessDays(deadline, HEAD_OFFICE_AFTER_BUSINESS_DAYS) };
}

/** Records a finding (问题) on an open task of the actor's; the deadline is counted in business days from today's business date. */
export async function recordFinding(ctx: AppContext, cmd: CommandContext, taskId: number, body: RecordFindingBody): Promise<FindingView> {
  const actor = cmd.actor!;
  const findingId = await withTx(ctx.db, async (tx) => {
    const row = await taskRow(tx, actor, taskId, true);
    checkWorkable(row, actor);
    const responsible = await staffBrief(tx, body.responsibleStaffId);
    if (!responsible?.active) {
      throw new AppError('INSPECTION_RESPONSIBLE_INVALID', { responsibleStaffId: body.responsibleStaffId });
    }
    const D = await getBusinessDate(tx);
    const { deadline, headOfficeOn } = rectifyDeadlines(D, body.severity, body.rectifyBusinessDays);
    const now = nowParam();
    const customerId = Number(row.customer_id);
    const ins = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO inspection_findings (customer_id, task_id, loan_id, campaign_id, branch_id, officer_id, severity, description,
                                           responsible_staff_id, deadline, head_office_on, status, escalation, recorded_by, recorded_on,
                                           created_at, updated_at)
          VALUES (${customerId}, ${taskId}, ${Number(row.loan_id)}, ${row.campaign_id === null ? null : Number(row.campaign_id)},
                  ${Number(row.branch_id)}, ${row.officer_id === null ? null : Number(row.officer_id)}, ${body.severity}, ${body.description},
                  ${body.responsibleStaffId}, ${deadline}::date, ${headOfficeOn}::date, 'OPEN', 'NONE', ${actor.staffId}, ${D}::date,
                  ${now}, ${now})
          RETURNING id::text AS id`,
    );
    const id = Number(ins!.id);
    await addEvent(tx, customerId, id, 'RECORDED', actor.staffId, body.description, D);
    await auditCommand(
      tx,
      cmd,
      'inspection.finding.record',
      { type: 'inspection_finding', id: String(id), customerId },
      { taskId, loanId: Number(row.loan_id), severity: body.severity, responsibleStaffId: body.responsibleStaffId, deadline },
    );
    return id;
  });
  return getFinding(ctx.db, actor, findingId);
}

async function addEvent(
  tx: Tx,
  customerId: number,
  findingId: number,
  kind: 'RECORDED' | 'RECTIFIED' | 'VERIFIED' | 'REOPENED',
  actorId: number,
  note: string | null,
  D: IsoDate,
): Promise<void> {
  await tx.execute(
    sql`INSERT INTO inspection_finding_events (customer_id, finding_id, kind, actor_id, note, business_date, at)
        VALUES (${customerId}, ${findingId}, ${kind}, ${actorId}, ${note}, ${D}::date, ${nowParam()})`,
  );
}

// ---------------------------------------------------------------------------------------------
// findings

interface FindingRow {
  id: string;
  customer_id: string;
  task_id: string;
  loan_id: string;
  campaign_id: string | null;
  branch_id: string;
  severity: FindingSummary['severity'];
  description: string;
  responsible_staff_id: string;
  deadline: string;
  head_office_on: string;
  late: boolean;
  status: FindingSummary['status'];
  escalation: FindingSummary['escalation'];
  recorded_by: string;
  recorded_on: string;
  rectification: string | null;
  rectified_by: string | null;
  rectified_on: string | null;
  verified_by: string | null;
  verified_on: string | null;
}

const lateExpr = (D: IsoDate) => sql`(f.status IN ('OPEN', 'REOPENED') AND f.deadline < ${D}::date)`;

const findingColumns = (D: IsoDate) => sql`f.id::text, f.customer_id::text, f.task_id::text, f.loan_id::text, f.campaign_id::text,
  f.branch_id::text, f.severity, f.description, f.responsible_staff_id::text, f.deadline::text, f.head_office_on::text,
  ${lateExpr(D)} AS late, f.status, f.escalation, f.recorded_by::text, f.recorded_on::text, f.rectification, f.rectified_by::text,
  f.rectified_on::text, f.verified_by::text, f.verified_on::text`;

const SEVERITY_RANK = sql`CASE f.severity WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 ELSE 1 END`;
const FINDING_SORT: Record<string, SQL> = { deadline: sql`f.deadline`, severity: SEVERITY_RANK, recordedOn: sql`f.recorded_on` };

const num = (v: string | null) => (v === null ? null : Number(v));

async function findingSummaries(db: Db, rows: FindingRow[]): Promise<FindingSummary[]> {
  const customers = await maskedNames(
    db,
    rows.map((r) => Number(r.customer_id)),
  );
  const names = await displayNames(db, {
    branchIds: rows.map((r) => Number(r.branch_id)),
    staffIds: rows.flatMap((r) => [Number(r.responsible_staff_id), Number(r.recorded_by)]),
  });
  return rows.map((r) => ({
    id: Number(r.id),
    taskId: Number(r.task_id),
    loanId: Number(r.loan_id),
    customerId: Number(r.customer_id),
    customerNameMasked: customers.get(Number(r.customer_id)) ?? null,
    campaignId: num(r.campaign_id),
    branchId: Number(r.branch_id),
    branchName: names.branches.get(Number(r.branch_id)) ?? null,
    severity: r.severity,
    description: r.description,
    responsibleStaffId: Number(r.responsible_staff_id),
    responsibleName: names.staff.get(Number(r.responsible_staff_id)) ?? null,
    deadline: r.deadline,
    late: r.late === true || (r.late as unknown) === 't',
    status: r.status,
    escalation: r.escalation,
    recordedBy: Number(r.recorded_by),
    recordedByName: names.staff.get(Number(r.recorded_by)) ?? null,
    recordedOn: r.recorded_on,
    rectification: r.rectification,
    rectifiedBy: num(r.rectified_by),
    rectifiedOn: r.rectified_on,
    verifiedBy: num(r.verified_by),
    verifiedOn: r.verified_on,
  }));
}

function findingConditions(actor: Actor, q: Partial<FindingListQuery>, D: IsoDate): SQL {
  const conds: SQL[] = [findingScope(actor)];
  if (q.status) conds.push(sql`f.status = ${q.status}`);
  if (q.severity) conds.push(sql`f.severity = ${q.severity}`);
  if (q.escalation) conds.push(sql`f.escalation = ${q.escalation}`);
  if (q.campaignId) conds.push(sql`f.campaign_id = ${q.campaignId}`);
  if (q.taskId) conds.push(sql`f.task_id = ${q.taskId}`);
  if (q.late === 'true') conds.push(lateExpr(D));
  if (q.late === 'false') conds.push(sql`NOT ${lateExpr(D)}`);
  if (q.recheck === 'true') {
    conds.push(sql`f.status = 'RECTIFIED' AND f.recorded_by <> ${actor.staffId} AND f.rectified_by <> ${actor.staffId}`);
  }
  return sql.join(conds, sql` AND `);
}

/** Findings in scope, late ones first (then by deadline) unless a sort is given. */
export async function listFindings(
  db: Db,
  actor: Actor,
  q: Partial<FindingListQuery> & { page: number; pageSize: number },
  D: IsoDate,
): Promise<{ items: FindingSummary[]; total: number }> {
  const where = findingConditions(actor, q, D);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM inspection_findings f WHERE ${where}`);
  let order = sql`${lateExpr(D)} DESC, f.deadline ASC, f.id ASC`;
  if (q.sort) {
    const { field, descending } = parseSort(q.sort);
    order = sql`${FINDING_SORT[field]} ${descending ? sql`DESC` : sql`ASC`}, f.id ASC`;
  }
  const rows = await queryRows<FindingRow>(
    db,
    sql`SELECT ${findingColumns(D)} FROM inspection_findings f WHERE ${where}
        ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await findingSummaries(db, rows), total: Number(total?.n ?? '0') };
}

async function findingRow(db: Db, actor: Actor, id: number, D: IsoDate, lock = false): Promise<FindingRow> {
  const customerId = await customerOfFinding(db, id);
  if (customerId === null) throw new AppError('INSPECTION_FINDING_NOT_FOUND', { findingId: id });
  if (lock) await db.execute(sql`SELECT 1 FROM inspection_findings WHERE customer_id = ${customerId} AND id = ${id} FOR UPDATE`);
  const row = await queryOne<FindingRow>(
    db,
    sql`SELECT ${findingColumns(D)} FROM inspection_findings f WHERE f.customer_id = ${customerId} AND f.id = ${id} AND ${findingScope(actor)}`,
  );
  if (!row) throw new AppError('INSPECTION_FINDING_NOT_FOUND', { findingId: id });
  return row;
}

/** A finding with its timeline (recorded, rectified, verified or reopened, escalated), in the order it happened. */
export async function getFinding(db: Db, actor: Actor, id: number): Promise<FindingView> {
  const D = await getBusinessDate(db);
  const row = await findingRow(db, actor, id, D);
  const [summary] = await findingSummaries(db, [row]);
  const events = await queryRows<{
    id: string;
    kind: FindingView['timeline'][number]['kind'];
    level: FindingView['timeline'][number]['level'];
    actor_id: string | null;
    note: string | null;
    business_date: string;
    at: Date | string;
  }>(
    db,
    sql`SELECT e.id::text, e.kind, e.level, e.actor_id::text, e.note, e.business_date::text, e.at
          FROM inspection_finding_events e
         WHERE e.customer_id = ${Number(row.customer_id)} AND e.finding_id = ${id}
         ORDER BY e.id`,
  );
  const names = await displayNames(db, { staffIds: events.map((e) => num(e.actor_id)) });
  return {
    ...summary,
    headOfficeOn: row.head_office_on,
    timeline: events.map((e) => ({
      id: Number(e.id),
      kind: e.kind,
      level: e.level,
      actorId: num(e.actor_id),
      actorName: e.actor_id === null ? null : (names.staff.get(Number(e.actor_id)) ?? null),
      note: e.note,
      businessDate: e.business_date,
      at: new Date(e.at).toISOString(),
    })),
  };
}

/** Records what was done about an open (or reopened) finding. */
export async function rectifyFinding(ctx: AppContext, cmd: CommandContext, id: number, body: RectifyBody): Promise<FindingView> {
  const actor = cmd.actor!;
  await withTx(ctx.db, async (tx) => {
    const D = await getBusinessDate(tx);
    const row = await findingRow(tx, actor, id, D, true);
    if (row.status !== 'OPEN' && row.status !== 'REOPENED')
      throw new AppError('INSPECTION_FINDING_STATE', { findingId: id, status: row.status });
    const customerId = Number(row.customer_id);
    await tx.execute(
      sql`UPDATE inspection_findings
             SET status = 'RECTIFIED', rectification = ${body.rectification}, rectified_by = ${actor.staffId}, rectified_on = ${D}::date,
                 updated_at = ${nowParam()}
           WHERE customer_id = ${customerId} AND id = ${id}`,
    );
    await addEvent(tx, customerId, id, 'RECTIFIED', actor.staffId, body.rectification, D);
    await auditCommand(
      tx,
      cmd,
      'inspection.finding.rectify',
      { type: 'inspection_finding', id: String(id), customerId },
      { late: row.late },
    );
  });
  return getFinding(ctx.db, actor, id);
}

/**
 * AB cross-check of a rectification by a second inspector: neither the one who recorded the finding nor
 * the one who rectified it (409 INSPECTION_VERIFIER_NOT_INDEPENDENT). VERIFIED closes it; REOPENED sends
 * it back with a new deadline and clears its escalation.
 */
export async function verifyFinding(ctx: AppContext, cmd: CommandContext, id: number, body: VerifyBody): Promise<FindingView> {
  const actor = cmd.actor!;
  await withTx(ctx.db, async (tx) => {
    const D = await getBusinessDate(tx);
    const row = await findingRow(tx, actor, id, D, true);
    if (row.status !== 'RECTIFIED') throw new AppError('INSPECTION_FINDING_STATE', { findingId: id, status: row.status });
    if (Number(row.recorded_by) === actor.staffId || Number(row.rectified_by) === actor.staffId) {
      throw new AppError('INSPECTION_VERIFIER_NOT_INDEPENDENT', { findingId: id });
    }
    const customerId = Number(row.customer_id);
    const now = nowParam();
    if (body.outcome === 'VERIFIED') {
      await tx.execute(
        sql`UPDATE inspection_findings SET status = 'VERIFIED', verified_by = ${actor.staffId}, verified_on = ${D}::date, updated_at = ${now}
             WHERE customer_id = ${customerId} AND id = ${id}`,
      );
    } else {
      const { deadline, headOfficeOn } = rectifyDeadlines(D, row.severity, body.rectifyBusinessDays);
      await tx.execute(
        sql`UPDATE inspection_findings
               SET status = 'REOPENED', deadline = ${deadline}::date, head_office_on = ${headOfficeOn}::date, escalation = 'NONE',
                   escalated_on = NULL, updated_at = ${now}
             WHERE customer_id = ${customerId} AND id = ${id}`,
      );
    }
    await addEvent(tx, customerId, id, body.outcome, actor.staffId, body.note ?? null, D);
    await auditCommand(
      tx,
      cmd,
      body.outcome === 'VERIFIED' ? 'inspection.finding.verify' : 'inspection.finding.reopen',
      { type: 'inspection_finding', id: String(id), customerId },
      { recordedBy: Number(row.recorded_by), rectifiedBy: num(row.rectified_by) },
    );
  });
  return getFinding(ctx.db, actor, id);
}

/** The actor's work queue: their open and overdue tasks, findings they may recheck, late findings in scope. */
export async function inspectionSummary(db: Db, actor: Actor): Promise<InspectionSummary> {
  const D = await getBusinessDate(db);
  const t = await queryOne<{ open: string; overdue: string }>(
    db,
    sql`SELECT count(*) FILTER (WHERE t.status IN ('OPEN', 'OVERDUE'))::text AS open, count(*) FILTER (WHERE t.status = 'OVERDUE')::text AS overdue
          FROM inspection_tasks t WHERE t.inspector_id = ${actor.staffId} AND t.status <> 'DONE'`,
  );
  const f = await queryOne<{ recheck: string; late: string }>(
    db,
    sql`SELECT count(*) FILTER (WHERE f.status = 'RECTIFIED' AND f.recorded_by <> ${actor.staffId} AND f.rectified_by <> ${actor.staffId})::text AS recheck,
               count(*) FILTER (WHERE ${lateExpr(D)})::text AS late
          FROM inspection_findings f WHERE ${findingScope(actor)} AND f.status <> 'VERIFIED'`,
  );
  return {
    openTasks: Number(t?.open ?? 0),
    overdueTasks: Number(t?.overdue ?? 0),
    findingsToRecheck: Number(f?.recheck ?? 0),
    lateFindings: Number(f?.late ?? 0),
  };
}
