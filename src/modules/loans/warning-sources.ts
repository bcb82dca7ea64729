/**
 * The loans module's data for the warning rules (src/modules/warning), as SELECTs to compose into the
 * WARN step's set-based statements. Each reads the day's loan snapshot or the loans themselves, over
 * one end-of-day partition (inPartition), except loanPartyStatusSource, which reads given customers
 * wherever they are (the other party of a guarantee may lie in another partition or shard).
 */
import { sql, type SQL } from 'drizzle-orm';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';

/** Classes counted as non-performing (不良: 次级, 可疑, 损失). */
const NPL = sql`('SUBSTANDARD', 'DOUBTFUL', 'LOSS')`;

/**
 * The partition's loans on D from the day's snapshot (written by SNAPSHOT, before WARN): columns
 * (customer_id, loan_id, product_code, dpd, classification, outstanding_principal_fen,
 * overdue_principal_fen). The customers with a row are the day's portfolio of the partition.
 */
export function loanSnapshotSource(D: IsoDate, p: CustomerPartition): SQL {
  parseIsoDate(D);
  return sql`SELECT s.customer_id, s.loan_id, s.product_code, s.dpd, s.classification, s.outstanding_principal_fen,
                    s.overdue_principal_fen
               FROM loan_daily_snapshots s
              WHERE s.business_date = ${D}::date AND ${inPartition('s', p)}`;
}

/** The partition's customers with a loan in the snapshot of D: column customer_id, once each. */
export function loanCustomersSource(D: IsoDate, p: CustomerPartition): SQL {
  return sql`SELECT DISTINCT s.customer_id FROM loan_daily_snapshots s WHERE s.business_date = ${D}::date AND ${inPartition('s', p)}`;
}

/**
 * A condition for a row of the partition: its customer (the SQL `customerId`, e.g. `x.customer_id`) has a
 * loan in the snapshot of D — the same customers as loanCustomersSource, as a semi-join (EXISTS), so that
 * a rule over a few rows probes the snapshot's key per row instead of reading every customer of the day.
 */
export function hasLoanOnDateCondition(D: IsoDate, p: CustomerPartition, customerId: SQL): SQL {
  parseIsoDate(D);
  return sql`EXISTS (SELECT 1 FROM loan_daily_snapshots s
                      WHERE s.business_date = ${D}::date AND ${inPartition('s', p)} AND s.customer_id = ${customerId})`;
}

/**
 * The worst state on D of some customers' loans (any partition): (customer_id, max_dpd, npl — true
 * when a loan is classified 次级 or worse, worst_class) for those with a loan past due or
 * non-performing; customerIds is a bigint[] parameter.
 */
export function loanPartyStatusSource(D: IsoDate, customerIds: SQL): SQL {
  parseIsoDate(D);
  return sql`SELECT s.customer_id, max(s.dpd) AS max_dpd, bool_or(s.classification IN ${NPL}) AS npl,
                    (array_agg(s.classification ORDER BY s.dpd DESC, s.loan_id))[1] AS worst_class
               FROM loan_daily_snapshots s
              WHERE s.business_date = ${D}::date AND s.customer_id = ANY(${customerIds})
                AND (s.dpd > 0 OR s.classification IN ${NPL})
              GROUP BY s.customer_id`;
}

/** The partition's active loans' outstanding principal per credit line: (customer_id, credit_line_id, outstanding_fen). */
export function lineOutstandingSource(p: CustomerPartition): SQL {
  return sql`SELECT l.customer_id, l.credit_line_id, sum(l.outstanding_principal_fen) AS outstanding_fen
               FROM loans l WHERE ${inPartition('l', p)} AND l.status = 'ACTIVE'
              GROUP BY l.customer_id, l.credit_line_id`;
}

/**
 * One credit line's active loans' outstanding principal (one row, outstanding_fen, 0 without loans), for
 * a LATERAL join on a few lines of the partition: customerId and creditLineId are SQL of the outer row.
 */
export function lineOutstandingOfSource(p: CustomerPartition, customerId: SQL, creditLineId: SQL): SQL {
  return sql`SELECT coalesce(sum(l.outstanding_principal_fen), 0) AS outstanding_fen
               FROM loans l
              WHERE ${inPartition('l', p)} AND l.customer_id = ${customerId} AND l.credit_line_id = ${creditLineId}
                AND l.status = 'ACTIVE'`;
}

/** The partition's scheduled due dates within [from, to]: (customer_id, loan_id, due_date). */
export function loanDueDatesSource(p: CustomerPartition, from: IsoDate, to: IsoDate): SQL {
  parseIsoDate(from);
  parseIsoDate(to);
  return sql`SELECT sc.customer_id, sc.loan_id, sc.due_date
               FROM loan_schedule sc
              WHERE ${inPartition('sc', p)} AND sc.due_date >= ${from}::date AND sc.due_date <= ${to}::date`;
}
