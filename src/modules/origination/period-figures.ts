/**
 * What the work report (issue 15 §1, §6) reads of origination for a period: the applications made in it
 * and the drawdowns disbursed in it, per channel, campaign code, group code and product. An application
 * counts on its business date; it is approved when its status is APPROVED or it opened a credit line
 * (the campaigns' rule); a drawdown counts on its business date once it booked a loan, for the
 * application that opened its credit line (channel, campaign, group and product are that application's).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';

export interface ApplicationPeriodRow {
  channel: string;
  campaignCode: string | null;
  groupCode: string | null;
  productCode: string;
  applications: number;
  approved: number;
  /** Distinct customers who applied (within this row). */
  applicants: number;
  disbursedLoans: number;
  disbursedFen: bigint;
  /** Distinct customers who drew (within this row). */
  borrowers: number;
}

export interface ApplicationPeriodFigures {
  rows: ApplicationPeriodRow[];
  /** Distinct customers who applied through a key customer group's code, and who drew, in the period. */
  groupApplicants: number;
  groupBorrowers: number;
}

/** The period's applications and disbursements in the caller's scope (columns: the application's branch and officer). */
export async function applicationFiguresBetween(
  db: Db,
  q: { from: IsoDate; to: IsoDate; scope: (cols: { branchId: SQL; officerId: SQL }) => SQL },
): Promise<ApplicationPeriodFigures> {
  const scope = q.scope({ branchId: sql`a.branch_id`, officerId: sql`a.officer_id` });
  const rows = await queryRows<{
    channel: string;
    campaign_code: string | null;
    group_code: string | null;
    product_code: string;
    applications: string;
    approved: string;
    applicants: string;
    disbursed_loans: string;
    disbursed_fen: string;
    borrowers: string;
  }>(
    db,
    sql`WITH apps AS (
          SELECT a.channel, a.campaign_code, a.group_code, a.product_code, count(*) AS applications,
                 count(*) FILTER (WHERE a.status = 'APPROVED' OR a.credit_line_id IS NOT NULL) AS approved,
                 count(DISTINCT a.customer_id) AS applicants
            FROM applications a
           WHERE a.business_date BETWEEN ${q.from}::date AND ${q.to}::date AND ${scope}
           GROUP BY a.channel, a.campaign_code, a.group_code, a.product_code),
        draws AS (
          SELECT a.channel, a.campaign_code, a.group_code, a.product_code, count(*) AS disbursed_loans,
                 sum(d.amount_fen) AS disbursed_fen, count(DISTINCT d.customer_id) AS borrowers
            FROM drawdowns d
            JOIN credit_lines cl ON cl.customer_id = d.customer_id AND cl.id = d.credit_line_id
            JOIN applications a ON a.customer_id = cl.customer_id AND a.id = cl.application_id
           WHERE d.loan_id IS NOT NULL AND d.business_date BETWEEN ${q.from}::date AND ${q.to}::date AND ${scope}
           GROUP BY a.channel, a.campaign_code, a.group_code, a.product_code)
        SELECT coalesce(x.channel, y.channel) AS channel, coalesce(x.campaign_code, y.campaign_code) AS campaign_code,
               coalesce(x.group_code, y.group_code) AS group_code, coalesce(x.product_code, y.product_code) AS product_code,
               coalesce(x.applications, 0)::text AS applications, coalesce(x.approved, 0)::text AS approved,
               coalesce(x.applicants, 0)::text AS applicants, coalesce(y.disbursed_loans, 0)::text AS disbursed_loans,
               coalesce(y.disbursed_fen, 0)::text AS disbursed_fen, coalesce(y.borrowers, 0)::text AS borrowers
          FROM apps x
          FULL JOIN draws y ON y.channel = x.channel AND y.product_code = x.product_code
                           AND y.campaign_code IS NOT DISTINCT FROM x.campaign_code AND y.group_code IS NOT DISTINCT FROM x.group_code
         ORDER BY 1, 2, 3, 4`,
  );
  const group = await queryRows<{ applicants: string; borrowers: string }>(
    db,
    sql`SELECT (SELECT count(DISTINCT a.customer_id) FROM applications a
                 WHERE a.group_code IS NOT NULL AND a.business_date BETWEEN ${q.from}::date AND ${q.to}::date AND ${scope})::text AS applicants,
               (SELECT count(DISTINCT d.customer_id) FROM drawdowns d
                  JOIN credit_lines cl ON cl.customer_id = d.customer_id AND cl.id = d.credit_line_id
                  JOIN applications a ON a.customer_id = cl.customer_id AND a.id = cl.application_id
                 WHERE a.group_code IS NOT NULL AND d.loan_id IS NOT NULL
                   AND d.business_date BETWEEN ${q.from}::date AND ${q.to}::date AND ${scope})::text AS borrowers`,
  );
  return {
    rows: rows.map((r) => ({
      channel: r.channel,
      campaignCode: r.campaign_code,
      groupCode: r.group_code,
      productCode: r.product_code,
      applications: Number(r.applications),
      approved: Number(r.approved),
      applicants: Number(r.applicants),
      disbursedLoans: Number(r.disbursed_loans),
      disbursedFen: BigInt(r.disbursed_fen),
      borrowers: Number(r.borrowers),
    })),
    groupApplicants: Number(group[0]?.applicants ?? 0),
    groupBorrowers: Number(group[0]?.borrowers ?? 0),
  };
}
