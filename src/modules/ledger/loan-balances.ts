/**
 * What reconciliation reads from the journal, as query fragments the end-of-day step composes into its
 * one statement (set-based, no rows brought to Node): a loan's balances are the debit − credit sums of
 * its journal lines on the three loan accounts —
 *   p  1301 贷款本金, i  1302 应收利息, o  7001 表外应收利息
 * — and the control totals are the first lines of the aggregated bank-level accrual entries of a day.
 * The ledger owns journal_entries and journal_lines; nobody else names them (table-owners test).
 *
 * Each fragment is a SELECT (or the body of a LATERAL subquery) with fixed output columns; amounts are
 * bigint.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { IsoDate } from '../../kernel/index.js';
import { ACCOUNTS } from './entry.js';

/** Loan ids from fromLoanId (inclusive) to toLoanId (exclusive). */
export interface LoanIdRange {
  fromLoanId: number;
  toLoanId: number;
}

const P = ACCOUNTS.LOANS_RECEIVABLE;
const I = ACCOUNTS.INTEREST_RECEIVABLE;
const O = ACCOUNTS.OFF_BALANCE_INTEREST;

/** The balance (debit − credit) of one account over journal lines of the given alias, as bigint. */
function sumOf(account: string, alias: string): SQL {
  const l = sql.raw(alias);
  return sql`sum(CASE WHEN ${l}.account_code = ${account} THEN ${l}.debit_fen - ${l}.credit_fen ELSE 0 END)::bigint`;
}

/** Sums of journal lines per loan (p, i, o) as SELECT list items over alias l. */
const lineSums = sql`${sumOf(P, 'l')} AS p, ${sumOf(I, 'l')} AS i, ${sumOf(O, 'l')} AS o`;

/** `SELECT loan_id, p, i, o`: each loan's balances from its journal lines dated on or before D (loans with lines only). */
export function loanLedgerBalancesAsOf(date: IsoDate, range: LoanIdRange): SQL {
  return sql`SELECT l.loan_id, ${lineSums}
            FROM journal_lines l
           WHERE l.loan_id >= ${range.fromLoanId} AND l.loan_id < ${range.toLoanId}
             AND l.account_code IN (${P}, ${I}, ${O}) AND l.business_date <= ${date}::date
           GROUP BY l.loan_id`;
}

/** `SELECT loan_id, p, i, o`: each loan's movement of D, from its journal lines dated D (loans with lines only). */
export function loanLedgerMovementsOn(date: IsoDate, range: LoanIdRange): SQL {
  return sql`SELECT l.loan_id, ${lineSums}
            FROM journal_lines l
           WHERE l.business_date = ${date}::date AND l.loan_id >= ${range.fromLoanId} AND l.loan_id < ${range.toLoanId}
             AND l.account_code IN (${P}, ${I}, ${O})
           GROUP BY l.loan_id`;
}

/**
 * `SELECT p, i, o` (one row, zeros when none): one loan's balances from its journal lines dated before
 * D — for a LATERAL subquery, the customer and loan given as column references of the outer query.
 */
export function loanLedgerBalancesBefore(date: IsoDate, customerId: SQL, loanId: SQL): SQL {
  return sql`SELECT coalesce(${sumOf(P, 'j')}, 0) AS p, coalesce(${sumOf(I, 'j')}, 0) AS i, coalesce(${sumOf(O, 'j')}, 0) AS o
                FROM journal_lines j
               WHERE j.customer_id = ${customerId} AND j.loan_id = ${loanId} AND j.business_date < ${date}::date
                 AND j.account_code IN (${P}, ${I}, ${O})`;
}

/**
 * `SELECT kind, off_balance, amount_fen`: the aggregated bank-level entries of D whose reference is LIKE
 * `referenceLike`, summed per kind (`kindOf(reference)`, the poster's naming) and side (off balance sheet
 * when the entry's first line is on 7001), from the debit of each entry's first line.
 */
export function aggregatedEntryTotalsOn(date: IsoDate, referenceLike: string, kindOf: (reference: SQL) => SQL): SQL {
  return sql`SELECT ${kindOf(sql`e.reference`)} AS kind, l.account_code = ${O} AS off_balance, sum(l.debit_fen)::bigint AS amount_fen
            FROM journal_entries e
            CROSS JOIN LATERAL (
              SELECT l.account_code, l.debit_fen FROM journal_lines l WHERE l.customer_id = 0 AND l.entry_id = e.id AND l.line_no = 1
            ) l
           WHERE e.customer_id = 0 AND e.business_date = ${date}::date
             AND e.reference LIKE ${referenceLike}
           GROUP BY 1, 2`;
}
