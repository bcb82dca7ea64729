/**
 * The end-of-day step LOBBY for business date D and one partition (docs/marketing.md "Maturing CDs and
 * lobby staff"), with the parameters in force on D (days ahead N, task expiry):
 *
 *  - every active certificate of deposit maturing in [D, D + N] becomes one CD_MATURING task for the
 *    lobby staff of the holder's branch (the customer's branch), to offer a 质押e贷 or a renewal;
 *  - every active offline loan (booked in the core system) maturing in [D, D + N] becomes one
 *    OFFLINE_RENEWAL task for the borrower's officer (the customer's officer; the loan's branch) and a
 *    renewal invitation by SMS with the link to the online product, queued for D + 1 after the quiet
 *    hours (the reminders' quiet hours, the bank's one setting for them).
 *
 * One task per certificate or loan ever (unique (customer, kind, reference)): a later day, or a re-run of
 * (LOBBY, partition), finds the task made and adds nothing — so the SMS is sent once per loan. Reads
 * name the partition (inPartition, through the core's and customers' fragments); time is D only.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import { addDays, type IsoDate } from '../../kernel/dates.js';
import { formatYuan } from '../../kernel/money.js';
import { maturingCertificatesSource, maturingOfflineLoansSource } from '../core/index.js';
import { customerContactSource, customerOwnersSource } from '../customers/index.js';
import { getReminderParams } from '../reminders/index.js';
import { queueSms, SMS_SIGNATURE, type QueuedSms } from '../sms/index.js';
import { getLobbyParams } from './params.service.js';

/** The online product a renewal invitation links to (信e贷, the bank's general online credit product). */
export const RENEWAL_PRODUCT_CODE = 'XIN_E_DAI';

const CHINA_OFFSET_MINUTES = 8 * 60;

function hhmm(s: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  if (!m) throw new Error(`bad time of day ${s}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The instant of a China-time minute of a date. */
function chinaInstant(date: IsoDate, minuteOfDay: number): Date {
  const [y, mo, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d, 0, minuteOfDay - CHINA_OFFSET_MINUTES));
}

function arr(values: ReadonlyArray<string | number | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

interface Candidate {
  customer_id: string | number;
  kind: 'CD_MATURING' | 'OFFLINE_RENEWAL';
  source_ref: string;
  branch_id: string | number;
  staff_id: string | number | null;
  principal_fen: string;
  maturity_date: string;
  product_name: string | null;
  name_masked: string;
  mobile_enc: string;
  mobile_hash: string;
}

export async function eodLobby(tx: Tx, D: IsoDate, partition: CustomerPartition, publicBaseUrl = ''): Promise<number> {
  const params = await getLobbyParams(tx, D);
  const n = params.daysAhead;
  const candidates = await queryRows<Candidate>(
    tx,
    sql`SELECT x.*, c.name_masked, c.mobile_enc, c.mobile_hash FROM (
          SELECT m.customer_id, 'CD_MATURING'::text AS kind, m.cd_no AS source_ref, o.branch_id, NULL::bigint AS staff_id,
                 m.principal_fen::text AS principal_fen, to_char(m.maturity_date, 'YYYY-MM-DD') AS maturity_date, NULL::text AS product_name
            FROM (${maturingCertificatesSource(D, n, partition)}) m
            JOIN (${customerOwnersSource(partition)}) o ON o.customer_id = m.customer_id
          UNION ALL
          SELECT l.customer_id, 'OFFLINE_RENEWAL'::text, l.loan_no, l.branch_id, o.officer_id,
                 l.principal_fen::text, to_char(l.maturity_date, 'YYYY-MM-DD'), l.product_name
            FROM (${maturingOfflineLoansSource(D, n, partition)}) l
            JOIN (${customerOwnersSource(partition)}) o ON o.customer_id = l.customer_id) x
          JOIN (${customerContactSource(partition)}) c ON c.customer_id = x.customer_id
          LEFT JOIN lobby_tasks t ON t.customer_id = x.customer_id AND t.kind = x.kind AND t.source_ref = x.source_ref
                                 AND ${inPartition('t', partition)}
         WHERE t.customer_id IS NULL
         ORDER BY x.customer_id, x.kind, x.source_ref`,
  );
  if (candidates.length === 0) return 0;

  const ids = (
    await queryRows<{ id: string }>(tx, sql`SELECT nextval('lobby_tasks_id_seq')::text AS id FROM generate_series(1, ${candidates.length})`)
  ).map((r) => Number(r.id));

  // renewal invitations: D + 1 from the end of the quiet hours to their next start
  const quiet = (await getReminderParams(tx)).quietHours;
  const day = addDays(D, 1);
  const link = `${publicBaseUrl}/m/?product=${RENEWAL_PRODUCT_CODE}`;
  const refOf = (i: number) => `LOBBY:${Number(candidates[i].customer_id)}:${ids[i]}`;
  const messages: QueuedSms[] = [];
  candidates.forEach((c, i) => {
    if (c.kind !== 'OFFLINE_RENEWAL') return;
    messages.push({
      customerId: Number(c.customer_id),
      mobileEnc: c.mobile_enc,
      mobileHash: c.mobile_hash,
      template: 'LOBBY_RENEWAL_INVITE',
      text:
        `${SMS_SIGNATURE}${c.name_masked}您好，您的${c.product_name ?? '贷款'}（本金 ${formatYuan(BigInt(c.principal_fen))} 元）将于 ` +
        `${c.maturity_date} 到期。续贷可线上办理，无需跑网点：${link}`,
      sendAfter: chinaInstant(day, hhmm(quiet.end)),
      sendBefore: chinaInstant(day, hhmm(quiet.start)),
      sourceRef: refOf(i),
    });
  });
  const outbox = messages.length > 0 ? await queueSms(tx, messages, chinaInstant(day, 0)) : new Map<string, number>();

  const col = (f: (c: Candidate, i: number) => string | number | null) => arr(candidates.map(f));
  await tx.execute(
    sql`INSERT INTO lobby_tasks (customer_id, id, kind, source_ref, branch_id, staff_id, principal_fen, maturity_date, business_date,
                                 expires_on, outbox_id, params_version)
        SELECT u.customer_id, u.id, u.kind, u.source_ref, u.branch_id, u.staff_id, u.principal_fen, u.maturity_date, ${D}::date,
               ${addDays(D, params.taskExpiryDays)}::date, u.outbox_id, ${params.version}
          FROM unnest(${col((c) => Number(c.customer_id))}::bigint[], ${col((_, i) => ids[i])}::bigint[], ${col((c) => c.kind)}::text[],
                      ${col((c) => c.source_ref)}::text[], ${col((c) => Number(c.branch_id))}::bigint[],
                      ${col((c) => (c.staff_id === null ? null : Number(c.staff_id)))}::bigint[], ${col((c) => c.principal_fen)}::bigint[],
                      ${col((c) => c.maturity_date)}::date[], ${col((_, i) => outbox.get(refOf(i)) ?? null)}::bigint[])
               AS u(customer_id, id, kind, source_ref, branch_id, staff_id, principal_fen, maturity_date, outbox_id)
        ON CONFLICT (customer_id, kind, source_ref) DO NOTHING`,
  );
  return candidates.length;
}
