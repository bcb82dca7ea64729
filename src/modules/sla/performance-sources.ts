/**
 * What the performance rankings (issue 15 §3) read of the 543 standard: per branch or officer, the stages
 * measured in a period of business dates and the breaches among them (overrun, not waived) — the same
 * counts as the compliance figures (sla.service.ts), for every unit of the bank (the caller ranks all
 * units, then shows what the actor may see).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';

export interface SlaUnitCounts {
  measured: number;
  breaches: number;
}

/** Stages measured and breaches (not waived) of [from, to] per branch or officer. */
export async function slaCountsByUnit(
  db: Db | Tx,
  q: { level: 'branch' | 'officer'; from: IsoDate; to: IsoDate },
): Promise<Map<number, SlaUnitCounts>> {
  const key = sql.raw(q.level === 'branch' ? 't.branch_id' : 't.officer_id');
  const rows = await queryRows<{ k: string; measured: string; breaches: string }>(
    db,
    sql`SELECT ${key}::text AS k, count(*)::text AS measured,
               count(*) FILTER (WHERE t.overrun_seconds > 0 AND coalesce(a.status, 'PROPOSED') <> 'WAIVED')::text AS breaches
          FROM sla_stage_timings t
          LEFT JOIN accountability_records a ON a.customer_id = t.customer_id AND a.kind = 'SLA_543' AND a.stage = t.stage
                                            AND a.source_event_id = t.end_event_id
         WHERE t.business_date BETWEEN ${parseIsoDate(q.from)}::date AND ${parseIsoDate(q.to)}::date AND ${key} IS NOT NULL
         GROUP BY ${key}`,
  );
  return new Map(rows.map((r) => [Number(r.k), { measured: Number(r.measured), breaches: Number(r.breaches) }]));
}
