/**
 * Feedback tickets of a period for the work report (issue 15 §1, 除法): raised in the period, optimised
 * (closed as OPTIMISED) in it, and still being handled at its end (OPEN, ACCEPTED or IN_PROGRESS at the
 * end of the period, read from the status events). Tickets are bank-wide (the owning departments are
 * head office's), so there is no branch scope.
 */
import { sql } from 'drizzle-orm';
import { queryOne, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';

export interface FeedbackPeriodFigures {
  raised: number;
  optimised: number;
  rejected: number;
  inProgressAtEnd: number;
}

export async function feedbackFiguresBetween(db: Db, period: { from: IsoDate; to: IsoDate }): Promise<FeedbackPeriodFigures> {
  const row = await queryOne<{ raised: string; optimised: string; rejected: string; in_progress: string }>(
    db,
    sql`SELECT count(*) FILTER (WHERE t.raised_date BETWEEN ${period.from}::date AND ${period.to}::date)::text AS raised,
               count(*) FILTER (WHERE t.status = 'OPTIMISED' AND t.closed_date BETWEEN ${period.from}::date AND ${period.to}::date)::text AS optimised,
               count(*) FILTER (WHERE t.status = 'REJECTED' AND t.closed_date BETWEEN ${period.from}::date AND ${period.to}::date)::text AS rejected,
               count(*) FILTER (WHERE t.raised_date <= ${period.to}::date AND (t.closed_date IS NULL OR t.closed_date > ${period.to}::date))::text AS in_progress
          FROM feedback_tickets t`,
  );
  return {
    raised: Number(row?.raised ?? 0),
    optimised: Number(row?.optimised ?? 0),
    rejected: Number(row?.rejected ?? 0),
    inProgressAtEnd: Number(row?.in_progress ?? 0),
  };
}
