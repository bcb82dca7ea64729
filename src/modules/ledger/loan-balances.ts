/**
 * What reconciliation reads from the journal, as query fragments the end-of-day step composes into its
 * one statement (set-based, no rows brought to Node): a loan's balances are the debit − credit sums of
 * its journal lines on the three loan accounts —
 *   p  1301 贷款本金, i  1302 应收利息, o  7001 表外应收利息
 * — and the control totals are the first lines of the aggregated bank-level accrual entries of a day
 * (customer_id ≤ 0: each end-of-day partition posts its own on a key of its own, migrations/0036).
 * The ledger owns journal_entries and journal_lines; nobody else names them (table-owners test).
 *
 * Each fragment is a SELECT (or the body of a LATERAL subquery) with fixed output columns; amounts are
 * bigint.
 */
import { sql, type SQL } from 'drizzle-orm';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import type { IsoDate } from '../../kernel/index.js';
import { ACCOUNTS } from './entry.js';

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

/** `SELECT customer_id, loan_id, p, i, o`: each loan's balances from its journal lines dated on or before D (loans with lines only). */
export function loanLedgerBalancesAsOf(date: IsoDate, range: CustomerPartition): SQL {
  return sql`SELECT l.customer_id, l.loan_id, ${lineSums}
            FROM journal_lines l
           WHERE ${inPartition('l', range)} AND l.loan_id IS NOT NULL
             AND l.account_code IN (${P}, ${I}, ${O}) AND l.business_date <= ${date}::date
           GROUP BY l.customer_id, l.loan_id`;
}

/** `SELECT customer_id, loan_id, p, i, o`: each loan's movement of D, from its journal lines dated D (loans with lines only). */
export function loanLedgerMovementsOn(date: IsoDate, range: CustomerPartition): SQL {
  return sql`SELECT l.customer_id, l.loan_id, ${lineSums}
            FROM journal_lines l
           WHERE l.business_date = ${date}::date AND ${inPartition('l', range)} AND l.loan_id IS NOT NULL
             AND l.account_code IN (${P}, ${I}, ${O})
           GROUP BY l.customer_id, l.loan_id`;
}

/**
 * `SELECT p, i, o` (one row, zeros when none): one loan's balances from its journal lines dated before
 * D — for a LATERAL subquery, the customer and loan given as column references of the outer query.
 */
export function loanLedgerBalancesBefore(date: IsoDate, customerId: SQL, loanId: SQL, range: CustomerPartition): SQL {
  return sql`SELECT coalesce(${sumOf(P, 'j')}, 0) AS p, coalesce(${sumOf(I, 'j')}, 0) AS i, coalesce(${sumOf(O, 'j')}, 0) AS o
                FROM journal_lines j
               WHERE j.customer_id = ${customerId} AND j.loan_id = ${loanId} AND j.business_date < ${date}::date AND ${inPartition('j', range)}
                 AND j.account_code IN (${P}, ${I}, ${O})`;
}

/**
 * `SELECT kind, off_balance, amount_fen`: the aggregated bank-level entries of D posted on `bankKey`
 * (an end-of-day partition's key, customer_id < 0) whose reference is LIKE `referenceLike`, summed per
 * kind (`kindOf(reference)`, the poster's naming) and side (off balance sheet when the entry's first
 * line is on 7001), from the debit of each entry's first line. Entries and lines joined on customer_id
 * (one key: on Citus one shard).
 */
export function aggregatedEntryTotalsOn(date: IsoDate, bankKey: number, referenceLike: string, kindOf: (reference: SQL) => SQL): SQL {
  return sql`SELECT ${kindOf(sql`e.reference`)} AS kind, l.account_code = ${O} AS off_balance, sum(l.debit_fen)::bigint AS amount_fen
            FROM journal_entries e
            JOIN journal_lines l ON l.customer_id = e.customer_id AND l.entry_id = e.id AND l.line_no = 1
           WHERE e.customer_id = ${bankKey} AND l.customer_id = ${bankKey} AND e.business_date = ${date}::date
             AND e.reference LIKE ${referenceLike}
           GROUP BY 1, 2`;
}
