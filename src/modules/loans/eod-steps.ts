/**
 * End-of-day step functions of the loans module (docs/servicing.md "The day"). Each one is
 * set-based SQL over the active loans of one partition of customers (src/db/partition.ts: a
 * customer-id range, on Citus also its customers, all in one shard), runs in the caller's transaction
 * (the eod module records the (step, partition) as done in the same one) and is idempotent for (D,
 * partition): run again for the same day and partition it changes and posts nothing. Every table a
 * statement reads or writes is narrowed to the partition through inPartition, so that on Citus every
 * statement is a router query on the partition's shard.
 * Every function returns the number of loans it changed (the step's "rows").
 *
 * The SQL gives exactly the results of the pure servicing math (./servicing): every amount is one
 * half-up rounding of an exact rational, computed with integer division of exact numerics,
 * round_half_up(N / M) = div(2N + M, 2M) for N ≥ 0, M > 0 — never a rounded numeric division.
 *
 * State kept on the loan (migrations/0020_servicing.sql):
 *   accrued_interest_fen       (in loan_accrual_state, migrations/0025) scheduled interest accrued and
 *                              not yet due (also for non-accrual loans), with the cached current period
 *   overdue_principal_fen / overdue_interest_fen   billed and unpaid
 *   penalty_accrued_fen / compound_accrued_fen     unpaid penalty and compound interest
 *   off_balance_interest_fen   for a non-accrual loan: the part of the above kept off balance sheet
 *                              (= accrued + overdue interest + penalty + compound since the switch)
 *   penalty_base_fen, penalty_since, penalty_posted_fen (compound_* alike)   the running segment
 *   billed_through             the last date whose due installments were billed
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Tx } from '../../db/client.js';
import { checkPartition, inPartition, type CustomerPartition } from '../../db/partition.js';
import { InvariantError, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { postBankEntries, postBulkEntries } from '../ledger/index.js';
import { LOANS_WITH_ACCRUAL } from './accrual-state.js';
import { REGULATORY_THRESHOLDS, validateStricterThresholds, type ClassificationThresholds } from './servicing/index.js';

/** The customers one (step, partition) transaction works on (src/db/partition.ts). */
export type EodPartition = CustomerPartition;

export const DEFAULT_NON_ACCRUAL_DPD = 90;

function check(D: IsoDate, part: EodPartition): void {
  parseIsoDate(D);
  checkPartition(part);
}

/**
 * The partition alone on alias l: an UPDATE loans l … FROM (rows of the partition) repeats it, or the
 * planner may join those rows to the whole loans table (a scan of every loan for each partition), and
 * Citus would send the UPDATE to every shard.
 */
function rangeOnly(part: EodPartition): SQL {
  return inPartition('l', part);
}

/**
 * Loans past due, in a penalty segment or not NORMAL: the only ones AUTO_DEBIT, AGE, PENALTY,
 * CLASSIFY and NON_ACCRUAL change. eod_attention is a stored generated column (every amount ≥ 0 and
 * a positive sum has a positive term, so each of those steps' conditions implies it); with status =
 * 'ACTIVE' it is the predicate of loans_attention_idx (migrations/0025_eod_attention.sql), which
 * the planner then uses instead of scanning the range.
 */
export const ATTENTION_PREDICATE = 'l.eod_attention';
const ATTENTION = sql.raw(ATTENTION_PREDICATE);

/** The active loans of the partition, as a WHERE condition on alias l. */
function inRange(part: EodPartition): SQL {
  return sql`l.status = 'ACTIVE' AND ${inPartition('l', part)}`;
}

async function count(tx: Tx, q: SQL): Promise<number> {
  const row = await queryOne<{ n: string }>(tx, q);
  return Number(row?.n ?? '0');
}

/** round_half_up(numerator / denominator) of non-negative exact numerics, as bigint. */
function halfUp(numerator: SQL, denominator: SQL): SQL {
  return sql`div(2 * (${numerator}) + (${denominator}), 2 * (${denominator}))::bigint`;
}

// ---------------------------------------------------------------------------------------------
// Accrual subledger and aggregated postings

/** What an accrual statement reports: the day's amounts per (kind, product, on/off balance). */
interface AccrualTotalRow {
  kind: 'INTEREST' | 'PENALTY' | 'COMPOUND';
  product_code: string;
  off_balance: boolean;
  amount_fen: string;
  loans: string;
}

const ACCRUAL_EVENT: Record<AccrualTotalRow['kind'], { eventType: string; incomeAccount: string; memo: string }> = {
  INTEREST: { eventType: 'INTEREST_ACCRUAL', incomeAccount: '5011', memo: '利息计提（日终汇总）' },
  PENALTY: { eventType: 'PENALTY_ACCRUAL', incomeAccount: '5012', memo: '罚息计提（日终汇总）' },
  COMPOUND: { eventType: 'COMPOUND_ACCRUAL', incomeAccount: '5012', memo: '复利计提（日终汇总）' },
};

/**
 * The general-ledger side of the day's accruals of a range: one bank-level entry per (kind,
 * product, on/off balance) — DR 1302 / CR 5011 (5012 for penalty and compound), or DR 7001 / CR
 * 7002 off balance — for the total of the subledger rows (loan_accruals) the step just wrote.
 * The references name the day and the range (accrualEntryReference), so reconciliation finds them.
 */
async function postAccrualTotals(tx: Tx, D: IsoDate, range: EodPartition, totals: AccrualTotalRow[]): Promise<void> {
  const entries = totals
    .filter((t) => BigInt(t.amount_fen) > 0n)
    .map((t) => {
      const ev = ACCRUAL_EVENT[t.kind];
      return {
        eventType: ev.eventType,
        reference: accrualEntryReference(t.kind, D, range, t.product_code, t.off_balance),
        memo: `${ev.memo} ${t.product_code} ${t.loans} 笔`,
        productCode: t.product_code,
        debitAccount: t.off_balance ? '7001' : '1302',
        creditAccount: t.off_balance ? '7002' : ev.incomeAccount,
        amountFen: BigInt(t.amount_fen),
      };
    });
  await postBankEntries(tx, D, entries, range.bankKey);
}

/** The reference of a partition's aggregated accrual entry (unique per day, partition, kind, product, side). */
function accrualEntryReference(kind: string, D: IsoDate, range: EodPartition, productCode: string, offBalance: boolean): string {
  return `EOD:${kind}:${D}:${range.fromCustomerId}-${range.toCustomerId}:${productCode}:${offBalance ? 'OFF' : 'ON'}`;
}

/**
 * The aggregated accrual entries of a day and range, for reconciliation: a LIKE pattern matching
 * their references, and how to read the kind back from one (SQL over a reference column).
 */
export function accrualEntryReferences(D: IsoDate, range: EodPartition): { like: string; kindOf: (reference: SQL) => SQL } {
  return {
    like: `EOD:%:${D}:${range.fromCustomerId}-${range.toCustomerId}:%`,
    kindOf: (reference) => sql`split_part(${reference}, ':', 2)`,
  };
}

// ---------------------------------------------------------------------------------------------
// ACCRUE

/**
 * A loan's first schedule period due after a date, as the body of a LATERAL subquery (period,
 * start_date, due_date, days, interest_fen; no row when none is left). Periods fall due in order, so
 * it is read along the loan's primary key.
 */
function firstPeriodDueAfter(customerId: SQL, loanId: SQL, after: SQL, part: EodPartition): SQL {
  return sql`SELECT s.period, s.start_date, s.due_date, s.days, s.interest_fen
               FROM loan_schedule s
              WHERE s.customer_id = ${customerId} AND s.loan_id = ${loanId} AND s.due_date > ${after} AND ${inPartition('s', part)}
              ORDER BY s.period
              LIMIT 1`;
}

/** SET items caching the period in row `alias` (from firstPeriodDueAfter) as current; none left → cur_period 0. */
function setCurrentPeriod(alias: string, interestColumn: string): SQL {
  const p = sql.raw(alias);
  return sql`cur_period = coalesce(${p}.period, 0), cur_start = ${p}.start_date, cur_due = ${p}.due_date,
             cur_days = ${p}.days, cur_interest_fen = ${p}.${sql.raw(interestColumn)}`;
}

/** Interest accrued through e days of the cached current period (cumulative method), as SQL. */
function throughDays(e: SQL): SQL {
  // round_half_up(interest × e / days) in exact integer arithmetic: 0 < e < days ≤ 3,660 and the
  // interest of one period is far below 2^63 / 7,320, so the bigint product cannot overflow.
  return sql`CASE WHEN ${e} >= a.cur_days THEN a.cur_interest_fen WHEN ${e} <= 0 THEN 0::bigint
                  ELSE (2 * a.cur_interest_fen * (${e}) + a.cur_days) / (2 * a.cur_days::bigint) END`;
}

/**
 * Fills the cached current period (loan_accrual_state cur_*) of the active loans of the range that
 * have none: the first schedule period due after billed_through (or after the start); cur_period 0
 * when none is left. Schedule inserts and deletes clear the cache (migrations/0023_eod_fast.sql,
 * 0025); BILL moves it on for the loans it bills. Returns the loans refreshed.
 */
export async function refreshCurrentPeriods(tx: Tx, range: EodPartition): Promise<number> {
  return count(
    tx,
    sql`WITH n AS (
          SELECT x.customer_id, x.id, s.period, s.start_date, s.due_date, s.days, s.interest_fen
            FROM loan_accrual_state c
            JOIN loans x ON x.customer_id = c.customer_id AND x.id = c.loan_id
            LEFT JOIN LATERAL (${firstPeriodDueAfter(sql`x.customer_id`, sql`x.id`, sql`coalesce(x.billed_through, x.start_date)`, range)}) s ON true
           WHERE c.active AND c.cur_period IS NULL AND ${inPartition('c', range)}
             AND x.status = 'ACTIVE' AND ${inPartition('x', range)}
        ),
        upd AS (
          UPDATE loan_accrual_state a
             SET ${setCurrentPeriod('n', 'interest_fen')}
            FROM n
           WHERE a.customer_id = n.customer_id AND a.loan_id = n.id AND ${inPartition('a', range)}
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
}

/**
 * Interest of the period containing D (cur_start < D ≤ cur_due), cumulative method:
 * accruedThrough(e) = round_half_up(interest × e / days), e = D − start; today's amount is
 * accruedThrough(D − start) − accruedThrough(D − 1 − start). One statement per range over the
 * narrow loan_accrual_state alone: it grows by today's amount (accrued_on = D makes a rerun a
 * no-op); a non-accrual loan's off-balance interest grows too; the subledger gets one row per loan
 * (INTEREST, off_balance = the loan's non_accrual), and the ledger one aggregated entry per product
 * and side: DR 1302 / CR 5011, or DR 7001 / CR 7002 off balance.
 */
export async function eodAccrueInterest(tx: Tx, D: IsoDate, range: EodPartition): Promise<number> {
  check(D, range);
  await refreshCurrentPeriods(tx, range);
  const amount = sql`((${throughDays(sql`(${D}::date - a.cur_start)`)}) - (${throughDays(sql`(${D}::date - 1 - a.cur_start)`)}))`;
  const totals = await queryRows<AccrualTotalRow>(
    tx,
    sql`WITH upd AS (
          UPDATE loan_accrual_state a
             SET accrued_interest_fen = a.accrued_interest_fen + ${amount}, accrued_on = ${D}::date
           WHERE a.active AND ${inPartition('a', range)}
             AND a.cur_period > 0 AND a.cur_start < ${D}::date AND a.cur_due >= ${D}::date
             AND (a.accrued_on IS NULL OR a.accrued_on < ${D}::date) AND ${amount} > 0
          RETURNING a.customer_id, a.loan_id, a.product_code, a.non_accrual, a.cur_period, ${amount} AS amount_fen
        ),
        off AS (
          UPDATE loans l SET off_balance_interest_fen = l.off_balance_interest_fen + upd.amount_fen
            FROM upd
           WHERE upd.non_accrual AND l.customer_id = upd.customer_id AND l.id = upd.loan_id AND ${rangeOnly(range)}
             AND l.status = 'ACTIVE' AND l.non_accrual -- loans_non_accrual_idx: the few, not the range
        ),
        sub AS (
          INSERT INTO loan_accruals (customer_id, loan_id, business_date, kind, period, amount_fen, off_balance)
          SELECT customer_id, loan_id, ${D}::date, 'INTEREST', cur_period, amount_fen, non_accrual FROM upd
        )
        SELECT 'INTEREST' AS kind, product_code, non_accrual AS off_balance, sum(amount_fen)::text AS amount_fen, count(*)::text AS loans
          FROM upd GROUP BY product_code, non_accrual ORDER BY 2, 3`,
  );
  await postAccrualTotals(tx, D, range, totals);
  return totals.reduce((n, t) => n + Number(t.loans), 0);
}

// ---------------------------------------------------------------------------------------------
// BILL

/**
 * Installments falling due in (billed_through, D] (normally: due_date = D): their unpaid scheduled
 * principal moves into overdue_principal_fen, their unpaid scheduled interest from the accrued
 * interest (loan_accrual_state) into overdue_interest_fen; billed_through = D and the cached current
 * period moves to the first period due after D (0: none left). Only loans whose cached period is due
 * by D (or not cached) are looked at, through partial indexes on loan_accrual_state. No ledger effect.
 */
export async function eodBillDue(tx: Tx, D: IsoDate, range: EodPartition): Promise<number> {
  check(D, range);
  const billed = await queryOne<{ n: string; m: string }>(
    tx,
    sql`WITH due AS (
          SELECT l.customer_id, l.id AS loan_id,
                 sum(s.principal_fen - s.paid_principal_fen) AS principal_fen,
                 sum(s.interest_fen - s.paid_interest_fen) AS interest_fen
            FROM loan_accrual_state a
            JOIN loans l ON l.customer_id = a.customer_id AND l.id = a.loan_id
            JOIN loan_schedule s ON s.customer_id = l.customer_id AND s.loan_id = l.id
           WHERE a.active AND ${inPartition('a', range)}
             AND (a.cur_period IS NULL OR (a.cur_period > 0 AND a.cur_due <= ${D}::date))
             AND ${inRange(range)} AND ${inPartition('s', range)}
             AND s.due_date > coalesce(l.billed_through, l.start_date) AND s.due_date <= ${D}::date
           GROUP BY l.customer_id, l.id
        ),
        nxt AS (
          SELECT due.*, n.period, n.start_date, n.due_date, n.days, n.interest_fen AS next_interest_fen
            FROM due
            LEFT JOIN LATERAL (${firstPeriodDueAfter(sql`due.customer_id`, sql`due.loan_id`, sql`${D}::date`, range)}) n ON true
        ),
        upd AS (
          UPDATE loans l
             SET overdue_principal_fen = l.overdue_principal_fen + nxt.principal_fen,
                 overdue_interest_fen = l.overdue_interest_fen + nxt.interest_fen,
                 billed_through = ${D}::date
            FROM nxt
           WHERE l.customer_id = nxt.customer_id AND l.id = nxt.loan_id AND ${rangeOnly(range)}
          RETURNING 1
        ),
        acc AS (
          UPDATE loan_accrual_state a
             SET accrued_interest_fen = a.accrued_interest_fen - nxt.interest_fen, ${setCurrentPeriod('nxt', 'next_interest_fen')}
            FROM nxt
           WHERE a.customer_id = nxt.customer_id AND a.loan_id = nxt.loan_id AND ${inPartition('a', range)}
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM upd)::text AS n, (SELECT count(*) FROM acc)::text AS m`,
  );
  if (billed?.n !== billed?.m) throw new InvariantError(`eodBillDue: ${billed?.n} loans billed but ${billed?.m} accrual states moved on`);
  return Number(billed?.n ?? '0');
}

// ---------------------------------------------------------------------------------------------
// AGE

/**
 * dpd = D − the oldest due date before D of an installment not fully paid (0 when there is none;
 * an installment due today is not yet past due). Such installments still PENDING or PARTIAL become
 * OVERDUE. Only loans with something billed and unpaid, or a dpd to reset, are looked at (billed
 * and unpaid is the only way to have such an installment).
 */
export async function eodAge(tx: Tx, D: IsoDate, range: EodPartition): Promise<number> {
  check(D, range);
  const n = await count(
    tx,
    sql`WITH calc AS (
          SELECT l.customer_id, l.id AS loan_id,
                 -- the oldest unpaid period due before D, read along the loan's own rows (primary key
                 -- order: periods fall due in order); min(due_date) would let the planner walk the
                 -- due-date index across every loan's rows
                 coalesce(${D}::date - (
                   SELECT s.due_date FROM loan_schedule s
                    WHERE s.customer_id = l.customer_id AND s.loan_id = l.id AND s.due_date < ${D}::date AND ${inPartition('s', range)}
                      AND (s.paid_principal_fen < s.principal_fen OR s.paid_interest_fen < s.interest_fen)
                    ORDER BY s.period LIMIT 1
                 ), 0) AS dpd
            FROM loans l
           WHERE ${inRange(range)} AND ${ATTENTION} AND (l.overdue_principal_fen + l.overdue_interest_fen > 0 OR l.dpd <> 0)
        ),
        upd AS (
          UPDATE loans l SET dpd = calc.dpd
            FROM calc
           WHERE l.customer_id = calc.customer_id AND l.id = calc.loan_id AND l.dpd <> calc.dpd AND ${rangeOnly(range)}
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
  await tx.execute(
    sql`UPDATE loan_schedule s SET status = 'OVERDUE'
          FROM loans l
         WHERE s.customer_id = l.customer_id AND s.loan_id = l.id AND ${inRange(range)} AND ${inPartition('s', range)} AND ${ATTENTION} AND l.dpd >= 1
           AND s.due_date < ${D}::date AND s.status IN ('PENDING', 'PARTIAL')
           AND (s.paid_principal_fen < s.principal_fen OR s.paid_interest_fen < s.interest_fen)`,
  );
  return n;
}

// ---------------------------------------------------------------------------------------------
// PENALTY

/**
 * Penalty interest on past-due principal and compound interest on past-due interest (each while
 * dpd ≥ 1; the base is the overdue bucket less what fell due on D itself and is unpaid — due today
 * is not yet past due) at the penalty rate annual × (1 + uplift / 100), by the cumulative method per
 * segment (servicing advancePenaltySegment): a base equal to the running segment's continues it; a
 * different base (or a first one) starts a segment since D − 1; base 0 closes it. Today's amount =
 * round_half_up(base × rate × (D − since) / basis) − posted in the segment. Looked at: loans with
 * dpd ≥ 1 or a running segment, each once a day (penalty_on). One loan_accruals row per kind (PENALTY
 * / COMPOUND, possibly 0 when a segment closes) per loan with a base or a running segment; the
 * ledger gets aggregated entries DR 1302 / CR 5012, or DR 7001 / CR 7002 for non-accrual loans.
 */
export async function eodPenalty(tx: Tx, D: IsoDate, range: EodPartition): Promise<number> {
  check(D, range);
  const cumulative = (base: string, since: string) =>
    sql`CASE WHEN ${sql.raw(base)} = 0 THEN 0::bigint ELSE ${halfUp(
      sql`${sql.raw(base)}::numeric * annual_rate_pct * (100 + penalty_uplift_pct) * (${D}::date - ${sql.raw(since)})`,
      sql`day_count_basis::numeric * 10000`,
    )} END`;
  const totals = await queryRows<AccrualTotalRow>(
    tx,
    sql`WITH cand AS (
          SELECT l.customer_id, l.id AS loan_id, l.product_code, l.non_accrual, l.annual_rate_pct, l.penalty_uplift_pct, l.day_count_basis,
                 l.penalty_base_fen, l.penalty_since, l.penalty_posted_fen, l.compound_base_fen, l.compound_since, l.compound_posted_fen,
                 CASE WHEN l.dpd >= 1 THEN greatest(0::bigint, l.overdue_principal_fen - coalesce(t.principal_fen, 0)) ELSE 0::bigint END AS pen_base,
                 CASE WHEN l.dpd >= 1 THEN greatest(0::bigint, l.overdue_interest_fen - coalesce(t.interest_fen, 0)) ELSE 0::bigint END AS cmp_base
            FROM loans l
            LEFT JOIN LATERAL (
              SELECT sum(s.principal_fen - s.paid_principal_fen)::bigint AS principal_fen,
                     sum(s.interest_fen - s.paid_interest_fen)::bigint AS interest_fen
                FROM loan_schedule s
               WHERE l.dpd >= 1 AND s.customer_id = l.customer_id AND s.loan_id = l.id AND s.due_date = ${D}::date AND ${inPartition('s', range)}
            ) t ON true
           WHERE ${inRange(range)} AND ${ATTENTION} AND (l.dpd >= 1 OR l.penalty_since IS NOT NULL OR l.compound_since IS NOT NULL)
             AND (l.penalty_on IS NULL OR l.penalty_on < ${D}::date)
        ),
        seg AS (
          SELECT cand.*,
                 (pen_base > 0 OR penalty_since IS NOT NULL) AS pen_row,
                 CASE WHEN pen_base = 0 THEN NULL WHEN penalty_since IS NOT NULL AND penalty_base_fen = pen_base THEN penalty_since ELSE ${D}::date - 1 END AS pen_since,
                 CASE WHEN penalty_since IS NOT NULL AND penalty_base_fen = pen_base THEN penalty_posted_fen ELSE 0 END AS pen_before,
                 (cmp_base > 0 OR compound_since IS NOT NULL) AS cmp_row,
                 CASE WHEN cmp_base = 0 THEN NULL WHEN compound_since IS NOT NULL AND compound_base_fen = cmp_base THEN compound_since ELSE ${D}::date - 1 END AS cmp_since,
                 CASE WHEN compound_since IS NOT NULL AND compound_base_fen = cmp_base THEN compound_posted_fen ELSE 0 END AS cmp_before
            FROM cand
        ),
        c AS (
          SELECT seg.*, ${cumulative('pen_base', 'pen_since')} AS pen_cum, ${cumulative('cmp_base', 'cmp_since')} AS cmp_cum FROM seg
        ),
        upd AS (
          UPDATE loans l
             SET penalty_base_fen = c.pen_base, penalty_since = c.pen_since, penalty_posted_fen = c.pen_cum,
                 penalty_accrued_fen = l.penalty_accrued_fen + (c.pen_cum - c.pen_before),
                 compound_base_fen = c.cmp_base, compound_since = c.cmp_since, compound_posted_fen = c.cmp_cum,
                 compound_accrued_fen = l.compound_accrued_fen + (c.cmp_cum - c.cmp_before),
                 off_balance_interest_fen = l.off_balance_interest_fen
                   + CASE WHEN c.non_accrual THEN (c.pen_cum - c.pen_before) + (c.cmp_cum - c.cmp_before) ELSE 0 END,
                 penalty_on = ${D}::date
            FROM c
           WHERE l.customer_id = c.customer_id AND l.id = c.loan_id AND ${rangeOnly(range)}
          RETURNING c.*
        ),
        rows AS (
          SELECT customer_id, loan_id, product_code, non_accrual, 'PENALTY' AS kind, pen_cum - pen_before AS amount_fen FROM upd WHERE pen_row
          UNION ALL
          SELECT customer_id, loan_id, product_code, non_accrual, 'COMPOUND', cmp_cum - cmp_before FROM upd WHERE cmp_row
        ),
        sub AS (
          INSERT INTO loan_accruals (customer_id, loan_id, business_date, kind, period, amount_fen, off_balance)
          SELECT customer_id, loan_id, ${D}::date, kind, NULL, amount_fen, non_accrual FROM rows
        )
        SELECT kind, product_code, non_accrual AS off_balance, sum(amount_fen)::text AS amount_fen, count(*)::text AS loans
          FROM rows GROUP BY kind, product_code, non_accrual ORDER BY 1, 2, 3`,
  );
  await postAccrualTotals(tx, D, range, totals);
  return totals.reduce((n, t) => n + Number(t.loans), 0);
}

// ---------------------------------------------------------------------------------------------
// CLASSIFY

const RANKED = sql.raw(`ARRAY['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS']`);
const MANUAL_RANK = sql.raw(
  `CASE l.manual_classification WHEN 'SPECIAL_MENTION' THEN 1 WHEN 'SUBSTANDARD' THEN 2 WHEN 'DOUBTFUL' THEN 3 WHEN 'LOSS' THEN 4 ELSE 0 END`,
);

/**
 * classification = the worse of the dpd floor (thresholds: the first dpd of each class, at least as
 * strict as the regulatory ones) and manual_classification. Every change writes a
 * loan_classification_history row (seq = the loan's next, reason DPD_FLOOR or MANUAL_DOWNGRADE).
 */
export async function eodClassify(
  tx: Tx,
  D: IsoDate,
  range: EodPartition,
  thresholds: ClassificationThresholds = REGULATORY_THRESHOLDS,
): Promise<number> {
  check(D, range);
  const t = validateStricterThresholds(thresholds);
  const floorRank = sql`CASE WHEN l.dpd >= ${t.lossDpd} THEN 4 WHEN l.dpd >= ${t.doubtfulDpd} THEN 3
                             WHEN l.dpd >= ${t.substandardDpd} THEN 2 WHEN l.dpd >= ${t.specialMentionDpd} THEN 1 ELSE 0 END`;
  return count(
    tx,
    sql`WITH ranks AS (
          SELECT l.customer_id, l.id AS loan_id, l.classification AS from_class, l.dpd,
                 (${floorRank}) AS floor_rank, (${MANUAL_RANK}) AS manual_rank
            FROM loans l
           WHERE ${inRange(range)} AND ${ATTENTION}
             -- a current loan without a manual class is NORMAL and stays so
             AND (l.dpd > 0 OR l.classification <> 'NORMAL' OR l.manual_classification IS NOT NULL)
        ),
        calc AS (
          SELECT ranks.*, (${RANKED})[greatest(floor_rank, manual_rank) + 1] AS to_class FROM ranks
        ),
        upd AS (
          UPDATE loans l SET classification = calc.to_class
            FROM calc
           WHERE l.customer_id = calc.customer_id AND l.id = calc.loan_id AND calc.to_class <> calc.from_class AND ${rangeOnly(range)}
          RETURNING l.customer_id, l.id
        ),
        -- each changed loan's last history seq: a join (grouped over the changed loans' own rows), not
        -- a correlated subquery, which Citus refuses beside CTEs
        last AS (
          SELECT h.customer_id, h.loan_id, max(h.seq) AS seq
            FROM loan_classification_history h
            JOIN calc ON calc.customer_id = h.customer_id AND calc.loan_id = h.loan_id
           WHERE calc.to_class <> calc.from_class AND ${inPartition('h', range)}
           GROUP BY h.customer_id, h.loan_id
        ),
        hist AS (
          INSERT INTO loan_classification_history (customer_id, loan_id, seq, business_date, from_class, to_class, dpd, reason, created_at)
          SELECT calc.customer_id, calc.loan_id, coalesce(last.seq, 0) + 1,
                 ${D}::date, calc.from_class, calc.to_class, calc.dpd,
                 CASE WHEN calc.manual_rank > calc.floor_rank THEN 'MANUAL_DOWNGRADE' ELSE 'DPD_FLOOR' END, ${nowParam()}
            FROM upd JOIN calc ON calc.customer_id = upd.customer_id AND calc.loan_id = upd.id
            LEFT JOIN last ON last.customer_id = calc.customer_id AND last.loan_id = calc.loan_id
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM hist`,
  );
}

// ---------------------------------------------------------------------------------------------
// NON_ACCRUAL

/**
 * Loans still accruing with dpd > dpdThreshold become non-accrual. Their on-balance interest
 * receivable moves off balance sheet: DR 5011 / CR 1302 (accrued + overdue interest), DR 5012 /
 * CR 1302 (penalty + compound), DR 7001 / CR 7002 (the total); off_balance_interest_fen grows by
 * the total. The customer's debts (accrued, overdue, penalty, compound) stay as they are.
 */
export async function eodNonAccrual(
  tx: Tx,
  D: IsoDate,
  range: EodPartition,
  dpdThreshold: number = DEFAULT_NON_ACCRUAL_DPD,
): Promise<number> {
  check(D, range);
  if (!Number.isSafeInteger(dpdThreshold) || dpdThreshold < 0) {
    throw new InvariantError(`eodNonAccrual: dpd threshold must be an integer ≥ 0, got ${String(dpdThreshold)}`);
  }
  const eligible = sql`${inRange(range)} AND ${ATTENTION} AND NOT l.non_accrual AND l.dpd > ${dpdThreshold}`;
  const withAccrual = sql`${eligible} AND ${inPartition('a', range)}`;
  // Most days no loan of a range crosses the threshold: one look instead of four scans.
  if (!(await queryOne(tx, sql`SELECT 1 AS x FROM loans l WHERE ${eligible} LIMIT 1`))) return 0;
  await postBulkEntries(tx, {
    businessDate: D,
    eventType: 'NON_ACCRUAL',
    source: sql`SELECT l.customer_id, l.id AS loan_id, l.product_code, 'INT:' || l.id || ':' || ${D} AS reference,
                       '5011' AS debit_account, '1302' AS credit_account, a.accrued_interest_fen + l.overdue_interest_fen AS amount_fen
                  FROM ${LOANS_WITH_ACCRUAL} WHERE ${withAccrual}
                UNION ALL
                SELECT l.customer_id, l.id, l.product_code, 'PEN:' || l.id || ':' || ${D},
                       '5012', '1302', l.penalty_accrued_fen + l.compound_accrued_fen
                  FROM loans l WHERE ${eligible}
                UNION ALL
                SELECT l.customer_id, l.id, l.product_code, 'OFF:' || l.id || ':' || ${D},
                       '7001', '7002', a.accrued_interest_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen
                  FROM ${LOANS_WITH_ACCRUAL} WHERE ${withAccrual}`,
  });
  // (the trigger on loans copies non_accrual into loan_accrual_state)
  return count(
    tx,
    sql`WITH upd AS (
          UPDATE loans l
             SET non_accrual = true,
                 off_balance_interest_fen = l.off_balance_interest_fen
                   + a.accrued_interest_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen
            FROM loan_accrual_state a
           WHERE a.customer_id = l.customer_id AND a.loan_id = l.id AND ${withAccrual}
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
}

// ---------------------------------------------------------------------------------------------
// SNAPSHOT

/** One loan_daily_snapshots row for D per loan of the partition active (or settled) on D; a rerun of the partition adds none. */
export async function eodSnapshot(tx: Tx, D: IsoDate, range: EodPartition): Promise<number> {
  check(D, range);
  // A partition's snapshot of D is written whole in one statement: if any row of it exists, all do.
  const done = await queryOne(
    tx,
    sql`SELECT 1 AS x FROM loan_daily_snapshots d
         WHERE d.business_date = ${D}::date AND ${inPartition('d', range)} LIMIT 1`,
  );
  if (done) return 0;
  return count(
    tx,
    sql`WITH ins AS (
          INSERT INTO loan_daily_snapshots (customer_id, loan_id, business_date, product_code, branch_id, officer_id,
                 outstanding_principal_fen, overdue_principal_fen, accrued_interest_fen, overdue_interest_fen,
                 penalty_accrued_fen, compound_accrued_fen, dpd, classification, non_accrual, off_balance_interest_fen)
          SELECT l.customer_id, l.id, ${D}::date, l.product_code, l.branch_id, l.officer_id,
                 l.outstanding_principal_fen, l.overdue_principal_fen, a.accrued_interest_fen, l.overdue_interest_fen,
                 l.penalty_accrued_fen, l.compound_accrued_fen, l.dpd, l.classification, l.non_accrual, l.off_balance_interest_fen
            FROM ${LOANS_WITH_ACCRUAL}
           WHERE ${inPartition('l', range)} AND ${inPartition('a', range)}
             AND (l.status = 'ACTIVE' OR l.settled_on = ${D}::date)
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM ins`,
  );
}
