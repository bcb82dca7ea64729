/**
 * The core module's data for the warning rules (src/modules/warning), read from the embedded core's
 * store over one end-of-day partition (inPartition): the change of the customers' demand balances
 * over the last days, and the anomalies of their certificates of deposit. A real core adapter would
 * feed the same facts into these tables (core imports) for the rules to read.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, type Tx } from '../../db/client.js';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';

/**
 * Each customer's demand balance (all accounts) at the end of D and `days` days earlier:
 * (customer_id, balance_now_fen, balance_before_fen). Before = now − credits + debits of the business
 * dates D − days + 1 … D (the movements recorded since the earlier day's end).
 */
export function demandBalanceChangeSource(D: IsoDate, days: number, p: CustomerPartition): SQL {
  parseIsoDate(D);
  return sql`SELECT a.customer_id, a.balance_now_fen,
                    a.balance_now_fen - coalesce(t.credits_fen, 0) + coalesce(t.debits_fen, 0) AS balance_before_fen
               FROM (SELECT da.customer_id, sum(da.balance_fen) AS balance_now_fen
                       FROM core_demand_accounts da WHERE ${inPartition('da', p)} GROUP BY da.customer_id) a
               LEFT JOIN (SELECT ct.customer_id,
                                 sum(ct.amount_fen) FILTER (WHERE ct.direction = 'CR') AS credits_fen,
                                 sum(ct.amount_fen) FILTER (WHERE ct.direction = 'DR') AS debits_fen
                            FROM core_transactions ct
                           WHERE ${inPartition('ct', p)} AND ct.business_date > ${D}::date - ${days}::int
                             AND ct.business_date <= ${D}::date
                           GROUP BY ct.customer_id) t ON t.customer_id = a.customer_id`;
}

/**
 * The partition's certificates FROZEN or LOST now: (customer_id, cd_no, kind — the status, since — the
 * business date of its latest such event, or NULL when the core reported none).
 */
export function certificatesFrozenOrLostSource(p: CustomerPartition): SQL {
  return sql`SELECT c.customer_id, c.cd_no, c.status AS kind, ev.since
               FROM core_certificates c
               LEFT JOIN (SELECT e.customer_id, e.cd_no, e.kind, max(e.business_date) AS since
                            FROM core_certificate_events e
                           WHERE ${inPartition('e', p)} AND e.kind IN ('FROZEN', 'LOST')
                           GROUP BY e.customer_id, e.cd_no, e.kind) ev
                      ON ev.customer_id = c.customer_id AND ev.cd_no = c.cd_no AND ev.kind = c.status
              WHERE ${inPartition('c', p)} AND c.status IN ('FROZEN', 'LOST')`;
}

/** The partition's early-withdrawal attempts in the last `days` days to D: (customer_id, cd_no, since — the latest). */
export function earlyWithdrawalAttemptsSource(D: IsoDate, days: number, p: CustomerPartition): SQL {
  parseIsoDate(D);
  return sql`SELECT e.customer_id, e.cd_no, max(e.business_date) AS since
               FROM core_certificate_events e
              WHERE ${inPartition('e', p)} AND e.kind = 'EARLY_WITHDRAWAL_ATTEMPT'
                AND e.business_date > ${D}::date - ${days}::int AND e.business_date <= ${D}::date
              GROUP BY e.customer_id, e.cd_no`;
}

export type CertificateEventKind = 'FROZEN' | 'LOST' | 'EARLY_WITHDRAWAL_ATTEMPT';

/**
 * Records what the core reports on a certificate: FROZEN (冻结) or LOST (挂失) also set its status (and
 * end a pledge reference the core held: the pledge stays registered on the lending side, where the
 * warning rule finds it); an early-withdrawal attempt (提前支取申请) is only recorded.
 */
export async function recordCertificateEvent(
  tx: Tx,
  e: { customerId: number; cdNo: string; kind: CertificateEventKind; businessDate: IsoDate; memo?: string },
): Promise<number> {
  parseIsoDate(e.businessDate);
  const cd = await queryOne(
    tx,
    sql`SELECT 1 AS ok FROM core_certificates WHERE customer_id = ${e.customerId} AND cd_no = ${e.cdNo} FOR UPDATE`,
  );
  if (!cd) throw new AppError('CD_NOT_FOUND');
  if (e.kind !== 'EARLY_WITHDRAWAL_ATTEMPT') {
    await tx.execute(
      sql`UPDATE core_certificates SET status = ${e.kind}, pledge_reference = NULL, updated_at = ${nowParam()}
           WHERE customer_id = ${e.customerId} AND cd_no = ${e.cdNo}`,
    );
  }
  const row = await queryOne<{ id: string }>(
    tx,
    sql`INSERT INTO core_certificate_events (customer_id, cd_no, kind, business_date, memo, created_at)
        VALUES (${e.customerId}, ${e.cdNo}, ${e.kind}, ${e.businessDate}::date, ${e.memo ?? ''}, ${nowParam()})
        RETURNING id`,
  );
  return Number(row?.id);
}
