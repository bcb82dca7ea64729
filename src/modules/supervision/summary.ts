/**
 * The supervision figures of a period for the quarter's work report (工作汇报, issue 15 §6): the exemplars
 * published with their date in the period (and their titles, oldest first), the interviews and the
 * statements held in it, and the penalties of the accountability register confirmed with a business date
 * in it (every kind: 543 breaches and manual records) — "6 penalties, ¥600". Bank-wide, no data scope.
 * The shape is the door's contract with the work report: keep it stable.
 */
import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { accountabilityTotals } from '../sla/index.js';
import { assertCalendarDates } from './common.js';
import type { SupervisionSummary } from './supervision.contract.js';

export async function supervisionSummary(db: Db, period: { from: IsoDate; to: IsoDate }): Promise<SupervisionSummary> {
  const { from, to } = period;
  assertCalendarDates({ from, to });
  if (from > to) throw new AppError('VALIDATION_FAILED', { field: 'from', reason: 'after to' });
  const titles = await queryRows<{ title: string }>(
    db,
    sql`SELECT title FROM supervision_exemplars
         WHERE status = 'PUBLISHED' AND exemplar_date BETWEEN ${from}::date AND ${to}::date
         ORDER BY exemplar_date, id`,
  );
  const meetings = await queryOne<{ interviews: string; statements: string }>(
    db,
    sql`SELECT count(*) FILTER (WHERE kind = 'INTERVIEW')::text AS interviews, count(*) FILTER (WHERE kind = 'STATEMENT')::text AS statements
          FROM supervision_interviews WHERE held_on BETWEEN ${from}::date AND ${to}::date`,
  );
  const penalties = await accountabilityTotals(db, null, { from, to, status: 'CONFIRMED' });
  return {
    exemplars: titles.length,
    interviews: Number(meetings?.interviews ?? 0),
    statements: Number(meetings?.statements ?? 0),
    penalties: { count: penalties.penaltyCount, amount: formatYuan(penalties.penaltyFen) },
    exemplarTitles: titles.map((t) => t.title),
  };
}
