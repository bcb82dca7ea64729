/** Login, sessions, logout, lockout and password changes. */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { queryOne, withTx, type Db } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import type { AppContext, CommandContext } from '../../context.js';
import { auditCommand, appendAudit } from '../audit/index.js';
import type { Actor } from './actor.js';
import { branches, sessions, staff, staffRoles } from './schema.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from './passwords.js';
import { permissionsOf, scopeOf } from './roles.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
  mustChangePassword: boolean;
}

export async function login(
  ctx: AppContext,
  cmd: CommandContext,
  input: { username: string; password: string; userAgent?: string | null },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const { db, config } = ctx;
  const [row] = await db.select().from(staff).where(eq(staff.username, username)).limit(1);
  const now = new Date();

  const fail = async (reason: string, code: 'AUTH_INVALID_CREDENTIALS' | 'AUTH_ACCOUNT_LOCKED') => {
    await withTx(db, (tx) =>
      appendAudit(tx, {
        actor: { staffId: row?.id ?? null, username: username.slice(0, 64), roles: [] },
        action: 'auth.login_failed',
        targetType: 'staff',
        targetId: row?.id ?? null,
        summary: { reason },
        clientIp: cmd.clientIp,
      }),
    );
    throw new AppError(code);
  };

  if (row?.lockedUntil && row.lockedUntil > now) {
    await verifyPassword(null, input.password); // same work as a real attempt
    return fail('locked', 'AUTH_ACCOUNT_LOCKED');
  }
  const ok = await verifyPassword(row?.passwordHash ?? null, input.password);
  if (!row) return fail('unknown_user', 'AUTH_INVALID_CREDENTIALS');
  if (!ok) {
    if (!row.passwordHash) {
      await fail('password_not_set', 'AUTH_INVALID_CREDENTIALS');
    }
    // Count the failure atomically; the threshold-th failure locks the account.
    const [updated] = await db
      .update(staff)
      .set({
        failedLogins: sql`CASE WHEN ${staff.failedLogins} + 1 >= ${config.lockoutThreshold} THEN 0 ELSE ${staff.failedLogins} + 1 END`,
        lockedUntil: sql`CASE WHEN ${staff.failedLogins} + 1 >= ${config.lockoutThreshold}
                         THEN now() + make_interval(mins => ${config.lockoutMinutes}) ELSE ${staff.lockedUntil} END`,
      })
      .where(eq(staff.id, row.id))
      .returning({ lockedUntil: staff.lockedUntil });
    const lockedNow = !!updated?.lockedUntil && updated.lockedUntil > now;
    return fail(lockedNow ? 'locked_after_failures' : 'wrong_password', 'AUTH_INVALID_CREDENTIALS');
  }
  if (row.status !== 'ACTIVE') throw new AppError('AUTH_ACCOUNT_DISABLED');

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + config.sessionTtlMinutes * 60_000);
  const sessionId = await withTx(db, async (tx) => {
    await tx.update(staff).set({ failedLogins: 0, lockedUntil: null }).where(eq(staff.id, row.id));
    const [s] = await tx
      .insert(sessions)
      .values({
        tokenHash: hashToken(token),
        staffId: row.id,
        expiresAt,
        clientIp: cmd.clientIp,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      })
      .returning({ id: sessions.id });
    const roles = await rolesOf(tx, row.id);
    await appendAudit(tx, {
      actor: { staffId: row.id, username: row.username, roles },
      action: 'auth.login',
      targetType: 'session',
      targetId: s.id,
      summary: null,
      clientIp: cmd.clientIp,
    });
    return s.id;
  });
  const actor = await loadActor(db, row.id, sessionId);
  if (!actor) throw new AppError('AUTH_INVALID_CREDENTIALS');
  return { token, expiresAt, actor, mustChangePassword: row.mustChangePassword };
}

export async function rolesOf(db: Db, staffId: number): Promise<string[]> {
  const rows = await db
    .select({ role: staffRoles.role })
    .from(staffRoles)
    .where(eq(staffRoles.staffId, staffId))
    .orderBy(staffRoles.role);
  return rows.map((r) => r.role);
}

export async function loadActor(db: Db, staffId: number, sessionId: number): Promise<Actor | null> {
  const [row] = await db
    .select({
      id: staff.id,
      username: staff.username,
      name: staff.name,
      status: staff.status,
      branchId: staff.branchId,
      branchPath: branches.path,
    })
    .from(staff)
    .innerJoin(branches, eq(branches.id, staff.branchId))
    .where(eq(staff.id, staffId))
    .limit(1);
  if (!row || row.status !== 'ACTIVE') return null;
  const roles = await rolesOf(db, staffId);
  return {
    staffId: row.id,
    username: row.username,
    name: row.name,
    roles,
    permissions: permissionsOf(roles),
    scope: scopeOf(roles),
    branchId: row.branchId,
    branchPath: row.branchPath,
    sessionId,
  };
}

/**
 * The staff member behind a live session token, or null. One statement: session, staff, branch and roles
 * together (this runs on every authenticated request); last_seen_at is touched at most once a minute.
 */
export async function authenticate(db: Db, token: string): Promise<Actor | null> {
  const row = await queryOne<{
    session_id: string | number;
    stale: boolean;
    staff_id: string | number;
    username: string;
    name: string;
    status: string;
    branch_id: string | number;
    branch_path: string;
    roles: string[] | null;
  }>(
    db,
    sql`SELECT s.id AS session_id, (s.last_seen_at < now() - interval '60 seconds') AS stale,
               st.id AS staff_id, st.username, st.name, st.status, st.branch_id, b.path AS branch_path,
               ARRAY(SELECT r.role FROM staff_roles r WHERE r.staff_id = st.id ORDER BY r.role) AS roles
          FROM sessions s
          JOIN staff st ON st.id = s.staff_id
          JOIN branches b ON b.id = st.branch_id
         WHERE s.token_hash = ${hashToken(token)} AND s.revoked_at IS NULL AND s.expires_at > now()
         LIMIT 1`,
  );
  if (!row) return null;
  const sessionId = Number(row.session_id);
  if (row.stale) {
    await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, sessionId));
  }
  if (row.status !== 'ACTIVE') return null;
  const roles = row.roles ?? [];
  return {
    staffId: Number(row.staff_id),
    username: row.username,
    name: row.name,
    roles,
    permissions: permissionsOf(roles),
    scope: scopeOf(roles),
    branchId: Number(row.branch_id),
    branchPath: row.branch_path,
    sessionId,
  };
}

export async function logout(db: Db, cmd: CommandContext): Promise<void> {
  const actor = cmd.actor;
  if (!actor) return;
  await withTx(db, async (tx) => {
    await tx.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.id, actor.sessionId));
    await auditCommand(tx, cmd, 'auth.logout', { type: 'session', id: actor.sessionId });
  });
}

export async function changePassword(
  db: Db,
  cmd: CommandContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  const [row] = await db.select().from(staff).where(eq(staff.id, actor.staffId)).limit(1);
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  checkPasswordStrength(input.newPassword);
  const newHash = await hashPassword(input.newPassword);
  await withTx(db, async (tx) => {
    await tx
      .update(staff)
      .set({ passwordHash: newHash, mustChangePassword: false, updatedAt: sql`now()` })
      .where(eq(staff.id, actor.staffId));
    // Other sessions end: a changed password must lock out whoever else knew the old one.
    await tx
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.staffId, actor.staffId), isNull(sessions.revokedAt), sql`${sessions.id} <> ${actor.sessionId}`));
    await auditCommand(tx, cmd, 'auth.change_password', { type: 'staff', id: actor.staffId });
  });
}
