/**
 * What the reports module (报表中心, issue 15 §1) reads of the loans: the day's figures of the loan
 * snapshots of D summed by dimension, as one SELECT the REPORT end-of-day step inserts into its own
 * table. The snapshot is the truth of every report: a loan's balance, arrears and classification as
 * the end-of-day of D left them (docs/management.md "Reports").
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import type { IsoDate } from '../../kernel/dates.js';

/** The columns of reportFiguresSource, in order (after dim, branch_id, product_code, officer_id). */
export const REPORT_FIGURE_COLUMNS = [
  'loans',
  'borrowers',
  'balance_fen',
  'npl_fen',
  'npl_borrowers',
  'overdue_fen',
  'dpd_1_30_fen',
  'dpd_31_60_fen',
  'dpd_61_90_fen',
  'dpd_over_90_fen',
  'normal_fen',
  'special_mention_fen',
  'substandard_fen',
  'doubtful_fen',
  'loss_fen',
  'interest_income_fen',
  'new_loans',
  'new_loans_fen',
] as const;

/**
 * SELECT of (dim, branch_id, product_code, officer_id, …REPORT_FIGURE_COLUMNS) for business date D:
 * the snapshots of D (of the partition's customers, or of every customer when partition is null)
 * grouped by BANK, BRANCH, PRODUCT, OFFICER, BRANCH_PRODUCT, OFFICER_BRANCH and OFFICER_PRODUCT
 * (unused key columns 0 / ''; officer 0 = no officer). Definitions:
 *  - loans, borrowers: loans with outstanding principal > 0 and their distinct customers;
 *  - npl: outstanding principal classified SUBSTANDARD, DOUBTFUL or LOSS (次级、可疑、损失), and its customers;
 *  - overdue: the outstanding principal of loans past due (dpd > 0), split by days past due 1–30,
 *    31–60, 61–90, over 90;
 *  - interest income of D: the on-balance accruals of D (interest, penalty and compound interest
 *    not held off balance);
 *  - new loans of D: loans starting on D (count, principal).
 */
export function reportFiguresSource(D: IsoDate, partition: CustomerPartition | null): SQL {
  const inS = partition ? inPartition('s', partition) : sql`TRUE`;
  const inA = partition ? inPartition('a', partition) : sql`TRUE`;
  const inL = partition ? inPartition('l', partition) : sql`TRUE`;
  // One row per loan from the snapshot, its accruals and its start, put together by grouping on the loan
  // rather than by joining: rows of D are always newer than the planner's statistics, so it believes each
  // side holds a row or two, and a join it plans on that belief is a nested loop that re-reads the day's
  // accruals once per loan (seconds at a few thousand loans on the embedded database). Grouping a union
  // has no such plan: sorted or hashed, it reads each side once.
  return sql`
    WITH u AS (
      SELECT s.customer_id, s.loan_id, 1 AS snap, s.branch_id, s.product_code, coalesce(s.officer_id, 0) AS officer_id,
             s.outstanding_principal_fen AS bal, s.dpd, s.classification, 0::bigint AS income_fen, NULL::bigint AS born_fen
        FROM loan_daily_snapshots s
       WHERE s.business_date = ${D}::date AND ${inS}
      UNION ALL
      SELECT a.customer_id, a.loan_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, a.amount_fen, NULL
        FROM loan_accruals a
       WHERE a.business_date = ${D}::date AND ${inA} AND NOT a.off_balance
      UNION ALL
      SELECT l.customer_id, l.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, l.principal_fen
        FROM loans l
       WHERE l.start_date = ${D}::date AND ${inL}
    ),
    x AS (
      SELECT u.customer_id, max(u.branch_id) AS branch_id, max(u.product_code) AS product_code, max(u.officer_id) AS officer_id,
             max(u.bal) AS bal, max(u.dpd) AS dpd, max(u.classification) AS classification,
             (max(u.bal) > 0) AS live,
             (max(u.classification) IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS') AND max(u.bal) > 0) AS npl,
             sum(u.income_fen)::bigint AS income_fen,
             (count(u.born_fen) > 0) AS born, coalesce(max(u.born_fen), 0) AS born_fen
        FROM u
       GROUP BY u.customer_id, u.loan_id
      -- the snapshot's loans only (an accrual or a start without a snapshot row is not a loan of the day)
      HAVING count(u.snap) > 0
    )
    SELECT CASE
             WHEN GROUPING(x.branch_id, x.product_code, x.officer_id) = 7 THEN 'BANK'
             WHEN GROUPING(x.branch_id, x.product_code, x.officer_id) = 3 THEN 'BRANCH'
             WHEN GROUPING(x.branch_id, x.product_code, x.officer_id) = 5 THEN 'PRODUCT'
             WHEN GROUPING(x.branch_id, x.product_code, x.officer_id) = 6 THEN 'OFFICER'
             WHEN GROUPING(x.branch_id, x.product_code, x.officer_id) = 1 THEN 'BRANCH_PRODUCT'
             WHEN GROUPING(x.branch_id, x.product_code, x.officer_id) = 2 THEN 'OFFICER_BRANCH'
             ELSE 'OFFICER_PRODUCT'
           END AS dim,
           coalesce(x.branch_id, 0) AS branch_id, coalesce(x.product_code, '') AS product_code, coalesce(x.officer_id, 0) AS officer_id,
           count(*) FILTER (WHERE x.live)::int AS loans,
           count(DISTINCT x.customer_id) FILTER (WHERE x.live)::int AS borrowers,
           coalesce(sum(x.bal), 0)::bigint AS balance_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.npl), 0)::bigint AS npl_fen,
           count(DISTINCT x.customer_id) FILTER (WHERE x.npl)::int AS npl_borrowers,
           coalesce(sum(x.bal) FILTER (WHERE x.dpd > 0), 0)::bigint AS overdue_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.dpd BETWEEN 1 AND 30), 0)::bigint AS dpd_1_30_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.dpd BETWEEN 31 AND 60), 0)::bigint AS dpd_31_60_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.dpd BETWEEN 61 AND 90), 0)::bigint AS dpd_61_90_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.dpd > 90), 0)::bigint AS dpd_over_90_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.classification = 'NORMAL'), 0)::bigint AS normal_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.classification = 'SPECIAL_MENTION'), 0)::bigint AS special_mention_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.classification = 'SUBSTANDARD'), 0)::bigint AS substandard_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.classification = 'DOUBTFUL'), 0)::bigint AS doubtful_fen,
           coalesce(sum(x.bal) FILTER (WHERE x.classification = 'LOSS'), 0)::bigint AS loss_fen,
           coalesce(sum(x.income_fen), 0)::bigint AS interest_income_fen,
           count(*) FILTER (WHERE x.born)::int AS new_loans,
           coalesce(sum(x.born_fen), 0)::bigint AS new_loans_fen
      FROM x
     GROUP BY GROUPING SETS ((), (x.branch_id), (x.product_code), (x.officer_id), (x.branch_id, x.product_code),
                             (x.officer_id, x.branch_id), (x.officer_id, x.product_code))`;
}

/** How the reports group a figure: the whole bank, by branch, product or officer (officer '0': none). */
export type LoanReportGroup = 'bank' | 'branch' | 'product' | 'officer';

/**
 * 累计发放 (issue 16): per group, the count and principal of every loan disbursed up to D (start date ≤ D),
 * whatever became of it since (active, settled, written off) — migrated loans (ONLINE_LOANS import) with
 * their original start date and principal — in the data scope a condition over the loan's branch_id /
 * officer_id columns (alias l) gives. Read live from the loans (the day aggregate holds only each day's
 * new loans). Group keys as the reports' aggregate has them: 'BANK', the branch id, the product code, the
 * officer id ('0': no officer).
 */
export async function disbursedToDate(
  db: Db | Tx,
  q: { date: IsoDate; groupBy: LoanReportGroup; scope: (cols: { branchId: SQL; officerId: SQL }) => SQL },
): Promise<Map<string, { count: number; principalFen: bigint }>> {
  const key = {
    bank: sql`'BANK'`,
    branch: sql`l.branch_id::text`,
    product: sql`l.product_code`,
    officer: sql`coalesce(l.officer_id, 0)::text`,
  }[q.groupBy];
  const rows = await queryRows<{ k: string; n: string; fen: string }>(
    db as Db,
    sql`SELECT ${key} AS k, count(*)::text AS n, sum(l.principal_fen)::text AS fen
          FROM loans l
         WHERE l.start_date <= ${q.date}::date AND ${q.scope({ branchId: sql`l.branch_id`, officerId: sql`l.officer_id` })}
         GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.k, { count: Number(r.n), principalFen: BigInt(r.fen) }]));
}
