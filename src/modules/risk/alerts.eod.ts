/**
 * The end-of-day step ALERT (after SNAPSHOT, after the warning step WARN): turns business date D's
 * warning levels of a partition's customers into alerts and measures, set-based, in this order:
 *
 *  1. raise   — a customer with a level and no open alert gets one (one open alert per customer: the
 *               partial unique index risk_alerts_one_open), assigned to the customer's branch and
 *               officer (customers' door), red also to the risk department; due in the colour's days;
 *  2. change  — an open alert whose level differs is upgraded (new deadline from D) or downgraded (the
 *               deadline stands); the same level with other rules only takes the new rules;
 *  3. close   — an open alert whose customer has no level on D is closed;
 *  4. escalate — an open alert whose deadline (due_on ≤ D) passed without a follow-up moving it goes
 *               from the officer to the branch head, and after a further deadline to head office;
 *  5. measures — origination's applyRiskHolds: orange and red stop new drawdowns, red freezes the lines.
 *
 * Each change writes an event on the alert's timeline with D, the level and the rules. Time is D only;
 * every table is read through inPartition. Idempotent: a re-run of (D, partition) finds each alert
 * already where D put it (same level, deadline after D), so it writes nothing more.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, type Tx } from '../../db/client.js';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import type { IsoDate } from '../../kernel/dates.js';
import { addBusinessDays } from '../calendar/index.js';
import { customerOwnersSource } from '../customers/index.js';
import { applyRiskHolds } from '../origination/index.js';
import { deadlineDays, getAlertParams } from './params.service.js';
import type { AlertParamValues } from './risk.contract.js';

const RANK = (col: string) => sql.raw(`(CASE ${col} WHEN 'YELLOW' THEN 1 WHEN 'ORANGE' THEN 2 WHEN 'RED' THEN 3 END)`);

async function count(tx: Tx, q: SQL): Promise<number> {
  const row = await queryOne<{ n: string }>(tx, q);
  return Number(row?.n ?? '0');
}

/** The deadline of a level raised or reached on D: D plus the colour's business days. */
function dueOf(D: IsoDate, p: AlertParamValues, col: string): SQL {
  const c = sql.raw(col);
  return sql`(CASE ${c} WHEN 'RED' THEN ${addBusinessDays(D, deadlineDays(p, 'RED'))}::date
                       WHEN 'ORANGE' THEN ${addBusinessDays(D, deadlineDays(p, 'ORANGE'))}::date
                       ELSE ${addBusinessDays(D, deadlineDays(p, 'YELLOW'))}::date END)`;
}

/**
 * The open alert of one customer of the partition (at most one: risk_alerts_one_open) — id, level, rules,
 * escalation — for a LATERAL join on the day's levels: looked up by the customer's key, whatever the
 * planner guesses of the levels' rows. (A plain join, estimated at one level row because the firings of
 * D are newer than their statistics, was planned as a scan of the partition's open alerts per level row:
 * quadratic in the partition's alerts, 41 s of ALERT's 83 s day at 100k.)
 */
function openAlertOf(p: CustomerPartition, customerId: SQL): SQL {
  return sql`SELECT a.customer_id, a.id, a.level, a.rules, a.escalation
               FROM risk_alerts a
              WHERE a.customer_id = ${customerId} AND a.status = 'OPEN' AND ${inPartition('a', p)}
              LIMIT 1`;
}

/** The step's function: `levels` is the warning module's SELECT (customer_id, level, rules) of the partition for D. */
export async function eodAlerts(tx: Tx, D: IsoDate, p: CustomerPartition, levels: SQL): Promise<number> {
  const params = await getAlertParams(tx);
  // (each statement below computes the day's levels once — MATERIALIZED — rather than once per alert row
  // through a parameterised scan of the grouped firings: 60 s at 100k on the first day without it)
  const lv = sql`SELECT x.customer_id::bigint AS customer_id, x.level::text AS level, x.rules::jsonb AS rules
                   FROM (${levels}) x WHERE x.level IN ('YELLOW', 'ORANGE', 'RED') AND ${inPartition('x', p)}`;
  const now = nowParam();
  let n = 0;
  // No warning in the partition today: every open alert closes, and the statements that join the levels
  // are skipped (Citus 13.2 fails to plan them when the levels are a constant SELECT folded to nothing).
  const any = await queryOne<{ n: string }>(tx, sql`SELECT count(*)::text AS n FROM (${lv}) lv`);
  if (Number(any?.n ?? 0) === 0) {
    // (nothing is left open to escalate)
    n += await closeAlerts(tx, D, p, null);
    return n + (await applyRiskHolds(tx, D, p, levels));
  }

  // 1. raise
  n += await count(
    tx,
    sql`WITH lv AS MATERIALIZED (${lv}), own AS (${customerOwnersSource(p)}),
        fresh AS (
          SELECT lv.customer_id, lv.level, lv.rules, own.branch_id, own.officer_id
            FROM lv JOIN own ON own.customer_id = lv.customer_id
            LEFT JOIN LATERAL (${openAlertOf(p, sql`lv.customer_id`)}) a ON true
           WHERE a.id IS NULL
        ),
        ins AS (
          INSERT INTO risk_alerts (customer_id, level, rules, status, branch_id, officer_id, risk_dept, raised_on, level_on, due_on,
                                   escalation, created_at, updated_at)
          SELECT fresh.customer_id, fresh.level, fresh.rules, 'OPEN', fresh.branch_id, fresh.officer_id, fresh.level = 'RED',
                 ${D}::date, ${D}::date, ${dueOf(D, params, 'fresh.level')}, 'OFFICER', ${now}, ${now}
            FROM fresh
          RETURNING customer_id, id, level, rules
        ),
        ev AS (
          INSERT INTO risk_alert_events (customer_id, alert_id, kind, business_date, level, rules, escalation, measure, created_at)
          SELECT ins.customer_id, ins.id, 'RAISED', ${D}::date, ins.level, ins.rules, 'OFFICER',
                 CASE ins.level WHEN 'RED' THEN 'FREEZE' WHEN 'ORANGE' THEN 'HOLD' END, ${now}
            FROM ins
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM ev`,
  );

  // 2. upgrade or downgrade
  n += await count(
    tx,
    sql`WITH lv AS MATERIALIZED (${lv}),
        chg AS (
          SELECT a.customer_id, a.id, a.level AS from_level, lv.level AS to_level, lv.rules, a.escalation,
                 ${RANK('lv.level')} > ${RANK('a.level')} AS up
            FROM lv CROSS JOIN LATERAL (${openAlertOf(p, sql`lv.customer_id`)}) a
           WHERE a.level <> lv.level
        ),
        upd AS (
          UPDATE risk_alerts a SET level = chg.to_level, rules = chg.rules, level_on = ${D}::date,
                 due_on = CASE WHEN chg.up THEN ${dueOf(D, params, 'chg.to_level')} ELSE a.due_on END,
                 risk_dept = a.risk_dept OR chg.to_level = 'RED', updated_at = ${now}
            FROM chg WHERE a.customer_id = chg.customer_id AND a.id = chg.id AND ${inPartition('a', p)}
          RETURNING a.customer_id, a.id
        ),
        ev AS (
          INSERT INTO risk_alert_events (customer_id, alert_id, kind, business_date, from_level, level, rules, escalation, measure, created_at)
          SELECT chg.customer_id, chg.id, CASE WHEN chg.up THEN 'UPGRADED' ELSE 'DOWNGRADED' END, ${D}::date, chg.from_level, chg.to_level,
                 chg.rules, chg.escalation,
                 CASE WHEN chg.up AND chg.to_level = 'RED' THEN 'FREEZE'
                      WHEN chg.up AND chg.to_level = 'ORANGE' THEN 'HOLD'
                      WHEN NOT chg.up AND chg.to_level = 'YELLOW' THEN 'LIFT_HOLD' END,
                 ${now}
            FROM upd JOIN chg ON chg.customer_id = upd.customer_id AND chg.id = upd.id
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM ev`,
  );
  // the same colour for other reasons: the alert shows the rules of D (no event: the level did not move)
  await tx.execute(
    sql`WITH lv AS MATERIALIZED (${lv}),
        same AS (
          SELECT a.customer_id, a.id, lv.rules
            FROM lv CROSS JOIN LATERAL (${openAlertOf(p, sql`lv.customer_id`)}) a
           WHERE a.level = lv.level AND a.rules IS DISTINCT FROM lv.rules
        )
        UPDATE risk_alerts a SET rules = same.rules, updated_at = ${now}
          FROM same
         WHERE a.customer_id = same.customer_id AND a.id = same.id AND ${inPartition('a', p)}`,
  );

  // 3. close: no rule fires for the customer on D
  n += await closeAlerts(tx, D, p, lv);
  // 4. escalate: the deadline passed (due_on ≤ D, no follow-up moved it) — officer → branch head → head office
  n += await escalate(tx, D, p, params);

  // 5. the measures on the customers' lines
  n += await applyRiskHolds(tx, D, p, levels);
  return n;
}

/** A levels source with no rows (no warning on D), for a pipeline without the warning step. */
export function noWarningLevels(): SQL {
  return sql`SELECT NULL::bigint AS customer_id, NULL::text AS level, NULL::jsonb AS rules WHERE false`;
}

/** Closes the partition's open alerts whose customer has no level on D (lv null: no customer has one). */
async function closeAlerts(tx: Tx, D: IsoDate, p: CustomerPartition, lv: SQL | null): Promise<number> {
  const now = nowParam();
  const gone = lv
    ? sql`SELECT a.customer_id, a.id, a.level, a.escalation
            FROM (SELECT o.customer_id FROM risk_alerts o WHERE o.status = 'OPEN' AND ${inPartition('o', p)}
                  EXCEPT SELECT lv.customer_id FROM lv) g
            CROSS JOIN LATERAL (${openAlertOf(p, sql`g.customer_id`)}) a`
    : sql`SELECT a.customer_id, a.id, a.level, a.escalation FROM risk_alerts a WHERE a.status = 'OPEN' AND ${inPartition('a', p)}`;
  return count(
    tx,
    sql`WITH ${lv ? sql`lv AS MATERIALIZED (${lv}),` : sql``}
        gone AS (${gone}),
        upd AS (
          UPDATE risk_alerts a SET status = 'CLOSED', closed_on = ${D}::date, updated_at = ${now}
            FROM gone WHERE a.customer_id = gone.customer_id AND a.id = gone.id AND ${inPartition('a', p)}
          RETURNING a.customer_id, a.id
        ),
        ev AS (
          INSERT INTO risk_alert_events (customer_id, alert_id, kind, business_date, from_level, escalation, measure, created_at)
          SELECT gone.customer_id, gone.id, 'CLOSED', ${D}::date, gone.level, gone.escalation,
                 CASE WHEN gone.level IN ('ORANGE', 'RED') THEN 'LIFT_HOLD' END, ${now}
            FROM upd JOIN gone ON gone.customer_id = upd.customer_id AND gone.id = upd.id
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM ev`,
  );
}

/** Escalates the partition's open alerts whose deadline passed (due_on ≤ D): officer → branch head → head office. */
async function escalate(tx: Tx, D: IsoDate, p: CustomerPartition, params: AlertParamValues): Promise<number> {
  const now = nowParam();
  return count(
    tx,
    sql`WITH late AS (
          SELECT a.customer_id, a.id, a.level, a.rules,
                 CASE a.escalation WHEN 'OFFICER' THEN 'BRANCH_HEAD' ELSE 'HEAD_OFFICE' END AS to_escalation
            FROM risk_alerts a
           WHERE a.status = 'OPEN' AND ${inPartition('a', p)} AND a.due_on <= ${D}::date AND a.escalation <> 'HEAD_OFFICE'
        ),
        upd AS (
          UPDATE risk_alerts a SET escalation = late.to_escalation, escalated_on = ${D}::date,
                 due_on = ${dueOf(D, params, 'late.level')}, updated_at = ${now}
            FROM late WHERE a.customer_id = late.customer_id AND a.id = late.id AND ${inPartition('a', p)}
          RETURNING a.customer_id, a.id
        ),
        ev AS (
          INSERT INTO risk_alert_events (customer_id, alert_id, kind, business_date, level, rules, escalation, created_at)
          SELECT late.customer_id, late.id, 'ESCALATED', ${D}::date, late.level, late.rules, late.to_escalation, ${now}
            FROM upd JOIN late ON late.customer_id = upd.customer_id AND late.id = upd.id
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM ev`,
  );
}
