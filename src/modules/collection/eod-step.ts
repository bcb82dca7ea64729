/**
 * The COLLECT step of end-of-day (docs/risk.md "NPL collection and write-off"), after SNAPSHOT: for
 * business date D over one partition of customers, set-based and idempotent (a rerun of the (step,
 * partition) finds nothing left to do):
 *  1. opens a case for every customer with an active loan classified 次级 or worse and no open case,
 *     led by the branch head of the nearest branch walking up the tree from the officer's branch (the
 *     loan's branch when it has no officer), else the head office's risk staff (access's
 *     collectionLeadsSource; one open case per customer: a partial unique index);
 *  2. closes the open cases whose customer has no such loan left — why: WRITTEN_OFF, SETTLED or
 *     UPGRADED (the last write-off or settlement since the case opened, else an upgrade);
 *  3. links the repayments of the customers' NPL loans made while their case was open as recoveries
 *     (a repayment reversed since is unlinked);
 *  4. resolves the pending promises: KEPT when the repayments (and recoveries after write-off) from
 *     the day the promise was made through its due date reach its amount, BROKEN after the due date.
 * Every table of each statement is narrowed to the partition (inPartition); the loans' rows are read
 * through the loans module's fragments, the branch heads through access's.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, type Tx } from '../../db/client.js';
import { checkPartition, inPartition, type CustomerPartition } from '../../db/partition.js';
import { parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { collectionLeadsSource, staffBranchesSource } from '../access/index.js';
import { loanOutcomesSource, nplCustomersSource, repaymentsSource, reversedRepaymentsSource } from '../loans/index.js';

async function count(tx: Tx, q: ReturnType<typeof sql>): Promise<number> {
  const r = await queryOne<{ n: string }>(tx, q);
  return Number(r?.n ?? '0');
}

/** COLLECT for D over a partition; returns the cases, recoveries and promises it changed. */
export async function eodCollect(tx: Tx, D: IsoDate, part: CustomerPartition): Promise<number> {
  parseIsoDate(D);
  checkPartition(part);
  const opened = await count(
    tx,
    sql`WITH n AS (${nplCustomersSource(part)}),
        officers AS (${staffBranchesSource()}),
        leads AS (${collectionLeadsSource()}),
        ins AS (
          INSERT INTO collection_cases (customer_id, branch_id, officer_id, lead_staff_id, status, opened_on, created_at)
          SELECT n.customer_id, n.branch_id, n.officer_id, leads.staff_id, 'OPEN', ${D}::date, ${nowParam()}
            FROM n
            LEFT JOIN officers o ON o.staff_id = n.officer_id
            LEFT JOIN leads ON leads.branch_id = coalesce(o.branch_id, n.branch_id)
           WHERE NOT EXISTS (SELECT 1 FROM collection_cases c
                              WHERE c.customer_id = n.customer_id AND c.status = 'OPEN' AND ${inPartition('c', part)})
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM ins`,
  );
  const closed = await count(
    tx,
    sql`WITH n AS (${nplCustomersSource(part)}),
        o AS (${loanOutcomesSource(part)}),
        x AS (
          SELECT c.customer_id, c.id,
                 CASE WHEN o.last_written_off_on >= c.opened_on THEN 'WRITTEN_OFF'
                      WHEN o.last_settled_on >= c.opened_on THEN 'SETTLED'
                      ELSE 'UPGRADED' END AS reason
            FROM collection_cases c
            LEFT JOIN o ON o.customer_id = c.customer_id
           WHERE c.status = 'OPEN' AND ${inPartition('c', part)} AND c.opened_on <= ${D}::date
             AND c.customer_id NOT IN (SELECT n.customer_id FROM n)
        ),
        upd AS (
          UPDATE collection_cases c SET status = 'CLOSED', closed_on = ${D}::date, close_reason = x.reason
            FROM x
           WHERE c.customer_id = x.customer_id AND c.id = x.id AND ${inPartition('c', part)}
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
  await tx.execute(
    sql`DELETE FROM collection_recoveries x
         USING (${reversedRepaymentsSource(part)}) v
         WHERE x.customer_id = v.customer_id AND x.repayment_id = v.repayment_id AND ${inPartition('x', part)}`,
  );
  const linked = await count(
    tx,
    sql`WITH r AS (${repaymentsSource(part, D)}),
        ins AS (
          INSERT INTO collection_recoveries (customer_id, case_id, loan_id, kind, repayment_id, amount_fen, business_date, created_at)
          SELECT r.customer_id, c.id, r.loan_id, 'REPAYMENT', r.repayment_id, r.amount_fen, r.business_date, ${nowParam()}
            FROM r
            JOIN collection_cases c ON c.customer_id = r.customer_id AND ${inPartition('c', part)}
                 AND r.business_date >= c.opened_on AND (c.closed_on IS NULL OR r.business_date <= c.closed_on)
           WHERE r.npl_loan AND r.amount_fen > 0
          ON CONFLICT (customer_id, repayment_id) DO NOTHING
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM ins`,
  );
  const promises = await count(
    tx,
    sql`WITH pay AS (
          SELECT r.customer_id, r.amount_fen, r.business_date FROM (${repaymentsSource(part, D)}) r
          UNION ALL
          SELECT v.customer_id, v.amount_fen, v.business_date FROM collection_recoveries v
           WHERE v.kind = 'AFTER_WRITE_OFF' AND v.business_date <= ${D}::date AND ${inPartition('v', part)}
        ),
        x AS (
          SELECT p.customer_id, p.id, p.amount_fen, p.due_date, coalesce(sum(pay.amount_fen), 0)::bigint AS paid
            FROM collection_promises p
            LEFT JOIN pay ON pay.customer_id = p.customer_id AND pay.business_date >= p.made_on AND pay.business_date <= p.due_date
           WHERE p.status = 'PENDING' AND ${inPartition('p', part)}
           GROUP BY p.customer_id, p.id, p.amount_fen, p.due_date
        ),
        upd AS (
          UPDATE collection_promises p
             SET paid_fen = x.paid,
                 status = CASE WHEN x.paid >= x.amount_fen THEN 'KEPT' WHEN ${D}::date > x.due_date THEN 'BROKEN' ELSE 'PENDING' END,
                 resolved_on = CASE WHEN x.paid >= x.amount_fen OR ${D}::date > x.due_date THEN ${D}::date END
            FROM x
           WHERE p.customer_id = x.customer_id AND p.id = x.id AND ${inPartition('p', part)}
             AND (p.paid_fen <> x.paid OR x.paid >= x.amount_fen OR ${D}::date > x.due_date)
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
  return opened + closed + linked + promises;
}
