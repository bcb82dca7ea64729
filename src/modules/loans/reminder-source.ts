/**
 * What repayment reminders need of the loans, as a SELECT to compose into set-based SQL (the
 * reminders module names no loans table): one row per active loan of the partition that is past due
 * on D or has an instalment not fully paid falling due on one of `dueDates` —
 *   customer_id, loan_id, product_code, branch_id, officer_id,
 *   dpd            days past due as of D (the AGE step's figure),
 *   past_due_fen   the amount past due: overdue principal and interest, penalty and compound interest,
 *   next_due_date  for a loan not past due: the earliest of dueDates with an unpaid instalment,
 *   next_due_fen   what is still owed on that instalment (payment − principal and interest paid);
 *                  both NULL for a loan past due.
 * Paid instalments never appear: a loan whose instalment was paid early gets no reminder for it. Only
 * the instalments due on the asked dates are read, and past-due loans through the attention index, so
 * the cost follows the loans to remind, not the portfolio's schedules.
 */
import { sql, type SQL } from 'drizzle-orm';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import type { IsoDate } from '../../kernel/index.js';

export function loanReminderSource(D: IsoDate, partition: CustomerPartition, dueDates: readonly IsoDate[]): SQL {
  const pastDue = sql`(l.overdue_principal_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen)`;
  const overdue = sql`SELECT l.customer_id, l.id AS loan_id, l.product_code, l.branch_id, l.officer_id, l.dpd, ${pastDue} AS past_due_fen,
                             NULL::date AS next_due_date, NULL::bigint AS next_due_fen
                        FROM loans l
                       WHERE ${inPartition('l', partition)} AND l.status = 'ACTIVE' AND l.eod_attention AND l.dpd > 0`;
  if (dueDates.length === 0) return overdue;
  return sql`${overdue}
             UNION ALL
             SELECT l.customer_id, l.id AS loan_id, l.product_code, l.branch_id, l.officer_id, l.dpd, ${pastDue} AS past_due_fen,
                    n.due_date AS next_due_date, n.due_fen AS next_due_fen
               FROM loans l
               JOIN (SELECT DISTINCT ON (s.customer_id, s.loan_id) s.customer_id, s.loan_id, s.due_date,
                            s.payment_fen - s.paid_principal_fen - s.paid_interest_fen AS due_fen
                       FROM loan_schedule s
                      WHERE ${inPartition('s', partition)} AND s.due_date > ${D}::date
                        AND s.due_date = ANY(${`{${dueDates.join(',')}}`}::date[]) AND s.status <> 'PAID'
                      ORDER BY s.customer_id, s.loan_id, s.due_date) n
                 ON n.customer_id = l.customer_id AND n.loan_id = l.id
              WHERE ${inPartition('l', partition)} AND l.status = 'ACTIVE' AND l.dpd = 0`;
}
