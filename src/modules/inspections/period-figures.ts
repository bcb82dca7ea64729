/**
 * Post-loan inspections of a period for the work report (issue 15 §1): tasks done in the period, tasks
 * due in it and not done by its end, findings recorded in it and those rectified or verified in it, in
 * the actor's scope (the task's or finding's branch and officer).
 */
import { sql } from 'drizzle-orm';
import { queryOne, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { scopeCondition, type Actor } from '../org/index.js';

export interface InspectionPeriodFigures {
  tasksDone: number;
  tasksOverdue: number;
  findings: number;
  findingsRectified: number;
  findingsVerified: number;
}

export async function inspectionFiguresBetween(
  db: Db,
  actor: Actor,
  period: { from: IsoDate; to: IsoDate },
): Promise<InspectionPeriodFigures> {
  const t = scopeCondition(actor, { branchId: sql`t.branch_id`, officerId: sql`t.officer_id` });
  const f = scopeCondition(actor, { branchId: sql`f.branch_id`, officerId: sql`f.officer_id` });
  const row = await queryOne<{ done: string; overdue: string; findings: string; rectified: string; verified: string }>(
    db,
    sql`SELECT (SELECT count(*) FROM inspection_tasks t
                 WHERE t.done_on BETWEEN ${period.from}::date AND ${period.to}::date AND ${t})::text AS done,
               (SELECT count(*) FROM inspection_tasks t
                 WHERE t.due_date BETWEEN ${period.from}::date AND ${period.to}::date
                   AND (t.done_on IS NULL OR t.done_on > ${period.to}::date) AND ${t})::text AS overdue,
               (SELECT count(*) FROM inspection_findings f
                 WHERE f.recorded_on BETWEEN ${period.from}::date AND ${period.to}::date AND ${f})::text AS findings,
               (SELECT count(*) FROM inspection_findings f
                 WHERE f.rectified_on BETWEEN ${period.from}::date AND ${period.to}::date AND ${f})::text AS rectified,
               (SELECT count(*) FROM inspection_findings f
                 WHERE f.verified_on BETWEEN ${period.from}::date AND ${period.to}::date AND ${f})::text AS verified`,
  );
  return {
    tasksDone: Number(row?.done ?? 0),
    tasksOverdue: Number(row?.overdue ?? 0),
    findings: Number(row?.findings ?? 0),
    findingsRectified: Number(row?.rectified ?? 0),
    findingsVerified: Number(row?.verified ?? 0),
  };
}
