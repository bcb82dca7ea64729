/**
 * End-of-day reconciliation (对账), the RECONCILE step: it compares two modules' books, so it belongs
 * to the end-of-day flow that orchestrates both (the ledger knows nothing of loans). For every loan of a partition of customers, the ledger balances must equal
 * the loan record —
 *   1301 贷款本金 (debit − credit)      = outstanding principal
 *   1302 应收利息 (debit − credit)      = accrued + overdue interest + penalty + compound (accruing loans; 0 when non-accrual)
 *   7001 表外应收利息 (debit − credit)  = off-balance interest
 * where a loan's ledger is its journal lines (disbursement, repayments, reversals, non-accrual
 * transfers: entries of the customer, lines tagged with the loan) plus its rows in the accrual
 * subledger (loan_accruals: daily interest, penalty and compound, on or off balance sheet), whose
 * totals the general ledger carries as aggregated bank-level entries.
 *
 * Two forms, same answer:
 *  - full (findLoanMismatches): every line and subledger row dated on or before D;
 *  - movement (reconcileLoans, the RECONCILE step of end-of-day): the loan's balances in the
 *    snapshot of D − 1 (what yesterday's reconciliation proved equal to the ledger) plus D's lines
 *    and subledger rows must equal the loan record — a cost per loan that does not grow with the
 *    ledger's history. A loan without a snapshot of D − 1 that started before D takes the full form.
 *    It also checks the control totals: the aggregated general-ledger entries of the partition for D
 *    (posted on its bank-level key) equal the subledger rows of D, per kind and side.
 * Every join is on (customer_id, loan_id) and every table narrowed to the partition, so that on Citus
 * the whole statement runs on the partition's one shard.
 * A mismatch throws AppError EOD_RECONCILIATION_FAILED naming the first 50 loans.
 *
 * Each side's part of the statement comes from its owner's door: the ledger's balances and control
 * totals (ledger/loan-balances.ts), the loans' records and subledger (loans/eod-steps.ts); this file
 * only composes and compares them.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { checkPartition, type CustomerPartition } from '../../db/partition.js';
import { AppError, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { accrualEntryReferences, loanAccrualHistorySource, loanMovementSources, loanReconciliationSource } from '../loans/index.js';
import { aggregatedEntryTotalsOn, loanLedgerBalancesAsOf, loanLedgerBalancesBefore, loanLedgerMovementsOn } from '../ledger/index.js';

/** A partition of customers (src/db/partition.ts); a full reconciliation may take a bank-wide range. */
export type ReconcileRange = CustomerPartition;

export interface ReconciliationMismatch {
  loanId: number;
  ledgerPrincipalFen: bigint;
  loanPrincipalFen: bigint;
  ledgerInterestFen: bigint;
  loanInterestFen: bigint;
  ledgerOffBalanceFen: bigint;
  loanOffBalanceFen: bigint;
}

interface CompareRow {
  loan_id: string;
  lp: string;
  kp: string;
  li: string;
  ki: string;
  lo: string;
  ko: string;
  matched: boolean;
}

function toMismatches(rows: CompareRow[]): ReconciliationMismatch[] {
  return rows
    .map((r) => ({
      loanId: Number(r.loan_id),
      ledgerPrincipalFen: BigInt(r.lp),
      loanPrincipalFen: BigInt(r.kp),
      ledgerInterestFen: BigInt(r.li),
      loanInterestFen: BigInt(r.ki),
      ledgerOffBalanceFen: BigInt(r.lo),
      loanOffBalanceFen: BigInt(r.ko),
    }))
    .sort((a, b) => a.loanId - b.loanId);
}

/** Full reconciliation of a range as at D: the mismatches (empty when the ledger agrees with every loan). */
export async function findLoanMismatches(
  tx: Tx,
  date: IsoDate,
  range: ReconcileRange,
): Promise<{ loans: number; mismatches: ReconciliationMismatch[] }> {
  parseIsoDate(date);
  checkPartition(range);
  const rows = await queryRows<CompareRow & { n: string }>(
    tx,
    sql`WITH lines AS (${loanLedgerBalancesAsOf(date, range)}), acc AS (${loanAccrualHistorySource(date, range)}),
        led AS (
          SELECT coalesce(lines.customer_id, acc.customer_id) AS customer_id, coalesce(lines.loan_id, acc.loan_id) AS loan_id,
                 coalesce(lines.p, 0) AS p,
                 coalesce(lines.i, 0) + coalesce(acc.on_fen, 0) AS i,
                 coalesce(lines.o, 0) + coalesce(acc.off_fen, 0) AS o
            FROM lines FULL OUTER JOIN acc ON acc.customer_id = lines.customer_id AND acc.loan_id = lines.loan_id
        ), rec AS (${loanReconciliationSource(range)}),
        cmp AS (
          SELECT coalesce(led.loan_id, rec.loan_id) AS loan_id,
                 coalesce(led.p, 0) AS lp, coalesce(rec.principal_fen, 0) AS kp,
                 coalesce(led.i, 0) AS li, coalesce(rec.interest_receivable_fen, 0) AS ki,
                 coalesce(led.o, 0) AS lo, coalesce(rec.off_balance_fen, 0) AS ko
            FROM led FULL OUTER JOIN rec ON rec.customer_id = led.customer_id AND rec.loan_id = led.loan_id
        )
        SELECT loan_id::text, lp::text, kp::text, li::text, ki::text, lo::text, ko::text,
               (lp = kp AND li = ki AND lo = ko) AS matched, count(*) OVER ()::text AS n
          FROM cmp`,
  );
  const loans = rows.length;
  return { loans, mismatches: toMismatches(rows.filter((r) => !r.matched)) };
}

/**
 * Movement reconciliation of a range for D (see the file comment), in one statement: returns the
 * loans checked, the mismatching loans and the control-total mismatches — only mismatching rows come
 * back from the database, with the count. Amounts are bigint throughout (sums cast back), so the
 * comparison of every loan costs integer arithmetic, not numeric.
 */
export async function findMovementMismatches(
  tx: Tx,
  date: IsoDate,
  range: ReconcileRange,
): Promise<{
  loans: number;
  mismatches: ReconciliationMismatch[];
  controlMismatches: Array<{ kind: string; offBalance: boolean; subledgerFen: string; ledgerFen: string }>;
}> {
  parseIsoDate(date);
  checkPartition(range);
  const src = loanMovementSources(date, range, sql`SELECT loan_id FROM mov`);
  const refs = accrualEntryReferences(date, range);
  const rows = await queryRows<{
    t: 'L' | 'N' | 'C';
    loan_id: string;
    lp: string;
    kp: string;
    li: string;
    ki: string;
    lo: string;
    ko: string;
  }>(
    tx,
    sql`WITH mov AS MATERIALIZED (${loanLedgerMovementsOn(date, range)}),
        ar AS MATERIALIZED (${src.accrualRows}),
        prev AS MATERIALIZED (${src.prev}),
        -- every loan to check with its ledger from yesterday's snapshot, today's lines and today's
        -- subledger rows
        cmp AS MATERIALIZED (
          SELECT n.loan_id, n.customer_id, n.start_date, pv.loan_id IS NOT NULL AS has_prev,
                 coalesce(pv.principal_fen, 0) + coalesce(m.p, 0) AS lp, n.principal_fen AS kp,
                 coalesce(pv.interest_receivable_fen, 0) + coalesce(m.i, 0) + coalesce(a.on_fen, 0) AS li, n.interest_receivable_fen AS ki,
                 coalesce(pv.off_balance_fen, 0) + coalesce(m.o, 0) + coalesce(a.off_fen, 0) AS lo, n.off_balance_fen AS ko
            FROM (${src.now}) n
            LEFT JOIN prev pv ON pv.customer_id = n.customer_id AND pv.loan_id = n.loan_id
            LEFT JOIN (
              SELECT r.customer_id, r.loan_id, coalesce(sum(r.amount_fen) FILTER (WHERE NOT r.off_balance), 0)::bigint AS on_fen,
                     coalesce(sum(r.amount_fen) FILTER (WHERE r.off_balance), 0)::bigint AS off_fen
                FROM ar r GROUP BY r.customer_id, r.loan_id
            ) a ON a.customer_id = n.customer_id AND a.loan_id = n.loan_id
            LEFT JOIN mov m ON m.customer_id = n.customer_id AND m.loan_id = n.loan_id
        ),
        -- a loan without a snapshot of D − 1 that started before D (rare: the first day after an
        -- upgrade): its full history before D instead
        hist AS (
          SELECT c.loan_id, lh.p, lh.i + ah.on_fen AS i, lh.o + ah.off_fen AS o
            FROM cmp c
            CROSS JOIN LATERAL (${loanLedgerBalancesBefore(date, sql`c.customer_id`, sql`c.loan_id`, range)}) lh
            CROSS JOIN LATERAL (${src.accrualsBefore(sql`c.customer_id`, sql`c.loan_id`, sql`c.start_date`)}) ah
           WHERE NOT c.has_prev AND c.start_date < ${date}::date
        ),
        fin AS (
          SELECT c.loan_id, c.lp + coalesce(h.p, 0) AS lp, c.kp, c.li + coalesce(h.i, 0) AS li, c.ki, c.lo + coalesce(h.o, 0) AS lo, c.ko
            FROM cmp c LEFT JOIN hist h ON h.loan_id = c.loan_id
        ),
        -- control totals: the aggregated entries of this partition and day against its subledger rows
        sub AS (SELECT kind, off_balance, sum(amount_fen)::bigint AS amount_fen FROM ar GROUP BY kind, off_balance),
        gl AS (${aggregatedEntryTotalsOn(date, range.bankKey, refs.like, refs.kindOf)})
        SELECT 'L' AS t, loan_id::text, lp::text, kp::text, li::text, ki::text, lo::text, ko::text
          FROM fin WHERE NOT (lp = kp AND li = ki AND lo = ko)
        UNION ALL
        -- movements on loans the loans module does not know
        SELECT 'L', m.loan_id::text, m.p::text, '0', m.i::text, '0', m.o::text, '0'
          -- (NOT IN: a hashed subplan; an anti join of the two CTEs is planned as a nested loop over
          -- mov's one-row estimate, seconds per partition)
          FROM mov m WHERE (m.customer_id, m.loan_id) NOT IN (SELECT c.customer_id, c.loan_id FROM cmp c) AND (m.p <> 0 OR m.i <> 0 OR m.o <> 0)
        UNION ALL
        SELECT 'N', count(*)::text, NULL, NULL, NULL, NULL, NULL, NULL FROM cmp
        UNION ALL
        SELECT 'C', coalesce(sub.kind, gl.kind), coalesce(sub.off_balance, gl.off_balance)::text,
               coalesce(sub.amount_fen, 0)::text, coalesce(gl.amount_fen, 0)::text, NULL, NULL, NULL
          FROM sub FULL OUTER JOIN gl ON gl.kind = sub.kind AND gl.off_balance = sub.off_balance
         WHERE coalesce(sub.amount_fen, 0) <> coalesce(gl.amount_fen, 0)`,
  );
  const total = rows.find((r) => r.t === 'N');
  const mismatches = toMismatches(rows.filter((r) => r.t === 'L').map((r) => ({ ...r, matched: false })));
  return {
    loans: Number(total?.loan_id ?? '0'),
    mismatches,
    controlMismatches: rows
      .filter((r) => r.t === 'C')
      .map((c) => ({ kind: c.loan_id, offBalance: c.lp === 'true', subledgerFen: c.kp, ledgerFen: c.li })),
  };
}

/**
 * The RECONCILE step of end-of-day for D over a partition (movement form): returns the number of loans
 * checked; throws AppError EOD_RECONCILIATION_FAILED { date, range, count, loanIds (first 50),
 * mismatches (first 50, fen as strings), controlMismatches }.
 */
export async function reconcileLoans(tx: Tx, date: IsoDate, range: ReconcileRange): Promise<number> {
  const { loans, mismatches, controlMismatches } = await findMovementMismatches(tx, date, range);
  if (mismatches.length > 0 || controlMismatches.length > 0) {
    const first = mismatches.slice(0, 50);
    throw new AppError('EOD_RECONCILIATION_FAILED', {
      date,
      range: { fromCustomerId: range.fromCustomerId, toCustomerId: range.toCustomerId },
      count: mismatches.length,
      loanIds: first.map((m) => m.loanId),
      mismatches: first.map((m) => ({
        loanId: m.loanId,
        ledgerPrincipalFen: m.ledgerPrincipalFen.toString(),
        loanPrincipalFen: m.loanPrincipalFen.toString(),
        ledgerInterestFen: m.ledgerInterestFen.toString(),
        loanInterestFen: m.loanInterestFen.toString(),
        ledgerOffBalanceFen: m.ledgerOffBalanceFen.toString(),
        loanOffBalanceFen: m.loanOffBalanceFen.toString(),
      })),
      controlMismatches,
    });
  }
  return loans;
}
