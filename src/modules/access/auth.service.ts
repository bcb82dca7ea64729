/** Login, sessions, logout, lockout and password changes. */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryOne, withTx, type Db } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import type { AppContext, CommandContext } from '../../context.js';
import { auditCommand, appendAudit } from '../audit/index.js';
import { CUSTOMER_TOKEN_PREFIX } from '../../http/server.js';
import { sessions, staff, staffRoles } from './schema.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from './passwords.js';
import { clearFailures, isThrottled, recordFailure } from './throttle.js';
import { clock } from '../../kernel/clock.js';
import { branchPathOf, permissionsOf, scopeOf, type Actor } from '../org/index.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
  mustChangePassword: boolean;
}

/**
 * Staff session tokens carry an explicit type, "s." before the random part; customer sessions use
 * "c." (see CUSTOMER_TOKEN_PREFIX). The dot never occurs in base64url, so a random part can never be
 * mistaken for the other kind.
 */
export const STAFF_TOKEN_PREFIX = 's.';

/**
 * Logs in. Every failure that could tell whether a username exists answers the same way: a wrong
 * password, an unknown name and an account without a password are all AUTH_INVALID_CREDENTIALS after
 * the same hashing work; after lockoutThreshold failures from one address, that name is throttled from
 * that address only (AUTH_THROTTLED), known or not.
 */
export async function login(
  ctx: AppContext,
  cmd: CommandContext,
  input: { username: string; password: string; userAgent?: string | null },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const { db, config } = ctx;
  const [row] = await db.select().from(staff).where(eq(staff.username, username)).limit(1);
  const now = clock.now();

  const fail = async (
    reason: string,
    code: 'AUTH_INVALID_CREDENTIALS' | 'AUTH_THROTTLED' | 'AUTH_ACCOUNT_DISABLED' | 'AUTH_TEMP_PASSWORD_EXPIRED',
  ) => {
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

  if (await isThrottled(db, username, cmd.clientIp)) {
    await verifyPassword(null, input.password); // same work as a real attempt
    return fail('throttled', 'AUTH_THROTTLED');
  }
  const ok = await verifyPassword(row?.passwordHash ?? null, input.password);
  if (!row || !ok) {
    const blocked = await recordFailure(db, config, username, cmd.clientIp);
    const reason = !row ? 'unknown_user' : !row.passwordHash ? 'password_not_set' : 'wrong_password';
    return fail(blocked ? `${reason}_throttled` : reason, 'AUTH_INVALID_CREDENTIALS');
  }
  if (row.status !== 'ACTIVE') return fail('disabled', 'AUTH_ACCOUNT_DISABLED');
  // A temporary password from a reset is good for a limited time only; then only a new reset helps.
  if (row.tempPasswordExpiresAt && now.getTime() >= row.tempPasswordExpiresAt.getTime()) {
    return fail('temporary_password_expired', 'AUTH_TEMP_PASSWORD_EXPIRED');
  }

  const token = STAFF_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + config.sessionTtlMinutes * 60_000);
  await clearFailures(db, username, cmd.clientIp);
  const sessionId = await withTx(db, async (tx) => {
    // staff is a reference table on Citus (a write there reaches every node): it is written only when
    // a count or lock from before the login throttle (0027) is left to clear, never on a plain login.
    if (row.failedLogins !== 0 || row.lockedUntil !== null) {
      await tx.update(staff).set({ failedLogins: 0, lockedUntil: null }).where(eq(staff.id, row.id));
    }
    // one row on the shard of its token's hash on Citus (0044)
    const [s] = await tx
      .insert(sessions)
      .values({
        tokenHash: hashToken(token),
        staffId: row.id,
        createdAt: now,
        lastSeenAt: now,
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
  const rows = await db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.staffId, staffId)).orderBy(staffRoles.role);
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
      branchPath: branchPathOf(staff.branchId),
      mustChangePassword: staff.mustChangePassword,
    })
    .from(staff)
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
    mustChangePassword: row.mustChangePassword,
  };
}

/**
 * The staff member behind a live session token, or null. One statement: session, staff, branch and roles
 * together (this runs on every authenticated request); last_seen_at is touched at most once a minute.
 * A customer token (another type) is never a staff session. Both statements name the token's hash, the
 * key sessions is distributed by on Citus (0044): one shard each (staff, staff_roles and branches are
 * reference tables, joined there).
 */
export async function authenticate(db: Db, token: string): Promise<Actor | null> {
  if (token.startsWith(CUSTOMER_TOKEN_PREFIX)) return null;
  const at = clock.now();
  const now = at.toISOString();
  const tokenHash = hashToken(token);
  const row = await queryOne<{
    session_id: string | number;
    stale: boolean;
    staff_id: string | number;
    username: string;
    name: string;
    status: string;
    branch_id: string | number;
    branch_path: string;
    must_change_password: boolean;
    roles: string[] | null;
  }>(
    db,
    sql`SELECT s.id AS session_id, (s.last_seen_at < ${now}::timestamptz - interval '60 seconds') AS stale,
               st.id AS staff_id, st.username, st.name, st.status, st.branch_id, ${branchPathOf(sql`st.branch_id`)} AS branch_path,
               st.must_change_password,
               ARRAY(SELECT r.role FROM staff_roles r WHERE r.staff_id = st.id ORDER BY r.role) AS roles
          FROM sessions s
          JOIN staff st ON st.id = s.staff_id
         WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > ${now}::timestamptz
         LIMIT 1`,
  );
  if (!row) return null;
  const sessionId = Number(row.session_id);
  if (row.stale) {
    await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.tokenHash, tokenHash));
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
    mustChangePassword: row.must_change_password === true,
  };
}

/**
 * Ends the actor's session: the one its request was authenticated with (`token`, found by its hash —
 * one shard on Citus — and the actor's session id).
 */
export async function logout(db: Db, cmd: CommandContext, token: string | null): Promise<void> {
  const actor = cmd.actor;
  if (!actor || !token) return;
  await withTx(db, async (tx) => {
    await tx
      .update(sessions)
      .set({ revokedAt: clock.now() })
      .where(and(eq(sessions.tokenHash, hashToken(token)), eq(sessions.id, actor.sessionId)));
    await auditCommand(tx, cmd, 'auth.logout', { type: 'session', id: actor.sessionId });
  });
}

/**
 * Changes the actor's own password. A wrong current password counts as a failed login (and is
 * throttled the same way); the new one must pass the password rules and differ from the current.
 */
export async function changePassword(
  ctx: AppContext,
  cmd: CommandContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { db, config } = ctx;
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  const [row] = await db.select().from(staff).where(eq(staff.id, actor.staffId)).limit(1);
  if (!row) throw new AppError('AUTH_REQUIRED');
  if (await isThrottled(db, row.username, cmd.clientIp)) {
    await verifyPassword(null, input.currentPassword);
    throw new AppError('AUTH_THROTTLED');
  }
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await recordFailure(db, config, row.username, cmd.clientIp);
    await withTx(db, (tx) =>
      auditCommand(tx, cmd, 'auth.change_password_failed', { type: 'staff', id: actor.staffId }, { reason: 'wrong_current_password' }),
    );
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_REUSED');
  checkPasswordStrength(input.newPassword, { username: row.username, name: row.name });
  const newHash = await hashPassword(input.newPassword);
  const now = clock.now();
  await withTx(db, async (tx) => {
    await tx
      .update(staff)
      .set({ passwordHash: newHash, mustChangePassword: false, tempPasswordExpiresAt: null, updatedAt: now })
      .where(eq(staff.id, actor.staffId));
    // Other sessions end: a changed password must lock out whoever else knew the old one (by staff
    // member: every shard of sessions on Citus, as rare as password changes).
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.staffId, actor.staffId), isNull(sessions.revokedAt), sql`${sessions.id} <> ${actor.sessionId}`));
    await auditCommand(tx, cmd, 'auth.change_password', { type: 'staff', id: actor.staffId });
  });
}
