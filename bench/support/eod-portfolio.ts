/**
 * A synthetic loan portfolio for the end-of-day benchmark, generated set-based (INSERT … SELECT from
 * generate_series) straight into a migrated, demo-seeded Huinong database — the state openLoan and
 * the previous end-of-days would have left on the business date D0 (the day before D0 is closed):
 *
 *   loan_index, loans   ids 1..n, one customer per loan (customer ids 10,000,001…; their customers rows are
 *                       the warning data's), products 信e贷 70 %, 吉e贷 15 %, 质押e贷 / 保证e贷 7.5 % each;
 *                       methods EQUAL_INSTALLMENT 60 %, EQUAL_PRINCIPAL 15 %, MONTHLY_INTEREST 15 %,
 *                       BULLET 10 %; terms 6–36 months (BULLET 6 or 12); starts spread over the 365
 *                       days before D0 (overdue loans: up to 450 days); ¥5,000–200,000; 3.45–12 % a year.
 *   loan_schedule       monthly periods (BULLET: one); equal installment by the annuity formula, equal
 *                       principal, interest-only, bullet; interest = round(remaining × rate × days / 360);
 *                       the last period takes the principal remainder, so principal sums exactly.
 *                       Every period due before D0 is PAID, except for the ≈ 3 % overdue loans, whose
 *                       periods due in [D0 − target dpd, D0) are unpaid (OVERDUE) — dpd 1 … ≈ 420.
 *   servicing state     outstanding, overdue principal / interest, accrued interest of the current period
 *                       through D0 − 1 (cumulative method), billed_through = D0 − 1, dpd, classification
 *                       by the regulatory floors, non-accrual beyond 90 dpd (interest off balance).
 *   core accounts       one demand account per loan (its disbursement account): 85 % of current loans
 *                       hold ¥100,000, the rest nothing; 25 % of overdue loans hold ¥300, the rest nothing.
 *   previous day        the cached current accrual period of every loan and the snapshot of D0 − 1
 *                       (movement reconciliation of D0 starts from it).
 *   warning data        customers, credit lines, guarantees, list entries and deposit outflows for the
 *                       warning rules (warningData below).
 *   ledger              opening entries through postBulkEntries: DR 1301 / CR 2001 outstanding principal,
 *                       DR 1302 / CR 5011 on-balance interest receivable, DR 7001 / CR 7002 off balance —
 *                       so RECONCILE passes.
 */
import { sql } from 'drizzle-orm';
import { queryRows, withTx, type Db, type Tx } from '../../src/db/client.js';
import { postBulkEntries } from '../../src/modules/ledger/index.js';
import { eodSnapshot, refreshCurrentPeriods } from '../../src/modules/loans/index.js';

const GEN_CHUNK = 250_000;

/** Deterministic pseudo-random in [0, m) from the loan number g and a salt (SQL expression text). */
function h(salt: number, m: number): string {
  return `((hashint8(g::bigint * ${salt}::bigint + ${salt * 7919}::bigint)::bigint & 2147483647) % ${m})`;
}

export interface PortfolioStats {
  loans: number;
  scheduleRows: number;
  overdueLoans: number;
  nonAccrualLoans: number;
  dueOnD0: number;
  seconds: Record<string, number>;
}

/**
 * `analyze: false` leaves the tables without planner statistics, as an application that never ran ANALYZE
 * has them (PGlite runs no autovacuum): the embedded-database benchmark measures the day that way.
 */
export async function generatePortfolio(
  db: Db,
  n: number,
  d0: string,
  log: (l: string) => void,
  opts: { analyze?: boolean } = {},
): Promise<PortfolioStats> {
  const seconds: Record<string, number> = {};
  const timed = async (name: string, fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    seconds[name] = (seconds[name] ?? 0) + (performance.now() - t) / 1000;
  };
  const branchIds = (await queryRows<{ id: string }>(db, sql`SELECT id::text AS id FROM branches ORDER BY id`)).map((r) => Number(r.id));
  if (branchIds.length === 0) throw new Error('no branches seeded');
  const D0 = `'${d0}'::date`;

  // Loan parameters (one row per loan), kept in an unlogged work table for the chunks below.
  await timed('params', async () => {
    await exec(db, `DROP TABLE IF EXISTS bench_gen`);
    await exec(
      db,
      `CREATE UNLOGGED TABLE bench_gen AS
      WITH b AS (
        SELECT g,
               ${h(3, 1000)} < 30 AS overdue,
               ${h(5, 20)} AS m20, ${h(7, 40)} AS p40, ${h(11, 5)} AS t5, ${h(13, 1000)} AS a1000,
               ${h(17, 856)} AS r856, ${h(19, 1000)} AS bal1000, ${h(23, 420)} AS dpd420, ${h(29, 365)} AS age365,
               ${h(31, branchIds.length)} AS br
          FROM generate_series(1, ${n}) g
      ), c AS (
        SELECT g, overdue, bal1000, br,
               CASE WHEN m20 < 12 THEN 'EQUAL_INSTALLMENT' WHEN m20 < 15 THEN 'EQUAL_PRINCIPAL'
                    WHEN m20 < 18 THEN 'MONTHLY_INTEREST' ELSE 'BULLET' END AS method,
               CASE WHEN p40 < 28 THEN 'XIN_E_DAI' WHEN p40 < 34 THEN 'JI_E_DAI' WHEN p40 < 37 THEN 'ZHIYA_E_DAI' ELSE 'BAOZHENG_E_DAI' END AS product,
               (500000 + a1000 * 19500)::bigint AS principal_fen,
               (3.45 + r856 / 100.0)::numeric(9,4) AS rate,
               CASE WHEN overdue THEN (1 + dpd420)::int ELSE NULL END AS target_dpd,
               CASE WHEN overdue THEN ${D0} - (31 + dpd420 + ${h(37, 60)})::int ELSE ${D0} - (1 + age365)::int END AS start_date,
               t5
          FROM b
      )
      SELECT c.*,
             CASE WHEN method = 'BULLET' THEN (ARRAY[6, 12])[1 + (t5 % 2)::int]
                  ELSE (ARRAY[6, 12, 18, 24, 36])[1 + t5::int] END AS term
        FROM c`,
    );
    // Current (not overdue) loans must not have matured before D0: lengthen their terms.
    await exec(
      db,
      `UPDATE bench_gen SET term = CASE WHEN method = 'BULLET' THEN 12 ELSE greatest(term, 12) END
                WHERE NOT overdue AND (start_date + make_interval(months => term))::date <= ${D0}`,
    );
    await exec(db, `ALTER TABLE bench_gen ADD PRIMARY KEY (g)`);
  });

  for (let from = 1; from <= n; from += GEN_CHUNK) {
    const to = Math.min(n, from + GEN_CHUNK - 1);
    await timed('schedule+loans', async () => {
      await withTx(db, async (tx) => {
        // Schedule: periods, due dates, raw principal; then exact principal, interest, paid state.
        await exec(tx, `DROP TABLE IF EXISTS bench_sched`);
        await exec(tx, `CREATE UNLOGGED TABLE bench_sched (LIKE loan_schedule)`);
        await exec(
          tx,
          `INSERT INTO bench_sched (customer_id, loan_id, period, start_date, due_date, days, principal_fen, interest_fen,
                                             payment_fen, remaining_principal_fen, status, paid_principal_fen, paid_interest_fen)
          WITH p AS (
            SELECT b.g, b.method, b.principal_fen AS pr, b.rate, b.overdue, b.target_dpd,
                   CASE WHEN b.method = 'BULLET' THEN 1 ELSE b.term END AS n, k,
                   CASE WHEN b.method = 'BULLET' THEN b.start_date
                        ELSE (b.start_date + make_interval(months => k - 1))::date END AS ps,
                   (b.start_date + make_interval(months => CASE WHEN b.method = 'BULLET' THEN b.term ELSE k END))::date AS pd
              FROM bench_gen b
             CROSS JOIN LATERAL generate_series(1, CASE WHEN b.method = 'BULLET' THEN 1 ELSE b.term END) k
             WHERE b.g BETWEEN ${from} AND ${to}
          ), raw AS (
            SELECT p.*,
                   CASE WHEN k = n THEN NULL
                        WHEN method = 'EQUAL_INSTALLMENT' THEN
                          floor(pr * (rate / 1200) / (1 - power(1 + rate / 1200, -n)) * power(1 + rate / 1200, -(n - k + 1)))::bigint
                        WHEN method = 'EQUAL_PRINCIPAL' THEN pr / n
                        ELSE 0 END AS raw_pr
              FROM p
          ), ex AS (
            SELECT raw.*,
                   coalesce(raw_pr, pr - coalesce(sum(raw_pr) OVER (PARTITION BY g ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)) AS prin,
                   pr - coalesce(sum(raw_pr) OVER (PARTITION BY g ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
              FROM raw
          ), fin AS (
            SELECT ex.*, round(before * rate * (pd - ps) / 36000)::bigint AS intr,
                   (pd < ${D0} AND NOT (overdue AND pd >= ${D0} - target_dpd)) AS paid
              FROM ex
          )
          SELECT 10000000 + g, g, k, ps, pd, pd - ps, prin, intr, prin + intr, before - prin,
                 CASE WHEN paid THEN 'PAID' WHEN pd < ${D0} THEN 'OVERDUE' ELSE 'PENDING' END,
                 CASE WHEN paid THEN prin ELSE 0 END, CASE WHEN paid THEN intr ELSE 0 END
            FROM fin`,
        );
        await exec(
          tx,
          `INSERT INTO loan_index (loan_id, customer_id) SELECT g, 10000000 + g FROM bench_gen WHERE g BETWEEN ${from} AND ${to}`,
        );
        const branchArray = `ARRAY[${branchIds.join(',')}]::bigint[]`;
        // in id order, as a bank disburses them (ids grow with time): a range of ids is a run of pages
        await exec(
          tx,
          `INSERT INTO loans (customer_id, id, credit_line_id, product_code, principal_fen, outstanding_principal_fen, annual_rate_pct,
                                      penalty_uplift_pct, day_count_basis, term_months, term_days, repayment_method, repayment_day, start_date,
                                      maturity_date, status, branch_id, officer_id, disbursement_account_no,
                                      overdue_principal_fen, overdue_interest_fen, off_balance_interest_fen,
                                      dpd, classification, non_accrual, last_eod_date, billed_through)
          WITH agg AS (
            SELECT s.loan_id,
                   sum(s.paid_principal_fen) AS paid_pr,
                   sum(s.principal_fen - s.paid_principal_fen) FILTER (WHERE s.due_date < ${D0}) AS od_pr,
                   sum(s.interest_fen - s.paid_interest_fen) FILTER (WHERE s.due_date < ${D0}) AS od_int,
                   min(s.due_date) FILTER (WHERE s.due_date < ${D0} AND s.status = 'OVERDUE') AS oldest,
                   sum(CASE WHEN s.start_date < ${D0} AND s.due_date >= ${D0}
                            THEN div(2 * s.interest_fen::numeric * (${D0} - 1 - s.start_date) + s.days, 2 * s.days::numeric) ELSE 0 END)::bigint AS accrued,
                   max(s.due_date) AS maturity
              FROM bench_sched s
             WHERE s.customer_id BETWEEN ${10000000 + from} AND ${10000000 + to}
             GROUP BY s.loan_id
          ), st AS (
            SELECT b.*, a.paid_pr, coalesce(a.od_pr, 0) AS od_pr, coalesce(a.od_int, 0) AS od_int, a.accrued, a.maturity,
                   coalesce(${D0} - a.oldest, 0) AS dpd
              FROM bench_gen b JOIN agg a ON a.loan_id = b.g
             WHERE b.g BETWEEN ${from} AND ${to}
          )
          SELECT 10000000 + g, g, 20000000 + g, product, principal_fen, principal_fen - paid_pr, rate,
                 50, 360, term, NULL, method,
                 CASE WHEN method = 'BULLET' THEN NULL ELSE least(28, extract(day FROM start_date)::int) END,
                 start_date, maturity, 'ACTIVE', (${branchArray})[1 + br], NULL, '6223' || lpad(g::text, 14, '0'),
                 od_pr, od_int,
                 CASE WHEN dpd > 90 THEN accrued + od_int ELSE 0 END,
                 dpd,
                 CASE WHEN dpd >= 361 THEN 'LOSS' WHEN dpd >= 271 THEN 'DOUBTFUL' WHEN dpd >= 91 THEN 'SUBSTANDARD'
                      WHEN dpd >= 1 THEN 'SPECIAL_MENTION' ELSE 'NORMAL' END,
                 dpd > 90, ${D0} - 1, ${D0} - 1
            FROM st
           ORDER BY g`,
        );
        // each loan's accrual state row (as the application's loan-opening statement writes it), then
        // their interest accrued through D0 − 1
        await exec(
          tx,
          `INSERT INTO loan_accrual_state (customer_id, loan_id, product_code, active, non_accrual)
           SELECT customer_id, id, product_code, status = 'ACTIVE', non_accrual
             FROM loans WHERE customer_id BETWEEN ${10000000 + from} AND ${10000000 + to}`,
        );
        await exec(
          tx,
          `UPDATE loan_accrual_state a SET accrued_interest_fen = x.accrued
                           FROM (SELECT s.customer_id, s.loan_id,
                                        sum(CASE WHEN s.start_date < ${D0} AND s.due_date >= ${D0}
                                                 THEN div(2 * s.interest_fen::numeric * (${D0} - 1 - s.start_date) + s.days, 2 * s.days::numeric) ELSE 0 END)::bigint AS accrued
                                   FROM bench_sched s
                                  WHERE s.customer_id BETWEEN ${10000000 + from} AND ${10000000 + to}
                                  GROUP BY s.customer_id, s.loan_id) x
                          WHERE a.customer_id = x.customer_id AND a.loan_id = x.loan_id AND x.accrued <> 0`,
        );
        await exec(tx, `INSERT INTO loan_schedule SELECT * FROM bench_sched`);
        await exec(tx, `DROP TABLE bench_sched`);
        // What the previous end-of-day left: the cached current period and the snapshot of D0 − 1.
        // (the chunk's customers as one range: these set-up statements take no row locks)
        const chunk = { fromCustomerId: 10000000 + from, toCustomerId: 10000000 + to + 1, customerIds: null, bankKey: -1 };
        await refreshCurrentPeriods(tx, chunk);
        await eodSnapshot(tx, addDaysIso(d0, -1), chunk);
        await exec(
          tx,
          `INSERT INTO core_demand_accounts (customer_id, account_no, branch_id, balance_fen, status, opened_on)
                   SELECT 10000000 + g, '6223' || lpad(g::text, 14, '0'), (${branchArray})[1 + br],
                          CASE WHEN overdue THEN CASE WHEN bal1000 < 250 THEN 30000 ELSE 0 END
                               WHEN bal1000 < 850 THEN 10000000 ELSE 0 END,
                          'ACTIVE', start_date
                     FROM bench_gen WHERE g BETWEEN ${from} AND ${to}`,
        );
        await warningData(tx, from, to, D0, branchArray);
      });
    });
    await timed('ledger', async () => {
      await withTx(db, async (tx) => {
        const inChunk = sql`l.id BETWEEN ${from} AND ${to}`;
        await postBulkEntries(tx, {
          businessDate: addDaysIso(d0, -1),
          eventType: 'BENCH_OPENING',
          memo: 'bench opening balance',
          source: sql`SELECT l.customer_id, l.id AS loan_id, l.product_code, 'P:' || l.id AS reference, '1301' AS debit_account, '2001' AS credit_account,
                             l.outstanding_principal_fen AS amount_fen FROM loans l WHERE ${inChunk}
                      UNION ALL
                      SELECT l.customer_id, l.id, l.product_code, 'I:' || l.id, '1302', '5011',
                             a.accrued_interest_fen + l.overdue_interest_fen
                        FROM loans l JOIN loan_accrual_state a ON a.customer_id = l.customer_id AND a.loan_id = l.id
                       WHERE ${inChunk} AND NOT l.non_accrual
                      UNION ALL
                      SELECT l.customer_id, l.id, l.product_code, 'O:' || l.id, '7001', '7002',
                             l.off_balance_interest_fen FROM loans l WHERE ${inChunk} AND l.non_accrual`,
        });
      });
    });
    log(`  generated loans ${from}…${to}`);
  }
  await timed('finish', async () => {
    await exec(db, `SELECT setval('loans_id_seq', ${n})`);
    await exec(db, `DROP TABLE bench_gen`);
    if (opts.analyze === false) return;
    await exec(
      db,
      `VACUUM ANALYZE loans, loan_accrual_state, loan_index, loan_schedule, core_demand_accounts, journal_entries, journal_lines, loan_daily_snapshots, loan_accruals, customers, credit_lines, guarantees, external_list_entries, core_transactions`,
    );
  });
  const [s] = await queryRows<{ loans: number; sched: number; overdue: number; na: number; due: number }>(
    db,
    sql.raw(`SELECT (SELECT count(*) FROM loans)::int AS loans, (SELECT count(*) FROM loan_schedule)::int AS sched,
                    (SELECT count(*) FROM loans WHERE dpd > 0)::int AS overdue, (SELECT count(*) FROM loans WHERE non_accrual)::int AS na,
                    (SELECT count(DISTINCT loan_id) FROM loan_schedule WHERE due_date = ${D0})::int AS due`),
  );
  if (!s) throw new Error('no stats');
  return { loans: s.loans, scheduleRows: s.sched, overdueLoans: s.overdue, nonAccrualLoans: s.na, dueOnD0: s.due, seconds };
}

/**
 * What the warning rules (end-of-day step WARN) read besides the loans, for loans from…to: a customers row
 * per loan (ID-number hash 'bench:<g>', born 20–61 years before D0: the oldest reach 信e贷's maximum age
 * of 55), a credit line per loan (limit 2 × principal, or the principal itself for 10 %: those are used
 * above 90 % for a while), a confirmed guarantee by the next loan's customer on every 保证e贷, a list
 * entry for 0.5 % of customers (被执行人, 失信, 黑名单 in turn), and for 2 % of funded accounts a debit 10
 * days before D0 that took more than half of the balance.
 */
async function warningData(tx: Tx, from: number, to: number, D0: string, branchArray: string): Promise<void> {
  const among = `g BETWEEN ${from} AND ${to}`;
  await exec(
    tx,
    `INSERT INTO customers (id, name_enc, name_hash, name_masked, id_number_enc, id_number_hash, mobile_enc, mobile_hash, birth_date, sex,
                            region_code, branch_id, first_seen_date)
     SELECT 10000000 + g, 'bench', 'bench:' || g, '测*', 'bench', 'bench:' || g, 'bench', 'bench:' || g,
            (${D0} - make_interval(years => 20 + ${h(41, 42)}::int, days => ${h(43, 365)}::int))::date,
            CASE WHEN g % 2 = 0 THEN 'M' ELSE 'F' END, '370812', (${branchArray})[1 + br], start_date
       FROM bench_gen WHERE ${among}`,
  );
  await exec(
    tx,
    `INSERT INTO credit_lines (customer_id, id, application_id, product_code, product_kind, limit_fen, available_fen, revolving,
                               annual_rate_pct, max_term_months, status, opened_on, expiry_date, branch_id)
     SELECT 10000000 + g, 20000000 + g, g, product,
            CASE product WHEN 'ZHIYA_E_DAI' THEN 'PLEDGE' WHEN 'BAOZHENG_E_DAI' THEN 'GUARANTEE' ELSE 'CREDIT' END,
            CASE WHEN ${h(47, 10)} = 0 THEN principal_fen ELSE 2 * principal_fen END, 0, false, rate, 36, 'ACTIVE', start_date,
            start_date + 1095, (${branchArray})[1 + br]
       FROM bench_gen WHERE ${among}`,
  );
  await exec(
    tx,
    `INSERT INTO guarantees (customer_id, application_id, guarantor_customer_id, guarantor_name_masked, token_hash, status, text_version)
     SELECT 10000000 + g, g, 10000000 + g + 1, '保*', 'bench:' || g, 'CONFIRMED', 'bench'
       FROM bench_gen WHERE ${among} AND product = 'BAOZHENG_E_DAI' AND g < (SELECT max(g) FROM bench_gen)`,
  );
  await exec(
    tx,
    `INSERT INTO external_list_entries (list_type, id_number_hash, id_number_masked, name_masked, source, listed_on)
     SELECT (ARRAY['COURT_ENFORCEMENT', 'DISHONEST', 'BANK_BLACKLIST'])[1 + (g / 200) % 3], 'bench:' || g, '3708**********0000', '测*',
            'bench', ${D0} - 100
       FROM bench_gen WHERE ${among} AND g % 200 = 0`,
  );
  await exec(
    tx,
    `INSERT INTO core_transactions (customer_id, account_no, direction, amount_fen, requested_fen, reference, business_date, memo)
     SELECT a.customer_id, a.account_no, 'DR', a.balance_fen + 1, a.balance_fen + 1, 'bench-outflow', ${D0} - 10, 'bench'
       FROM core_demand_accounts a
      WHERE a.customer_id BETWEEN ${10000000 + from} AND ${10000000 + to} AND a.balance_fen > 0 AND a.customer_id % 50 = 0`,
  );
}

/** Runs raw SQL; a failure reports PostgreSQL's own message (drizzle's only names the query). */
async function exec(db: Db | Tx, text: string): Promise<void> {
  try {
    await db.execute(sql.raw(text));
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    throw new Error(`${cause?.message ?? (err as Error).message}\n in: ${text.slice(0, 300)}`);
  }
}

function addDaysIso(d: string, days: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}
