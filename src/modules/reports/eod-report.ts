/**
 * The end-of-day step REPORT for business date D and one partition (docs/management.md "Reports"):
 * D's loan snapshots of the partition's customers, summed by dimension through the loans module's
 * fragment, become the partition's rows of report_daily_figures for D. Runs after SNAPSHOT. A retry of
 * (REPORT, partition) deletes the partition's rows of D and writes them again, so it gives the same
 * rows. Keyed by the partition's bank-level key: on Citus the rows land on the partition's shard.
 *
 * Two statements: the SELECT (on Citus a router query on the partition's shard) and an INSERT of its
 * rows as arrays (one shard, the key is a constant) — no INSERT … SELECT between differently
 * distributed tables.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import type { CustomerPartition } from '../../db/partition.js';
import type { IsoDate } from '../../kernel/dates.js';
import { REPORT_FIGURE_COLUMNS, reportFiguresSource } from '../loans/index.js';

const KEY_COLUMNS = ['dim', 'branch_id', 'product_code', 'officer_id'] as const;
const ALL_COLUMNS = [...KEY_COLUMNS, ...REPORT_FIGURE_COLUMNS];
const TEXT_COLUMNS = new Set<string>(['dim', 'product_code']);
const INT_COLUMNS = new Set<string>(['loans', 'borrowers', 'npl_borrowers', 'new_loans']);

/** A PostgreSQL array literal of the values (text values quoted). */
function arrayLiteral(values: readonly string[], text: boolean): string {
  return `{${values.map((v) => (text ? `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"` : v)).join(',')}}`;
}

/** Writes the partition's aggregate rows of D; returns how many. */
export async function eodReport(tx: Tx, D: IsoDate, partition: CustomerPartition): Promise<number> {
  await tx.execute(sql`DELETE FROM report_daily_figures WHERE partition_key = ${partition.bankKey} AND business_date = ${D}::date`);
  const rows = await queryRows<Record<string, string | number>>(
    tx,
    sql`SELECT ${sql.raw(ALL_COLUMNS.map((c) => `f.${c}::text AS ${c}`).join(', '))} FROM (${reportFiguresSource(D, partition)}) f`,
  );
  if (rows.length === 0) return 0;
  const arrays = ALL_COLUMNS.map((c) => {
    const type = TEXT_COLUMNS.has(c) ? 'text' : INT_COLUMNS.has(c) ? 'integer' : 'bigint';
    return sql`${arrayLiteral(
      rows.map((r) => String(r[c])),
      type === 'text',
    )}::${sql.raw(type)}[]`;
  });
  await tx.execute(
    sql`INSERT INTO report_daily_figures (partition_key, business_date, ${sql.raw(ALL_COLUMNS.join(', '))})
        SELECT ${partition.bankKey}::bigint, ${D}::date, u.* FROM unnest(${sql.join(arrays, sql`, `)}) AS u`,
  );
  return rows.length;
}
