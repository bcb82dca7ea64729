/** Staff and branches: queries within the actor's scope, and commands through four-eyes review. */
import { and, asc, count, eq, getTableColumns, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { withTx, type Db, type Tx } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { maskMobile } from '../../kernel/mask.js';
import { parseMobile } from '../../kernel/mobile.js';
import type { AppContext, CommandContext } from '../../context.js';
import { auditCommand } from '../audit/index.js';
import { sendSms, SMS_SIGNATURE } from '../sms/index.js';
import { STAFF_TARGET_TYPE, submitChange, type SubmitChangeResult } from '../review/index.js';
import type { FieldCrypto } from '../../kernel/crypto.js';
import { clock } from '../../kernel/clock.js';
import {
  branchById,
  branchByCode,
  branchNameOf,
  branchPathOf,
  insertBranch,
  isBranchInScope,
  isRoleCode,
  listBranchRows,
  permissionsOf,
  renameBranch,
  roleSpec,
  scopeCondition,
  setBranchStatus,
  type Actor,
  type BranchKind,
} from '../org/index.js';
import type { BranchView, StaffQuery, StaffView } from './access.contract.js';
import { sessions, staff, staffRoles } from './schema.js';
import { blockedUntilOf, clearUsername } from './throttle.js';
import { checkPasswordStrength, hashPassword, temporaryPassword } from './passwords.js';
import { hashToken } from './auth.service.js';
import { recordStaffState } from './staff-history.js';

export type { BranchView, StaffView } from './access.contract.js';

export const USERNAME_PATTERN = /^[a-z][a-z0-9_.-]{2,31}$/;

// ---------- branches ----------

/** The branch tree in its order, each branch with its head count (staff are this module's). */
export async function listBranches(db: Db): Promise<BranchView[]> {
  const rows = await listBranchRows(db);
  const counts = await db.select({ branchId: staff.branchId, n: count() }).from(staff).groupBy(staff.branchId);
  const staffCount = new Map(counts.map((c) => [Number(c.branchId), Number(c.n)]));
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parentId === null ? null : Number(r.parentId),
    status: r.status,
    staffCount: staffCount.get(Number(r.id)) ?? 0,
  }));
}

export interface BranchCreatePayload {
  code: string;
  name: string;
  kind: BranchKind;
  parentId: number;
  parentName: string;
}

/** Creating a branch is a reviewed change (BRANCH_CREATE). */
export async function submitBranchCreate(
  ctx: AppContext,
  cmd: CommandContext,
  input: { code: string; name: string; kind: BranchKind; parentId: number | null },
) {
  const db = ctx.db;
  if (input.kind === 'HEAD_OFFICE') throw new AppError('VALIDATION_FAILED', { field: 'kind', reason: 'only one head office' });
  if (input.parentId === null) throw new AppError('VALIDATION_FAILED', { field: 'parentId', reason: 'required' });
  const parent = await branchById(db, input.parentId);
  if (!parent) throw new AppError('BRANCH_NOT_FOUND', { parentId: input.parentId });
  if (await branchByCode(db, input.code)) throw new AppError('BRANCH_CODE_TAKEN', { code: input.code });
  const payload: BranchCreatePayload = {
    code: input.code,
    name: input.name,
    kind: input.kind,
    parentId: parent.id,
    parentName: parent.name,
  };
  return withTx(db, (tx) => submitChange(ctx, tx, cmd, { type: 'BRANCH_CREATE', payload, targetType: 'branch', targetId: input.code }));
}

export async function applyBranchCreate(tx: Tx, cmd: CommandContext, p: BranchCreatePayload): Promise<number> {
  const id = await insertBranch(tx, { code: p.code, name: p.name, kind: p.kind, parentId: p.parentId });
  await auditCommand(
    tx,
    cmd,
    'branch.create',
    { type: 'branch', id },
    { after: { code: p.code, name: p.name, kind: p.kind, parentId: p.parentId } },
  );
  return id;
}

export interface BranchStatusPayload {
  branchId: number;
  code: string;
  name: string;
  status: 'ACTIVE' | 'DISABLED';
  before: 'ACTIVE' | 'DISABLED';
}

/**
 * A branch's name changes at once (audited); disabling or enabling it is a reviewed change
 * (BRANCH_STATUS). Answers the review request when one was submitted.
 */
export async function updateBranch(
  ctx: AppContext,
  cmd: CommandContext,
  id: number,
  input: { name?: string; status?: 'ACTIVE' | 'DISABLED' },
): Promise<SubmitChangeResult | null> {
  return withTx(ctx.db, async (tx) => {
    const before = await branchById(tx, id);
    if (!before) throw new AppError('BRANCH_NOT_FOUND');
    if (input.name !== undefined && input.name !== before.name) {
      await renameBranch(tx, id, input.name);
      await auditCommand(tx, cmd, 'branch.update', { type: 'branch', id }, { before: { name: before.name }, after: { name: input.name } });
    }
    if (input.status === undefined || input.status === before.status) return null;
    const payload: BranchStatusPayload = {
      branchId: id,
      code: before.code,
      name: input.name ?? before.name,
      status: input.status,
      before: before.status,
    };
    return submitChange(ctx, tx, cmd, { type: 'BRANCH_STATUS', payload, targetType: 'branch', targetId: id });
  });
}

export async function applyBranchStatus(tx: Tx, cmd: CommandContext, p: BranchStatusPayload): Promise<void> {
  await setBranchStatus(tx, p.branchId, p.status);
  await auditCommand(
    tx,
    cmd,
    'branch.update',
    { type: 'branch', id: p.branchId },
    { before: { status: p.before }, after: { status: p.status } },
  );
}

// ---------- staff queries ----------

/** Filters and paging of the staff list. */
export type StaffFilter = StaffQuery;

async function toViews(
  ctx: AppContext,
  rows: Array<Omit<typeof staff.$inferSelect, 'tempPasswordExpiresAt'> & { branchName: string }>,
): Promise<StaffView[]> {
  const ids = rows.map((r) => r.id);
  const roleRows = ids.length
    ? await ctx.db.select().from(staffRoles).where(inArray(staffRoles.staffId, ids)).orderBy(asc(staffRoles.role))
    : [];
  const blocked = await blockedUntilOf(
    ctx.db,
    rows.map((r) => r.username),
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    name: r.name,
    branchId: r.branchId,
    branchName: r.branchName,
    roles: roleRows.filter((x) => x.staffId === r.id).map((x) => x.role),
    status: r.status,
    mobileMasked: r.mobileEnc ? maskMobile(ctx.crypto.decrypt(r.mobileEnc)) : null,
    workPhone: r.workPhone ?? null,
    lockedUntil: blocked.get(r.username)?.toISOString() ?? null,
    hasPassword: !!r.passwordHash,
    mustChangePassword: r.mustChangePassword,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function listStaff(ctx: AppContext, actor: Actor, f: StaffFilter): Promise<{ items: StaffView[]; total: number }> {
  const conds: SQL[] = [scopeCondition(actor, { branchId: staff.branchId })];
  if (f.q) {
    const q = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    conds.push(or(ilike(staff.username, q), ilike(staff.name, q))!);
  }
  if (f.branchId) conds.push(eq(staff.branchId, f.branchId));
  if (f.role) conds.push(sql`${staff.id} IN (SELECT staff_id FROM staff_roles WHERE role = ${f.role})`);
  const where = and(...conds);
  const [{ n }] = await ctx.db.select({ n: count() }).from(staff).where(where);
  const rows = await ctx.db
    .select({ ...getTableColumns(staff), branchName: branchNameOf(staff.branchId) })
    .from(staff)
    .where(where)
    .orderBy(asc(branchPathOf(staff.branchId)), asc(staff.username))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items: await toViews(ctx, rows), total: Number(n) };
}

/** One staff member within the actor's scope; outside it answers as if it did not exist. */
export async function getStaff(ctx: AppContext, actor: Actor, id: number): Promise<StaffView> {
  const rows = await ctx.db
    .select({ ...getTableColumns(staff), branchName: branchNameOf(staff.branchId) })
    .from(staff)
    .where(and(eq(staff.id, id), scopeCondition(actor, { branchId: staff.branchId })))
    .limit(1);
  if (rows.length === 0) throw new AppError('OUT_OF_SCOPE', { staffId: id });
  return (await toViews(ctx, rows))[0];
}

/** The whole mobile number, for a permitted role; every such view is audited. */
export async function unmaskStaffMobile(ctx: AppContext, cmd: CommandContext, id: number): Promise<{ mobile: string | null }> {
  const actor = cmd.actor!;
  await getStaff(ctx, actor, id);
  return withTx(ctx.db, async (tx) => {
    const [row] = await tx.select({ mobileEnc: staff.mobileEnc }).from(staff).where(eq(staff.id, id));
    await auditCommand(tx, cmd, 'pii.unmask', { type: 'staff', id }, { fields: ['mobile'] });
    return { mobile: row?.mobileEnc ? ctx.crypto.decrypt(row.mobileEnc) : null };
  });
}

// ---------- staff commands (through review) ----------

export interface StaffCreatePayload {
  username: string;
  name: string;
  branchId: number;
  branchName: string;
  mobileEnc: string;
  mobileHash: string;
  mobileMasked: string;
  roles: string[];
  /** argon2id hash; never the password itself. */
  passwordHash: string | null;
}

export async function submitStaffCreate(
  ctx: AppContext,
  cmd: CommandContext,
  input: { username: string; name: string; branchId: number; mobile: string; roles: string[]; initialPassword: string },
) {
  const actor = cmd.actor!;
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) {
    throw new AppError('VALIDATION_FAILED', { field: 'username', reason: 'pattern ^[a-z][a-z0-9_.-]{2,31}$' });
  }
  for (const r of input.roles) if (!isRoleCode(r)) throw new AppError('ROLE_UNKNOWN', { role: r });
  const mobile = parseMobile(input.mobile);
  checkPasswordStrength(input.initialPassword, { username, name: input.name });
  const branch = await branchById(ctx.db, input.branchId);
  if (!branch || branch.status !== 'ACTIVE') throw new AppError('BRANCH_NOT_FOUND', { branchId: input.branchId });
  if (!(await isBranchInScope(ctx.db, actor, branch.id))) throw new AppError('BRANCH_NOT_FOUND', { branchId: input.branchId });
  const [taken] = await ctx.db.select({ id: staff.id }).from(staff).where(eq(staff.username, username)).limit(1);
  if (taken) throw new AppError('USERNAME_TAKEN', { username });
  const payload: StaffCreatePayload = {
    username,
    name: input.name.trim(),
    branchId: branch.id,
    branchName: branch.name,
    mobileEnc: ctx.crypto.encrypt(mobile),
    mobileHash: ctx.crypto.lookupHash(mobile),
    mobileMasked: maskMobile(mobile),
    roles: [...new Set(input.roles)].sort(),
    passwordHash: await hashPassword(input.initialPassword),
  };
  return withTx(ctx.db, (tx) => submitChange(ctx, tx, cmd, { type: 'STAFF_CREATE', payload, targetType: 'staff', targetId: username }));
}

export interface RoleChangePayload {
  staffId: number;
  username: string;
  name: string;
  branchId: number;
  role: string;
}

export async function submitRoleChange(
  ctx: AppContext,
  cmd: CommandContext,
  kind: 'ROLE_GRANT' | 'ROLE_REVOKE',
  staffId: number,
  role: string,
) {
  if (!isRoleCode(role)) throw new AppError('ROLE_UNKNOWN', { role });
  const target = await getStaff(ctx, cmd.actor!, staffId);
  const holds = target.roles.includes(role);
  if (kind === 'ROLE_GRANT' && holds) throw new AppError('ROLE_ALREADY_HELD', { role });
  if (kind === 'ROLE_REVOKE' && !holds) throw new AppError('ROLE_NOT_HELD', { role });
  const payload: RoleChangePayload = { staffId, username: target.username, name: target.name, branchId: target.branchId, role };
  return withTx(ctx.db, (tx) => submitChange(ctx, tx, cmd, { type: kind, payload, targetType: STAFF_TARGET_TYPE, targetId: staffId }));
}

/** Applies an approved staff creation; also used by the staff-list import. */
export async function insertStaff(
  tx: Tx,
  p: Omit<StaffCreatePayload, 'branchName' | 'mobileMasked'> & { idNumberEnc?: string | null; idNumberHash?: string | null },
  grantedBy: number | null,
): Promise<number> {
  const [taken] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.username, p.username)).limit(1);
  if (taken) throw new AppError('USERNAME_TAKEN', { username: p.username });
  const [row] = await tx
    .insert(staff)
    .values({
      username: p.username,
      name: p.name,
      branchId: p.branchId,
      mobileEnc: p.mobileEnc,
      mobileHash: p.mobileHash,
      idNumberEnc: p.idNumberEnc ?? null,
      idNumberHash: p.idNumberHash ?? null,
      passwordHash: p.passwordHash,
      mustChangePassword: p.passwordHash !== null,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    })
    .returning({ id: staff.id });
  if (p.roles.length) {
    await tx.insert(staffRoles).values(p.roles.map((role) => ({ staffId: row.id, role, grantedBy, grantedAt: clock.now() })));
  }
  await recordStaffState(tx, row.id, 'CREATED');
  return row.id;
}

export async function applyRoleChange(tx: Tx, kind: 'ROLE_GRANT' | 'ROLE_REVOKE', p: RoleChangePayload, checkerId: number | null) {
  if (kind === 'ROLE_GRANT') {
    const inserted = await tx
      .insert(staffRoles)
      .values({ staffId: p.staffId, role: p.role, grantedBy: checkerId, grantedAt: clock.now() })
      .onConflictDoNothing()
      .returning({ role: staffRoles.role });
    if (inserted.length === 0) throw new AppError('ROLE_ALREADY_HELD', { role: p.role });
  } else {
    const deleted = await tx
      .delete(staffRoles)
      .where(and(eq(staffRoles.staffId, p.staffId), eq(staffRoles.role, p.role)))
      .returning({ role: staffRoles.role });
    if (deleted.length === 0) throw new AppError('ROLE_NOT_HELD', { role: p.role });
  }
  await recordStaffState(tx, p.staffId, kind === 'ROLE_GRANT' ? 'ROLE_GRANTED' : 'ROLE_REVOKED');
}

export function roleLabel(code: string): string {
  const r = roleSpec(code);
  return r ? `${r.nameZh} (${code})` : code;
}

// ---------- administration of accounts (through review) ----------

/** Who a reviewed change about one staff member concerns; the subject may neither make nor check it. */
export interface StaffSubject {
  staffId: number;
  username: string;
  name: string;
  branchId: number;
}

export interface PasswordResetPayload extends StaffSubject {
  /** Where the temporary password goes; masked (the payload never holds the number or a password). */
  mobileMasked: string;
  /** The subject holds a checker permission: the reset is reviewed whatever the policy says. */
  subjectIsChecker: boolean;
}

function subjectOf(view: StaffView): StaffSubject {
  return { staffId: view.id, username: view.username, name: view.name, branchId: view.branchId };
}

/**
 * A password reset (PASSWORD_RESET, reviewed by default and always when the subject may check
 * changes). When it is applied a one-time temporary password goes by SMS to the staff member's
 * registered mobile; nobody else ever sees it, and the first login with it must set a new password.
 */
export async function submitPasswordReset(
  ctx: AppContext,
  cmd: CommandContext,
  id: number,
): Promise<SubmitChangeResult & { sentTo: string }> {
  const view = await getStaff(ctx, cmd.actor!, id);
  if (!view.mobileMasked) throw new AppError('STAFF_NO_MOBILE');
  const payload: PasswordResetPayload = {
    ...subjectOf(view),
    mobileMasked: view.mobileMasked,
    subjectIsChecker: [...permissionsOf(view.roles)].some((p) => p.startsWith('review:check:')),
  };
  const r = await withTx(ctx.db, (tx) =>
    submitChange(ctx, tx, cmd, { type: 'PASSWORD_RESET', payload, targetType: STAFF_TARGET_TYPE, targetId: id }),
  );
  return { ...r, sentTo: view.mobileMasked };
}

export async function applyPasswordReset(
  tx: Tx,
  crypto: FieldCrypto,
  cmd: CommandContext,
  p: PasswordResetPayload,
  ttlHours: number,
): Promise<void> {
  const [row] = await tx.select({ mobileEnc: staff.mobileEnc, username: staff.username }).from(staff).where(eq(staff.id, p.staffId));
  if (!row) throw new AppError('STAFF_NOT_FOUND');
  if (!row.mobileEnc) throw new AppError('STAFF_NO_MOBILE');
  const temp = temporaryPassword();
  const now = clock.now();
  await tx
    .update(staff)
    .set({
      passwordHash: await hashPassword(temp),
      mustChangePassword: true,
      tempPasswordExpiresAt: new Date(now.getTime() + ttlHours * 3_600_000),
      failedLogins: 0,
      lockedUntil: null,
      updatedAt: now,
    })
    .where(eq(staff.id, p.staffId));
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.staffId, p.staffId), isNull(sessions.revokedAt)));
  await clearUsername(tx, row.username);
  await sendSms(tx, crypto, {
    mobile: crypto.decrypt(row.mobileEnc),
    template: 'STAFF_TEMP_PASSWORD',
    text: temporaryPasswordText(p.username, temp, ttlHours),
  });
  await auditCommand(tx, cmd, 'staff.reset_password', { type: 'staff', id: p.staffId }, { sentTo: p.mobileMasked });
}

export function temporaryPasswordText(username: string, temp: string, ttlHours: number): string {
  return `${SMS_SIGNATURE}您的惠农系统账户 ${username} 的临时密码为 ${temp}，${ttlHours} 小时内有效，仅可用于下一次登录，登录后须立即设置新密码。如非本人申请，请联系系统管理员。`;
}

/** Unlocking (STAFF_UNLOCK, reviewed by default): clears failed-login blocks from every address. */
export async function submitUnlock(ctx: AppContext, cmd: CommandContext, id: number): Promise<SubmitChangeResult> {
  const view = await getStaff(ctx, cmd.actor!, id);
  return withTx(ctx.db, (tx) =>
    submitChange(ctx, tx, cmd, { type: 'STAFF_UNLOCK', payload: subjectOf(view), targetType: STAFF_TARGET_TYPE, targetId: id }),
  );
}

export async function applyUnlock(tx: Tx, cmd: CommandContext, p: StaffSubject): Promise<void> {
  await tx.update(staff).set({ failedLogins: 0, lockedUntil: null }).where(eq(staff.id, p.staffId));
  await clearUsername(tx, p.username);
  await auditCommand(tx, cmd, 'staff.unlock', { type: 'staff', id: p.staffId });
}

export interface StaffStatusPayload extends StaffSubject {
  status: 'ACTIVE' | 'DISABLED';
  before: 'ACTIVE' | 'DISABLED';
}

/**
 * A staff member's name changes at once (audited); disabling or enabling the account is a reviewed
 * change (STAFF_STATUS). Answers the view and, when one was submitted, the review request.
 */
export async function updateStaff(
  ctx: AppContext,
  cmd: CommandContext,
  id: number,
  input: { name?: string; status?: 'ACTIVE' | 'DISABLED'; workPhone?: string | null },
): Promise<{ view: StaffView; submitted: SubmitChangeResult | null }> {
  const before = await getStaff(ctx, cmd.actor!, id);
  const submitted = await withTx(ctx.db, async (tx) => {
    const at = clock.now(); // the name and the work phone of one command: one instant
    if (input.name !== undefined && input.name !== before.name) {
      await tx.update(staff).set({ name: input.name, updatedAt: at }).where(eq(staff.id, id));
      await auditCommand(tx, cmd, 'staff.update', { type: 'staff', id }, { before: { name: before.name }, after: { name: input.name } });
    }
    // The work phone is the bank's number (shown to customers beside the officer's name): set directly, audited.
    if (input.workPhone !== undefined && input.workPhone !== before.workPhone) {
      await tx.update(staff).set({ workPhone: input.workPhone, updatedAt: at }).where(eq(staff.id, id));
      await auditCommand(
        tx,
        cmd,
        'staff.update',
        { type: 'staff', id },
        { before: { workPhone: before.workPhone }, after: { workPhone: input.workPhone } },
      );
    }
    if (input.status === undefined || input.status === before.status) return null;
    const payload: StaffStatusPayload = {
      ...subjectOf(before),
      name: input.name ?? before.name,
      status: input.status,
      before: before.status,
    };
    return submitChange(ctx, tx, cmd, { type: 'STAFF_STATUS', payload, targetType: STAFF_TARGET_TYPE, targetId: id });
  });
  return { view: await getStaff(ctx, cmd.actor!, id), submitted };
}

export async function applyStaffStatus(tx: Tx, cmd: CommandContext, p: StaffStatusPayload): Promise<void> {
  const now = clock.now();
  await tx.update(staff).set({ status: p.status, updatedAt: now }).where(eq(staff.id, p.staffId));
  await recordStaffState(tx, p.staffId, 'STATUS');
  if (p.status === 'DISABLED') {
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.staffId, p.staffId), isNull(sessions.revokedAt)));
  }
  await auditCommand(
    tx,
    cmd,
    'staff.update',
    { type: 'staff', id: p.staffId },
    { before: { status: p.before }, after: { status: p.status } },
  );
}

/** Creates a staff member directly (CLI bootstrap and demo seed), with its audit record. */
export async function createStaffDirect(
  ctx: AppContext,
  cmd: CommandContext,
  input: { username: string; name: string; branchCode: string; mobile: string; roles: string[]; password: string | null },
): Promise<number> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) throw new AppError('VALIDATION_FAILED', { field: 'username' });
  for (const r of input.roles) if (!isRoleCode(r)) throw new AppError('ROLE_UNKNOWN', { role: r });
  const mobile = parseMobile(input.mobile);
  if (input.password !== null) checkPasswordStrength(input.password, { username, name: input.name });
  const branch = await branchByCode(ctx.db, input.branchCode);
  if (!branch) throw new AppError('BRANCH_NOT_FOUND', { code: input.branchCode });
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  return withTx(ctx.db, async (tx) => {
    const id = await insertStaff(
      tx,
      {
        username,
        name: input.name,
        branchId: branch.id,
        mobileEnc: ctx.crypto.encrypt(mobile),
        mobileHash: ctx.crypto.lookupHash(mobile),
        roles: [...new Set(input.roles)].sort(),
        passwordHash,
      },
      null,
    );
    // Directly created accounts (bootstrap) keep their password; no forced change.
    await tx.update(staff).set({ mustChangePassword: false }).where(eq(staff.id, id));
    await auditCommand(tx, cmd, 'staff.create', { type: 'staff', id }, { after: { username, branch: branch.code, roles: input.roles } });
    return id;
  });
}

export { hashToken };

/** A staff member's public face (name, branch) for QR codes and customer pages; no scope needed. */
export async function staffBrief(
  db: Db,
  id: number,
): Promise<{ id: number; name: string; branchId: number; branchName: string; active: boolean } | null> {
  const [row] = await db
    .select({ id: staff.id, name: staff.name, branchId: staff.branchId, branchName: branchNameOf(staff.branchId), status: staff.status })
    .from(staff)
    .where(eq(staff.id, id))
    .limit(1);
  return row ? { id: row.id, name: row.name, branchId: row.branchId, branchName: row.branchName, active: row.status === 'ACTIVE' } : null;
}
