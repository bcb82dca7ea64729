/**
 * What repayment reminders need of the loans, as a SELECT to compose into set-based SQL (the
 * reminders module names no loans table): one row per active loan of the partition —
 *   customer_id, loan_id, product_code, branch_id, officer_id,
 *   next_due_date  the earliest due date after D of an instalment not fully paid (NULL: none),
 *   next_due_fen   what is still owed on that instalment (payment − principal and interest paid),
 *   dpd            days past due as of D (the AGE step's figure),
 *   past_due_fen   the amount past due: overdue principal and interest, penalty and compound interest.
 * Paid instalments are never "next": a loan whose coming instalment was paid early gets no reminder for it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import type { IsoDate } from '../../kernel/index.js';

export function loanReminderSource(D: IsoDate, partition: CustomerPartition): SQL {
  return sql`SELECT l.customer_id, l.id AS loan_id, l.product_code, l.branch_id, l.officer_id, l.dpd,
                    (l.overdue_principal_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen) AS past_due_fen,
                    n.due_date AS next_due_date, n.due_fen AS next_due_fen
               FROM loans l
               LEFT JOIN (SELECT DISTINCT ON (s.customer_id, s.loan_id) s.customer_id, s.loan_id, s.due_date,
                                 s.payment_fen - s.paid_principal_fen - s.paid_interest_fen AS due_fen
                            FROM loan_schedule s
                           WHERE ${inPartition('s', partition)} AND s.due_date > ${D}::date AND s.status <> 'PAID'
                           ORDER BY s.customer_id, s.loan_id, s.due_date) n
                 ON n.customer_id = l.customer_id AND n.loan_id = l.id
              WHERE ${inPartition('l', partition)} AND l.status = 'ACTIVE'`;
}
