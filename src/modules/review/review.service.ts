/**
 * Review (AB角) commands and queries: a maker submits a change, a different person holding the
 * type's checker permission approves (the change is applied in the same transaction) or rejects it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, InvariantError, isAppError } from '../../kernel/errors.js';
import type { Actor } from '../org/index.js';
import type { Permission } from '../org/index.js';
import { isBranchInScope, scopeCondition } from '../org/index.js';
import { auditCommand } from '../audit/index.js';
import { checkerPermissionOf, type ApplyContext, type ChangeTypeSpec, type ChangeTypes, type DiffLine } from './registry.js';
import type { CannotCheckReason, ReviewRequestView, ReviewSummary } from './review.contract.js';
import type { ReviewStatus } from './schema.js';

/** Requests whose target is an import batch carry its id as target_id (shown as importId). */
export const IMPORT_TARGET_TYPE = 'import_batch';
/**
 * Requests about a staff member carry target_type 'staff' and the staff id as target_id: that person
 * is the change's subject, and may neither make nor check it (REVIEW_SUBJECT_CONFLICT).
 */
export const STAFF_TARGET_TYPE = 'staff';
const AUDIT_TARGET = 'review_request';

export interface SubmitChangeInput<P = unknown> {
  type: string;
  payload: P;
  targetType?: string;
  targetId?: string | number;
}

export interface SubmitChangeResult {
  requestId: number;
  status: 'PENDING' | 'APPLIED_DIRECTLY';
}

export { CANNOT_CHECK_REASONS, type CannotCheckReason, type ReviewRequestView } from './review.contract.js';

export interface ListRequestsQuery {
  status?: ReviewStatus;
  type?: string;
  /** Requests about one object, e.g. { type: 'staff', id: 12 }. */
  target?: { type: string; id: string | number };
  page: number;
  pageSize: number;
  /** Language of titles and type names; Chinese by default. */
  lang?: 'zh' | 'en';
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

// ---------------------------------------------------------------------------------------------
// commands

/**
 * Records a change request with its diff. When the policy for the type requires no review the
 * change is applied at once, in the caller's transaction, and the request is APPLIED_DIRECTLY.
 */
export async function submitChange<P>(
  app: AppContext,
  tx: Tx,
  cmd: CommandContext,
  input: SubmitChangeInput<P>,
): Promise<SubmitChangeResult> {
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  const spec = app.changeTypes.get(input.type) as ChangeTypeSpec<P> | undefined;
  if (!spec) throw new AppError('REVIEW_TYPE_UNKNOWN', { type: input.type });

  if (isSubject(input.targetType, input.targetId, actor.staffId)) throw new AppError('REVIEW_SUBJECT_CONFLICT');

  const payload = input.payload;
  const diff = await spec.describe(tx, payload, app);
  const branchId = spec.branchId?.(payload) ?? null;
  const permission = checkerPermissionOf(spec as ChangeTypeSpec<unknown>, payload, app);
  const direct = !(await reviewRequiredFor(tx, spec as ChangeTypeSpec<unknown>, payload));
  const status = direct ? 'APPLIED_DIRECTLY' : 'PENDING';

  const row = await queryOne<{ id: number | string }>(
    tx,
    sql`INSERT INTO review_requests
          (change_type, status, payload, diff, title_zh, title_en, target_type, target_id, branch_id,
           checker_permission, maker_id, maker_username, maker_name, decided_at, created_at)
        VALUES (${spec.type}, ${status}, ${JSON.stringify(payload)}::jsonb, ${JSON.stringify(diff)}::jsonb,
                ${spec.titleZh(payload, app)}, ${spec.titleEn(payload, app)}, ${input.targetType ?? null},
                ${input.targetId === undefined ? null : String(input.targetId)}, ${branchId},
                ${permission}, ${actor.staffId}, ${actor.username}, ${actor.name ?? null},
                ${direct ? nowParam() : sql`NULL`}, ${nowParam()})
        RETURNING id`,
  );
  if (!row) throw new InvariantError('review request insert returned no row');
  const requestId = Number(row.id);

  if (direct) {
    await applyChange(tx, spec, payload, { requestId, makerId: actor.staffId, checkerId: null, cmd, app });
  }
  await auditCommand(
    tx,
    cmd,
    'review.submit',
    { type: AUDIT_TARGET, id: String(requestId) },
    {
      changeType: spec.type,
      status,
      targetType: input.targetType ?? null,
      targetId: input.targetId === undefined ? null : String(input.targetId),
    },
  );
  return { requestId, status };
}

/** Approves a pending request and applies it, all in one transaction. */
export async function approveRequest(
  app: AppContext,
  cmd: CommandContext,
  id: number,
  comment?: string | null,
): Promise<ReviewRequestView> {
  return withTx(app.db, async (tx) => {
    const { actor, row, spec } = await lockForDecision(app.changeTypes, tx, cmd, id);
    const note = comment?.trim() || null;
    await applyChange(tx, spec, row.payload, {
      requestId: id,
      makerId: Number(row.maker_id),
      checkerId: actor.staffId,
      cmd,
      app,
    });
    await recordDecision(tx, actor, id, 'APPROVED', note);
    await auditCommand(
      tx,
      cmd,
      'review.approve',
      { type: AUDIT_TARGET, id: String(id) },
      {
        changeType: row.change_type,
        requestId: id,
        makerId: Number(row.maker_id),
      },
    );
    return loadView(app.changeTypes, tx, actor, id, cmd.lang);
  });
}

/** Rejects a pending request (a comment is required); nothing is applied. */
export async function rejectRequest(app: AppContext, cmd: CommandContext, id: number, comment: string): Promise<ReviewRequestView> {
  return withTx(app.db, async (tx) => {
    const { actor, row, spec } = await lockForDecision(app.changeTypes, tx, cmd, id);
    const note = (comment ?? '').trim();
    if (!note) throw new AppError('REVIEW_COMMENT_REQUIRED');
    await spec.onReject?.(tx, row.payload, {
      requestId: id,
      makerId: Number(row.maker_id),
      checkerId: actor.staffId,
      cmd,
      app,
    });
    await recordDecision(tx, actor, id, 'REJECTED', note);
    await auditCommand(
      tx,
      cmd,
      'review.reject',
      { type: AUDIT_TARGET, id: String(id) },
      {
        changeType: row.change_type,
        requestId: id,
        makerId: Number(row.maker_id),
      },
    );
    return loadView(app.changeTypes, tx, actor, id, cmd.lang);
  });
}

interface LockedRow {
  id: number | string;
  change_type: string;
  status: ReviewStatus;
  payload: unknown;
  branch_id: number | string | null;
  checker_permission: string;
  maker_id: number | string;
  target_type: string | null;
  target_id: string | null;
}

function isSubject(targetType: string | null | undefined, targetId: string | number | null | undefined, staffId: number): boolean {
  return targetType === STAFF_TARGET_TYPE && targetId !== null && targetId !== undefined && String(targetId) === String(staffId);
}

/**
 * Locks the request and checks, in this order: it exists; the checker is not the maker nor the
 * change's subject; it is in
 * the checker's scope (else "not found"); it is pending; the checker holds the type's permission.
 */
async function lockForDecision(types: ChangeTypes, tx: Tx, cmd: CommandContext, id: number) {
  const row = await queryOne<LockedRow>(
    tx,
    sql`SELECT id, change_type, status, payload, branch_id, checker_permission, maker_id, target_type, target_id
        FROM review_requests WHERE id = ${id} FOR UPDATE`,
  );
  if (!row) throw new AppError('REVIEW_NOT_FOUND');
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  if (Number(row.maker_id) === actor.staffId) throw new AppError('REVIEW_SELF_APPROVAL');
  if (isSubject(row.target_type, row.target_id, actor.staffId)) throw new AppError('REVIEW_SUBJECT_CONFLICT');

  const permission = row.checker_permission as Permission;
  const holds = actor.permissions.has(permission);
  const branchId = row.branch_id === null ? null : Number(row.branch_id);
  const visible = branchId === null ? actor.scope === 'BANK' || holds : await isBranchInScope(tx, actor, branchId);
  if (!visible) throw new AppError('REVIEW_NOT_FOUND');
  if (row.status !== 'PENDING') throw new AppError('REVIEW_NOT_PENDING', { status: row.status });
  if (!holds) throw new AppError('REVIEW_CHECKER_FORBIDDEN', { permission });

  const spec = types.get(row.change_type);
  if (!spec) throw new InvariantError(`review request ${id} has unregistered change type ${row.change_type}`);
  return { actor, row, spec };
}

async function recordDecision(tx: Tx, actor: Actor, id: number, status: 'APPROVED' | 'REJECTED', comment: string | null) {
  await tx.execute(
    sql`UPDATE review_requests
        SET status = ${status}, checker_id = ${actor.staffId}, checker_username = ${actor.username},
            comment = ${comment}, decided_at = ${nowParam()}
        WHERE id = ${id} AND status = 'PENDING'`,
  );
}

/**
 * Runs spec.apply. Business failures (AppError) pass through; a constraint violation means the
 * data changed since submission and becomes REVIEW_APPLY_FAILED. Either way the caller's
 * transaction rolls back, so a failed approval leaves the request pending.
 */
async function applyChange<P>(tx: Tx, spec: ChangeTypeSpec<P>, payload: P, ctx: ApplyContext): Promise<void> {
  try {
    await spec.apply(tx, payload, ctx);
  } catch (err) {
    if (isAppError(err)) throw err;
    const state = sqlState(err);
    if (state?.startsWith('23')) {
      throw new AppError('REVIEW_APPLY_FAILED', { sqlState: state, constraint: constraintOf(err) });
    }
    throw err;
  }
}

/** SQLSTATE of a database error, looking through driver and ORM wrappers. */
export function sqlState(err: unknown): string | null {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

function constraintOf(err: unknown): string | null {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const c = (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// policies

async function reviewRequiredFor(tx: Tx, spec: ChangeTypeSpec<unknown>, payload: unknown): Promise<boolean> {
  const always = typeof spec.alwaysReviewed === 'function' ? spec.alwaysReviewed(payload) : spec.alwaysReviewed === true;
  if (always) return true;
  return isReviewRequired(tx, spec.type);
}

/** Whether changes of a type need a second person; no configured row means they do. */
export async function isReviewRequired(db: Db, changeType: string): Promise<boolean> {
  const row = await queryOne<{ r: boolean }>(db, sql`SELECT review_required AS r FROM review_policies WHERE change_type = ${changeType}`);
  return row ? row.r === true : true;
}

// ---------------------------------------------------------------------------------------------
// queries

interface ViewRow {
  id: number | string;
  change_type: string;
  status: ReviewStatus;
  diff: DiffLine[];
  title_zh: string;
  title_en: string;
  target_type: string | null;
  target_id: string | null;
  maker_id: number | string;
  maker_username: string;
  maker_name: string | null;
  checker_id: number | string | null;
  checker_username: string | null;
  comment: string | null;
  created_at: string;
  decided_at: string | null;
  can_check: boolean;
  cannot_check_reason: CannotCheckReason | null;
}

/** Requests the actor may see, newest first, with whether the actor may decide each. */
export async function listRequests(app: AppContext, actor: Actor, query: ListRequestsQuery): Promise<Page<ReviewRequestView>> {
  const db = app.db;
  const page = Math.max(1, Math.trunc(query.page));
  const pageSize = Math.min(200, Math.max(1, Math.trunc(query.pageSize)));
  const where = [visibleTo(actor)];
  if (query.status) where.push(sql`r.status = ${query.status}`);
  if (query.type) where.push(sql`r.change_type = ${query.type}`);
  if (query.target) where.push(sql`r.target_type = ${query.target.type} AND r.target_id = ${String(query.target.id)}`);
  const cond = sql.join(where, sql` AND `);

  const count = await queryOne<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM review_requests r WHERE ${cond}`);
  const rows = await queryRows<ViewRow>(
    db,
    sql`${viewSelect(actor)} WHERE ${cond} ORDER BY r.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  return { items: rows.map((r) => toView(app.changeTypes, r, query.lang ?? 'zh')), total: Number(count?.n ?? 0), page, pageSize };
}

/** The pending queue the actor sees, in numbers: visible, checkable by the actor, their own waiting, per type. */
export async function reviewSummary(app: AppContext, actor: Actor, lang: 'zh' | 'en' = 'zh'): Promise<ReviewSummary> {
  const rows = await queryRows<{ change_type: string; pending: number | string; checkable: number | string; mine: number | string }>(
    app.db,
    sql`SELECT r.change_type, count(*) AS pending,
               count(*) FILTER (WHERE ${canCheck(actor)}) AS checkable,
               count(*) FILTER (WHERE r.maker_id = ${actor.staffId}) AS mine
          FROM review_requests r
         WHERE r.status = 'PENDING' AND ${visibleTo(actor)}
         GROUP BY r.change_type
         ORDER BY r.change_type`,
  );
  const byType = rows.map((r) => ({
    type: r.change_type,
    typeName: app.changeTypes.nameOf(r.change_type, lang),
    pending: Number(r.pending),
    checkable: Number(r.checkable),
  }));
  return {
    pending: byType.reduce((a, r) => a + r.pending, 0),
    checkable: byType.reduce((a, r) => a + r.checkable, 0),
    mineWaiting: rows.reduce((a, r) => a + Number(r.mine), 0),
    byType,
  };
}

/** One request, if the actor may see it (else REVIEW_NOT_FOUND). */
export async function getRequest(app: AppContext, actor: Actor, id: number, lang: 'zh' | 'en' = 'zh'): Promise<ReviewRequestView> {
  return loadView(app.changeTypes, app.db, actor, id, lang);
}

async function loadView(types: ChangeTypes, db: Db, actor: Actor, id: number, lang: 'zh' | 'en'): Promise<ReviewRequestView> {
  const row = await queryOne<ViewRow>(db, sql`${viewSelect(actor)} WHERE r.id = ${id} AND ${visibleTo(actor)}`);
  if (!row) throw new AppError('REVIEW_NOT_FOUND');
  return toView(types, row, lang);
}

function isoUtc(col: SQL): SQL {
  return sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

function viewSelect(actor: Actor): SQL {
  return sql`SELECT r.id, r.change_type, r.status, r.diff, r.title_zh, r.title_en, r.target_type, r.target_id,
                    r.maker_id, r.maker_username, r.maker_name, r.checker_id, r.checker_username, r.comment,
                    ${isoUtc(sql`r.created_at`)} AS created_at, ${isoUtc(sql`r.decided_at`)} AS decided_at,
                    ${canCheck(actor)} AS can_check, ${cannotCheckReason(actor)} AS cannot_check_reason
             FROM review_requests r`;
}

function holdsCheckerPermission(actor: Actor): SQL {
  const perms = [...actor.permissions].filter((p) => p.startsWith('review:check:'));
  if (perms.length === 0) return sql`FALSE`;
  return sql`r.checker_permission IN (${sql.join(
    perms.map((p) => sql`${p}`),
    sql`, `,
  )})`;
}

/**
 * What an actor sees: their own requests; bank-wide requests (no branch) when they have bank scope
 * or may check that type; branch requests inside their data scope.
 */
function visibleTo(actor: Actor): SQL {
  const bankWide = actor.scope === 'BANK' ? sql`TRUE` : holdsCheckerPermission(actor);
  const inScope = scopeCondition(actor, { branchId: sql`r.branch_id` });
  return sql`(r.maker_id = ${actor.staffId}
              OR (r.branch_id IS NULL AND ${bankWide})
              OR (r.branch_id IS NOT NULL AND ${inScope}))`;
}

/** Mirrors lockForDecision: pending, not the maker nor the subject, holds the permission, in scope. */
function canCheck(actor: Actor): SQL {
  const inScope = scopeCondition(actor, { branchId: sql`r.branch_id` });
  return sql`(r.status = 'PENDING' AND r.maker_id <> ${actor.staffId} AND ${holdsCheckerPermission(actor)}
              AND (r.target_type IS DISTINCT FROM ${STAFF_TARGET_TYPE} OR r.target_id IS DISTINCT FROM ${String(actor.staffId)})
              AND (r.branch_id IS NULL OR ${inScope}))`;
}

/** The first reason canCheck fails for a pending request, in the order a person would be told. */
function cannotCheckReason(actor: Actor): SQL {
  const inScope = scopeCondition(actor, { branchId: sql`r.branch_id` });
  return sql`CASE WHEN r.status <> 'PENDING' THEN NULL
                  WHEN r.target_type = ${STAFF_TARGET_TYPE} AND r.target_id = ${String(actor.staffId)} THEN 'SUBJECT'
                  WHEN r.maker_id = ${actor.staffId} THEN 'MAKER'
                  WHEN NOT (${holdsCheckerPermission(actor)}) THEN 'NO_PERMISSION'
                  WHEN NOT (r.branch_id IS NULL OR ${inScope}) THEN 'OUT_OF_SCOPE'
                  ELSE NULL END`;
}

function toView(types: ChangeTypes, r: ViewRow, lang: 'zh' | 'en'): ReviewRequestView {
  return {
    id: Number(r.id),
    type: r.change_type,
    typeName: types.nameOf(r.change_type, lang),
    title: lang === 'en' ? r.title_en : r.title_zh,
    status: r.status,
    maker: {
      id: Number(r.maker_id),
      username: r.maker_username,
      ...(r.maker_name ? { name: r.maker_name } : {}),
    },
    checker: r.checker_id === null ? null : { id: Number(r.checker_id), username: r.checker_username ?? '' },
    comment: r.comment,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    diff: Array.isArray(r.diff) ? r.diff : [],
    importId: r.target_type === IMPORT_TARGET_TYPE && r.target_id !== null ? Number(r.target_id) : null,
    canCheck: r.can_check === true,
    cannotCheckReason: r.can_check === true ? null : (r.cannot_check_reason ?? null),
  };
}
