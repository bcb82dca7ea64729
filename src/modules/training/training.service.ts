/**
 * Training and exams (培训与考试, issue 15 §4; docs/management.md "Training and exams"): sessions and
 * their attendance, question banks, papers (fixed questions and/or a random draw from a bank, made once
 * when the paper is made) assigned to chosen staff or a session's attendees, and each staff member's own
 * exam on the mobile staff mode — started on the server's clock, the questions sent without their answers,
 * answers saved as they come (only before the deadline), submitted and scored by the server. A submission
 * after the deadline (the earlier of start + time limit and the paper's closing) is accepted but scored
 * only with the answers saved before the deadline (late = true); the answers it carries are ignored.
 *
 * Scope: a session or paper is bank-wide (branch NULL) or a branch's; a bank-scope manager sees and makes
 * all, a branch-scope manager sees the bank-wide ones and their branch's, makes their branch's, and marks
 * attendance or assigns only staff in their scope. Results and records are scoped by the staff member's
 * branch (an officer, OWN scope, sees only their own).
 */
import { randomInt } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext, CommandContext } from '../../context.js';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';
import { isIsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { displayNames, staffBrief } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { isBranchInScope, scopeCondition, type Actor } from '../org/index.js';
import { checkQuestion, examStatus, normalise, percent, scoreBands, scorePaper, type PaperQuestionKey } from './rules.js';
import type {
  AnswerEntry,
  AssignBody,
  AssignResult,
  AttemptResult,
  AttendanceBody,
  BankBody,
  BankItem,
  Distribution,
  ExamSheet,
  MyExam,
  PaperBody,
  PaperDetail,
  PaperItem,
  QuestionBody,
  QuestionItem,
  QuestionKind,
  RecordDetail,
  RecordItem,
  ResultItem,
  ResultListQuery,
  SavedAnswers,
  SessionBody,
  SessionDetail,
  SessionItem,
  SessionListQuery,
  TrainingSummary,
} from './training.contract.js';

const ts = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
const day = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

function actorOf(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

function page<T>(all: T[], q: { page: number; pageSize: number }) {
  return { items: all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: all.length, page: q.page, pageSize: q.pageSize };
}

/** Rows of a bank-wide or branch table the actor sees: bank-wide ones and those of branches in scope (an officer: their branch's). */
function visible(actor: Actor, branchCol: string): SQL {
  if (actor.scope === 'BANK') return sql`TRUE`;
  return sql`(${sql.raw(branchCol)} IS NULL OR ${scopeCondition(actor, { branchId: sql.raw(branchCol) })})`;
}

/** The branch a new session or paper is for: bank-wide only for a bank-scope manager, a branch only in scope. */
async function writableBranch(db: Db, actor: Actor, branchId: number | null | undefined): Promise<number | null> {
  const b = branchId ?? null;
  if (b === null) {
    if (actor.scope !== 'BANK') throw new AppError('TRAINING_SCOPE_DENIED', { branchId: null });
    return null;
  }
  if (!(await isBranchInScope(db, actor, b))) throw new AppError('TRAINING_SCOPE_DENIED', { branchId: b });
  const names = await displayNames(db, { branchIds: [b] });
  if (!names.branches.has(b)) throw new AppError('TRAINING_SCOPE_DENIED', { branchId: b });
  return b;
}

/** Active staff members in the actor's scope, with their branch; 422 naming the first that is not. */
async function staffInScope(db: Db, actor: Actor, ids: number[]): Promise<Map<number, { name: string; branchId: number }>> {
  const out = new Map<number, { name: string; branchId: number }>();
  for (const id of [...new Set(ids)]) {
    const s = await staffBrief(db, id);
    if (!s || !s.active || !(await isBranchInScope(db, actor, s.branchId))) throw new AppError('TRAINING_STAFF_INVALID', { staffId: id });
    out.set(id, { name: s.name, branchId: s.branchId });
  }
  return out;
}

function parseInstant(field: string, v: string): Date {
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || !Number.isFinite(t))
    throw new AppError('VALIDATION_FAILED', { field, reason: 'not an ISO 8601 instant' });
  return new Date(t);
}

// ---------- sessions ----------

interface SessionRow {
  id: string;
  topic: string;
  trainer_staff_id: string | null;
  trainer_name: string;
  session_date: string;
  place: string;
  duration_minutes: number;
  branch_id: string | null;
  created_at: string;
  present: string;
  absent: string;
}

const SESSION_COLUMNS = sql`s.id::text AS id, s.topic, s.trainer_staff_id::text AS trainer_staff_id, s.trainer_name,
  ${day('s.session_date')} AS session_date, s.place, s.duration_minutes, s.branch_id::text AS branch_id, ${ts('s.created_at')} AS created_at,
  (SELECT count(*) FROM training_attendance a WHERE a.session_id = s.id AND a.present)::text AS present,
  (SELECT count(*) FROM training_attendance a WHERE a.session_id = s.id AND NOT a.present)::text AS absent`;

async function sessionItems(db: Db, rows: SessionRow[]): Promise<SessionItem[]> {
  const names = await displayNames(db, { branchIds: rows.map((r) => num(r.branch_id)) });
  return rows.map((r) => ({
    id: Number(r.id),
    topic: r.topic,
    trainerStaffId: num(r.trainer_staff_id),
    trainerName: r.trainer_name,
    sessionDate: r.session_date,
    place: r.place,
    durationMinutes: Number(r.duration_minutes),
    branch: r.branch_id === null ? null : { id: Number(r.branch_id), name: names.branches.get(Number(r.branch_id)) ?? `#${r.branch_id}` },
    present: Number(r.present),
    absent: Number(r.absent),
    createdAt: r.created_at,
  }));
}

function assertDates(q: { from?: string; to?: string }) {
  for (const field of ['from', 'to'] as const) {
    const v = q[field];
    if (v !== undefined && !isIsoDate(v)) throw new AppError('VALIDATION_FAILED', { field, reason: 'not a calendar date' });
  }
  if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION_FAILED', { field: 'from', reason: 'after to' });
}

/** The sessions the actor sees, newest first. */
export async function listSessions(db: Db, actor: Actor, q: Omit<SessionListQuery, 'format'>) {
  assertDates(q);
  const conds: SQL[] = [visible(actor, 's.branch_id')];
  if (q.from) conds.push(sql`s.session_date >= ${q.from}::date`);
  if (q.to) conds.push(sql`s.session_date <= ${q.to}::date`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM training_sessions s WHERE ${where}`);
  const rows = await queryRows<SessionRow>(
    db,
    sql`SELECT ${SESSION_COLUMNS} FROM training_sessions s WHERE ${where}
         ORDER BY s.session_date DESC, s.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await sessionItems(db, rows), total: Number(total?.n ?? 0) };
}

async function sessionRow(db: Db, actor: Actor, id: number): Promise<SessionRow> {
  const row = await queryOne<SessionRow>(
    db,
    sql`SELECT ${SESSION_COLUMNS} FROM training_sessions s WHERE s.id = ${id} AND ${visible(actor, 's.branch_id')}`,
  );
  if (!row) throw new AppError('TRAINING_SESSION_NOT_FOUND', { sessionId: id });
  return row;
}

/** One session with its attendance (the attendees in the actor's scope). */
export async function getSession(db: Db, actor: Actor, id: number): Promise<SessionDetail> {
  const [item] = await sessionItems(db, [await sessionRow(db, actor, id)]);
  const rows = await queryRows<{ staff_id: string; branch_id: string; present: boolean; marked_at: string }>(
    db,
    sql`SELECT a.staff_id::text AS staff_id, a.branch_id::text AS branch_id, a.present, ${ts('a.marked_at')} AS marked_at
          FROM training_attendance a
         WHERE a.session_id = ${id} AND ${scopeCondition(actor, { branchId: sql`a.branch_id`, officerId: sql`a.staff_id` })}
         ORDER BY a.staff_id`,
  );
  const names = await displayNames(db, { branchIds: rows.map((r) => Number(r.branch_id)), staffIds: rows.map((r) => Number(r.staff_id)) });
  return {
    ...item,
    attendance: rows.map((r) => ({
      staffId: Number(r.staff_id),
      staffName: names.staff.get(Number(r.staff_id)) ?? `#${r.staff_id}`,
      branchName: names.branches.get(Number(r.branch_id)) ?? '',
      present: r.present,
      markedAt: r.marked_at,
    })),
  };
}

/** Records a session (bank-wide for a bank-scope manager, or a branch in scope); the trainer is a staff member or a named outsider. */
export async function createSession(ctx: AppContext, cmd: CommandContext, body: SessionBody): Promise<SessionDetail> {
  const actor = actorOf(cmd);
  if (!isIsoDate(body.sessionDate)) throw new AppError('VALIDATION_FAILED', { field: 'sessionDate', reason: 'not a calendar date' });
  const branchId = await writableBranch(ctx.db, actor, body.branchId);
  let trainerName = body.trainerName?.trim() ?? '';
  if (body.trainerStaffId !== undefined) {
    const s = await staffBrief(ctx.db, body.trainerStaffId);
    if (!s) throw new AppError('TRAINING_STAFF_INVALID', { staffId: body.trainerStaffId });
    trainerName = s.name;
  }
  if (!trainerName) throw new AppError('TRAINING_TRAINER_REQUIRED');
  const now = clock.now();
  const id = await withTx(ctx.db, async (tx) => {
    const row = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO training_sessions (topic, trainer_staff_id, trainer_name, session_date, place, duration_minutes, branch_id, created_by, created_at)
          VALUES (${body.topic}, ${body.trainerStaffId ?? null}, ${trainerName}, ${body.sessionDate}::date, ${body.place}, ${body.durationMinutes},
                  ${branchId}, ${actor.staffId}, ${at(now)})
          RETURNING id::text AS id`,
    );
    await auditCommand(
      tx,
      cmd,
      'training-session.create',
      { type: 'training_session', id: row!.id },
      { topic: body.topic, sessionDate: body.sessionDate, trainerName, branchId },
    );
    return Number(row!.id);
  });
  return getSession(ctx.db, actor, id);
}

/** Marks staff (in the actor's scope) present or absent at a visible session; a second mark replaces the first. */
export async function markAttendance(
  ctx: AppContext,
  cmd: CommandContext,
  sessionId: number,
  body: AttendanceBody,
): Promise<SessionDetail> {
  const actor = actorOf(cmd);
  await sessionRow(ctx.db, actor, sessionId);
  const staff = await staffInScope(
    ctx.db,
    actor,
    body.entries.map((e) => e.staffId),
  );
  const now = clock.now();
  await withTx(ctx.db, async (tx) => {
    for (const e of body.entries) {
      const s = staff.get(e.staffId)!;
      await tx.execute(
        sql`INSERT INTO training_attendance (session_id, staff_id, branch_id, present, marked_by, marked_at)
            VALUES (${sessionId}, ${e.staffId}, ${s.branchId}, ${e.present}, ${actor.staffId}, ${at(now)})
            ON CONFLICT (session_id, staff_id) DO UPDATE SET present = EXCLUDED.present, branch_id = EXCLUDED.branch_id,
              marked_by = EXCLUDED.marked_by, marked_at = EXCLUDED.marked_at`,
      );
    }
    await auditCommand(
      tx,
      cmd,
      'training-session.attendance',
      { type: 'training_session', id: sessionId },
      { entries: body.entries.map((e) => ({ staffId: e.staffId, present: e.present })) },
    );
  });
  return getSession(ctx.db, actor, sessionId);
}

// ---------- question banks ----------

export async function listBanks(db: Db): Promise<{ items: BankItem[] }> {
  const rows = await queryRows<{ id: string; name: string; description: string | null; questions: string; created_at: string }>(
    db,
    sql`SELECT b.id::text AS id, b.name, b.description, ${ts('b.created_at')} AS created_at,
               (SELECT count(*) FROM training_questions q WHERE q.bank_id = b.id)::text AS questions
          FROM training_question_banks b ORDER BY b.id`,
  );
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      description: r.description,
      questions: Number(r.questions),
      createdAt: r.created_at,
    })),
  };
}

export async function createBank(ctx: AppContext, cmd: CommandContext, body: BankBody): Promise<BankItem> {
  const actor = actorOf(cmd);
  const id = await withTx(ctx.db, async (tx) => {
    const row = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO training_question_banks (name, description, created_by, created_at)
          VALUES (${body.name}, ${body.description?.trim() || null}, ${actor.staffId}, ${nowParam()}) RETURNING id::text AS id`,
    );
    await auditCommand(tx, cmd, 'training-bank.create', { type: 'training_bank', id: row!.id }, { name: body.name });
    return Number(row!.id);
  });
  return (await listBanks(ctx.db)).items.find((b) => b.id === id)!;
}

interface QuestionRow {
  id: string;
  bank_id: string;
  kind: QuestionKind;
  stem: string;
  options: string;
  answer: string;
  explanation: string | null;
}
const QUESTION_COLUMNS = sql`q.id::text AS id, q.bank_id::text AS bank_id, q.kind, q.stem, q.options::text AS options, q.answer::text AS answer, q.explanation`;

function questionItem(r: QuestionRow): QuestionItem {
  return {
    id: Number(r.id),
    bankId: Number(r.bank_id),
    kind: r.kind,
    stem: r.stem,
    options: JSON.parse(r.options) as string[],
    answer: JSON.parse(r.answer) as number[],
    explanation: r.explanation,
  };
}

async function bankExists(db: Db, bankId: number): Promise<void> {
  if (!(await queryOne(db, sql`SELECT 1 AS ok FROM training_question_banks WHERE id = ${bankId}`)))
    throw new AppError('TRAINING_BANK_NOT_FOUND', { bankId });
}

/** The questions of a bank with their answers (managers only). */
export async function listQuestions(db: Db, bankId: number): Promise<{ items: QuestionItem[] }> {
  await bankExists(db, bankId);
  const rows = await queryRows<QuestionRow>(
    db,
    sql`SELECT ${QUESTION_COLUMNS} FROM training_questions q WHERE q.bank_id = ${bankId} ORDER BY q.id`,
  );
  return { items: rows.map(questionItem) };
}

/** Adds a question to a bank: single choice (one key), multiple choice (two or more), true/false (正确 / 错误). */
export async function addQuestion(ctx: AppContext, cmd: CommandContext, bankId: number, body: QuestionBody): Promise<QuestionItem> {
  const actor = actorOf(cmd);
  await bankExists(ctx.db, bankId);
  const checked = checkQuestion(body.kind, body.options, body.answer);
  if (!checked.ok) throw new AppError('TRAINING_QUESTION_INVALID', { reason: checked.reason });
  return withTx(ctx.db, async (tx) => {
    const row = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO training_questions (bank_id, kind, stem, options, answer, explanation, created_by, created_at)
          VALUES (${bankId}, ${body.kind}, ${body.stem}, ${JSON.stringify(checked.options)}::jsonb, ${JSON.stringify(checked.answer)}::jsonb,
                  ${body.explanation?.trim() || null}, ${actor.staffId}, ${nowParam()})
          RETURNING id::text AS id`,
    );
    await auditCommand(tx, cmd, 'training-question.create', { type: 'training_question', id: row!.id }, { bankId, kind: body.kind });
    const q = await queryOne<QuestionRow>(tx, sql`SELECT ${QUESTION_COLUMNS} FROM training_questions q WHERE q.id = ${Number(row!.id)}`);
    return questionItem(q!);
  });
}

// ---------- papers ----------

interface PaperRow {
  id: string;
  title: string;
  session_id: string | null;
  session_topic: string | null;
  branch_id: string | null;
  pass_score: number;
  total_score: number;
  time_limit_minutes: number;
  opens_at: string;
  closes_at: string;
  max_attempts: number;
  created_at: string;
  question_count: string;
  assigned: string;
  takers: string;
  passed: string;
}

const PAPER_COLUMNS = sql`p.id::text AS id, p.title, p.session_id::text AS session_id,
  (SELECT s.topic FROM training_sessions s WHERE s.id = p.session_id) AS session_topic, p.branch_id::text AS branch_id,
  p.pass_score, p.total_score, p.time_limit_minutes, ${ts('p.opens_at')} AS opens_at, ${ts('p.closes_at')} AS closes_at, p.max_attempts,
  ${ts('p.created_at')} AS created_at,
  (SELECT count(*) FROM training_paper_questions pq WHERE pq.paper_id = p.id)::text AS question_count,
  (SELECT count(*) FROM training_exam_assignments e WHERE e.paper_id = p.id)::text AS assigned,
  (SELECT count(DISTINCT t.staff_id) FROM training_attempts t WHERE t.paper_id = p.id AND t.submitted_at IS NOT NULL)::text AS takers,
  (SELECT count(DISTINCT t.staff_id) FROM training_attempts t WHERE t.paper_id = p.id AND t.passed)::text AS passed`;

async function paperItems(db: Db, rows: PaperRow[]): Promise<PaperItem[]> {
  const names = await displayNames(db, { branchIds: rows.map((r) => num(r.branch_id)) });
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    session: r.session_id === null ? null : { id: Number(r.session_id), topic: r.session_topic ?? '' },
    branch: r.branch_id === null ? null : { id: Number(r.branch_id), name: names.branches.get(Number(r.branch_id)) ?? `#${r.branch_id}` },
    passScore: Number(r.pass_score),
    totalScore: Number(r.total_score),
    questionCount: Number(r.question_count),
    timeLimitMinutes: Number(r.time_limit_minutes),
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    maxAttempts: Number(r.max_attempts),
    assigned: Number(r.assigned),
    takers: Number(r.takers),
    passed: Number(r.passed),
    createdAt: r.created_at,
  }));
}

export async function listPapers(db: Db, actor: Actor, q: { page: number; pageSize: number }) {
  const where = visible(actor, 'p.branch_id');
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM training_papers p WHERE ${where}`);
  const rows = await queryRows<PaperRow>(
    db,
    sql`SELECT ${PAPER_COLUMNS} FROM training_papers p WHERE ${where} ORDER BY p.opens_at DESC, p.id DESC
         LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await paperItems(db, rows), total: Number(total?.n ?? 0) };
}

async function paperRow(db: Db, actor: Actor, id: number): Promise<PaperRow> {
  const row = await queryOne<PaperRow>(
    db,
    sql`SELECT ${PAPER_COLUMNS} FROM training_papers p WHERE p.id = ${id} AND ${visible(actor, 'p.branch_id')}`,
  );
  if (!row) throw new AppError('TRAINING_PAPER_NOT_FOUND', { paperId: id });
  return row;
}

async function paperKeys(db: Db, paperId: number): Promise<(PaperQuestionKey & { position: number; row: QuestionRow })[]> {
  const rows = await queryRows<QuestionRow & { position: number; points: number }>(
    db,
    sql`SELECT ${QUESTION_COLUMNS}, pq.position, pq.points FROM training_paper_questions pq
          JOIN training_questions q ON q.id = pq.question_id WHERE pq.paper_id = ${paperId} ORDER BY pq.position`,
  );
  return rows.map((r) => ({
    questionId: Number(r.id),
    points: Number(r.points),
    answer: JSON.parse(r.answer) as number[],
    position: Number(r.position),
    row: r,
  }));
}

/** A paper with its questions, answers and assignees (managers). */
export async function getPaper(db: Db, actor: Actor, id: number): Promise<PaperDetail> {
  const [item] = await paperItems(db, [await paperRow(db, actor, id)]);
  const keys = await paperKeys(db, id);
  const assignees = await queryRows<{ staff_id: string; branch_id: string }>(
    db,
    sql`SELECT e.staff_id::text AS staff_id, e.branch_id::text AS branch_id FROM training_exam_assignments e
         WHERE e.paper_id = ${id} AND ${scopeCondition(actor, { branchId: sql`e.branch_id`, officerId: sql`e.staff_id` })} ORDER BY e.staff_id`,
  );
  const names = await displayNames(db, {
    branchIds: assignees.map((r) => Number(r.branch_id)),
    staffIds: assignees.map((r) => Number(r.staff_id)),
  });
  return {
    ...item,
    questions: keys.map((k) => ({ ...questionItem(k.row), position: k.position, points: k.points })),
    assignees: assignees.map((r) => ({
      staffId: Number(r.staff_id),
      staffName: names.staff.get(Number(r.staff_id)) ?? `#${r.staff_id}`,
      branchName: names.branches.get(Number(r.branch_id)) ?? '',
    })),
  };
}

/**
 * Makes a paper: the fixed questions in the order given, then N questions drawn at random from a bank
 * (leaving out those already on it). The draw is made once, here, so every taker gets the same paper and
 * the results compare. The total is the sum of the points; the pass mark at most the total.
 */
export async function createPaper(ctx: AppContext, cmd: CommandContext, body: PaperBody): Promise<PaperDetail> {
  const actor = actorOf(cmd);
  const opensAt = parseInstant('opensAt', body.opensAt);
  const closesAt = parseInstant('closesAt', body.closesAt);
  if (closesAt.getTime() <= opensAt.getTime()) throw new AppError('TRAINING_PAPER_INVALID', { reason: 'closesAt is not after opensAt' });
  const branchId = await writableBranch(ctx.db, actor, body.branchId);
  if (body.sessionId !== undefined) await sessionRow(ctx.db, actor, body.sessionId);
  const fixed = body.questions ?? [];
  if (new Set(fixed.map((q) => q.questionId)).size !== fixed.length)
    throw new AppError('TRAINING_PAPER_INVALID', { reason: 'a question appears twice' });
  if (fixed.length > 0) {
    const found = await queryRows<{ id: string }>(
      ctx.db,
      sql`SELECT id::text AS id FROM training_questions WHERE id IN (${sql.join(
        fixed.map((q) => sql`${q.questionId}`),
        sql`, `,
      )})`,
    );
    const known = new Set(found.map((r) => Number(r.id)));
    const missing = fixed.find((q) => !known.has(q.questionId));
    if (missing) throw new AppError('TRAINING_PAPER_INVALID', { reason: 'no such question', questionId: missing.questionId });
  }
  const lines = fixed.map((q) => ({ questionId: q.questionId, points: q.points }));
  if (body.draw) {
    await bankExists(ctx.db, body.draw.bankId);
    const taken = new Set(lines.map((l) => l.questionId));
    const pool = (
      await queryRows<{ id: string }>(
        ctx.db,
        sql`SELECT id::text AS id FROM training_questions WHERE bank_id = ${body.draw.bankId} ORDER BY id`,
      )
    )
      .map((r) => Number(r.id))
      .filter((id) => !taken.has(id));
    if (pool.length < body.draw.count)
      throw new AppError('TRAINING_PAPER_INVALID', { reason: 'the bank has fewer questions than asked', available: pool.length });
    for (let i = 0; i < body.draw.count; i++) {
      const j = i + randomInt(pool.length - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
      lines.push({ questionId: pool[i], points: body.draw.points });
    }
  }
  if (lines.length === 0) throw new AppError('TRAINING_PAPER_INVALID', { reason: 'no questions' });
  const total = lines.reduce((s, l) => s + l.points, 0);
  if (body.passScore > total) throw new AppError('TRAINING_PAPER_INVALID', { reason: 'pass mark above the total', totalScore: total });
  const id = await withTx(ctx.db, async (tx) => {
    const row = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO training_papers (title, session_id, branch_id, pass_score, total_score, time_limit_minutes, opens_at, closes_at, max_attempts,
                                       created_by, created_at)
          VALUES (${body.title}, ${body.sessionId ?? null}, ${branchId}, ${body.passScore}, ${total}, ${body.timeLimitMinutes}, ${at(opensAt)},
                  ${at(closesAt)}, ${body.maxAttempts ?? 1}, ${actor.staffId}, ${nowParam()})
          RETURNING id::text AS id`,
    );
    const paperId = Number(row!.id);
    for (const [i, l] of lines.entries()) {
      await tx.execute(
        sql`INSERT INTO training_paper_questions (paper_id, position, question_id, points) VALUES (${paperId}, ${i + 1}, ${l.questionId}, ${l.points})`,
      );
    }
    await auditCommand(
      tx,
      cmd,
      'training-paper.create',
      { type: 'training_paper', id: paperId },
      { title: body.title, questions: lines.length, totalScore: total, passScore: body.passScore, drawn: body.draw?.count ?? 0 },
    );
    return paperId;
  });
  return getPaper(ctx.db, actor, id);
}

/** Assigns a visible paper to chosen staff and/or its session's present attendees (those in the actor's scope); assigning twice adds nothing. */
export async function assignPaper(ctx: AppContext, cmd: CommandContext, paperId: number, body: AssignBody): Promise<AssignResult> {
  const actor = actorOf(cmd);
  const paper = await paperRow(ctx.db, actor, paperId);
  const ids = [...(body.staffIds ?? [])];
  if (body.sessionAttendees) {
    if (paper.session_id === null) throw new AppError('TRAINING_PAPER_INVALID', { reason: 'the paper belongs to no session' });
    const rows = await queryRows<{ staff_id: string }>(
      ctx.db,
      sql`SELECT a.staff_id::text AS staff_id FROM training_attendance a
           WHERE a.session_id = ${Number(paper.session_id)} AND a.present
             AND ${scopeCondition(actor, { branchId: sql`a.branch_id`, officerId: sql`a.staff_id` })}`,
    );
    ids.push(...rows.map((r) => Number(r.staff_id)));
  }
  if (ids.length === 0) throw new AppError('TRAINING_PAPER_INVALID', { reason: 'nobody to assign' });
  const staff = await staffInScope(ctx.db, actor, ids);
  return withTx(ctx.db, async (tx) => {
    // one statement for every staff member, one instant for the command
    const assignedAt = nowParam();
    const res = await queryRows(
      tx,
      sql`INSERT INTO training_exam_assignments (paper_id, staff_id, branch_id, assigned_by, assigned_at)
          VALUES ${sql.join(
            [...staff].map(([staffId, s]) => sql`(${paperId}, ${staffId}, ${s.branchId}, ${actor.staffId}, ${assignedAt})`),
            sql`, `,
          )}
          ON CONFLICT (paper_id, staff_id) DO NOTHING RETURNING staff_id`,
    );
    const added = res.length;
    await auditCommand(tx, cmd, 'training-paper.assign', { type: 'training_paper', id: paperId }, { staffIds: [...staff.keys()], added });
    const n = await queryOne<{ n: string }>(tx, sql`SELECT count(*)::text AS n FROM training_exam_assignments WHERE paper_id = ${paperId}`);
    return { paperId, assigned: Number(n!.n), added };
  });
}

// ---------- results and distribution ----------

interface AttemptRow {
  id: string;
  paper_id: string;
  staff_id: string;
  branch_id: string;
  attempt_no: number;
  business_date: string;
  started_at: string;
  deadline_at: string;
  submitted_at: string | null;
  answers: string;
  late: boolean;
  score: number | null;
  passed: boolean | null;
}
const ATTEMPT_COLUMNS = sql`t.id::text AS id, t.paper_id::text AS paper_id, t.staff_id::text AS staff_id, t.branch_id::text AS branch_id,
  t.attempt_no, ${day('t.business_date')} AS business_date, ${ts('t.started_at')} AS started_at, ${ts('t.deadline_at')} AS deadline_at,
  ${ts('t.submitted_at')} AS submitted_at, t.answers::text AS answers, t.late, t.score, t.passed`;

const attemptScope = (actor: Actor) => scopeCondition(actor, { branchId: sql`t.branch_id`, officerId: sql`t.staff_id` });

/** Every attempt in the actor's scope (filters paper, staff), newest first. */
export async function listResults(
  db: Db,
  actor: Actor,
  q: Omit<ResultListQuery, 'format'>,
): Promise<{ items: ResultItem[]; total: number }> {
  const conds: SQL[] = [attemptScope(actor)];
  if (q.paperId) conds.push(sql`t.paper_id = ${q.paperId}`);
  if (q.staffId) conds.push(sql`t.staff_id = ${q.staffId}`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM training_attempts t WHERE ${where}`);
  const rows = await queryRows<AttemptRow & { title: string; total_score: number; pass_score: number }>(
    db,
    sql`SELECT ${ATTEMPT_COLUMNS}, p.title, p.total_score, p.pass_score FROM training_attempts t JOIN training_papers p ON p.id = t.paper_id
         WHERE ${where} ORDER BY t.started_at DESC, t.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  const names = await displayNames(db, { branchIds: rows.map((r) => Number(r.branch_id)), staffIds: rows.map((r) => Number(r.staff_id)) });
  const now = clock.now().getTime();
  return {
    total: Number(total?.n ?? 0),
    items: rows.map((r) => ({
      attemptId: Number(r.id),
      paperId: Number(r.paper_id),
      paperTitle: r.title,
      staffId: Number(r.staff_id),
      staffName: names.staff.get(Number(r.staff_id)) ?? `#${r.staff_id}`,
      branchName: names.branches.get(Number(r.branch_id)) ?? '',
      attemptNo: Number(r.attempt_no),
      businessDate: r.business_date,
      startedAt: r.started_at,
      submittedAt: r.submitted_at,
      status: r.submitted_at !== null ? 'SUBMITTED' : Date.parse(r.deadline_at) < now ? 'EXPIRED' : 'IN_PROGRESS',
      late: r.late,
      score: r.score === null ? null : Number(r.score),
      totalScore: Number(r.total_score),
      passScore: Number(r.pass_score),
      passed: r.passed,
    })),
  };
}

/** The score distribution of a paper: each staff member's best submitted score (in scope), in ten bands of the total. */
export async function scoreDistribution(db: Db, actor: Actor, paperId: number): Promise<Distribution> {
  const paper = await paperRow(db, actor, paperId);
  const best = await queryRows<{ score: number; passed: boolean }>(
    db,
    sql`SELECT max(t.score) AS score, bool_or(t.passed) AS passed FROM training_attempts t
         WHERE t.paper_id = ${paperId} AND t.submitted_at IS NOT NULL AND ${attemptScope(actor)} GROUP BY t.staff_id`,
  );
  const total = Number(paper.total_score);
  const buckets = scoreBands(total).map((b) => ({ ...b, count: 0 }));
  for (const r of best) {
    const b = buckets.find((x) => Number(r.score) >= x.from && Number(r.score) <= x.to);
    if (b) b.count += 1;
  }
  const passed = best.filter((r) => r.passed).length;
  const sum = best.reduce((s, r) => s + Number(r.score), 0);
  return {
    paperId,
    totalScore: total,
    passScore: Number(paper.pass_score),
    takers: best.length,
    passed,
    passRatePct: best.length === 0 ? null : percent(passed, best.length),
    average: best.length === 0 ? null : (Math.round((sum * 100) / best.length) / 100).toFixed(2),
    buckets,
  };
}

// ---------- the staff member's own exams ----------

interface MyPaperRow extends PaperRow {
  attempts_used: string;
  open_attempt_id: string | null;
  open_deadline: string | null;
  best_score: number | null;
  best_passed: boolean | null;
}

/** The papers assigned to the signed-in staff member, with what they can do with each now. */
export async function myExams(db: Db, actor: Actor): Promise<{ items: MyExam[] }> {
  const rows = await queryRows<MyPaperRow>(
    db,
    sql`SELECT ${PAPER_COLUMNS},
               (SELECT count(*) FROM training_attempts t WHERE t.paper_id = p.id AND t.staff_id = ${actor.staffId})::text AS attempts_used,
               (SELECT t.id::text FROM training_attempts t WHERE t.paper_id = p.id AND t.staff_id = ${actor.staffId} AND t.submitted_at IS NULL
                 ORDER BY t.attempt_no DESC LIMIT 1) AS open_attempt_id,
               (SELECT ${ts('t.deadline_at')} FROM training_attempts t WHERE t.paper_id = p.id AND t.staff_id = ${actor.staffId}
                   AND t.submitted_at IS NULL ORDER BY t.attempt_no DESC LIMIT 1) AS open_deadline,
               (SELECT max(t.score) FROM training_attempts t WHERE t.paper_id = p.id AND t.staff_id = ${actor.staffId}) AS best_score,
               (SELECT bool_or(t.passed) FROM training_attempts t WHERE t.paper_id = p.id AND t.staff_id = ${actor.staffId}) AS best_passed
          FROM training_papers p JOIN training_exam_assignments e ON e.paper_id = p.id AND e.staff_id = ${actor.staffId}
         ORDER BY p.closes_at DESC, p.id DESC`,
  );
  const now = clock.now();
  return {
    items: rows.map((r) => {
      const deadline = r.open_deadline ? new Date(r.open_deadline) : null;
      const status = examStatus({
        now,
        opensAt: new Date(r.opens_at),
        closesAt: new Date(r.closes_at),
        attemptsUsed: Number(r.attempts_used),
        maxAttempts: Number(r.max_attempts),
        openAttemptDeadline: deadline,
      });
      return {
        paperId: Number(r.id),
        title: r.title,
        opensAt: r.opens_at,
        closesAt: r.closes_at,
        timeLimitMinutes: Number(r.time_limit_minutes),
        questionCount: Number(r.question_count),
        totalScore: Number(r.total_score),
        passScore: Number(r.pass_score),
        maxAttempts: Number(r.max_attempts),
        attemptsUsed: Number(r.attempts_used),
        status,
        openAttemptId: status === 'IN_PROGRESS' ? num(r.open_attempt_id) : null,
        best: r.best_score === null ? null : { score: Number(r.best_score), passed: r.best_passed === true },
      };
    }),
  };
}

function answersOf(r: AttemptRow): Record<string, number[]> {
  return JSON.parse(r.answers) as Record<string, number[]>;
}

async function sheetOf(db: Db, attempt: AttemptRow): Promise<ExamSheet> {
  const paper = await queryOne<{ title: string; total_score: number; pass_score: number }>(
    db,
    sql`SELECT title, total_score, pass_score FROM training_papers WHERE id = ${Number(attempt.paper_id)}`,
  );
  const keys = await paperKeys(db, Number(attempt.paper_id));
  const saved = answersOf(attempt);
  return {
    attemptId: Number(attempt.id),
    paperId: Number(attempt.paper_id),
    title: paper!.title,
    attemptNo: Number(attempt.attempt_no),
    startedAt: attempt.started_at,
    deadlineAt: attempt.deadline_at,
    serverNow: clock.now().toISOString(),
    totalScore: Number(paper!.total_score),
    passScore: Number(paper!.pass_score),
    // the key and the explanation never leave the server with the questions
    questions: keys.map((k) => ({
      questionId: k.questionId,
      position: k.position,
      kind: k.row.kind,
      stem: k.row.stem,
      options: JSON.parse(k.row.options) as string[],
      points: k.points,
    })),
    answers: Object.entries(saved).map(([questionId, c]) => ({ questionId: Number(questionId), choice: c })),
  };
}

/** Closes an attempt and scores it with the given answers; returns the result. */
async function finish(tx: Tx, attempt: AttemptRow, answers: Record<string, number[]>, late: boolean, now: Date) {
  const paperId = Number(attempt.paper_id);
  const keys = await paperKeys(tx, paperId);
  const paper = await queryOne<{ pass_score: number }>(tx, sql`SELECT pass_score FROM training_papers WHERE id = ${paperId}`);
  const { score, correct } = scorePaper(keys, answers);
  const passed = score >= Number(paper!.pass_score);
  await tx.execute(
    sql`UPDATE training_attempts SET answers = ${JSON.stringify(answers)}::jsonb, submitted_at = ${at(now)}, late = ${late}, score = ${score},
               passed = ${passed}
         WHERE id = ${Number(attempt.id)}`,
  );
  return { score, correct, passed, questionCount: keys.length };
}

async function myAttempt(db: Db, actor: Actor, attemptId: number): Promise<AttemptRow> {
  const row = await queryOne<AttemptRow>(
    db,
    sql`SELECT ${ATTEMPT_COLUMNS} FROM training_attempts t WHERE t.id = ${attemptId} AND t.staff_id = ${actor.staffId}`,
  );
  if (!row) throw new AppError('TRAINING_ATTEMPT_NOT_FOUND', { attemptId });
  return row;
}

/**
 * Starts (or resumes) the staff member's attempt at an assigned paper within its window: the server's
 * clock sets the start and the deadline. An earlier attempt left open past its deadline is closed first,
 * scored with what was saved before it. Refused once the attempts are used up.
 */
export async function startExam(ctx: AppContext, cmd: CommandContext, paperId: number): Promise<ExamSheet> {
  try {
    return await startOnce(ctx, cmd, paperId);
  } catch (err) {
    // two starts at once (a double tap): the second loses the race on (paper, staff, attempt) and resumes the first's attempt
    const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
    if (code !== '23505') throw err;
    return startOnce(ctx, cmd, paperId);
  }
}

async function startOnce(ctx: AppContext, cmd: CommandContext, paperId: number): Promise<ExamSheet> {
  const actor = actorOf(cmd);
  const now = clock.now();
  const D = await getBusinessDate(ctx.db);
  const attempt = await withTx(ctx.db, async (tx) => {
    const paper = await queryOne<{
      opens_at: string;
      closes_at: string;
      time_limit_minutes: number;
      max_attempts: number;
      branch_id: string;
    }>(
      tx,
      sql`SELECT ${ts('p.opens_at')} AS opens_at, ${ts('p.closes_at')} AS closes_at, p.time_limit_minutes, p.max_attempts, e.branch_id::text AS branch_id
            FROM training_papers p JOIN training_exam_assignments e ON e.paper_id = p.id AND e.staff_id = ${actor.staffId}
           WHERE p.id = ${paperId}`,
    );
    if (!paper) throw new AppError('TRAINING_EXAM_NOT_FOUND', { paperId });
    const attempts = await queryRows<AttemptRow>(
      tx,
      sql`SELECT ${ATTEMPT_COLUMNS} FROM training_attempts t WHERE t.paper_id = ${paperId} AND t.staff_id = ${actor.staffId} ORDER BY t.attempt_no`,
    );
    const open = attempts.find((a) => a.submitted_at === null);
    if (open && Date.parse(open.deadline_at) >= now.getTime()) return open;
    if (open) {
      // left open past its deadline: closed now, scored with the answers saved before the deadline
      const r = await finish(tx, open, answersOf(open), true, now);
      await auditCommand(
        tx,
        cmd,
        'training-exam.expire',
        { type: 'training_attempt', id: open.id },
        { paperId, score: r.score, passed: r.passed },
      );
    }
    // refusals are returned, not thrown, so that closing an expired attempt above is kept
    if (now.getTime() < Date.parse(paper.opens_at)) return new AppError('TRAINING_EXAM_NOT_OPEN', { opensAt: paper.opens_at });
    if (now.getTime() >= Date.parse(paper.closes_at)) return new AppError('TRAINING_EXAM_CLOSED', { closesAt: paper.closes_at });
    if (attempts.length >= Number(paper.max_attempts))
      return new AppError('TRAINING_NO_ATTEMPTS_LEFT', { maxAttempts: Number(paper.max_attempts) });
    const deadline = new Date(Math.min(now.getTime() + Number(paper.time_limit_minutes) * 60_000, Date.parse(paper.closes_at)));
    const row = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO training_attempts (paper_id, staff_id, branch_id, attempt_no, business_date, started_at, deadline_at, answers)
          VALUES (${paperId}, ${actor.staffId}, ${actor.branchId}, ${attempts.length + 1}, ${D}::date, ${at(now)},
                  ${at(deadline)}, '{}'::jsonb)
          RETURNING id::text AS id`,
    );
    await auditCommand(
      tx,
      cmd,
      'training-exam.start',
      { type: 'training_attempt', id: row!.id },
      { paperId, attemptNo: attempts.length + 1, deadlineAt: deadline.toISOString() },
    );
    return (await queryOne<AttemptRow>(tx, sql`SELECT ${ATTEMPT_COLUMNS} FROM training_attempts t WHERE t.id = ${Number(row!.id)}`))!;
  });
  if (attempt instanceof AppError) throw attempt;
  return sheetOf(ctx.db, attempt);
}

/** The sheet of the staff member's attempt still in progress (to resume it). */
export async function getMyAttempt(db: Db, actor: Actor, attemptId: number): Promise<ExamSheet> {
  const a = await myAttempt(db, actor, attemptId);
  if (a.submitted_at !== null) throw new AppError('TRAINING_ALREADY_SUBMITTED', { attemptId });
  return sheetOf(db, a);
}

/** Checks answers against the paper's questions: known questions, options that exist, one option for single choice and true/false. */
async function checkedAnswers(db: Db, paperId: number, entries: AnswerEntry[]): Promise<Record<string, number[]>> {
  const keys = await paperKeys(db, paperId);
  const byId = new Map(keys.map((k) => [k.questionId, k]));
  const out: Record<string, number[]> = {};
  for (const e of entries) {
    const k = byId.get(e.questionId);
    if (!k) throw new AppError('TRAINING_ANSWER_INVALID', { questionId: e.questionId, reason: 'not on the paper' });
    const options = (JSON.parse(k.row.options) as string[]).length;
    const c = normalise(e.choice);
    if (c.some((i) => i >= options)) throw new AppError('TRAINING_ANSWER_INVALID', { questionId: e.questionId, reason: 'no such option' });
    if (k.row.kind !== 'MULTIPLE' && c.length > 1)
      throw new AppError('TRAINING_ANSWER_INVALID', { questionId: e.questionId, reason: 'one option only' });
    out[String(e.questionId)] = c;
  }
  return out;
}

/** Saves answers of an attempt in progress (merged with those saved before); refused after the deadline. */
export async function saveAnswers(ctx: AppContext, cmd: CommandContext, attemptId: number, entries: AnswerEntry[]): Promise<SavedAnswers> {
  const actor = actorOf(cmd);
  const now = clock.now();
  return withTx(ctx.db, async (tx) => {
    const a = await myAttempt(tx, actor, attemptId);
    if (a.submitted_at !== null) throw new AppError('TRAINING_ALREADY_SUBMITTED', { attemptId });
    if (now.getTime() > Date.parse(a.deadline_at)) throw new AppError('TRAINING_TIME_UP', { deadlineAt: a.deadline_at });
    const merged = { ...answersOf(a), ...(await checkedAnswers(tx, Number(a.paper_id), entries)) };
    await tx.execute(
      sql`UPDATE training_attempts SET answers = ${JSON.stringify(merged)}::jsonb, saved_at = ${at(now)} WHERE id = ${attemptId}`,
    );
    await auditCommand(
      tx,
      cmd,
      'training-exam.save',
      { type: 'training_attempt', id: attemptId },
      { answered: Object.keys(merged).length },
    );
    return { attemptId, savedAt: now.toISOString(), answered: Object.keys(merged).length };
  });
}

/**
 * Submits an attempt and scores it on the server. Before the deadline the answers sent are merged with
 * those saved; after it, the answers sent are ignored and the attempt is scored with what was saved
 * before the deadline (late = true). One submission per attempt.
 */
export async function submitExam(ctx: AppContext, cmd: CommandContext, attemptId: number, entries: AnswerEntry[]): Promise<AttemptResult> {
  const actor = actorOf(cmd);
  const now = clock.now();
  return withTx(ctx.db, async (tx) => {
    const a = await myAttempt(tx, actor, attemptId);
    if (a.submitted_at !== null) throw new AppError('TRAINING_ALREADY_SUBMITTED', { attemptId });
    const late = now.getTime() > Date.parse(a.deadline_at);
    const answers = late ? answersOf(a) : { ...answersOf(a), ...(await checkedAnswers(tx, Number(a.paper_id), entries)) };
    const r = await finish(tx, a, answers, late, now);
    const paper = await queryOne<{ title: string; total_score: number; pass_score: number; max_attempts: number }>(
      tx,
      sql`SELECT title, total_score, pass_score, max_attempts FROM training_papers WHERE id = ${Number(a.paper_id)}`,
    );
    await auditCommand(
      tx,
      cmd,
      'training-exam.submit',
      { type: 'training_attempt', id: attemptId },
      { paperId: Number(a.paper_id), score: r.score, passed: r.passed, late },
    );
    return {
      attemptId,
      paperId: Number(a.paper_id),
      title: paper!.title,
      attemptNo: Number(a.attempt_no),
      submittedAt: now.toISOString(),
      late,
      score: r.score,
      totalScore: Number(paper!.total_score),
      passScore: Number(paper!.pass_score),
      passed: r.passed,
      correct: r.correct,
      questionCount: r.questionCount,
      attemptsLeft: Math.max(0, Number(paper!.max_attempts) - Number(a.attempt_no)),
    };
  });
}

// ---------- training records ----------

/** Every staff member with a training record in the actor's scope: sessions attended, exams taken and passed. */
export async function listRecords(db: Db, actor: Actor, q: { page: number; pageSize: number }) {
  const att = await queryRows<{ staff_id: string; branch_id: string; present: string; absent: string; minutes: string }>(
    db,
    sql`SELECT a.staff_id::text AS staff_id, max(a.branch_id)::text AS branch_id,
               count(*) FILTER (WHERE a.present)::text AS present, count(*) FILTER (WHERE NOT a.present)::text AS absent,
               coalesce(sum(s.duration_minutes) FILTER (WHERE a.present), 0)::text AS minutes
          FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
         WHERE ${scopeCondition(actor, { branchId: sql`a.branch_id`, officerId: sql`a.staff_id` })}
         GROUP BY a.staff_id`,
  );
  const ex = await queryRows<{ staff_id: string; branch_id: string; taken: string; passed: string; last_at: string | null }>(
    db,
    sql`SELECT t.staff_id::text AS staff_id, max(t.branch_id)::text AS branch_id, count(DISTINCT t.paper_id)::text AS taken,
               count(DISTINCT t.paper_id) FILTER (WHERE t.passed)::text AS passed, ${ts('max(t.submitted_at)')} AS last_at
          FROM training_attempts t WHERE t.submitted_at IS NOT NULL AND ${attemptScope(actor)} GROUP BY t.staff_id`,
  );
  const by = new Map<number, RecordItem & { branchId: number }>();
  const entry = (staffId: string, branchId: string) => {
    const id = Number(staffId);
    let e = by.get(id);
    if (!e) {
      e = {
        staffId: id,
        staffName: '',
        branchName: '',
        branchId: Number(branchId),
        sessionsAttended: 0,
        sessionsAbsent: 0,
        trainingMinutes: 0,
        examsTaken: 0,
        examsPassed: 0,
        lastExamAt: null,
      };
      by.set(id, e);
    }
    return e;
  };
  for (const r of att)
    Object.assign(entry(r.staff_id, r.branch_id), { sessionsAttended: +r.present, sessionsAbsent: +r.absent, trainingMinutes: +r.minutes });
  for (const r of ex)
    Object.assign(entry(r.staff_id, r.branch_id), { examsTaken: +r.taken, examsPassed: +r.passed, lastExamAt: r.last_at });
  const names = await displayNames(db, { staffIds: [...by.keys()], branchIds: [...by.values()].map((e) => e.branchId) });
  const all = [...by.values()]
    .map(({ branchId, ...e }) => ({
      ...e,
      staffName: names.staff.get(e.staffId) ?? `#${e.staffId}`,
      branchName: names.branches.get(branchId) ?? '',
    }))
    .sort((a, b) => a.branchName.localeCompare(b.branchName, 'zh') || a.staffId - b.staffId);
  return page(all, q);
}

/** One staff member's record: the sessions marked and every submitted exam. A manager sees staff in scope; anyone sees their own. */
export async function staffRecord(db: Db, actor: Actor, staffId: number): Promise<RecordDetail> {
  const s = await staffBrief(db, staffId);
  if (!s || (staffId !== actor.staffId && (actor.scope === 'OWN' || !(await isBranchInScope(db, actor, s.branchId)))))
    throw new AppError('OUT_OF_SCOPE', { staffId });
  const sessions = await queryRows<{
    id: string;
    topic: string;
    session_date: string;
    duration_minutes: number;
    trainer_name: string;
    present: boolean;
  }>(
    db,
    sql`SELECT s.id::text AS id, s.topic, ${day('s.session_date')} AS session_date, s.duration_minutes, s.trainer_name, a.present
          FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
         WHERE a.staff_id = ${staffId} ORDER BY s.session_date DESC, s.id DESC`,
  );
  const exams = await queryRows<AttemptRow & { title: string; total_score: number }>(
    db,
    sql`SELECT ${ATTEMPT_COLUMNS}, p.title, p.total_score FROM training_attempts t JOIN training_papers p ON p.id = t.paper_id
         WHERE t.staff_id = ${staffId} AND t.submitted_at IS NOT NULL ORDER BY t.submitted_at DESC, t.id DESC`,
  );
  return {
    staffId,
    staffName: s.name,
    branchName: s.branchName,
    sessions: sessions.map((r) => ({
      sessionId: Number(r.id),
      topic: r.topic,
      sessionDate: r.session_date,
      durationMinutes: Number(r.duration_minutes),
      trainerName: r.trainer_name,
      present: r.present,
    })),
    exams: exams.map((r) => ({
      paperId: Number(r.paper_id),
      title: r.title,
      attemptNo: Number(r.attempt_no),
      submittedAt: r.submitted_at!,
      late: r.late,
      score: Number(r.score),
      totalScore: Number(r.total_score),
      passed: r.passed === true,
    })),
  };
}

// ---------- the work report's door ----------

/**
 * The training figures of a period of business dates (both ends included), for the quarter's work report:
 * sessions held (by session date), present attendances at them, and their topics (first held first);
 * exams: the papers with a submission started in the period; examTakers: staff × paper pairs that
 * submitted (人次); passRatePct: the share of those pairs that passed (any attempt), two decimals.
 */
export async function trainingSummary(db: Db, p: { from: string; to: string }): Promise<TrainingSummary> {
  assertDates(p);
  const s = await queryOne<{ sessions: string; attendances: string }>(
    db,
    sql`SELECT count(DISTINCT s.id)::text AS sessions, count(a.staff_id) FILTER (WHERE a.present)::text AS attendances
          FROM training_sessions s LEFT JOIN training_attendance a ON a.session_id = s.id
         WHERE s.session_date BETWEEN ${p.from}::date AND ${p.to}::date`,
  );
  const topics = await queryRows<{ topic: string }>(
    db,
    sql`SELECT s.topic FROM training_sessions s WHERE s.session_date BETWEEN ${p.from}::date AND ${p.to}::date
         GROUP BY s.topic ORDER BY min(s.session_date), min(s.id)`,
  );
  const e = await queryOne<{ exams: string; takers: string; passed: string }>(
    db,
    sql`SELECT count(DISTINCT x.paper_id)::text AS exams, count(*)::text AS takers, count(*) FILTER (WHERE x.passed)::text AS passed
          FROM (SELECT t.paper_id, t.staff_id, bool_or(t.passed) AS passed FROM training_attempts t
                 WHERE t.submitted_at IS NOT NULL AND t.business_date BETWEEN ${p.from}::date AND ${p.to}::date
                 GROUP BY t.paper_id, t.staff_id) x`,
  );
  const takers = Number(e?.takers ?? 0);
  return {
    sessions: Number(s?.sessions ?? 0),
    exams: Number(e?.exams ?? 0),
    attendances: Number(s?.attendances ?? 0),
    examTakers: takers,
    passRatePct: percent(Number(e?.passed ?? 0), takers),
    topics: topics.map((t) => t.topic),
  };
}
