/**
 * Marketing SMS (issue 14 §3): the opt-out list (退订 — a mobile that replied TD, or whose owner asked
 * staff) and the set-based queue a campaign send writes through: one INSERT … SELECT of the caller's
 * recipients into the outbox, every message QUEUED with its own send window (quiet hours and
 * throttling decided by the caller), sent by the dispatcher like the reminders.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import type { FieldCrypto } from '../../kernel/crypto.js';
import { parseMobile } from '../../kernel/mobile.js';

export type SmsOptOutSource = 'REPLY_TD' | 'STAFF';

/** A reply of TD (or T, 退订; case and spaces ignored) asks to stop marketing messages. */
export function isOptOutReply(text: string): boolean {
  const t = text.replace(/\s+/g, '').toUpperCase();
  return t === 'TD' || t === 'T' || t === '退订';
}

/** Records a mobile's opt-out (idempotent: the first record stays). Returns whether it is new. */
export async function recordSmsOptOut(tx: Tx, crypto: FieldCrypto, mobile: string, source: SmsOptOutSource): Promise<boolean> {
  const hash = crypto.lookupHash(parseMobile(mobile));
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`INSERT INTO sms_opt_outs (mobile_hash, source, created_at) VALUES (${hash}, ${source}, ${nowParam()})
        ON CONFLICT (mobile_hash) DO NOTHING RETURNING 1 AS n`,
  );
  return rows.length > 0;
}

/** Whether a mobile has opted out of marketing SMS. */
export async function isSmsOptedOut(db: Db | Tx, crypto: FieldCrypto, mobile: string): Promise<boolean> {
  const hash = crypto.lookupHash(parseMobile(mobile));
  return (await queryOne(db, sql`SELECT 1 AS n FROM sms_opt_outs WHERE mobile_hash = ${hash}`)) !== undefined;
}

/**
 * The opt-out list joined to a row by its mobile's lookup hash (an anti-join, not a correlated
 * subquery, which Citus refuses over a subquery): `join` goes into the FROM clause, `optedOut` is the
 * condition that the row's mobile has opted out.
 */
export function smsOptOutJoin(mobileHash: SQL): { join: SQL; optedOut: SQL } {
  return {
    join: sql`LEFT JOIN sms_opt_outs sms_oo ON sms_oo.mobile_hash = ${mobileHash}`,
    optedOut: sql`(sms_oo.mobile_hash IS NOT NULL)`,
  };
}

/**
 * Queues the rows of a SELECT as marketing messages in one INSERT … SELECT. The select gives the
 * columns customer_id, mobile_enc, mobile_hash, template, text, send_after, send_before, source_ref,
 * every source_ref starting with `sourceRefPrefix`; opted-out mobiles are left out here whatever the
 * caller selected. Returns the number of messages with that prefix in the outbox.
 */
export async function queueSmsSelect(tx: Tx, select: SQL, recordedAt: SQL, sourceRefPrefix: string): Promise<number> {
  const o = smsOptOutJoin(sql`m.mobile_hash`);
  await queryRows(
    tx,
    sql`INSERT INTO sms_outbox (customer_id, mobile_enc, mobile_hash, mobile_masked, template, text, status, created_at,
                                send_after, send_before, source_ref)
        SELECT m.customer_id, m.mobile_enc, m.mobile_hash, '', m.template, m.text, 'QUEUED', ${recordedAt},
               m.send_after, m.send_before, m.source_ref
          FROM (${select}) AS m ${o.join}
         WHERE NOT ${o.optedOut} AND m.source_ref LIKE ${sourceRefPrefix + '%'}`,
  );
  const row = await queryOne<{ n: string }>(
    tx,
    sql`SELECT count(*)::text AS n FROM sms_outbox WHERE source_ref LIKE ${sourceRefPrefix + '%'}`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Delivery figures of the outbox messages whose source_ref is `<kind>:<key>:…`, per key: queued (all
 * written), sent (delivered by the gateway), failed (expired or undeliverable).
 */
export async function outboxFiguresBySource(
  db: Db | Tx,
  kind: string,
  keys: readonly string[],
): Promise<Map<string, { queued: number; sent: number; failed: number }>> {
  const out = new Map<string, { queued: number; sent: number; failed: number }>();
  if (keys.length === 0) return out;
  const rows = await queryRows<{ key: string; queued: string; sent: string; failed: string }>(
    db,
    sql`SELECT split_part(o.source_ref, ':', 2) AS key, count(*)::text AS queued,
               count(*) FILTER (WHERE o.status = 'SENT')::text AS sent,
               count(*) FILTER (WHERE o.status = 'FAILED')::text AS failed
          FROM sms_outbox o
         WHERE o.source_ref LIKE ${kind + ':%'} AND split_part(o.source_ref, ':', 2) = ANY(${`{${keys.map((k) => `"${k}"`).join(',')}}`}::text[])
         GROUP BY split_part(o.source_ref, ':', 2)`,
  );
  for (const r of rows) out.set(r.key, { queued: Number(r.queued), sent: Number(r.sent), failed: Number(r.failed) });
  return out;
}
