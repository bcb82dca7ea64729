/**
 * The 543 stages measured from origination's service events (docs/marketing.md "The 543 standard"),
 * per customer and officer:
 *
 *  - LOCK: from the first contact — the customer's earliest service event with that officer (an
 *    officer's own LOCK is its own first contact and takes 0 s; a self-service application through
 *    the officer's QR code, referral or card records a SUBMIT first) — to the officer's first LOCK;
 *  - RECOMMEND: from that LOCK to the officer's first RECOMMEND at or after it;
 *  - DISBURSE: from an application's first SUBMIT to its first DISBURSE on the same business date (the
 *    officer of the DISBURSE). A first drawdown on a later day is the customer's choice of when to
 *    draw, not the bank's service time: it is not measured.
 *
 * A stage is keyed by the event that ends it; a stage not yet ended is not measured. Each stage is
 * one SELECT over the events fragment (named only through origination's door), every copy of which
 * carries the caller's condition (the end-of-day partition: one shard on Citus).
 */
import { sql, type SQL } from 'drizzle-orm';
import { serviceEventsSource } from '../origination/index.js';
import type { SlaStage } from './sla.contract.js';

export interface StageRow {
  customer_id: string | number;
  stage: SlaStage;
  end_event_id: string | number;
  start_event_id: string | number;
  officer_id: string | number;
  branch_id: string | number | null;
  application_id: string | number | null;
  started_at: string;
  ended_at: string;
  business_date: string;
  duration_ms: string | number;
}

const instant = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** The columns of a stage from its start (alias s) and its end (alias e), as StageRow names them. */
function stageColumns(stage: SlaStage): SQL {
  return sql`e.customer_id, ${stage}::text AS stage, e.id AS end_event_id, s.id AS start_event_id,
             e.officer_id, e.branch_id, e.application_id,
             ${instant('s.occurred_at')} AS started_at, ${instant('e.occurred_at')} AS ended_at,
             to_char(e.business_date, 'YYYY-MM-DD') AS business_date,
             floor(extract(epoch FROM (e.occurred_at - s.occurred_at)) * 1000)::bigint AS duration_ms`;
}

/**
 * The SELECT of one stage's measures (one row per ending event, StageRow's columns) over the events
 * that meet `where` (every copy of the fragment carries it). Filter the ends outside it: the first
 * event after another is chosen before any condition on its date.
 */
export function stageSql(stage: SlaStage, where: (alias: string) => SQL): SQL {
  const ev = () => serviceEventsSource(where);
  switch (stage) {
    case 'LOCK':
      return sql`SELECT DISTINCT ON (e.customer_id, e.id) ${stageColumns('LOCK')}
                   FROM (${ev()}) e
                   JOIN (${ev()}) s ON s.customer_id = e.customer_id AND s.officer_id = e.officer_id
                                   AND (s.occurred_at < e.occurred_at OR (s.occurred_at = e.occurred_at AND s.id <= e.id))
                  WHERE e.kind = 'LOCK' AND e.officer_id IS NOT NULL
                  ORDER BY e.customer_id, e.id, s.occurred_at, s.id`;
    case 'RECOMMEND':
      return sql`SELECT DISTINCT ON (s.customer_id, s.id) ${stageColumns('RECOMMEND')}
                   FROM (${ev()}) s
                   JOIN (${ev()}) e ON e.customer_id = s.customer_id AND e.officer_id = s.officer_id AND e.kind = 'RECOMMEND'
                                   AND (e.occurred_at > s.occurred_at OR (e.occurred_at = s.occurred_at AND e.id > s.id))
                  WHERE s.kind = 'LOCK' AND s.officer_id IS NOT NULL
                  ORDER BY s.customer_id, s.id, e.occurred_at, e.id`;
    case 'DISBURSE':
      return sql`SELECT DISTINCT ON (s.customer_id, s.application_id) ${stageColumns('DISBURSE')}
                   FROM (${ev()}) s
                   JOIN (${ev()}) e ON e.customer_id = s.customer_id AND e.application_id = s.application_id AND e.kind = 'DISBURSE'
                                   AND e.officer_id IS NOT NULL AND e.business_date = s.business_date
                                   AND (e.occurred_at > s.occurred_at OR (e.occurred_at = s.occurred_at AND e.id > s.id))
                  WHERE s.kind = 'SUBMIT' AND s.application_id IS NOT NULL
                  ORDER BY s.customer_id, s.application_id, s.occurred_at, s.id, e.occurred_at, e.id`;
  }
}
