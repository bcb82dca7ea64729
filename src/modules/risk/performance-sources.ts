/**
 * What the performance rankings (issue 15 §3) read of the risk alerts: per branch or officer, the alerts
 * raised in a period of business dates and how many of them were followed up on time. An alert is late
 * when it was escalated (an ESCALATED event on or before `to`): the end-of-day step escalates exactly the
 * alerts whose deadline passed without a follow-up (alerts.eod.ts); the others were handled on time.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';

export interface AlertFollowUpCounts {
  raised: number;
  onTime: number;
}

/** Alerts raised in [from, to] and those not escalated by `to`, per branch or officer (the alert's). */
export async function alertFollowUpByUnit(
  db: Db | Tx,
  q: { level: 'branch' | 'officer'; from: IsoDate; to: IsoDate },
): Promise<Map<number, AlertFollowUpCounts>> {
  const from = parseIsoDate(q.from);
  const to = parseIsoDate(q.to);
  const key = sql.raw(q.level === 'branch' ? 'a.branch_id' : 'a.officer_id');
  const rows = await queryRows<{ k: string; raised: string; on_time: string }>(
    db,
    sql`SELECT ${key}::text AS k, count(*)::text AS raised,
               count(*) FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM risk_alert_events e
                  WHERE e.customer_id = a.customer_id AND e.alert_id = a.id AND e.kind = 'ESCALATED'
                    AND e.business_date <= ${to}::date))::text AS on_time
          FROM risk_alerts a
         WHERE a.raised_on BETWEEN ${from}::date AND ${to}::date AND ${key} IS NOT NULL
         GROUP BY ${key}`,
  );
  return new Map(rows.map((r) => [Number(r.k), { raised: Number(r.raised), onTime: Number(r.on_time) }]));
}
