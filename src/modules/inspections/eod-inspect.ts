/**
 * End-of-day step INSPECT for business date D over one partition (set-based, idempotent, time from D):
 *  1. routine tasks: for every active loan of the partition, the routine check due by D under its
 *     product's schedule in effect on D (first after N days, then every M: assignment.ts
 *     routineCheckDue) — inserted once per (loan, n), assigned by routineInspector; a check scheduled
 *     more than CATCH_UP_DAYS before D is not created late (a loan only gets its current check);
 *  2. open tasks past their due date become OVERDUE;
 *  3. findings not rectified by their deadline escalate to the branch head, and past head_office_on to
 *     head office: the finding's escalation and one ESCALATED event per (level, deadline).
 * Every statement names its tables with inPartition; a rerun of (INSPECT, partition) changes nothing.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, type Tx } from '../../db/client.js';
import { checkPartition, inPartition, type CustomerPartition } from '../../db/partition.js';
import { parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { activeStaffWithRole } from '../access/index.js';
import { addBusinessDays } from '../calendar/index.js';
import { inspectionLoanSource } from '../loans/index.js';
import { listBranchRows } from '../org/index.js';
import { productInspectionSchedules } from '../products/index.js';
import { DEFAULT_INSPECTION_SCHEDULE } from '../products/products.contract.js';
import { inspectorPools } from './assignment.js';
import { ROUTINE_CHECKLIST, ROUTINE_DUE_BUSINESS_DAYS } from './inspections.contract.js';

/** A routine check scheduled up to this many days before D is still created on D (a missed day catches up). */
export const CATCH_UP_DAYS = 7;

async function count(tx: Tx, q: SQL): Promise<number> {
  const row = await queryOne<{ n: string }>(tx, q);
  return Number(row?.n ?? '0');
}

/** Branch id → inspector ids, as one jsonb parameter ({"12": [7, 9]}). */
export async function inspectorPoolsJson(tx: Tx): Promise<string> {
  const pools = inspectorPools(
    (await listBranchRows(tx)).map((b) => ({ id: Number(b.id), path: b.path })),
    await activeStaffWithRole(tx, 'inspector'),
  );
  return JSON.stringify(Object.fromEntries(pools));
}

/** A CASE over l.product_code giving one schedule field of each product (the default for an unknown code). */
function perProduct(
  schedules: Array<{ code: string; firstAfterDays: number; everyDays: number }>,
  field: 'firstAfterDays' | 'everyDays',
): SQL {
  const whens = schedules.map((s) => sql` WHEN ${s.code} THEN ${s[field]}::int`);
  return sql`(CASE s.product_code${sql.join(whens, sql``)} ELSE ${DEFAULT_INSPECTION_SCHEDULE[field]}::int END)`;
}

export async function eodInspect(tx: Tx, D: IsoDate, range: CustomerPartition): Promise<number> {
  parseIsoDate(D);
  checkPartition(range);
  const now = nowParam();
  const schedules = await productInspectionSchedules(tx, D);
  const pools = await inspectorPoolsJson(tx);
  const due = addBusinessDays(D, ROUTINE_DUE_BUSINESS_DAYS);

  const created = await count(
    tx,
    sql`WITH ins AS (
          INSERT INTO inspection_tasks (customer_id, loan_id, kind, routine_seq, scheduled_on, due_date, branch_id, officer_id,
                                        inspector_id, status, checklist, created_at, updated_at)
          SELECT c.customer_id, c.loan_id, 'ROUTINE', c.seq, c.scheduled_on, ${due}::date, c.branch_id, c.officer_id,
                 ((${pools}::jsonb -> c.branch_id::text)
                   ->> ((c.loan_id + c.seq) % greatest(coalesce(jsonb_array_length(${pools}::jsonb -> c.branch_id::text), 0), 1))::int)::bigint,
                 'OPEN', ${JSON.stringify(ROUTINE_CHECKLIST)}::jsonb, ${now}, ${now}
            FROM (
              SELECT d.*, d.start_date + (d.first_days + (d.seq - 1) * d.every_days) AS scheduled_on
                FROM (
                  SELECT s.customer_id, s.loan_id, s.start_date, s.branch_id, s.officer_id,
                         ${perProduct(schedules, 'firstAfterDays')} AS first_days, ${perProduct(schedules, 'everyDays')} AS every_days,
                         (${D}::date - s.start_date - ${perProduct(schedules, 'firstAfterDays')}) / ${perProduct(schedules, 'everyDays')} + 1 AS seq
                    FROM (${inspectionLoanSource(range)}) s
                   WHERE ${D}::date - s.start_date >= ${perProduct(schedules, 'firstAfterDays')}
                ) d
            ) c
           WHERE c.scheduled_on > ${D}::date - ${CATCH_UP_DAYS}::int
          ON CONFLICT ON CONSTRAINT inspection_tasks_routine_key DO NOTHING
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM ins`,
  );

  const overdue = await count(
    tx,
    sql`WITH upd AS (
          UPDATE inspection_tasks t SET status = 'OVERDUE', updated_at = ${now}
           WHERE ${inPartition('t', range)} AND t.status = 'OPEN' AND t.due_date < ${D}::date
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );

  let escalated = 0;
  for (const [level, after] of [
    ['BRANCH_HEAD', 'f.deadline'],
    ['HEAD_OFFICE', 'f.head_office_on'],
  ] as const) {
    escalated += await count(
      tx,
      sql`WITH ins AS (
            INSERT INTO inspection_finding_events (customer_id, finding_id, kind, level, deadline, business_date, at)
            SELECT f.customer_id, f.id, 'ESCALATED', ${level}, f.deadline, ${D}::date, ${now}
              FROM inspection_findings f
             WHERE ${inPartition('f', range)} AND f.status IN ('OPEN', 'REOPENED') AND ${sql.raw(after)} < ${D}::date
            ON CONFLICT ON CONSTRAINT inspection_finding_events_escalation_key DO NOTHING
            RETURNING 1
          )
          SELECT count(*)::text AS n FROM ins`,
    );
  }
  await tx.execute(
    sql`UPDATE inspection_findings f
           SET escalation = CASE WHEN f.head_office_on < ${D}::date THEN 'HEAD_OFFICE' ELSE 'BRANCH_HEAD' END,
               escalated_on = ${D}::date, updated_at = ${now}
         WHERE ${inPartition('f', range)} AND f.status IN ('OPEN', 'REOPENED') AND f.deadline < ${D}::date
           AND f.escalation <> CASE WHEN f.head_office_on < ${D}::date THEN 'HEAD_OFFICE' ELSE 'BRANCH_HEAD' END`,
  );
  return created + overdue + escalated;
}
