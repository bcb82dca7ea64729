/**
 * The headline benchmark (issue 15, "Benchmark"):  npm run bench -- headline [--loans=1000000] [--requests=200]
 *
 * On a throwaway PostgreSQL 15 (or HUINONG_BENCH_PG_URL), in a fresh Huinong database (migrated, demo bank):
 *  1. real loan snapshots of `loans` loans for two business dates — the YTD base 2025-12-31 and the
 *     measured day DS = 2026-06-30 — generated set-based straight into loans / loan_index /
 *     loan_daily_snapshots / loan_accruals (not by end-of-day: a year of 1M-loan days is out of reach on one
 *     machine): ~20 % of customers with two loans, 20 branches × 3 officers, four products, ~3 % past due
 *     (dpd 1–420, classified by the regulatory floors), about 0.3 % of loans starting on DS;
 *  2. the REPORT step (`eodReport`) over the day's real plan (`planEodPartitions`, the default partition
 *     size) for both dates, timed — the real step output for those two days;
 *  3. the other days of 2026 (Jan 1 … Dec 31 but DS) filled with copies of DS's aggregate rows with
 *     figures varied by day (balance × 0.80…1.20, NPL × 0.70…1.30): a year of aggregate rows;
 *  4. the reference: the headline's figures straight over the snapshots of DS and of its YTD base (one
 *     SQL per figure group, as a report would without the aggregate), timed;
 *  5. `requests` calls of the headline (`headlineAt`, the route's one call) at random dates of 2026 as the
 *     executive (bank scope) and as a branch head, with p50 / p95 / p99 / max.
 * Target: headline p99 ≤ 200 ms on PostgreSQL at 1,000,000 loans.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { createContext } from '../src/app.js';
import { loadConfig, testConfig } from '../src/config.js';
import { openDatabase, queryOne, queryRows, withTx, type Db } from '../src/db/client.js';
import { loadActor } from '../src/modules/access/index.js';
import { DEFAULT_PARTITION_SIZE } from '../src/modules/eod/index.js';
import { planEodPartitions } from '../src/modules/loans/index.js';
import type { Actor } from '../src/modules/org/index.js';
import { eodReport, headlineAt } from '../src/modules/reports/index.js';
import { numberFlag, type BenchOptions } from './support/options.js';
import { withBenchPostgres } from './support/postgres.js';
import { fmt, machineDescription, markdownTable, summarize } from './support/stats.js';

export const description =
  'the reports headline at random dates of a year over 1M loans (pre-aggregated by REPORT) vs the same figures straight over the snapshots';
export const usage = `Options:
  --loans=1000000        loans in the portfolio (snapshots of 2025-12-31 and 2026-06-30)
  --requests=200         headline calls at random dates of 2026 (each scope)
  --partition-size=${DEFAULT_PARTITION_SIZE}  loans per end-of-day partition of the REPORT step
Environment: HUINONG_BENCH_PG_URL to use an existing server instead of a throwaway one.`;

const BASE = '2025-12-31';
const DS = '2026-06-30';

/** Deterministic pseudo-random in [0, m) from the loan number g and a salt (SQL expression text). */
const h = (salt: number, m: number) => `((hashint8(g::bigint * ${salt}::bigint + ${salt * 7919}::bigint)::bigint & 2147483647) % ${m})`;

async function generate(db: Db, n: number, log: (l: string) => void): Promise<void> {
  const branches = (await queryRows<{ id: string }>(db, sql`SELECT id::text AS id FROM branches WHERE kind = 'BRANCH' ORDER BY id`)).map(
    (r) => Number(r.id),
  );
  const branchArray = `'{${branches.join(',')}}'::bigint[]`;
  const nb = branches.length;
  const CHUNK = 250_000;
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    // g: the loan id; customer 10,000,000 + g − g / 5 (every fifth loan shares its customer with the one before)
    await db.execute(sql.raw(`DROP TABLE IF EXISTS bench_gen`));
    await db.execute(sql.raw(`CREATE UNLOGGED TABLE bench_gen AS SELECT g::bigint AS g FROM generate_series(${from}, ${to}) g`));
    await db.execute(sql.raw(`INSERT INTO loan_index (loan_id, customer_id) SELECT g, 10000000 + g - g / 5 FROM bench_gen`));
    await db.execute(
      sql.raw(`
      INSERT INTO loans (customer_id, id, credit_line_id, product_code, principal_fen, outstanding_principal_fen, annual_rate_pct,
                         penalty_uplift_pct, day_count_basis, term_months, repayment_method, repayment_day, start_date, maturity_date,
                         status, branch_id, officer_id, disbursement_account_no)
      SELECT 10000000 + g - g / 5, g, 20000000 + g,
             CASE WHEN ${h(3, 1000)} < 700 THEN 'XIN_E_DAI' WHEN ${h(3, 1000)} < 850 THEN 'JI_E_DAI'
                  WHEN ${h(3, 1000)} < 925 THEN 'ZHIYA_E_DAI' ELSE 'BAOZHENG_E_DAI' END,
             (500000 + ${h(5, 195001)} * 100)::bigint, (500000 + ${h(5, 195001)} * 100)::bigint, 6.5, 50, 360, 12, 'EQUAL_INSTALLMENT', 1,
             CASE WHEN ${h(11, 1000)} < 3 THEN DATE '${DS}' ELSE DATE '${DS}' - (1 + ${h(13, 540)})::int END,
             DATE '${DS}' + 365, 'ACTIVE',
             (${branchArray})[1 + ${h(7, nb)}], 100000 + ${h(7, nb)} * 3 + ${h(17, 3)}, '6200' || g
        FROM bench_gen`),
    );
    // the two days' snapshots: DS as the loans stand; the base (loans started by then) with 8 % more outstanding (repaid since)
    for (const [date, factor] of [
      [DS, '1.0'],
      [BASE, '1.08'],
    ] as const) {
      await db.execute(
        sql.raw(`
        INSERT INTO loan_daily_snapshots (customer_id, loan_id, business_date, product_code, branch_id, officer_id,
               outstanding_principal_fen, overdue_principal_fen, accrued_interest_fen, overdue_interest_fen, penalty_accrued_fen,
               compound_accrued_fen, dpd, classification, non_accrual, off_balance_interest_fen)
        SELECT l.customer_id, l.id, DATE '${date}', l.product_code, l.branch_id, l.officer_id,
               least(l.principal_fen, (l.outstanding_principal_fen * ${factor})::bigint), 0, 0, 0, 0, 0, d.dpd,
               CASE WHEN d.dpd = 0 THEN 'NORMAL' WHEN d.dpd <= 90 THEN 'SPECIAL_MENTION' WHEN d.dpd <= 180 THEN 'SUBSTANDARD'
                    WHEN d.dpd <= 360 THEN 'DOUBTFUL' ELSE 'LOSS' END, d.dpd > 90, 0
          FROM bench_gen b JOIN loans l ON l.customer_id = 10000000 + b.g - b.g / 5 AND l.id = b.g
          CROSS JOIN LATERAL (SELECT CASE WHEN ${h(date === DS ? 19 : 23, 1000)} < 30 THEN 1 + ${h(29, 420)} ELSE 0 END AS dpd FROM (SELECT b.g AS g) q) d
         WHERE l.start_date <= DATE '${date}'`),
      );
    }
    await db.execute(
      sql.raw(`
      INSERT INTO loan_accruals (customer_id, loan_id, business_date, kind, period, amount_fen, off_balance)
      SELECT l.customer_id, l.id, DATE '${DS}', 'INTEREST', 1, (l.outstanding_principal_fen * 65 / 36000)::bigint, false
        FROM bench_gen b JOIN loans l ON l.customer_id = 10000000 + b.g - b.g / 5 AND l.id = b.g`),
    );
    log(`  generated loans ${from}…${to}`);
  }
  await db.execute(sql`ANALYZE`);
}

/** The headline's figures straight over the snapshots of a date and its YTD base: totals, by product, by branch. */
async function referenceHeadline(db: Db, date: string, base: string): Promise<number> {
  const t = performance.now();
  await queryRows(
    db,
    sql`SELECT s.business_date, sum(s.outstanding_principal_fen) AS bal, count(DISTINCT s.customer_id) FILTER (WHERE s.outstanding_principal_fen > 0) AS borrowers,
               sum(s.outstanding_principal_fen) FILTER (WHERE s.classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS')) AS npl
          FROM loan_daily_snapshots s WHERE s.business_date IN (${date}::date, ${base}::date) GROUP BY s.business_date`,
  );
  await queryRows(
    db,
    sql`SELECT s.product_code, sum(s.outstanding_principal_fen), count(DISTINCT s.customer_id) FILTER (WHERE s.outstanding_principal_fen > 0),
               sum(s.outstanding_principal_fen) FILTER (WHERE s.classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS'))
          FROM loan_daily_snapshots s WHERE s.business_date = ${date}::date GROUP BY s.product_code`,
  );
  await queryRows(
    db,
    sql`SELECT s.branch_id, sum(s.outstanding_principal_fen), count(DISTINCT s.customer_id) FILTER (WHERE s.outstanding_principal_fen > 0),
               sum(s.outstanding_principal_fen) FILTER (WHERE s.classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS'))
          FROM loan_daily_snapshots s WHERE s.business_date = ${date}::date GROUP BY s.branch_id`,
  );
  return performance.now() - t;
}

export async function run(opts: BenchOptions): Promise<void> {
  const n = numberFlag(opts, 'loans', 1_000_000, 1000);
  const requests = numberFlag(opts, 'requests', 200, 1);
  const partitionSize = numberFlag(opts, 'partition-size', DEFAULT_PARTITION_SIZE, 1);
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  log(
    `machine: ${machineDescription()}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  await withBenchPostgres(async (server) => {
    log(`server: ${server.version} (${server.origin})`);
    const url = await server.createDatabase('hn_bench_headline');
    const database = await openDatabase({ url, poolSize: 4, preparedStatements: loadConfig().databasePreparedStatements });
    try {
      const ctx = await createContext(testConfig({ databaseUrl: url, logLevel: 'silent' }), database);
      const db = ctx.db;
      log(`generating ${n} loans and their snapshots of ${BASE} and ${DS} …`);
      const g0 = performance.now();
      await generate(db, n, log);
      const snapRows = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM loan_daily_snapshots`);
      log(`generated in ${fmt((performance.now() - g0) / 1000, 1)} s: ${snapRows?.n} snapshot rows`);

      // 2. the REPORT step over the real plan of each day
      const stepSeconds: Record<string, number> = {};
      const stepRows: Record<string, number> = {};
      for (const date of [BASE, DS]) {
        const parts = await planEodPartitions(db, date, partitionSize);
        const t = performance.now();
        let rows = 0;
        for (const p of parts) rows += await withTx(db, (tx) => eodReport(tx, date, p));
        stepSeconds[date] = (performance.now() - t) / 1000;
        stepRows[date] = rows;
        log(`REPORT ${date}: ${parts.length} partitions, ${rows} aggregate rows in ${fmt(stepSeconds[date], 2)} s`);
      }

      // 3. the rest of 2026 from DS's rows, figures varied by day
      const f0 = performance.now();
      // the copies go in without the table's key and index, which are then rebuilt as the migration made them (faster than row by row)
      await db.execute(sql`ALTER TABLE report_daily_figures DROP CONSTRAINT report_daily_figures_pkey`);
      await db.execute(sql`DROP INDEX report_daily_figures_date_idx`);
      await db.execute(sql`
        INSERT INTO report_daily_figures
        SELECT f.partition_key, d::date, f.dim, f.branch_id, f.product_code, f.officer_id, f.loans, f.borrowers,
               (f.balance_fen * k.bal)::bigint, (f.npl_fen * k.npl)::bigint, f.npl_borrowers, (f.overdue_fen * k.npl)::bigint,
               (f.dpd_1_30_fen * k.npl)::bigint, (f.dpd_31_60_fen * k.npl)::bigint, (f.dpd_61_90_fen * k.npl)::bigint, (f.dpd_over_90_fen * k.npl)::bigint,
               (f.normal_fen * k.bal)::bigint, f.special_mention_fen, f.substandard_fen, f.doubtful_fen, f.loss_fen,
               f.interest_income_fen, f.new_loans, f.new_loans_fen
          FROM generate_series(DATE '2026-01-01', DATE '2026-12-31', interval '1 day') d
         CROSS JOIN LATERAL (SELECT 0.80 + 0.40 * (extract(doy FROM d) / 366.0) AS bal,
                                    0.70 + 0.60 * ((hashint4(extract(doy FROM d)::int) & 1023) / 1023.0) AS npl) k
          JOIN report_daily_figures f ON f.business_date = ${DS}::date
         WHERE d::date <> ${DS}::date`);
      await db.execute(
        sql`ALTER TABLE report_daily_figures ADD CONSTRAINT report_daily_figures_pkey
              PRIMARY KEY (partition_key, business_date, dim, branch_id, product_code, officer_id)`,
      );
      await db.execute(sql`CREATE INDEX report_daily_figures_date_idx ON report_daily_figures (business_date, dim)`);
      await db.execute(sql`ANALYZE report_daily_figures`);
      const aggRows = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM report_daily_figures`);
      log(`year of aggregate rows filled in ${fmt((performance.now() - f0) / 1000, 1)} s: ${aggRows?.n} rows`);

      // 4. the reference
      const refMs: number[] = [];
      for (let i = 0; i < 5; i++) refMs.push(await referenceHeadline(db, DS, BASE));
      const ref = summarize(refMs);
      log(`reference (straight over the snapshots of ${DS} and ${BASE}): median ${fmt(ref.p50, 0)} ms over 5 runs`);

      // 5. the headline at random dates
      const staffId = async (username: string) =>
        Number((await queryOne<{ id: string }>(db, sql`SELECT id::text AS id FROM staff WHERE username = ${username}`))!.id);
      const exec = (await loadActor(db, await staffId('exec1'), 0)) as Actor;
      const head = (await loadActor(db, await staffId('head1'), 0)) as Actor;
      const rows: Array<Array<string | number>> = [];
      let seed = 42;
      const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const dates = Array.from({ length: requests }, () => {
        const d = new Date(Date.UTC(2026, 0, 1 + Math.floor(rand() * 365)));
        return d.toISOString().slice(0, 10);
      });
      const summaries: Record<string, ReturnType<typeof summarize>> = {};
      for (const [name, actor] of [
        ['executive (bank)', exec],
        ['branch head (鼓楼支行)', head],
      ] as const) {
        await headlineAt(db, actor, DS); // warm
        const ms: number[] = [];
        for (const d of dates) {
          const t = performance.now();
          await headlineAt(db, actor, d);
          ms.push(performance.now() - t);
        }
        const s = summarize(ms);
        summaries[name] = s;
        rows.push([name, requests, fmt(s.p50, 1), fmt(s.p95, 1), fmt(s.p99, 1), fmt(s.max, 1)]);
      }
      const check = await headlineAt(db, exec, DS);
      log(
        `headline at ${DS}: balance ${check.onlineLoanBalance}, borrowers ${check.borrowers}, NPL ${check.nplBalance} (${check.nplRatioPct} %), YTD ${check.balanceChangeYtd}`,
      );
      process.stdout.write(
        `\n${markdownTable(['headline as', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows)}\n` +
          `\nloans ${n}; aggregate rows ${aggRows?.n}; REPORT step ${fmt(stepSeconds[DS], 2)} s for ${DS} (${stepRows[DS]} rows), ${fmt(stepSeconds[BASE], 2)} s for ${BASE}; ` +
          `reference straight over the snapshots: median ${fmt(ref.p50, 0)} ms (max ${fmt(ref.max, 0)} ms); ` +
          `target p99 ≤ 200 ms: ${Object.values(summaries).every((s) => s.p99 <= 200) ? 'met' : 'NOT met'}\n`,
      );
      await db.execute(sql.raw(`DROP TABLE IF EXISTS bench_gen`));
    } finally {
      await database.close().catch(() => undefined);
    }
  }, log);
}
