/**
 * Early-warning alerts of a period for the work report (issue 15 §1): per colour, the alerts raised in
 * the period, closed in the period and still open at its end, in the actor's scope (the alert's branch
 * and officer).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { scopeCondition, type Actor } from '../org/index.js';

export const ALERT_COLOURS = ['RED', 'ORANGE', 'YELLOW'] as const;

export interface AlertColourFigures {
  level: (typeof ALERT_COLOURS)[number];
  opened: number;
  closed: number;
  openAtEnd: number;
}

export async function alertFiguresBetween(db: Db, actor: Actor, period: { from: IsoDate; to: IsoDate }): Promise<AlertColourFigures[]> {
  const scope = scopeCondition(actor, { branchId: sql`a.branch_id`, officerId: sql`a.officer_id` });
  const rows = await queryRows<{ level: string; opened: string; closed: string; open_at_end: string }>(
    db,
    sql`SELECT a.level,
               count(*) FILTER (WHERE a.raised_on BETWEEN ${period.from}::date AND ${period.to}::date)::text AS opened,
               count(*) FILTER (WHERE a.closed_on BETWEEN ${period.from}::date AND ${period.to}::date)::text AS closed,
               count(*) FILTER (WHERE a.raised_on <= ${period.to}::date AND (a.closed_on IS NULL OR a.closed_on > ${period.to}::date))::text AS open_at_end
          FROM risk_alerts a WHERE ${scope} GROUP BY a.level`,
  );
  const by = new Map(rows.map((r) => [r.level, r]));
  return ALERT_COLOURS.map((level) => {
    const r = by.get(level);
    return { level, opened: Number(r?.opened ?? 0), closed: Number(r?.closed ?? 0), openAtEnd: Number(r?.open_at_end ?? 0) };
  });
}
