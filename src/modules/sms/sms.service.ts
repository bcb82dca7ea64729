/**
 * SMS through the embedded gateway (every message lands in the outbox, status SENT) and one-time
 * verification codes: 6 digits, valid 5 minutes, single use, at most 5 tries, at most one code per
 * mobile and purpose per 60 s. Codes are stored only as HMAC(challenge id : code).
 *
 * Expiry and the resend interval are counted on the domain clock (src/kernel/clock.ts: the wall clock
 * in production), like every time recorded here; the business date plays no part.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { nowParam, queryOne, type Db, type Tx } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';
import type { FieldCrypto } from '../../kernel/crypto.js';
import { AppError } from '../../kernel/errors.js';
import { maskMobile } from '../../kernel/mask.js';
import { normalizeMobile, parseMobile } from '../../kernel/mobile.js';
import { smsOutbox, type OtpPurpose } from './schema.js';
import type { OutboxItem, OutboxPage } from './sms.contract.js';

export type { OutboxItem } from './sms.contract.js';

export const SMS_SIGNATURE = '【兖州农商银行】';
export const OTP_PURPOSES: readonly OtpPurpose[] = ['IDENTIFY', 'GUARANTEE', 'DRAWDOWN'];
export const OTP_TTL_SECONDS = 300;
export const OTP_RESEND_SECONDS = 60;
export const OTP_MAX_ATTEMPTS = 5;
export const SMS_TEXT_MAX_CHARS = 500;

const TEMPLATE_RE = /^[A-Z][A-Z0-9_]{1,39}$/;
const CHALLENGE_ID_RE = /^[A-Za-z0-9_-]{16,64}$/;
/** Namespace of the advisory locks that serialise code issuing per mobile and purpose. */
const OTP_LOCK_NAMESPACE = 7243017;

export function otpText(code: string): string {
  return `${SMS_SIGNATURE}您的验证码为 ${code}，5 分钟内有效。请勿泄露。`;
}

// ---------------------------------------------------------------------------------------------
// sending

export async function sendSms(
  tx: Tx,
  crypto: FieldCrypto,
  msg: { mobile: string; template: string; text: string; customerId?: number | null },
): Promise<{ messageId: number }> {
  const mobile = parseMobile(msg.mobile);
  const text = typeof msg.text === 'string' ? msg.text.trim() : '';
  if (typeof msg.template !== 'string' || !TEMPLATE_RE.test(msg.template)) {
    throw new AppError('SMS_MESSAGE_INVALID', { field: 'template' });
  }
  if (!text || Array.from(text).length > SMS_TEXT_MAX_CHARS) throw new AppError('SMS_MESSAGE_INVALID', { field: 'text' });
  const customerId = msg.customerId ?? null;
  if (customerId !== null && (!Number.isSafeInteger(customerId) || customerId <= 0)) {
    throw new AppError('SMS_MESSAGE_INVALID', { field: 'customerId' });
  }
  // The embedded gateway: the outbox is the delivery. A real gateway adapter would send here and
  // record its answer in status.
  const [row] = await tx
    .insert(smsOutbox)
    .values({
      customerId,
      mobileEnc: crypto.encrypt(mobile),
      mobileHash: crypto.lookupHash(mobile),
      mobileMasked: maskMobile(mobile),
      template: msg.template,
      text,
      status: 'SENT',
      createdAt: clock.now(),
    })
    .returning({ id: smsOutbox.id });
  return { messageId: Number(row.id) };
}

// ---------------------------------------------------------------------------------------------
// one-time codes

function checkPurpose(purpose: unknown): OtpPurpose {
  if (!OTP_PURPOSES.includes(purpose as OtpPurpose)) throw new AppError('VALIDATION_FAILED', { field: 'purpose' });
  return purpose as OtpPurpose;
}

function codeHash(crypto: FieldCrypto, challengeId: string, code: string): string {
  return crypto.lookupHash(`${challengeId}:${code}`);
}

export async function issueOtp(
  tx: Tx,
  crypto: FieldCrypto,
  input: { mobile: string; purpose: OtpPurpose },
): Promise<{ challengeId: string; expiresInSeconds: number }> {
  const mobile = parseMobile(input.mobile);
  const purpose = checkPurpose(input.purpose);
  const mobileHash = crypto.lookupHash(mobile);
  // Two requests for the same mobile and purpose at once: the second waits here and then sees the first.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${OTP_LOCK_NAMESPACE}, hashtext(${`${mobileHash}:${purpose}`}))`);
  const now = nowParam();
  const recent = await queryOne<{ wait: string | number | null }>(
    tx,
    sql`SELECT ceil(extract(epoch FROM max(created_at) + make_interval(secs => ${OTP_RESEND_SECONDS}) - ${now})) AS wait
        FROM otp_challenges
        WHERE mobile_hash = ${mobileHash} AND purpose = ${purpose}
          AND created_at > ${now} - make_interval(secs => ${OTP_RESEND_SECONDS})`,
  );
  if (recent?.wait !== null && recent?.wait !== undefined) {
    throw new AppError('OTP_TOO_FREQUENT', { retryAfterSeconds: Math.max(1, Number(recent.wait)) });
  }
  // A new code replaces any earlier one for the same purpose: only the latest can be used.
  await tx.execute(
    sql`UPDATE otp_challenges SET used_at = ${now}
        WHERE mobile_hash = ${mobileHash} AND purpose = ${purpose} AND used_at IS NULL`,
  );
  const challengeId = randomBytes(18).toString('base64url');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await tx.execute(
    sql`INSERT INTO otp_challenges (id, mobile_hash, purpose, code_hash, expires_at, created_at)
        VALUES (${challengeId}, ${mobileHash}, ${purpose}, ${codeHash(crypto, challengeId, code)},
                ${now} + make_interval(secs => ${OTP_TTL_SECONDS}), ${now})`,
  );
  await sendSms(tx, crypto, { mobile, template: `OTP_${purpose}`, text: otpText(code) });
  return { challengeId, expiresInSeconds: OTP_TTL_SECONDS };
}

/**
 * Checks a code once. OTP_EXPIRED (unknown, expired, used or replaced), OTP_INVALID (wrong; counts),
 * OTP_TOO_MANY_ATTEMPTS (the fifth wrong code and every try after it). The right code marks the
 * challenge used in the caller's transaction: if that transaction rolls back, the code can be tried
 * again.
 *
 * Wrong tries must count even though the caller's transaction usually rolls back when this throws:
 * they are kept in the row (when the caller commits) and in a per-process guard (when it does not),
 * and the larger count applies. With several servers an attacker gets at most 5 tries per server
 * per code, and one new code per minute.
 */
export async function verifyOtp(tx: Tx, crypto: FieldCrypto, input: { challengeId: string; mobile: string; code: string }): Promise<void> {
  const mobile = parseMobile(input.mobile);
  const challengeId = typeof input.challengeId === 'string' ? input.challengeId.trim() : '';
  if (!CHALLENGE_ID_RE.test(challengeId)) throw new AppError('OTP_EXPIRED');
  const row = await queryOne<{
    mobile_hash: string;
    code_hash: string;
    attempts: number;
    used: boolean;
    expired: boolean;
    expires_ms: string | number;
  }>(
    tx,
    sql`SELECT mobile_hash, code_hash, attempts, used_at IS NOT NULL AS used, expires_at <= ${nowParam()} AS expired,
               (extract(epoch FROM expires_at) * 1000)::bigint AS expires_ms
        FROM otp_challenges WHERE id = ${challengeId} FOR UPDATE`,
  );
  if (!row || row.mobile_hash !== crypto.lookupHash(mobile) || row.used) throw new AppError('OTP_EXPIRED');
  const failures = Math.max(Number(row.attempts), failureGuard.count(challengeId));
  if (failures >= OTP_MAX_ATTEMPTS) throw new AppError('OTP_TOO_MANY_ATTEMPTS');
  if (row.expired) throw new AppError('OTP_EXPIRED');

  const code = typeof input.code === 'string' ? input.code.trim() : '';
  if (/^\d{6}$/.test(code) && sameHash(codeHash(crypto, challengeId, code), row.code_hash)) {
    await tx.execute(sql`UPDATE otp_challenges SET used_at = ${nowParam()} WHERE id = ${challengeId}`);
    return;
  }
  const attempts = failures + 1;
  failureGuard.record(challengeId, attempts, Number(row.expires_ms));
  await tx.execute(sql`UPDATE otp_challenges SET attempts = ${attempts} WHERE id = ${challengeId}`);
  if (attempts >= OTP_MAX_ATTEMPTS) throw new AppError('OTP_TOO_MANY_ATTEMPTS');
  throw new AppError('OTP_INVALID', { remainingAttempts: OTP_MAX_ATTEMPTS - attempts });
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Wrong-code counts that survive the caller's rollback, per process. Entries live until their code
 * has expired (plus a margin for clock differences); the map is bounded.
 */
const failureGuard = (() => {
  const MARGIN_MS = 10 * 60_000;
  const MAX_ENTRIES = 100_000;
  const entries = new Map<string, { count: number; keepUntilMs: number }>();
  const prune = (now: number) => {
    for (const [id, e] of entries) if (e.keepUntilMs < now) entries.delete(id);
    // still too many (a flood of distinct codes): drop the oldest; the row's own count remains
    for (const id of entries.keys()) {
      if (entries.size <= MAX_ENTRIES) break;
      entries.delete(id);
    }
  };
  return {
    count(id: string): number {
      const e = entries.get(id);
      return e && e.keepUntilMs >= clock.now().getTime() ? e.count : 0;
    },
    record(id: string, count: number, expiresAtMs: number): void {
      const now = clock.now().getTime();
      if (entries.size >= MAX_ENTRIES) prune(now);
      const keepUntilMs = Math.max(expiresAtMs, now) + MARGIN_MS;
      entries.set(id, { count: Math.max(count, entries.get(id)?.count ?? 0), keepUntilMs });
    },
  };
})();

// ---------------------------------------------------------------------------------------------
// the outbox, for staff

/** Outside demo mode, digit runs that could be codes are hidden. */
export function maskCodes(text: string): string {
  return text.replace(/\d{4,}/g, (m) => '*'.repeat(m.length));
}

export async function listOutbox(
  db: Db,
  crypto: FieldCrypto,
  q: { page: number; pageSize: number; mobile?: string; demo: boolean },
): Promise<Omit<OutboxPage, 'demo'>> {
  const page = Math.max(1, Math.trunc(q.page));
  const pageSize = Math.min(200, Math.max(1, Math.trunc(q.pageSize)));
  let where = sql`TRUE`;
  if (q.mobile && q.mobile.trim()) {
    const mobile = normalizeMobile(q.mobile);
    if (!mobile) throw new AppError('INVALID_MOBILE', { reason: 'FORMAT' });
    where = eq(smsOutbox.mobileHash, crypto.lookupHash(mobile));
  }
  const [{ n }] = await db
    .select({ n: sql<string | number>`count(*)` })
    .from(smsOutbox)
    .where(where);
  const rows = await db
    .select()
    .from(smsOutbox)
    .where(where)
    .orderBy(desc(smsOutbox.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      customerId: r.customerId === null ? null : Number(r.customerId),
      mobileMasked: r.mobileMasked,
      template: r.template,
      // a staff member's temporary password is for them alone: hidden even in demo mode
      text: q.demo && r.template !== 'STAFF_TEMP_PASSWORD' ? r.text : maskCodes(r.text),
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    })),
    total: Number(n),
    page,
    pageSize,
  };
}
