/**
 * The end-of-day step SLA for business date D and one partition (docs/marketing.md "The 543 standard"):
 * every stage of the partition's customers with a service event on D that ended on or before D and is
 * not yet measured is measured (sla_stage_timings), against the parameters in force on the business
 * date of the event that ended it; each stage over its limit becomes a PROPOSED SLA_543 record of the
 * accountability register with that version's penalty. A stage that ends later (a customer locked days
 * after their first contact) is measured on the day it ends, so nothing is measured twice and a re-run
 * of (SLA, partition) finds every stage measured and adds nothing. Time comes only from the events and
 * D; every statement names the partition (inPartition) and so stays on its shard on Citus.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import { InvariantError } from '../../kernel/errors.js';
import type { IsoDate } from '../../kernel/dates.js';
import { slaParamVersions } from './params.service.js';
import { limitOf, overrunSeconds, paramsOn } from './rules.js';
import { SLA_STAGES } from './sla.contract.js';
import { stageSql, type StageRow } from './stages.js';
import { serviceEventsSource } from '../origination/index.js';

/** A Postgres array literal of the values (text; NULL for null). */
function arr(values: ReadonlyArray<string | number | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

interface Measured {
  row: StageRow;
  limitSeconds: number;
  overrunSeconds: number;
  penaltyFen: bigint;
  version: number;
}

export async function eodSla(tx: Tx, D: IsoDate, partition: CustomerPartition): Promise<number> {
  const versions = await slaParamVersions(tx);
  const measured: Measured[] = [];
  // Only a customer with an event on D can have a stage ending on D: the others' stages were measured on
  // the days they ended, so their history is not read again (the step's cost follows the day's events,
  // not the partition's whole history).
  const customersOfD = sql`SELECT d.customer_id FROM (${serviceEventsSource((a) => sql`${inPartition(a, partition)} AND ${sql.raw(a)}.business_date = ${D}::date`)}) d`;
  for (const stage of SLA_STAGES) {
    const rows = await queryRows<StageRow>(
      tx,
      sql`SELECT x.* FROM (${stageSql(stage, (a) => sql`${inPartition(a, partition)} AND ${sql.raw(a)}.business_date <= ${D}::date AND ${sql.raw(a)}.customer_id IN (${customersOfD})`)}) x
           LEFT JOIN sla_stage_timings t ON t.customer_id = x.customer_id AND t.stage = x.stage AND t.end_event_id = x.end_event_id
                                        AND ${inPartition('t', partition)}
          WHERE t.customer_id IS NULL
          ORDER BY x.customer_id, x.end_event_id`,
    );
    for (const row of rows) {
      const p = paramsOn(versions, row.business_date);
      if (!p) throw new InvariantError(`no 543 parameters in force on ${row.business_date}`);
      const limit = limitOf(p, stage);
      measured.push({
        row,
        limitSeconds: limit,
        overrunSeconds: overrunSeconds(Number(row.duration_ms), limit),
        penaltyFen: p.penaltyFen,
        version: p.version,
      });
    }
  }
  if (measured.length === 0) return 0;

  const col = (f: (m: Measured) => string | number | null) => arr(measured.map(f));
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  await tx.execute(
    sql`INSERT INTO sla_stage_timings (customer_id, stage, end_event_id, start_event_id, officer_id, branch_id, application_id,
                                       started_at, ended_at, business_date, duration_ms, limit_seconds, overrun_seconds, params_version)
        SELECT u.* FROM unnest(${col((m) => num(m.row.customer_id))}::bigint[], ${col((m) => m.row.stage)}::text[],
                               ${col((m) => num(m.row.end_event_id))}::bigint[], ${col((m) => num(m.row.start_event_id))}::bigint[],
                               ${col((m) => num(m.row.officer_id))}::bigint[], ${col((m) => num(m.row.branch_id))}::bigint[],
                               ${col((m) => num(m.row.application_id))}::bigint[], ${col((m) => m.row.started_at)}::timestamptz[],
                               ${col((m) => m.row.ended_at)}::timestamptz[], ${col((m) => m.row.business_date)}::date[],
                               ${col((m) => num(m.row.duration_ms))}::bigint[], ${col((m) => m.limitSeconds)}::integer[],
                               ${col((m) => m.overrunSeconds)}::integer[], ${col((m) => m.version)}::integer[])
               AS u(customer_id, stage, end_event_id, start_event_id, officer_id, branch_id, application_id, started_at, ended_at,
                    business_date, duration_ms, limit_seconds, overrun_seconds, params_version)`,
  );

  const breaches = measured.filter((m) => m.overrunSeconds > 0);
  if (breaches.length > 0) {
    const ids = (
      await queryRows<{ id: string }>(
        tx,
        sql`SELECT nextval('accountability_records_id_seq')::text AS id FROM generate_series(1, ${breaches.length})`,
      )
    ).map((r) => Number(r.id));
    const bcol = (f: (m: Measured, i: number) => string | number | null) => arr(breaches.map(f));
    await tx.execute(
      sql`INSERT INTO accountability_records (customer_id, id, kind, stage, source_event_id, officer_id, branch_id, application_id,
                                              business_date, overrun_seconds, penalty_fen, status)
          SELECT u.customer_id, u.id, 'SLA_543', u.stage, u.source_event_id, u.officer_id, u.branch_id, u.application_id,
                 u.business_date, u.overrun_seconds, u.penalty_fen, 'PROPOSED'
            FROM unnest(${bcol((m) => num(m.row.customer_id))}::bigint[], ${bcol((_, i) => ids[i])}::bigint[],
                        ${bcol((m) => m.row.stage)}::text[], ${bcol((m) => num(m.row.end_event_id))}::bigint[],
                        ${bcol((m) => num(m.row.officer_id))}::bigint[], ${bcol((m) => num(m.row.branch_id))}::bigint[],
                        ${bcol((m) => num(m.row.application_id))}::bigint[], ${bcol((m) => m.row.business_date)}::date[],
                        ${bcol((m) => m.overrunSeconds)}::integer[], ${bcol((m) => m.penaltyFen.toString())}::bigint[])
                 AS u(customer_id, id, stage, source_event_id, officer_id, branch_id, application_id, business_date,
                      overrun_seconds, penalty_fen)`,
    );
  }
  return measured.length;
}
