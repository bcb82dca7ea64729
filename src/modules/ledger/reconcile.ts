/**
 * End-of-day reconciliation (对账): for every loan in a loan-id range, the ledger balances must equal
 * the loan record —
 *   1301 贷款本金 (debit − credit)      = outstanding principal
 *   1302 应收利息 (debit − credit)      = accrued + overdue interest + penalty + compound (accruing loans; 0 when non-accrual)
 *   7001 表外应收利息 (debit − credit)  = off-balance interest
 * over journal lines with loan_id in the range and entries dated on or before D. One set-based
 * query (ledger aggregate FULL OUTER JOIN the loans module's balances); a mismatch throws
 * AppError EOD_RECONCILIATION_FAILED naming the first 50 loans.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { loanReconciliationSource } from '../loans/index.js';
import { ACCOUNTS } from './entry.js';

export interface ReconcileRange {
  fromLoanId: number;
  toLoanId: number;
}

export interface ReconciliationMismatch {
  loanId: number;
  ledgerPrincipalFen: bigint;
  loanPrincipalFen: bigint;
  ledgerInterestFen: bigint;
  loanInterestFen: bigint;
  ledgerOffBalanceFen: bigint;
  loanOffBalanceFen: bigint;
}

/** The mismatches in a range (empty when the ledger agrees with every loan). */
export async function findLoanMismatches(tx: Tx, date: IsoDate, range: ReconcileRange): Promise<{ loans: number; mismatches: ReconciliationMismatch[] }> {
  parseIsoDate(date);
  const rows = await queryRows<{
    loan_id: string;
    lp: string; kp: string; li: string; ki: string; lo: string; ko: string; matched: boolean;
  }>(
    tx,
    sql`WITH led AS (
          SELECT l.loan_id,
                 sum(CASE WHEN l.account_code = ${ACCOUNTS.LOANS_RECEIVABLE} THEN l.debit_fen - l.credit_fen ELSE 0 END) AS p,
                 sum(CASE WHEN l.account_code = ${ACCOUNTS.INTEREST_RECEIVABLE} THEN l.debit_fen - l.credit_fen ELSE 0 END) AS i,
                 sum(CASE WHEN l.account_code = ${ACCOUNTS.OFF_BALANCE_INTEREST} THEN l.debit_fen - l.credit_fen ELSE 0 END) AS o
            FROM journal_lines l
            JOIN journal_entries e ON e.customer_id = l.customer_id AND e.id = l.entry_id
           WHERE l.loan_id >= ${range.fromLoanId} AND l.loan_id < ${range.toLoanId}
             AND l.account_code IN (${ACCOUNTS.LOANS_RECEIVABLE}, ${ACCOUNTS.INTEREST_RECEIVABLE}, ${ACCOUNTS.OFF_BALANCE_INTEREST})
             AND e.business_date <= ${date}::date
           GROUP BY l.loan_id
        ), rec AS (${loanReconciliationSource(range)})
        SELECT coalesce(led.loan_id, rec.loan_id)::text AS loan_id,
               coalesce(led.p, 0)::text AS lp, coalesce(rec.principal_fen, 0)::text AS kp,
               coalesce(led.i, 0)::text AS li, coalesce(rec.interest_receivable_fen, 0)::text AS ki,
               coalesce(led.o, 0)::text AS lo, coalesce(rec.off_balance_fen, 0)::text AS ko,
               (coalesce(led.p, 0) = coalesce(rec.principal_fen, 0)
                AND coalesce(led.i, 0) = coalesce(rec.interest_receivable_fen, 0)
                AND coalesce(led.o, 0) = coalesce(rec.off_balance_fen, 0)) AS matched
          FROM led FULL OUTER JOIN rec ON rec.loan_id = led.loan_id
         ORDER BY 1::int`,
  );
  const mismatches = rows
    .filter((r) => !r.matched)
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
  return { loans: rows.length, mismatches };
}

/**
 * The RECONCILE step of end-of-day for D over a range: returns the number of loans checked; throws
 * AppError EOD_RECONCILIATION_FAILED { date, range, count, loanIds (first 50), mismatches (first 50, yuan fen as strings) }.
 */
export async function reconcileLoans(tx: Tx, date: IsoDate, range: ReconcileRange): Promise<number> {
  const { loans, mismatches } = await findLoanMismatches(tx, date, range);
  if (mismatches.length > 0) {
    const first = mismatches.slice(0, 50);
    throw new AppError('EOD_RECONCILIATION_FAILED', {
      date,
      range,
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
    });
  }
  return loans;
}
