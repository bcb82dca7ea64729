/**
 * The risk module's automatic measures on credit lines, applied set-based by its end-of-day step ALERT
 * (risk → origination; origination knows nothing of alerts): from the day's warning levels of a
 * partition's customers,
 *  - ORANGE or RED: every open line of the customer carries risk_hold_level, and a drawdown is refused
 *    with CUSTOMER_RISK_HOLD while it stands; it lifts by itself when the level falls below ORANGE;
 *  - RED: every line goes FROZEN, with an internal reason (the firing rules, for staff) and a
 *    customer-facing notice (why and what to do — never a rule's name), once per red spell
 *    (risk_frozen_on). The step never unfreezes: that is the reviewed CREDIT_LINE_UNFREEZE, and a line
 *    so unfrozen while the customer is still red is not frozen again until a new red spell begins.
 * Idempotent: a re-run of the same day and partition finds nothing left to change.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, type Tx } from '../../db/client.js';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import type { IsoDate } from '../../kernel/dates.js';

/** What the customer reads on the mobile page about a line the risk measures froze. */
export const RISK_FREEZE_NOTICE =
  '根据贷后风险管理要求，您的授信额度已暂停使用。请尽快联系您的客户经理或到开户网点了解情况、办理相关手续；如已按时还款，请保留还款凭证。';

async function count(tx: Tx, q: SQL): Promise<number> {
  const row = await queryOne<{ n: string }>(tx, q);
  return Number(row?.n ?? '0');
}

/**
 * Applies and lifts the holds and the red freeze of a partition's customers for business date D.
 * `levels`: one row per customer of the partition with a warning on D (customer_id bigint, level text,
 * rules jsonb); a customer without a row has none. Returns the lines changed.
 */
export async function applyRiskHolds(tx: Tx, D: IsoDate, p: CustomerPartition, levels: SQL): Promise<number> {
  const lv = sql`SELECT x.customer_id, x.level, x.rules FROM (${levels}) x WHERE x.level IN ('ORANGE', 'RED') AND ${inPartition('x', p)}`;
  // Citus 13.2 cannot plan a join of the lines with a levels SELECT it folds to nothing ("could not find
  // valid entry for shard 0"): when no customer of the partition is orange or red (red), those statements (the freeze) are skipped.
  const any = await queryOne<{ n: string; red: string }>(
    tx,
    sql`SELECT count(*)::text AS n, count(*) FILTER (WHERE lv.level = 'RED')::text AS red FROM (${lv}) lv`,
  );
  const someHeld = Number(any?.n ?? 0) > 0;
  const someRed = Number(any?.red ?? 0) > 0;
  // 1. the hold follows the level for orange and red (a red spell ends when red falls to orange), stamped with D …
  const held = !someHeld
    ? 0
    : await count(
        tx,
        sql`WITH lv AS (${lv}),
        upd AS (
          UPDATE credit_lines l SET risk_hold_level = lv.level, risk_checked_on = ${D}::date,
                 risk_frozen_on = CASE WHEN lv.level = 'RED' THEN l.risk_frozen_on END, updated_at = ${nowParam()}
            FROM lv
           WHERE lv.customer_id = l.customer_id AND ${inPartition('l', p)} AND l.status IN ('ACTIVE', 'FROZEN')
             AND (l.risk_hold_level IS DISTINCT FROM lv.level OR l.risk_checked_on IS DISTINCT FROM ${D}::date)
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
      );
  // 2. red: freeze every line once per red spell; a line already frozen by hand keeps its reason
  const frozen = !someRed
    ? 0
    : await count(
        tx,
        sql`WITH lv AS (${lv}),
        red AS (
          SELECT l.customer_id, l.id, l.status,
                 ${`红色预警自动冻结（营业日 ${D}），触发规则：`}::text || jsonb_path_query_array(lv.rules, '$[*].code')::text AS reason
            FROM credit_lines l JOIN lv ON lv.customer_id = l.customer_id
           WHERE ${inPartition('l', p)} AND lv.level = 'RED' AND l.status IN ('ACTIVE', 'FROZEN') AND l.risk_frozen_on IS NULL
        ),
        upd AS (
          UPDATE credit_lines l SET status = 'FROZEN', risk_frozen_on = ${D}::date,
                 freeze_reason = CASE WHEN red.status = 'ACTIVE' THEN red.reason ELSE l.freeze_reason END,
                 freeze_notice = CASE WHEN red.status = 'ACTIVE' THEN ${RISK_FREEZE_NOTICE}::text ELSE coalesce(l.freeze_notice, ${RISK_FREEZE_NOTICE}::text) END,
                 updated_at = ${nowParam()}
            FROM red WHERE l.customer_id = red.customer_id AND l.id = red.id AND ${inPartition('l', p)}
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
      );
  // … and a hold D did not confirm is lifted, with the red marker (a statement without a join on the levels)
  const lifted = await count(
    tx,
    sql`WITH upd AS (
          UPDATE credit_lines l SET risk_hold_level = NULL, risk_frozen_on = NULL, updated_at = ${nowParam()}
           WHERE ${inPartition('l', p)} AND (l.risk_hold_level IS NOT NULL OR l.risk_frozen_on IS NOT NULL)
             AND l.risk_checked_on IS DISTINCT FROM ${D}::date
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
  return held + lifted + frozen;
}
