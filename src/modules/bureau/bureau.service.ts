/**
 * The embedded credit-bureau adapter: summaries loaded from bureau extracts (import BUREAU_SUMMARY),
 * looked up by the subject's ID-number hash, and the inquiries this system makes.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, type Tx } from '../../db/client.js';
import { addMonthsClamped, parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { InvariantError } from '../../kernel/errors.js';

export interface BureauSummary {
  existingDebtFen: bigint;
  currentOverdueFen: bigint;
  worstStatus24m: number;
  inquiries6m: number;
  reportedMonthlyIncomeFen: bigint | null;
  reportDate: IsoDate | null;
}

const HASH_RE = /^[0-9a-f]{64}$/;

/**
 * The latest report dated on or before the business date for the ID number, and the inquiries of
 * the last six months. Every call records an inquiry first, so the count includes this one (the
 * report a bank receives lists its own query). The count is the report's own six-month count plus
 * this system's inquiries dated after the report date (the report already lists those up to its
 * date) and within the six months up to the business date. Simplification: the report's count is
 * not aged — an older report's inquiries count as if still inside the window. No report: a thin
 * file (zeros, no income, reportDate null) whose inquiry count is this system's own.
 */
export async function bureauSummary(
  tx: Tx,
  input: { customerId: number; idNumberHash: string; businessDate: IsoDate; purpose: string },
): Promise<BureauSummary> {
  if (!Number.isSafeInteger(input.customerId) || input.customerId <= 0) throw new InvariantError('bureauSummary: bad customer id');
  if (typeof input.idNumberHash !== 'string' || !HASH_RE.test(input.idNumberHash)) {
    throw new InvariantError('bureauSummary: idNumberHash must be the lookup hash of the ID number');
  }
  const purpose = typeof input.purpose === 'string' ? input.purpose.trim() : '';
  if (purpose.length === 0 || purpose.length > 100) throw new InvariantError('bureauSummary: purpose must be 1–100 characters');
  const businessDate = parseIsoDate(input.businessDate);

  // One statement: the latest report on or before the business date, this inquiry recorded against
  // it, and the bank's own inquiries since the report (at most six months back), this one included.
  // This inquiry is counted from the CTE's RETURNING and left out of the table's count: PostgreSQL's
  // main query does not see a data-modifying CTE's rows, Citus runs that CTE first and does.
  const windowStart = addMonthsClamped(businessDate, -6);
  const row = await queryOne<{
    report_date: string | null;
    existing_debt_fen: string | null;
    current_overdue_fen: string | null;
    worst_status_24m: number | string | null;
    inquiries_6m: number | string | null;
    income_fen: string | null;
    own: number | string;
  }>(
    tx,
    sql`WITH report AS (
          SELECT report_date, existing_debt_fen, current_overdue_fen, worst_status_24m, inquiries_6m, reported_monthly_income_fen
            FROM bureau_reports
           WHERE id_number_hash = ${input.idNumberHash} AND report_date <= ${businessDate}::date
           ORDER BY report_date DESC LIMIT 1
        ),
        inquiry AS (
          INSERT INTO bureau_inquiries (customer_id, business_date, purpose, report_date, created_at)
          SELECT ${input.customerId}, ${businessDate}::date, ${purpose}, (SELECT report_date FROM report), ${nowParam()}
          RETURNING id, business_date
        ),
        since AS (SELECT GREATEST((SELECT report_date FROM report), ${windowStart}::date) AS count_from)
        SELECT r.report_date::text AS report_date, r.existing_debt_fen::text AS existing_debt_fen,
               r.current_overdue_fen::text AS current_overdue_fen, r.worst_status_24m, r.inquiries_6m,
               r.reported_monthly_income_fen::text AS income_fen,
               (SELECT count(*) FROM bureau_inquiries, since
                 WHERE customer_id = ${input.customerId} AND business_date > count_from AND business_date <= ${businessDate}::date
                   AND id NOT IN (SELECT id FROM inquiry))
               + (SELECT count(*) FROM inquiry, since WHERE business_date > count_from) AS own
          FROM since LEFT JOIN report r ON true`,
  );
  const ownCount = Number(row?.own ?? 0);
  const report = row?.report_date != null ? row : null;

  if (!report) {
    return {
      existingDebtFen: 0n,
      currentOverdueFen: 0n,
      worstStatus24m: 0,
      inquiries6m: ownCount,
      reportedMonthlyIncomeFen: null,
      reportDate: null,
    };
  }
  return {
    existingDebtFen: BigInt(report.existing_debt_fen!),
    currentOverdueFen: BigInt(report.current_overdue_fen!),
    worstStatus24m: Number(report.worst_status_24m),
    inquiries6m: Number(report.inquiries_6m) + ownCount,
    reportedMonthlyIncomeFen: report.income_fen === null ? null : BigInt(report.income_fen),
    reportDate: report.report_date!,
  };
}
