/**
 * End-of-day step functions of the loans module (docs/servicing.md "The day"). Each one is
 * set-based SQL over the active loans of one id range (fromLoanId ≤ id < toLoanId), runs in the
 * caller's transaction (the eod module records the (step, partition) as done in the same one) and is
 * idempotent for (D, range): run again for the same day and range it changes and posts nothing.
 * Every function returns the number of loans it changed (the step's "rows").
 *
 * The SQL gives exactly the results of the pure servicing math (./servicing): every amount is one
 * half-up rounding of an exact rational, computed with integer division of exact numerics,
 * round_half_up(N / M) = div(2N + M, 2M) for N ≥ 0, M > 0 — never a rounded numeric division.
 *
 * State kept on the loan (migrations/0020_servicing.sql):
 *   accrued_interest_fen       scheduled interest accrued and not yet due (also for non-accrual loans)
 *   overdue_principal_fen / overdue_interest_fen   billed and unpaid
 *   penalty_accrued_fen / compound_accrued_fen     unpaid penalty and compound interest
 *   off_balance_interest_fen   for a non-accrual loan: the part of the above kept off balance sheet
 *                              (= accrued + overdue interest + penalty + compound since the switch)
 *   penalty_base_fen, penalty_since, penalty_posted_fen (compound_* alike)   the running segment
 *   billed_through             the last date whose due installments were billed
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryOne, type Tx } from '../../db/client.js';
import { InvariantError, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { postBulkEntries } from '../ledger/index.js';
import { REGULATORY_THRESHOLDS, validateStricterThresholds, type ClassificationThresholds } from './servicing/index.js';

/** Loan ids fromLoanId ≤ id < toLoanId. */
export interface LoanRange {
  fromLoanId: number;
  toLoanId: number;
}

export const DEFAULT_NON_ACCRUAL_DPD = 90;

function check(D: IsoDate, range: LoanRange): void {
  parseIsoDate(D);
  const { fromLoanId, toLoanId } = range ?? ({} as LoanRange);
  if (!Number.isSafeInteger(fromLoanId) || !Number.isSafeInteger(toLoanId) || fromLoanId < 0 || toLoanId <= fromLoanId) {
    throw new InvariantError(`eod step: bad loan range [${String(fromLoanId)}, ${String(toLoanId)})`);
  }
}

/** The active loans of the range, as a WHERE condition on alias l. */
function inRange(range: LoanRange): SQL {
  return sql`l.status = 'ACTIVE' AND l.id >= ${range.fromLoanId} AND l.id < ${range.toLoanId}`;
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
// ACCRUE

/**
 * Interest of the period containing D (start_date < D ≤ due_date), cumulative method:
 * accruedThrough(e) = round_half_up(interest × e / days), e = D − start; today's amount is
 * accruedThrough(D − start) − accruedThrough(D − 1 − start). Rows with a positive amount go to
 * loan_accruals (INTEREST, off_balance = the loan's non_accrual); the loan's balances grow by the
 * rows inserted (a rerun inserts none); ledger DR 1302 / CR 5011, or DR 7001 / CR 7002 off balance.
 */
export async function eodAccrueInterest(tx: Tx, D: IsoDate, range: LoanRange): Promise<number> {
  check(D, range);
  const through = (e: SQL) =>
    sql`CASE WHEN ${e} >= s.days THEN s.interest_fen WHEN ${e} <= 0 THEN 0 ELSE ${halfUp(sql`s.interest_fen::numeric * (${e})`, sql`s.days::numeric`)} END`;
  const n = await count(
    tx,
    sql`WITH calc AS (
          SELECT l.customer_id, l.id AS loan_id, s.period, l.non_accrual,
                 (${through(sql`(${D}::date - s.start_date)`)}) - (${through(sql`(${D}::date - 1 - s.start_date)`)}) AS amount_fen
            FROM loans l
            JOIN loan_schedule s ON s.customer_id = l.customer_id AND s.loan_id = l.id
           WHERE ${inRange(range)} AND s.start_date < ${D}::date AND s.due_date >= ${D}::date
        ),
        ins AS (
          INSERT INTO loan_accruals (customer_id, loan_id, business_date, kind, period, amount_fen, off_balance)
          SELECT customer_id, loan_id, ${D}::date, 'INTEREST', period, amount_fen, non_accrual FROM calc WHERE amount_fen > 0
          ON CONFLICT DO NOTHING
          RETURNING customer_id, loan_id, amount_fen, off_balance
        ),
        upd AS (
          UPDATE loans l
             SET accrued_interest_fen = l.accrued_interest_fen + ins.amount_fen,
                 off_balance_interest_fen = l.off_balance_interest_fen + CASE WHEN ins.off_balance THEN ins.amount_fen ELSE 0 END
            FROM ins
           WHERE l.customer_id = ins.customer_id AND l.id = ins.loan_id
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
  await postAccrualEntries(tx, D, range, 'INTEREST', 'INTEREST_ACCRUAL', '5011');
  return n;
}

/** Ledger entries for the day's accrual rows of one kind (idempotent by reference). */
async function postAccrualEntries(tx: Tx, D: IsoDate, range: LoanRange, kind: string, eventType: string, incomeAccount: string): Promise<number> {
  return postBulkEntries(tx, {
    businessDate: D,
    eventType,
    source: sql`SELECT a.customer_id, a.loan_id, l.product_code,
                       ${kind} || ':' || a.loan_id || ':' || ${D} AS reference,
                       CASE WHEN a.off_balance THEN '7001' ELSE '1302' END AS debit_account,
                       CASE WHEN a.off_balance THEN '7002' ELSE ${incomeAccount} END AS credit_account,
                       a.amount_fen
                  FROM loans l
                  JOIN loan_accruals a ON a.customer_id = l.customer_id AND a.loan_id = l.id
                                      AND a.business_date = ${D}::date AND a.kind = ${kind}
                 WHERE ${inRange(range)} AND a.amount_fen > 0`,
  });
}

// ---------------------------------------------------------------------------------------------
// BILL

/**
 * Installments falling due in (billed_through, D] (normally: due_date = D): their unpaid scheduled
 * principal moves into overdue_principal_fen, their unpaid scheduled interest from
 * accrued_interest_fen into overdue_interest_fen; billed_through = D. No ledger effect.
 */
export async function eodBillDue(tx: Tx, D: IsoDate, range: LoanRange): Promise<number> {
  check(D, range);
  return count(
    tx,
    sql`WITH due AS (
          SELECT l.customer_id, l.id AS loan_id,
                 sum(s.principal_fen - s.paid_principal_fen) AS principal_fen,
                 sum(s.interest_fen - s.paid_interest_fen) AS interest_fen
            FROM loans l
            JOIN loan_schedule s ON s.customer_id = l.customer_id AND s.loan_id = l.id
           WHERE ${inRange(range)}
             AND s.due_date > coalesce(l.billed_through, l.start_date) AND s.due_date <= ${D}::date
           GROUP BY l.customer_id, l.id
        ),
        upd AS (
          UPDATE loans l
             SET overdue_principal_fen = l.overdue_principal_fen + due.principal_fen,
                 overdue_interest_fen = l.overdue_interest_fen + due.interest_fen,
                 accrued_interest_fen = l.accrued_interest_fen - due.interest_fen,
                 billed_through = ${D}::date
            FROM due
           WHERE l.customer_id = due.customer_id AND l.id = due.loan_id
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
}

// ---------------------------------------------------------------------------------------------
// AGE

/**
 * dpd = D − the oldest due date before D of an installment not fully paid (0 when there is none;
 * an installment due today is not yet past due). Such installments still PENDING or PARTIAL become
 * OVERDUE.
 */
export async function eodAge(tx: Tx, D: IsoDate, range: LoanRange): Promise<number> {
  check(D, range);
  const n = await count(
    tx,
    sql`WITH calc AS (
          SELECT l.customer_id, l.id AS loan_id,
                 coalesce(${D}::date - (
                   SELECT min(s.due_date) FROM loan_schedule s
                    WHERE s.customer_id = l.customer_id AND s.loan_id = l.id AND s.due_date < ${D}::date
                      AND (s.paid_principal_fen < s.principal_fen OR s.paid_interest_fen < s.interest_fen)
                 ), 0) AS dpd
            FROM loans l
           WHERE ${inRange(range)}
        ),
        upd AS (
          UPDATE loans l SET dpd = calc.dpd
            FROM calc
           WHERE l.customer_id = calc.customer_id AND l.id = calc.loan_id AND l.dpd <> calc.dpd
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
  await tx.execute(
    sql`UPDATE loan_schedule s SET status = 'OVERDUE'
          FROM loans l
         WHERE s.customer_id = l.customer_id AND s.loan_id = l.id AND ${inRange(range)}
           AND s.due_date < ${D}::date AND s.status IN ('PENDING', 'PARTIAL')
           AND (s.paid_principal_fen < s.principal_fen OR s.paid_interest_fen < s.interest_fen)`,
  );
  return n;
}

// ---------------------------------------------------------------------------------------------
// PENALTY

interface Bucket {
  kind: 'PENALTY' | 'COMPOUND';
  eventType: string;
  base: (D: IsoDate) => SQL;
  baseCol: SQL;
  sinceCol: SQL;
  postedCol: SQL;
  accruedCol: SQL;
}

/**
 * The past-due part of an overdue bucket while dpd ≥ 1: what is overdue less what fell due today
 * and is unpaid (due today is not yet past due: it bears penalty from tomorrow, as on a loan that
 * was not overdue before). 0 when dpd = 0.
 */
function pastDue(overdueCol: string, scheduledCol: string, paidCol: string): (D: IsoDate) => SQL {
  const o = sql.raw(`l.${overdueCol}`);
  return (D) => sql`CASE WHEN l.dpd >= 1 THEN greatest(0::bigint, ${o} - coalesce((
      SELECT sum(s.${sql.raw(scheduledCol)} - s.${sql.raw(paidCol)}) FROM loan_schedule s
       WHERE s.customer_id = l.customer_id AND s.loan_id = l.id AND s.due_date = ${D}::date), 0)::bigint) ELSE 0::bigint END`;
}

const BUCKETS: Bucket[] = [
  {
    kind: 'PENALTY',
    eventType: 'PENALTY_ACCRUAL',
    base: pastDue('overdue_principal_fen', 'principal_fen', 'paid_principal_fen'),
    baseCol: sql.raw('penalty_base_fen'),
    sinceCol: sql.raw('penalty_since'),
    postedCol: sql.raw('penalty_posted_fen'),
    accruedCol: sql.raw('penalty_accrued_fen'),
  },
  {
    kind: 'COMPOUND',
    eventType: 'COMPOUND_ACCRUAL',
    base: pastDue('overdue_interest_fen', 'interest_fen', 'paid_interest_fen'),
    baseCol: sql.raw('compound_base_fen'),
    sinceCol: sql.raw('compound_since'),
    postedCol: sql.raw('compound_posted_fen'),
    accruedCol: sql.raw('compound_accrued_fen'),
  },
];

/**
 * Penalty interest on past-due principal and compound interest on past-due interest (each while
 * dpd ≥ 1; the base is the overdue bucket less what fell due on D itself and is unpaid) at the penalty rate annual × (1 + uplift / 100), by the cumulative method per segment
 * (servicing advancePenaltySegment): a base equal to the running segment's continues it; a
 * different base (or a first one) starts a segment since D − 1; base 0 closes it. Today's amount =
 * round_half_up(base × rate × (D − since) / basis) − posted in the segment. One loan_accruals row
 * (PENALTY / COMPOUND, possibly 0 when a segment closes) per loan with a base or a running segment;
 * ledger DR 1302 / CR 5012, or DR 7001 / CR 7002 for non-accrual loans.
 */
export async function eodPenalty(tx: Tx, D: IsoDate, range: LoanRange): Promise<number> {
  check(D, range);
  let n = 0;
  for (const bucket of BUCKETS) {
    const b = { ...bucket, base: bucket.base(D) };
    const continues = sql`l.${b.sinceCol} IS NOT NULL AND l.${b.baseCol} = ${b.base}`;
    n += await count(
      tx,
      sql`WITH calc AS (
            SELECT l.customer_id, l.id AS loan_id, l.non_accrual,
                   (${b.base}) AS new_base,
                   CASE WHEN (${b.base}) = 0 THEN NULL WHEN ${continues} THEN l.${b.sinceCol} ELSE ${D}::date - 1 END AS new_since,
                   CASE WHEN ${continues} THEN l.${b.postedCol} ELSE 0 END AS posted_before,
                   l.annual_rate_pct, l.penalty_uplift_pct, l.day_count_basis
              FROM loans l
             WHERE ${inRange(range)} AND ((${b.base}) > 0 OR l.${b.sinceCol} IS NOT NULL)
          ),
          amt AS (
            SELECT calc.*,
                   CASE WHEN new_base = 0 THEN 0::bigint ELSE ${halfUp(
                     sql`new_base::numeric * annual_rate_pct * (100 + penalty_uplift_pct) * (${D}::date - new_since)`,
                     sql`day_count_basis::numeric * 10000`,
                   )} END AS cumulative_fen
              FROM calc
          ),
          ins AS (
            INSERT INTO loan_accruals (customer_id, loan_id, business_date, kind, period, amount_fen, off_balance)
            SELECT customer_id, loan_id, ${D}::date, ${b.kind}, NULL, cumulative_fen - posted_before, non_accrual FROM amt
            ON CONFLICT DO NOTHING
            RETURNING customer_id, loan_id
          ),
          upd AS (
            UPDATE loans l
               SET ${b.baseCol} = amt.new_base,
                   ${b.sinceCol} = amt.new_since,
                   ${b.postedCol} = amt.cumulative_fen,
                   ${b.accruedCol} = l.${b.accruedCol} + (amt.cumulative_fen - amt.posted_before),
                   off_balance_interest_fen = l.off_balance_interest_fen
                     + CASE WHEN amt.non_accrual THEN amt.cumulative_fen - amt.posted_before ELSE 0 END
              FROM ins JOIN amt ON amt.customer_id = ins.customer_id AND amt.loan_id = ins.loan_id
             WHERE l.customer_id = ins.customer_id AND l.id = ins.loan_id
            RETURNING 1
          )
          SELECT count(*)::text AS n FROM upd`,
    );
    await postAccrualEntries(tx, D, range, b.kind, b.eventType, '5012');
  }
  return n;
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
  range: LoanRange,
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
           WHERE ${inRange(range)}
        ),
        calc AS (
          SELECT ranks.*, (${RANKED})[greatest(floor_rank, manual_rank) + 1] AS to_class FROM ranks
        ),
        upd AS (
          UPDATE loans l SET classification = calc.to_class
            FROM calc
           WHERE l.customer_id = calc.customer_id AND l.id = calc.loan_id AND calc.to_class <> calc.from_class
          RETURNING l.customer_id, l.id
        ),
        hist AS (
          INSERT INTO loan_classification_history (customer_id, loan_id, seq, business_date, from_class, to_class, dpd, reason)
          SELECT calc.customer_id, calc.loan_id,
                 coalesce((SELECT max(h.seq) FROM loan_classification_history h
                            WHERE h.customer_id = calc.customer_id AND h.loan_id = calc.loan_id), 0) + 1,
                 ${D}::date, calc.from_class, calc.to_class, calc.dpd,
                 CASE WHEN calc.manual_rank > calc.floor_rank THEN 'MANUAL_DOWNGRADE' ELSE 'DPD_FLOOR' END
            FROM upd JOIN calc ON calc.customer_id = upd.customer_id AND calc.loan_id = upd.id
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
export async function eodNonAccrual(tx: Tx, D: IsoDate, range: LoanRange, dpdThreshold: number = DEFAULT_NON_ACCRUAL_DPD): Promise<number> {
  check(D, range);
  if (!Number.isSafeInteger(dpdThreshold) || dpdThreshold < 0) {
    throw new InvariantError(`eodNonAccrual: dpd threshold must be an integer ≥ 0, got ${String(dpdThreshold)}`);
  }
  const eligible = sql`${inRange(range)} AND NOT l.non_accrual AND l.dpd > ${dpdThreshold}`;
  await postBulkEntries(tx, {
    businessDate: D,
    eventType: 'NON_ACCRUAL',
    source: sql`SELECT l.customer_id, l.id AS loan_id, l.product_code, 'INT:' || l.id || ':' || ${D} AS reference,
                       '5011' AS debit_account, '1302' AS credit_account, l.accrued_interest_fen + l.overdue_interest_fen AS amount_fen
                  FROM loans l WHERE ${eligible}
                UNION ALL
                SELECT l.customer_id, l.id, l.product_code, 'PEN:' || l.id || ':' || ${D},
                       '5012', '1302', l.penalty_accrued_fen + l.compound_accrued_fen
                  FROM loans l WHERE ${eligible}
                UNION ALL
                SELECT l.customer_id, l.id, l.product_code, 'OFF:' || l.id || ':' || ${D},
                       '7001', '7002', l.accrued_interest_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen
                  FROM loans l WHERE ${eligible}`,
  });
  return count(
    tx,
    sql`WITH upd AS (
          UPDATE loans l
             SET non_accrual = true,
                 off_balance_interest_fen = l.off_balance_interest_fen
                   + l.accrued_interest_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen
           WHERE ${eligible}
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM upd`,
  );
}

// ---------------------------------------------------------------------------------------------
// SNAPSHOT

/** One loan_daily_snapshots row for D per loan of the range active (or settled) on D; a rerun adds none. */
export async function eodSnapshot(tx: Tx, D: IsoDate, range: LoanRange): Promise<number> {
  check(D, range);
  return count(
    tx,
    sql`WITH ins AS (
          INSERT INTO loan_daily_snapshots (customer_id, loan_id, business_date, product_code, branch_id, officer_id,
                 outstanding_principal_fen, overdue_principal_fen, accrued_interest_fen, overdue_interest_fen,
                 penalty_accrued_fen, compound_accrued_fen, dpd, classification, non_accrual)
          SELECT l.customer_id, l.id, ${D}::date, l.product_code, l.branch_id, l.officer_id,
                 l.outstanding_principal_fen, l.overdue_principal_fen, l.accrued_interest_fen, l.overdue_interest_fen,
                 l.penalty_accrued_fen, l.compound_accrued_fen, l.dpd, l.classification, l.non_accrual
            FROM loans l
           WHERE l.id >= ${range.fromLoanId} AND l.id < ${range.toLoanId}
             AND (l.status = 'ACTIVE' OR l.settled_on = ${D}::date)
          ON CONFLICT DO NOTHING
          RETURNING 1
        )
        SELECT count(*)::text AS n FROM ins`,
  );
}
