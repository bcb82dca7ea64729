/**
 * Campaigns of a period for the work report (issue 15 §1): each campaign in the actor's scope (the
 * campaign's branch) that ran in the period or sent or was visited in it, with the SMS sent to its
 * segments on the period's business dates and the visits of its link. Applications and disbursements
 * are origination's (by the campaign's code); the work report joins them.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { scopeCondition, type Actor } from '../org/index.js';

export interface CampaignPeriodRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  smsSent: number;
  visits: number;
}

export async function campaignsBetween(db: Db, actor: Actor, period: { from: IsoDate; to: IsoDate }): Promise<CampaignPeriodRow[]> {
  const rows = await queryRows<{ id: string; code: string; name: string; kind: string; sms: string; visits: string }>(
    db,
    sql`WITH s AS (SELECT r.campaign_id, count(*) AS n FROM campaign_recipients r
                    WHERE r.sent_date BETWEEN ${period.from}::date AND ${period.to}::date GROUP BY r.campaign_id),
             v AS (SELECT v.campaign_id, sum(v.visits) AS n FROM campaign_visits v
                    WHERE v.visit_date BETWEEN ${period.from}::date AND ${period.to}::date GROUP BY v.campaign_id)
        SELECT c.id::text AS id, c.code, c.name, c.kind, coalesce(s.n, 0)::text AS sms, coalesce(v.n, 0)::text AS visits
          FROM campaigns c LEFT JOIN s ON s.campaign_id = c.id LEFT JOIN v ON v.campaign_id = c.id
         WHERE ${scopeCondition(actor, { branchId: sql`c.branch_id` })}
           AND ((c.start_date <= ${period.to}::date AND c.end_date >= ${period.from}::date) OR s.n IS NOT NULL OR v.n IS NOT NULL)
         ORDER BY c.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    kind: r.kind,
    smsSent: Number(r.sms),
    visits: Number(r.visits),
  }));
}
