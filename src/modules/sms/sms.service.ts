/**
 * SMS through the embedded gateway (every message lands in the outbox, status SENT) and one-time
 * verification codes: 6 digits, valid 5 minutes, single use, at most 5 tries, at most one code per
 * mobile and purpose per 60 s. Codes are stored only as HMAC(challenge id : code).
 *
 * Expiry and the resend interval are counted on the domain clock (src/kernel/clock.ts: the wall clock
 * in production), like every time recorded here; the business date plays no part.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';
import type { FieldCrypto } from '../../kernel/crypto.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
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
  const now = clock.now();
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
      createdAt: now,
      sentAt: now,
    })
    .returning({ id: smsOutbox.id });
  return { messageId: Number(row.id) };
}

// ---------------------------------------------------------------------------------------------
// the queue: messages sent later by the dispatcher (migrations/0057_sms_queue.sql)

/** A message to queue: the mobile as the customer record keeps it (encrypted, with its lookup hash). */
export interface QueuedSms {
  customerId: number;
  mobileEnc: string;
  mobileHash: string;
  template: string;
  text: string;
  /** Not sent before this instant, and never at or after sendBefore (then FAILED, EXPIRED). */
  sendAfter: Date;
  sendBefore: Date;
  /** Unique among the batch: what queued the message (e.g. REMINDER:<customer>:<id>). */
  sourceRef: string;
}

/** Outbox ids of the messages in a delivery status, as a SELECT (id) for composing filters. */
export function outboxIdsByStatus(status: 'QUEUED' | 'SENT' | 'FAILED'): SQL {
  return sql`SELECT o.id FROM sms_outbox o WHERE o.status = ${status}`;
}

/** Rows per INSERT of queueSms. */
const QUEUE_BATCH = 1000;

/**
 * Queues messages (status QUEUED) in multi-row inserts; returns each message's outbox id by its
 * sourceRef. recordedAt is the outbox's created_at (end-of-day passes an instant of its business date). The number stays encrypted: the dispatcher decrypts it when it sends (and only then
 * fills mobile_masked), so a night's end-of-day never decrypts a customer's mobile.
 */
export async function queueSms(tx: Tx, messages: readonly QueuedSms[], recordedAt: Date = clock.now()): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const m of messages) {
    if (!TEMPLATE_RE.test(m.template)) throw new AppError('SMS_MESSAGE_INVALID', { field: 'template' });
    const chars = Array.from(m.text.trim()).length;
    if (chars === 0 || chars > SMS_TEXT_MAX_CHARS) throw new AppError('SMS_MESSAGE_INVALID', { field: 'text' });
    if (!(m.sendBefore.getTime() > m.sendAfter.getTime())) throw new InvariantError(`sms queue: empty window for ${m.sourceRef}`);
  }
  const createdAt = recordedAt.toISOString();
  for (let i = 0; i < messages.length; i += QUEUE_BATCH) {
    const batch = messages.slice(i, i + QUEUE_BATCH);
    const arr = (f: (m: QueuedSms) => string | number) => `{${batch.map((m) => pgArrayItem(String(f(m)))).join(',')}}`;
    const rows = await queryRows<{ id: string | number; source_ref: string }>(
      tx,
      sql`INSERT INTO sms_outbox (customer_id, mobile_enc, mobile_hash, mobile_masked, template, text, status, created_at,
                                  send_after, send_before, source_ref)
          SELECT u.customer_id, u.mobile_enc, u.mobile_hash, '', u.template, u.text, 'QUEUED', ${createdAt}::timestamptz,
                 u.send_after, u.send_before, u.source_ref
            FROM unnest(${arr((m) => m.customerId)}::bigint[], ${arr((m) => m.mobileEnc)}::text[], ${arr((m) => m.mobileHash)}::text[],
                        ${arr((m) => m.template)}::text[], ${arr((m) => m.text.trim())}::text[],
                        ${arr((m) => m.sendAfter.toISOString())}::timestamptz[], ${arr((m) => m.sendBefore.toISOString())}::timestamptz[],
                        ${arr((m) => m.sourceRef)}::text[])
                 AS u(customer_id, mobile_enc, mobile_hash, template, text, send_after, send_before, source_ref)
          RETURNING id, source_ref`,
    );
    for (const r of rows) ids.set(r.source_ref, Number(r.id));
  }
  if (ids.size !== messages.length) throw new InvariantError(`sms queue: ${messages.length} messages, ${ids.size} distinct rows`);
  return ids;
}

/** An element of a text[] literal, quoted. */
function pgArrayItem(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface DispatchResult {
  sent: number;
  failed: number;
  expired: number;
}

/**
 * The dispatcher: sends the queued messages whose time has come (send_after ≤ now < send_before),
 * oldest first, at most `limit` per call, each claimed by its own conditional update (two dispatchers
 * never send one message twice); a message whose window has passed is FAILED (EXPIRED) instead —
 * never sent in quiet hours or a day late. Time from the kernel clock. The embedded gateway "sends"
 * by recording SENT; a number that cannot be read is FAILED (INVALID_MOBILE).
 */
export async function dispatchDueSms(db: Db, crypto: FieldCrypto, opts: { limit?: number } = {}): Promise<DispatchResult> {
  const limit = Math.min(10_000, Math.max(1, Math.trunc(opts.limit ?? 1000)));
  return withTx(db, async (tx) => {
    const now = nowParam();
    const expired = await queryRows<{ id: string }>(
      tx,
      sql`UPDATE sms_outbox SET status = 'FAILED', failure_reason = 'EXPIRED'
           WHERE status = 'QUEUED' AND send_before <= ${now} RETURNING id`,
    );
    const due = await queryRows<{ id: string | number; mobile_enc: string }>(
      tx,
      sql`SELECT id, mobile_enc FROM sms_outbox
           WHERE status = 'QUEUED' AND send_after <= ${now} AND send_before > ${now}
           ORDER BY send_after, id LIMIT ${limit}`,
    );
    let sent = 0;
    let failed = 0;
    for (const m of due) {
      let mobile: string | null = null;
      try {
        mobile = normalizeMobile(crypto.decrypt(m.mobile_enc));
      } catch {
        mobile = null;
      }
      // A real gateway adapter would hand the message over here and record its answer.
      const claimed = await queryRows<{ id: string }>(
        tx,
        mobile
          ? sql`UPDATE sms_outbox SET status = 'SENT', sent_at = ${now}, mobile_masked = ${maskMobile(mobile)}
                 WHERE id = ${Number(m.id)} AND status = 'QUEUED' RETURNING id`
          : sql`UPDATE sms_outbox SET status = 'FAILED', failure_reason = 'INVALID_MOBILE'
                 WHERE id = ${Number(m.id)} AND status = 'QUEUED' RETURNING id`,
      );
      if (claimed.length === 0) continue;
      if (mobile) sent++;
      else failed++;
    }
    return { sent, failed, expired: expired.length };
  });
}

/** Delivery state of outbox messages by id (for the modules that queued them). */
export async function outboxStates(
  db: Db | Tx,
  ids: readonly number[],
): Promise<Map<number, { status: 'QUEUED' | 'SENT' | 'FAILED'; sentAt: string | null; failureReason: string | null }>> {
  const out = new Map<number, { status: 'QUEUED' | 'SENT' | 'FAILED'; sentAt: string | null; failureReason: string | null }>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{
    id: string | number;
    status: 'QUEUED' | 'SENT' | 'FAILED';
    sent_at: string | null;
    failure_reason: string | null;
  }>(
    db,
    sql`SELECT id, status, failure_reason,
               to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sent_at
          FROM sms_outbox WHERE id = ANY(${`{${[...new Set(ids)].join(',')}}`}::bigint[])`,
  );
  for (const r of rows) out.set(Number(r.id), { status: r.status, sentAt: r.sent_at, failureReason: r.failure_reason });
  return out;
}

export interface SmsDispatchTimer {
  stop(): void;
}

/**
 * Server mode: runs the dispatcher every intervalMs (HUINONG_SMS_DISPATCH_SECONDS, default 60; 0 = off)
 * so that the night's reminders go out when quiet hours end.
 */
export function startSmsDispatch(
  db: Db,
  crypto: FieldCrypto,
  log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void },
  seconds: string | undefined = process.env.HUINONG_SMS_DISPATCH_SECONDS,
): SmsDispatchTimer | null {
  const every = seconds === undefined || seconds.trim() === '' ? 60 : Number(seconds);
  if (!Number.isFinite(every) || every < 0) throw new Error(`HUINONG_SMS_DISPATCH_SECONDS must be a number of seconds, got "${seconds}"`);
  if (every === 0) return null;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    dispatchDueSms(db, crypto)
      .then((r) => {
        if (r.sent + r.failed + r.expired > 0) log.info({ sms: r }, 'sms dispatch');
      })
      .catch((err: unknown) => log.error({ err }, 'sms dispatch failed'))
      .finally(() => {
        running = false;
      });
  }, every * 1000);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
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
      sendAfter: r.sendAfter ? r.sendAfter.toISOString() : null,
      sentAt: r.sentAt ? r.sentAt.toISOString() : null,
      failureReason: r.failureReason,
    })),
    total: Number(n),
    page,
    pageSize,
  };
}
