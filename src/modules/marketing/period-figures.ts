/**
 * Prospect lists of a period for the work report (issue 15 §1): prospects imported (created) in the
 * period, prospects worked (at least one contact logged in it), contacts logged, and prospects that
 * reached DISBURSED in it, in the actor's scope (the prospect's branch and officer).
 */
import { sql } from 'drizzle-orm';
import { queryOne, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { scopeCondition, type Actor } from '../org/index.js';

export interface ProspectPeriodFigures {
  imported: number;
  worked: number;
  contacts: number;
  disbursed: number;
}

export async function prospectFiguresBetween(db: Db, actor: Actor, period: { from: IsoDate; to: IsoDate }): Promise<ProspectPeriodFigures> {
  const scope = scopeCondition(actor, { branchId: sql`p.branch_id`, officerId: sql`p.officer_id` });
  const row = await queryOne<{ imported: string; worked: string; contacts: string; disbursed: string }>(
    db,
    sql`SELECT (SELECT count(*) FROM prospects p
                 WHERE p.created_date BETWEEN ${period.from}::date AND ${period.to}::date AND ${scope})::text AS imported,
               (SELECT count(DISTINCT c.prospect_id) FROM prospect_contacts c JOIN prospects p ON p.id = c.prospect_id
                 WHERE c.contact_date BETWEEN ${period.from}::date AND ${period.to}::date AND ${scope})::text AS worked,
               (SELECT count(*) FROM prospect_contacts c JOIN prospects p ON p.id = c.prospect_id
                 WHERE c.contact_date BETWEEN ${period.from}::date AND ${period.to}::date AND ${scope})::text AS contacts,
               (SELECT count(DISTINCT e.prospect_id) FROM prospect_events e JOIN prospects p ON p.id = e.prospect_id
                 WHERE e.to_status = 'DISBURSED' AND e.event_date BETWEEN ${period.from}::date AND ${period.to}::date AND ${scope})::text AS disbursed`,
  );
  return {
    imported: Number(row?.imported ?? 0),
    worked: Number(row?.worked ?? 0),
    contacts: Number(row?.contacts ?? 0),
    disbursed: Number(row?.disbursed ?? 0),
  };
}
