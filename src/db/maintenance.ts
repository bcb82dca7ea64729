/**
 * What autovacuum does on a PostgreSQL server, done by hand on the embedded database. PGlite runs no
 * autovacuum launcher, so without this its tables never get planner statistics and never lose their dead
 * rows: the planner then guesses every condition's selectivity (a range of customers, a status, a date
 * matches "a few rows") and picks nested loops that re-read a whole partition once per row — an
 * end-of-day at 4,600 loans took 20–30 s that way instead of well under one.
 *
 * The decision is autovacuum's own, with its default settings, from the statistics views:
 *  - ANALYZE a table when the rows changed since its last analyze exceed 50 + 10 % of its rows;
 *  - VACUUM when its dead rows exceed 50 + 20 % of its rows, or the rows inserted since
 *    its last vacuum exceed 1,000 + 20 % (so that index-only scans see all-visible pages).
 * A table never analyzed that holds rows is analyzed too (its counts are lost when the embedded database
 * was not closed cleanly). A table no one changed costs nothing. On a PostgreSQL server or Citus cluster this is never called:
 * autovacuum does it there.
 */
import { sql } from 'drizzle-orm';
import { queryRows, withTx, type Db } from './client.js';

/** Histogram buckets and most-common values per column (PostgreSQL's default 100; ANALYZE samples 300 × this many rows). */
const STATISTICS_TARGET = 10;

export interface MaintenanceResult {
  analyzed: string[];
  vacuumed: string[];
}

/**
 * Vacuums and analyzes the tables of the current schema that autovacuum would, now. Runs outside any
 * transaction (VACUUM cannot run inside one): call it on the database handle, between commands.
 */
export async function maintainEmbeddedDatabase(db: Db): Promise<MaintenanceResult> {
  // The statistics views show what the backend has flushed; make the counts of the last commands visible.
  await db.execute(sql`SELECT pg_stat_force_next_flush()`);
  // (the counters straight from their functions: the pg_stat_user_tables view computes twenty per table)
  const rows = await queryRows<{ name: string; vacuum: boolean; analyze: boolean }>(
    db,
    sql`SELECT format('%I', c.relname) AS name,
               (pg_stat_get_dead_tuples(c.oid) > 50 + 0.2 * greatest(c.reltuples, 0)
                OR pg_stat_get_ins_since_vacuum(c.oid) > 1000 + 0.2 * greatest(c.reltuples, 0)) AS vacuum,
               (pg_stat_get_mod_since_analyze(c.oid) > 50 + 0.1 * greatest(c.reltuples, 0)
                -- never analyzed yet not empty: the counts were lost (the database was not closed cleanly)
                OR (c.reltuples < 0 AND pg_relation_size(c.oid) > 0)) AS analyze
          FROM pg_class c
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
         ORDER BY c.relname`,
  );
  const vacuumed = rows.filter((r) => r.vacuum).map((r) => r.name);
  const analyzed = rows.filter((r) => r.analyze).map((r) => r.name);
  // one statement each list: names come from the catalogue, quoted by format('%I')
  if (vacuumed.length > 0) await db.execute(sql.raw(`VACUUM ${vacuumed.join(', ')}`));
  if (analyzed.length > 0) {
    await withTx(db, async (tx) => {
      // A sample of 3,000 rows a table instead of 30,000: a quarter of the time, and statistics fine enough
      // for what they are for here — telling the planner a partition holds thousands of rows, not one.
      await tx.execute(sql`SET LOCAL default_statistics_target = ${sql.raw(String(STATISTICS_TARGET))}`);
      await tx.execute(sql.raw(`ANALYZE ${analyzed.join(', ')}`));
    });
  }
  return { analyzed, vacuumed };
}
