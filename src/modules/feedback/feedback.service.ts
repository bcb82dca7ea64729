/**
 * Feedback tickets (问题反馈, issue 13 §7): commands and queries.
 *
 * Who: the three key roles raise tickets (feedback:raise); the owning department's handlers
 * (feedback:handle:<department>) accept, work, optimise or reject them and may set the deadline — but
 * never on a ticket they raised themselves; feedback:read sees every ticket; a raiser sees their own.
 * Every command is audited and written on the ticket's timeline. Dates are business dates; the
 * escalation level is computed from the business date against the dates fixed with the deadline.
 */
import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { clock } from '../../kernel/clock.js';
import { addDays, isIsoDate } from '../../kernel/dates.js';
import { AppError, invariant } from '../../kernel/errors.js';
import { displayNames } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { addBusinessDays, getBusinessDate } from '../calendar/index.js';
import type { Actor, Permission } from '../org/index.js';
import {
  FEEDBACK_DEPARTMENTS,
  FEEDBACK_RAISER_ROLES,
  type FeedbackAttachment,
  type FeedbackCategory,
  type FeedbackCreateBody,
  type FeedbackDeadlineBody,
  type FeedbackDepartment,
  type FeedbackDetail,
  type FeedbackEvent,
  type FeedbackEventKind,
  type FeedbackListItem,
  type FeedbackPage,
  type FeedbackQuery,
  type FeedbackRaiserRole,
  type FeedbackStats,
  type FeedbackStatus,
  type FeedbackTransitionBody,
  type ReleaseCreateBody,
  type ReleaseItem,
  type ReleasePage,
} from './feedback.contract.js';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_TICKET,
  canLinkRelease,
  canMove,
  CATEGORY_DEADLINE_DAYS,
  CATEGORY_DEPARTMENT,
  CLOSED_STATUSES,
  escalationDates,
  escalationLevel,
  nextStatuses,
  sniffAttachmentType,
  statsSentence,
} from './rules.js';
import { feedbackAttachments, feedbackEvents, feedbackReleases, feedbackTickets } from './schema.js';

type TicketRow = typeof feedbackTickets.$inferSelect;
const AUDIT_TARGET = 'feedback_ticket';

// ---------------------------------------------------------------------------------------------
// who may do what

const handlePermission = (d: FeedbackDepartment): Permission => `feedback:handle:${d}` as Permission;

export function handledDepartments(actor: Actor): FeedbackDepartment[] {
  return FEEDBACK_DEPARTMENTS.filter((d) => actor.permissions.has(handlePermission(d)));
}

function hasAnyFeedbackPermission(actor: Actor): boolean {
  return actor.permissions.has('feedback:raise') || actor.permissions.has('feedback:read') || handledDepartments(actor).length > 0;
}

/** The tickets an actor sees: all with feedback:read, else their own and their departments'. */
function visibleTo(actor: Actor): SQL {
  if (actor.permissions.has('feedback:read')) return sql`TRUE`;
  const depts = handledDepartments(actor);
  const own = eq(feedbackTickets.raisedBy, actor.staffId);
  return depts.length === 0 ? own : sql`(${own} OR ${inArray(feedbackTickets.department, depts)})`;
}

function canHandle(actor: Actor, t: TicketRow): boolean {
  return actor.permissions.has(handlePermission(t.department as FeedbackDepartment)) && Number(t.raisedBy) !== actor.staffId;
}

function requireActor(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

/** The raiser's key role (the first of the three they hold). */
function raiserRole(actor: Actor): FeedbackRaiserRole {
  const role = FEEDBACK_RAISER_ROLES.find((r) => actor.roles.includes(r));
  if (!role) throw new AppError('FORBIDDEN', { permission: 'feedback:raise' });
  return role;
}

function cleanText(s: string, field: string): string {
  const out = s.replace(/\r\n/g, '\n').trim();
  if (!out || /[\p{Cc}]/u.test(out.replace(/[\n\t]/g, ''))) throw new AppError('FEEDBACK_INVALID', { field });
  return out;
}
function optionalClean(s: string | undefined, field: string): string | null {
  return s === undefined || !s.trim() ? null : cleanText(s, field);
}

// ---------------------------------------------------------------------------------------------
// commands

async function addEvent(
  tx: Tx,
  ticketId: number,
  actor: Actor,
  businessDate: string,
  kind: FeedbackEventKind,
  e: { from?: FeedbackStatus | null; to?: FeedbackStatus | null; comment?: string | null } = {},
  at: Date = clock.now(),
): Promise<void> {
  await tx.insert(feedbackEvents).values({
    ticketId,
    kind,
    fromStatus: e.from ?? null,
    toStatus: e.to ?? null,
    comment: e.comment ?? null,
    actorId: actor.staffId,
    businessDate,
    createdAt: at,
  });
}

/** Raises a ticket (201): deadline from the category's default in business days, department from the category unless named. */
export async function createTicket(ctx: AppContext, cmd: CommandContext, body: FeedbackCreateBody): Promise<FeedbackDetail> {
  const actor = requireActor(cmd);
  const role = raiserRole(actor);
  const title = cleanText(body.title, 'title').replace(/\s+/g, ' ');
  const description = cleanText(body.description, 'description');
  const relatedModule = optionalClean(body.relatedModule, 'relatedModule');
  const category: FeedbackCategory = body.category ?? 'OTHER';
  const department = body.department ?? CATEGORY_DEPARTMENT[category];
  const id = await withTx(ctx.db, async (tx) => {
    const businessDate = await getBusinessDate(tx);
    const dates = escalationDates(addBusinessDays(businessDate, CATEGORY_DEADLINE_DAYS[category]), addBusinessDays);
    const now = clock.now();
    const [row] = await tx
      .insert(feedbackTickets)
      .values({
        title,
        description,
        category,
        department,
        relatedModule,
        status: 'OPEN',
        raisedBy: actor.staffId,
        raiserRole: role,
        raisedDate: businessDate,
        ...dates,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: feedbackTickets.id });
    const ticketId = Number(row!.id);
    await addEvent(tx, ticketId, actor, businessDate, 'CREATED', { to: 'OPEN' }, now);
    await auditCommand(
      tx,
      cmd,
      'feedback.create',
      { type: AUDIT_TARGET, id: String(ticketId) },
      { category, department, deadline: dates.deadlineDate },
    );
    return ticketId;
  });
  return getTicket(ctx, actor, id);
}

async function lockTicket(tx: Tx, actor: Actor, id: number): Promise<TicketRow> {
  const [row] = await tx
    .select()
    .from(feedbackTickets)
    .where(and(eq(feedbackTickets.id, id), visibleTo(actor)))
    .for('update');
  if (!row) throw new AppError('FEEDBACK_NOT_FOUND');
  return row;
}

function requireHandler(actor: Actor, t: TicketRow): void {
  if (!actor.permissions.has(handlePermission(t.department as FeedbackDepartment)))
    throw new AppError('FEEDBACK_FORBIDDEN', { department: t.department });
  if (Number(t.raisedBy) === actor.staffId) throw new AppError('FEEDBACK_OWN_TICKET');
}

async function moveTicket(
  tx: Tx,
  cmd: CommandContext,
  actor: Actor,
  t: TicketRow,
  to: FeedbackStatus,
  extra: { comment: string | null; reason?: string | null; releaseId?: number | null },
): Promise<void> {
  const from = t.status as FeedbackStatus;
  const businessDate = await getBusinessDate(tx);
  const closing = CLOSED_STATUSES.includes(to);
  const at = clock.now(); // the ticket and its timeline event: one instant
  await tx
    .update(feedbackTickets)
    .set({
      status: to,
      rejectReason: to === 'REJECTED' ? extra.reason! : null,
      closedDate: closing ? businessDate : null,
      ...(extra.releaseId !== undefined ? { releaseId: extra.releaseId } : {}),
      updatedAt: at,
    })
    .where(eq(feedbackTickets.id, t.id));
  const comment = to === 'REJECTED' ? extra.reason! : extra.comment;
  await addEvent(tx, Number(t.id), actor, businessDate, 'STATUS', { from, to, comment }, at);
  await auditCommand(
    tx,
    cmd,
    'feedback.transition',
    { type: AUDIT_TARGET, id: String(t.id) },
    { from, to, releaseId: extra.releaseId ?? null },
  );
}

/** Moves a ticket along OPEN → ACCEPTED → IN_PROGRESS → OPTIMISED, or to REJECTED with a reason (422 without). */
export async function transitionTicket(
  ctx: AppContext,
  cmd: CommandContext,
  id: number,
  body: FeedbackTransitionBody,
): Promise<FeedbackDetail> {
  const actor = requireActor(cmd);
  await withTx(ctx.db, async (tx) => {
    const t = await lockTicket(tx, actor, id);
    requireHandler(actor, t);
    if (!canMove(t.status as FeedbackStatus, body.to)) throw new AppError('FEEDBACK_TRANSITION_INVALID', { from: t.status, to: body.to });
    const reason = optionalClean(body.reason, 'reason');
    if (body.to === 'REJECTED' && !reason) throw new AppError('FEEDBACK_REJECT_REASON_REQUIRED');
    await moveTicket(tx, cmd, actor, t, body.to, { comment: optionalClean(body.comment, 'comment'), reason });
  });
  return getTicket(ctx, actor, id);
}

/** A comment on the timeline, by the raiser or a handler of the department. */
export async function commentTicket(ctx: AppContext, cmd: CommandContext, id: number, comment: string): Promise<FeedbackDetail> {
  const actor = requireActor(cmd);
  await withTx(ctx.db, async (tx) => {
    const t = await lockTicket(tx, actor, id);
    const raiser = Number(t.raisedBy) === actor.staffId;
    if (!raiser && !actor.permissions.has(handlePermission(t.department as FeedbackDepartment))) throw new AppError('FEEDBACK_FORBIDDEN');
    const text = cleanText(comment, 'comment');
    await addEvent(tx, Number(t.id), actor, await getBusinessDate(tx), 'COMMENT', { comment: text });
    await auditCommand(tx, cmd, 'feedback.comment', { type: AUDIT_TARGET, id: String(t.id) }, null);
  });
  return getTicket(ctx, actor, id);
}

/** The department sets the deadline (not before the business date, at most a year ahead); escalation follows it. */
export async function setDeadline(ctx: AppContext, cmd: CommandContext, id: number, body: FeedbackDeadlineBody): Promise<FeedbackDetail> {
  const actor = requireActor(cmd);
  await withTx(ctx.db, async (tx) => {
    const t = await lockTicket(tx, actor, id);
    requireHandler(actor, t);
    if (CLOSED_STATUSES.includes(t.status as FeedbackStatus)) throw new AppError('FEEDBACK_TRANSITION_INVALID', { from: t.status });
    const businessDate = await getBusinessDate(tx);
    if (body.deadlineDate < businessDate || body.deadlineDate > addDays(businessDate, 366)) {
      throw new AppError('FEEDBACK_DEADLINE_INVALID', { deadlineDate: body.deadlineDate, businessDate });
    }
    const dates = escalationDates(body.deadlineDate, addBusinessDays);
    const at = clock.now();
    await tx
      .update(feedbackTickets)
      .set({ ...dates, updatedAt: at })
      .where(eq(feedbackTickets.id, t.id));
    const note = optionalClean(body.comment, 'comment');
    await addEvent(
      tx,
      Number(t.id),
      actor,
      businessDate,
      'DEADLINE',
      { comment: `${t.deadlineDate} → ${body.deadlineDate}${note ? `：${note}` : ''}` },
      at,
    );
    await auditCommand(
      tx,
      cmd,
      'feedback.deadline',
      { type: AUDIT_TARGET, id: String(t.id) },
      { from: t.deadlineDate, to: body.deadlineDate },
    );
  });
  return getTicket(ctx, actor, id);
}

/** Attaches a small file (image or PDF by its first bytes, 2 MB at most, 10 per ticket), by the raiser or a handler. */
export async function addAttachment(
  ctx: AppContext,
  cmd: CommandContext,
  id: number,
  input: { fileName: string; bytes: Buffer },
): Promise<FeedbackAttachment> {
  const actor = requireActor(cmd);
  const size = input.bytes.length;
  if (size === 0 || size > ATTACHMENT_MAX_BYTES)
    throw new AppError('FEEDBACK_ATTACHMENT_TOO_LARGE', { sizeBytes: size, maxBytes: ATTACHMENT_MAX_BYTES });
  const contentType = sniffAttachmentType(input.bytes);
  if (!contentType) throw new AppError('FEEDBACK_ATTACHMENT_TYPE');
  const fileName = input.fileName.replace(/[\p{Cc}/\\]/gu, '_').trim() || 'attachment';
  return withTx(ctx.db, async (tx) => {
    const t = await lockTicket(tx, actor, id);
    const raiser = Number(t.raisedBy) === actor.staffId;
    if (!raiser && !actor.permissions.has(handlePermission(t.department as FeedbackDepartment))) throw new AppError('FEEDBACK_FORBIDDEN');
    const [{ n }] = await tx.select({ n: count() }).from(feedbackAttachments).where(eq(feedbackAttachments.ticketId, t.id));
    if (Number(n) >= ATTACHMENTS_PER_TICKET) throw new AppError('FEEDBACK_ATTACHMENT_LIMIT');
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const [row] = await tx
      .insert(feedbackAttachments)
      .values({
        ticketId: t.id,
        fileName,
        contentType,
        sizeBytes: size,
        sha256,
        content: input.bytes,
        uploadedBy: actor.staffId,
        createdAt: clock.now(),
      })
      .returning();
    await addEvent(tx, Number(t.id), actor, await getBusinessDate(tx), 'ATTACHMENT', { comment: fileName });
    await auditCommand(
      tx,
      cmd,
      'feedback.attach',
      { type: AUDIT_TARGET, id: String(t.id) },
      { attachmentId: Number(row!.id), contentType, sizeBytes: size, sha256 },
    );
    return attachmentView(row!);
  });
}

/** An attachment's bytes, for anyone who may see its ticket. */
export async function getAttachment(
  ctx: AppContext,
  actor: Actor,
  ticketId: number,
  attachmentId: number,
): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  await getTicketRow(ctx.db, actor, ticketId);
  const [row] = await ctx.db
    .select()
    .from(feedbackAttachments)
    .where(and(eq(feedbackAttachments.id, attachmentId), eq(feedbackAttachments.ticketId, ticketId)));
  if (!row) throw new AppError('FEEDBACK_NOT_FOUND');
  return { fileName: row.fileName, contentType: row.contentType, content: row.content };
}

// ---------------------------------------------------------------------------------------------
// releases

/** Records a release (feedback:release); the tickets it answers become OPTIMISED. */
export async function createRelease(ctx: AppContext, cmd: CommandContext, body: ReleaseCreateBody): Promise<ReleaseItem> {
  const actor = requireActor(cmd);
  const version = cleanText(body.version, 'version');
  const notes = cleanText(body.notes, 'notes');
  // the contract checks the shape (YYYY-MM-DD); a day that does not exist (2026-02-30) is refused here
  if (!isIsoDate(body.releaseDate)) throw new AppError('VALIDATION_FAILED', { field: 'releaseDate', value: body.releaseDate });
  const id = await withTx(ctx.db, async (tx) => {
    const [taken] = await tx.select({ id: feedbackReleases.id }).from(feedbackReleases).where(eq(feedbackReleases.version, version));
    if (taken) throw new AppError('FEEDBACK_RELEASE_VERSION_TAKEN', { version });
    const [row] = await tx
      .insert(feedbackReleases)
      .values({ version, releaseDate: body.releaseDate, notes, createdBy: actor.staffId, createdAt: clock.now() })
      .returning({ id: feedbackReleases.id });
    const releaseId = Number(row!.id);
    await auditCommand(
      tx,
      cmd,
      'feedback.release',
      { type: 'feedback_release', id: String(releaseId) },
      { version, releaseDate: body.releaseDate },
    );
    await linkTickets(tx, cmd, actor, releaseId, version, body.ticketIds ?? []);
    return releaseId;
  });
  return getRelease(ctx.db, id);
}

/** Links more tickets to a release; each must be ACCEPTED or IN_PROGRESS (409), and becomes OPTIMISED. */
export async function linkRelease(ctx: AppContext, cmd: CommandContext, releaseId: number, ticketIds: number[]): Promise<ReleaseItem> {
  const actor = requireActor(cmd);
  await withTx(ctx.db, async (tx) => {
    const [rel] = await tx.select().from(feedbackReleases).where(eq(feedbackReleases.id, releaseId));
    if (!rel) throw new AppError('FEEDBACK_RELEASE_NOT_FOUND');
    await linkTickets(tx, cmd, actor, releaseId, rel.version, ticketIds);
  });
  return getRelease(ctx.db, releaseId);
}

async function linkTickets(
  tx: Tx,
  cmd: CommandContext,
  actor: Actor,
  releaseId: number,
  version: string,
  ticketIds: number[],
): Promise<void> {
  const ids = [...new Set(ticketIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  const rows = await tx
    .select()
    .from(feedbackTickets)
    .where(inArray(feedbackTickets.id, ids))
    .orderBy(asc(feedbackTickets.id))
    .for('update');
  if (rows.length !== ids.length)
    throw new AppError('FEEDBACK_NOT_FOUND', { ticketIds: ids.filter((i) => !rows.some((r) => Number(r.id) === i)) });
  const refused = rows.filter((r) => !canLinkRelease(r.status as FeedbackStatus)).map((r) => Number(r.id));
  if (refused.length > 0) throw new AppError('FEEDBACK_RELEASE_LINK_INVALID', { ticketIds: refused });
  for (const t of rows) {
    await moveTicket(tx, cmd, actor, t, 'OPTIMISED', { comment: `版本 ${version} 已上线`, releaseId });
    await addEvent(tx, Number(t.id), actor, await getBusinessDate(tx), 'RELEASE', { comment: version });
  }
}

async function getRelease(db: Db, id: number): Promise<ReleaseItem> {
  const [row] = await db.select().from(feedbackReleases).where(eq(feedbackReleases.id, id));
  invariant(row, `release ${id} just written`);
  return (await releaseItems(db, [row]))[0]!;
}

async function releaseItems(db: Db, rows: Array<typeof feedbackReleases.$inferSelect>): Promise<ReleaseItem[]> {
  const ids = rows.map((r) => Number(r.id));
  const tickets =
    ids.length === 0
      ? []
      : await db
          .select({ id: feedbackTickets.id, title: feedbackTickets.title, releaseId: feedbackTickets.releaseId })
          .from(feedbackTickets)
          .where(inArray(feedbackTickets.releaseId, ids))
          .orderBy(asc(feedbackTickets.id));
  const names = await displayNames(db, { staffIds: rows.map((r) => Number(r.createdBy)) });
  return rows.map((r) => ({
    id: Number(r.id),
    version: r.version,
    releaseDate: r.releaseDate,
    notes: r.notes,
    createdBy: Number(r.createdBy),
    createdByName: names.staff.get(Number(r.createdBy)) ?? null,
    createdAt: r.createdAt.toISOString(),
    tickets: tickets.filter((t) => Number(t.releaseId) === Number(r.id)).map((t) => ({ id: Number(t.id), title: t.title })),
  }));
}

/** The release log, newest first (anyone with a feedback permission). */
export async function listReleases(ctx: AppContext, actor: Actor, query: { page: number; pageSize: number }): Promise<ReleasePage> {
  if (!hasAnyFeedbackPermission(actor)) throw new AppError('FORBIDDEN', { permission: 'feedback:read' });
  const { page, pageSize } = paging(query);
  const [{ n }] = await ctx.db.select({ n: count() }).from(feedbackReleases);
  const rows = await ctx.db
    .select()
    .from(feedbackReleases)
    .orderBy(desc(feedbackReleases.releaseDate), desc(feedbackReleases.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items: await releaseItems(ctx.db, rows), total: Number(n), page, pageSize };
}

// ---------------------------------------------------------------------------------------------
// queries

function paging(q: { page: number; pageSize: number }) {
  return { page: Math.max(1, Math.trunc(q.page)), pageSize: Math.min(200, Math.max(1, Math.trunc(q.pageSize))) };
}

async function getTicketRow(db: Db, actor: Actor, id: number): Promise<TicketRow> {
  const [row] = await db
    .select()
    .from(feedbackTickets)
    .where(and(eq(feedbackTickets.id, id), visibleTo(actor)));
  if (!row) throw new AppError('FEEDBACK_NOT_FOUND');
  return row;
}

function listItem(t: TicketRow, businessDate: string, names: Map<number, string>, versions: Map<number, string>): FeedbackListItem {
  const level = escalationLevel(t.status as FeedbackStatus, businessDate, t);
  return {
    id: Number(t.id),
    title: t.title,
    category: t.category as FeedbackCategory,
    department: t.department as FeedbackDepartment,
    status: t.status as FeedbackStatus,
    raisedBy: Number(t.raisedBy),
    raiserName: names.get(Number(t.raisedBy)) ?? null,
    raiserRole: t.raiserRole as FeedbackRaiserRole,
    raisedDate: t.raisedDate,
    deadlineDate: t.deadlineDate,
    escalationLevel: level,
    overdue: level > 0,
    releaseVersion: t.releaseId === null ? null : (versions.get(Number(t.releaseId)) ?? null),
    closedDate: t.closedDate,
  };
}

async function releaseVersions(db: Db, rows: TicketRow[]): Promise<Map<number, string>> {
  const ids = [...new Set(rows.filter((r) => r.releaseId !== null).map((r) => Number(r.releaseId)))];
  if (ids.length === 0) return new Map();
  const rels = await db
    .select({ id: feedbackReleases.id, version: feedbackReleases.version })
    .from(feedbackReleases)
    .where(inArray(feedbackReleases.id, ids));
  return new Map(rels.map((r) => [Number(r.id), r.version]));
}

const OPEN_STATUSES = ['OPEN', 'ACCEPTED', 'IN_PROGRESS'] as const;

/** Tickets the actor sees, newest first, with filters; overdue compares the escalation date with the business date. */
export async function listTickets(ctx: AppContext, actor: Actor, query: FeedbackQuery): Promise<FeedbackPage> {
  if (!hasAnyFeedbackPermission(actor)) throw new AppError('FORBIDDEN', { permission: 'feedback:read' });
  const { page, pageSize } = paging(query);
  const businessDate = await getBusinessDate(ctx.db);
  const conds: SQL[] = [visibleTo(actor)];
  if (query.status) conds.push(eq(feedbackTickets.status, query.status));
  if (query.department) conds.push(eq(feedbackTickets.department, query.department));
  if (query.category) conds.push(eq(feedbackTickets.category, query.category));
  if (query.mine === 'true') conds.push(eq(feedbackTickets.raisedBy, actor.staffId));
  if (query.overdue === 'true') {
    conds.push(sql`${inArray(feedbackTickets.status, [...OPEN_STATUSES])} AND ${feedbackTickets.escalation1Date} <= ${businessDate}::date`);
  }
  const where = and(...conds);
  const [{ n }] = await ctx.db.select({ n: count() }).from(feedbackTickets).where(where);
  const rows = await ctx.db
    .select()
    .from(feedbackTickets)
    .where(where)
    .orderBy(desc(feedbackTickets.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const names = await displayNames(ctx.db, { staffIds: rows.map((r) => Number(r.raisedBy)) });
  const versions = await releaseVersions(ctx.db, rows);
  return { items: rows.map((r) => listItem(r, businessDate, names.staff, versions)), total: Number(n), page, pageSize };
}

export async function getTicket(ctx: AppContext, actor: Actor, id: number): Promise<FeedbackDetail> {
  const t = await getTicketRow(ctx.db, actor, id);
  const businessDate = await getBusinessDate(ctx.db);
  const events = await ctx.db.select().from(feedbackEvents).where(eq(feedbackEvents.ticketId, t.id)).orderBy(asc(feedbackEvents.id));
  const files = await ctx.db
    .select({
      id: feedbackAttachments.id,
      fileName: feedbackAttachments.fileName,
      contentType: feedbackAttachments.contentType,
      sizeBytes: feedbackAttachments.sizeBytes,
      uploadedBy: feedbackAttachments.uploadedBy,
      createdAt: feedbackAttachments.createdAt,
    })
    .from(feedbackAttachments)
    .where(eq(feedbackAttachments.ticketId, t.id))
    .orderBy(asc(feedbackAttachments.id));
  const names = await displayNames(ctx.db, { staffIds: [Number(t.raisedBy), ...events.map((e) => Number(e.actorId))] });
  const versions = await releaseVersions(ctx.db, [t]);
  const handler = canHandle(actor, t);
  const timeline: FeedbackEvent[] = events.map((e) => ({
    id: Number(e.id),
    kind: e.kind as FeedbackEventKind,
    fromStatus: e.fromStatus as FeedbackStatus | null,
    toStatus: e.toStatus as FeedbackStatus | null,
    comment: e.comment,
    actorId: Number(e.actorId),
    actorName: names.staff.get(Number(e.actorId)) ?? null,
    businessDate: e.businessDate,
    at: e.createdAt.toISOString(),
  }));
  return {
    ...listItem(t, businessDate, names.staff, versions),
    description: t.description,
    relatedModule: t.relatedModule,
    rejectReason: t.rejectReason,
    releaseId: t.releaseId === null ? null : Number(t.releaseId),
    escalation1Date: t.escalation1Date,
    escalation2Date: t.escalation2Date,
    canHandle: handler,
    nextStatuses: handler ? [...nextStatuses(t.status as FeedbackStatus)] : [],
    timeline,
    attachments: files.map(attachmentView),
  };
}

function attachmentView(r: {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: number;
  createdAt: Date;
}): FeedbackAttachment {
  return {
    id: Number(r.id),
    fileName: r.fileName,
    contentType: r.contentType,
    sizeBytes: Number(r.sizeBytes),
    uploadedBy: Number(r.uploadedBy),
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Statistics over every ticket of the bank (the figures the bank reports, not limited to the
 * viewer's tickets): inProgress = OPEN + ACCEPTED + IN_PROGRESS; overdue = not closed on a business
 * date on or after the ticket's level-1 escalation date.
 */
export async function feedbackStats(ctx: AppContext, actor: Actor, lang: 'zh' | 'en'): Promise<FeedbackStats> {
  if (!hasAnyFeedbackPermission(actor)) throw new AppError('FORBIDDEN', { permission: 'feedback:read' });
  const businessDate = await getBusinessDate(ctx.db);
  // grouped by the columns themselves; the dates are compared with the business date here
  const rows = await ctx.db
    .select({
      department: feedbackTickets.department,
      role: feedbackTickets.raiserRole,
      status: feedbackTickets.status,
      escalation1Date: feedbackTickets.escalation1Date,
      escalation2Date: feedbackTickets.escalation2Date,
      n: count(),
    })
    .from(feedbackTickets)
    .groupBy(
      feedbackTickets.department,
      feedbackTickets.raiserRole,
      feedbackTickets.status,
      feedbackTickets.escalation1Date,
      feedbackTickets.escalation2Date,
    );
  const tally = () => ({ total: 0, optimised: 0, inProgress: 0, rejected: 0, overdue: 0 });
  const all = { ...tally(), open: 0, accepted: 0, handling: 0, escalatedLevel2: 0 };
  const byDept = new Map(FEEDBACK_DEPARTMENTS.map((d) => [d, tally()]));
  const byRole = new Map(FEEDBACK_RAISER_ROLES.map((r) => [r, tally()]));
  for (const r of rows) {
    const n = Number(r.n);
    const status = r.status as FeedbackStatus;
    const open = (OPEN_STATUSES as readonly string[]).includes(status);
    const level = escalationLevel(status, businessDate, r);
    const late = level >= 1;
    const late2 = level === 2;
    for (const t of [all, byDept.get(r.department as FeedbackDepartment)!, byRole.get(r.role as FeedbackRaiserRole)!]) {
      t.total += n;
      if (status === 'OPTIMISED') t.optimised += n;
      if (status === 'REJECTED') t.rejected += n;
      if (open) t.inProgress += n;
      if (late) t.overdue += n;
    }
    if (status === 'OPEN') all.open += n;
    if (status === 'ACCEPTED') all.accepted += n;
    if (status === 'IN_PROGRESS') all.handling += n;
    if (late2) all.escalatedLevel2 += n;
  }
  return {
    businessDate,
    ...all,
    byDepartment: [...byDept].map(([department, t]) => ({
      department,
      total: t.total,
      optimised: t.optimised,
      inProgress: t.inProgress,
      overdue: t.overdue,
    })),
    byRaiserRole: [...byRole].map(([role, t]) => ({ role, total: t.total, optimised: t.optimised, inProgress: t.inProgress })),
    sentence: statsSentence(all, lang),
  };
}
