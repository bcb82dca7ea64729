/**
 * Login throttling per (username, client address). The threshold-th failure within the window blocks
 * that pair for the lockout period; other addresses are not affected, so an attacker cannot lock the
 * real user out. Unknown usernames are counted exactly like known ones. Instants come from the clock.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';

export interface ThrottleConfig {
  lockoutThreshold: number;
  lockoutMinutes: number;
}

function keyOf(username: string, clientIp: string | null): string {
  return createHash('sha256')
    .update(`${username}\n${clientIp ?? '-'}`)
    .digest('hex');
}

/** Whether this username is blocked from this address now. */
export async function isThrottled(db: Db, username: string, clientIp: string | null): Promise<boolean> {
  const row = await queryOne<{ blocked: boolean }>(
    db,
    sql`SELECT blocked_until > ${nowParam()} AS blocked
        FROM login_throttle WHERE key_hash = ${keyOf(username, clientIp)}`,
  );
  return row?.blocked === true;
}

/** Counts a failure; returns true when this failure blocked the pair. */
export async function recordFailure(db: Db, cfg: ThrottleConfig, username: string, clientIp: string | null): Promise<boolean> {
  // The instants are computed here and passed as parameters: Citus allows only immutable functions in
  // an ON CONFLICT DO UPDATE SET, and timestamptz ± interval is not one.
  const at = clock.now();
  const lockoutMs = cfg.lockoutMinutes * 60_000;
  const now = at.toISOString();
  const windowExpiredAt = new Date(at.getTime() - lockoutMs).toISOString();
  const blockedUntil = new Date(at.getTime() + lockoutMs).toISOString();
  const row = await queryOne<{ blocked: boolean }>(
    db,
    sql`INSERT INTO login_throttle AS t (key_hash, username, failures, window_started_at, blocked_until)
        VALUES (${keyOf(username, clientIp)}, ${username}, 1, ${now}::timestamptz, NULL)
        ON CONFLICT (key_hash) DO UPDATE SET
          failures = CASE WHEN t.window_started_at <= ${windowExpiredAt}::timestamptz THEN 1 ELSE t.failures + 1 END,
          window_started_at = CASE WHEN t.window_started_at <= ${windowExpiredAt}::timestamptz
                          THEN ${now}::timestamptz ELSE t.window_started_at END
        RETURNING (failures >= ${cfg.lockoutThreshold}) AS blocked`,
  );
  if (!row?.blocked) return false;
  await db.execute(
    sql`UPDATE login_throttle
        SET failures = 0, window_started_at = ${now}::timestamptz, blocked_until = ${blockedUntil}::timestamptz
        WHERE key_hash = ${keyOf(username, clientIp)}`,
  );
  return true;
}

/** A successful login clears its own pair only. */
export async function clearFailures(db: Db, username: string, clientIp: string | null): Promise<void> {
  await db.execute(sql`DELETE FROM login_throttle WHERE key_hash = ${keyOf(username, clientIp)}`);
}

/** An administrator's unlock: every address's count and block for the username. */
export async function clearUsername(db: Db, username: string): Promise<void> {
  await db.execute(sql`DELETE FROM login_throttle WHERE username = ${username}`);
}

/** The latest block of a username from any address, for the staff list; null when none is running. */
export async function blockedUntilOf(db: Db, usernames: string[]): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (usernames.length === 0) return out;
  const rows = await queryRows<{ username: string; until: string | Date }>(
    db,
    sql`SELECT username, max(blocked_until) AS until FROM login_throttle
        WHERE username IN (${sql.join(
          usernames.map((u) => sql`${u}`),
          sql`, `,
        )})
          AND blocked_until > ${nowParam()}
        GROUP BY username`,
  );
  for (const r of rows) out.set(r.username, new Date(r.until));
  return out;
}
