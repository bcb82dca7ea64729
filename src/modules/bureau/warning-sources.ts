/**
 * The bureau module's data for the warning rules (src/modules/warning). Reports are kept by the
 * subject's ID-number hash (distributed by it under Citus, not with the customers), so the rule reads
 * them for a list of hashes — one multi-shard read per end-of-day partition — not by joining them.
 */
import { sql, type SQL } from 'drizzle-orm';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';

/**
 * For each hash (a text[] parameter) with a report dated on or before D, the latest report and the one
 * before it: (id_number_hash, report_date, current_overdue_fen, worst_status_24m, inquiries_6m,
 * prev_report_date, prev_overdue_fen, prev_worst_status) — prev_* NULL when there is one report.
 */
export function bureauReportPairsSource(D: IsoDate, hashes: SQL): SQL {
  parseIsoDate(D);
  return sql`SELECT r.id_number_hash, r.report_date, r.current_overdue_fen, r.worst_status_24m, r.inquiries_6m,
                    r.prev_report_date, r.prev_overdue_fen, r.prev_worst_status
               FROM (SELECT b.id_number_hash, b.report_date, b.current_overdue_fen, b.worst_status_24m, b.inquiries_6m,
                            lag(b.report_date) OVER w AS prev_report_date,
                            lag(b.current_overdue_fen) OVER w AS prev_overdue_fen,
                            lag(b.worst_status_24m) OVER w AS prev_worst_status,
                            row_number() OVER (PARTITION BY b.id_number_hash ORDER BY b.report_date DESC) AS latest
                       FROM bureau_reports b
                      WHERE b.id_number_hash = ANY(${hashes}) AND b.report_date <= ${D}::date
                     WINDOW w AS (PARTITION BY b.id_number_hash ORDER BY b.report_date)) r
              WHERE r.latest = 1`;
}

/**
 * Whether the bureau holds any report dated on or before D (a probe of one row, any shard): the warning
 * rule reads the partition's ID-number hashes only when there is a report they could match.
 */
export function bureauHasReportsSource(D: IsoDate): SQL {
  parseIsoDate(D);
  return sql`SELECT 1 AS one FROM bureau_reports b WHERE b.report_date <= ${D}::date LIMIT 1`;
}
