/**
 * What the collection module (不良清收) reads of the loans, as query fragments and one query: it never
 * names the loans' tables itself (test/integration/table-owners.test.ts). Every fragment is a SELECT
 * with fixed output columns; those taking a partition narrow every table to it (inPartition), so that
 * on Citus the end-of-day statement composing them stays on the partition's shard.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { customerIdArray, inPartition, type CustomerPartition } from '../../db/partition.js';
import type { IsoDate } from '../../kernel/index.js';
import { LOANS_WITH_ACCRUAL } from './accrual-state.js';

/** The non-performing classes (不良: 次级、可疑、损失). */
export const NPL_CLASSES_SQL = sql.raw(`('SUBSTANDARD', 'DOUBTFUL', 'LOSS')`);

/**
 * `SELECT customer_id, branch_id, officer_id`: the customers of the partition with an active loan
 * classified 次级 or worse, with the branch and officer of their first such loan. An NPL loan is never
 * NORMAL, so the attention index (loans_attention_idx) finds them.
 */
export function nplCustomersSource(part: CustomerPartition): SQL {
  return sql`SELECT DISTINCT ON (l.customer_id) l.customer_id, l.branch_id, l.officer_id
               FROM loans l
              WHERE l.status = 'ACTIVE' AND l.eod_attention AND l.classification IN ${NPL_CLASSES_SQL} AND ${inPartition('l', part)}
              ORDER BY l.customer_id, l.id`;
}

/**
 * `SELECT customer_id, last_written_off_on, last_settled_on`: per customer of the partition, the last
 * day one of their loans was written off or settled (why a case closed).
 */
export function loanOutcomesSource(part: CustomerPartition): SQL {
  return sql`SELECT l.customer_id, max(l.written_off_on) AS last_written_off_on, max(l.settled_on) AS last_settled_on
               FROM loans l
              WHERE ${inPartition('l', part)} AND (l.written_off_on IS NOT NULL OR l.settled_on IS NOT NULL)
              GROUP BY l.customer_id`;
}

/**
 * `SELECT customer_id, repayment_id, loan_id, amount_fen, principal_fen, business_date, npl_loan`:
 * the posted repayments (not reversals, not reversed) of the partition dated on or before D;
 * npl_loan: the loan had been classified 次级 or worse on or before the repayment's date.
 */
export function repaymentsSource(part: CustomerPartition, D: IsoDate): SQL {
  return sql`SELECT p.customer_id, p.id AS repayment_id, p.loan_id, p.amount_fen, p.principal_fen, p.business_date,
                    EXISTS (SELECT 1 FROM loan_classification_history h
                             WHERE h.customer_id = p.customer_id AND h.loan_id = p.loan_id AND h.to_class IN ${NPL_CLASSES_SQL}
                               AND h.business_date <= p.business_date AND ${inPartition('h', part)}) AS npl_loan
               FROM loan_repayments p
              WHERE p.status = 'POSTED' AND p.source <> 'REVERSAL' AND p.business_date <= ${D}::date AND ${inPartition('p', part)}`;
}

/** `SELECT customer_id, repayment_id`: the repayments of the partition that were reversed. */
export function reversedRepaymentsSource(part: CustomerPartition): SQL {
  return sql`SELECT p.customer_id, p.id AS repayment_id FROM loan_repayments p WHERE p.status = 'REVERSED' AND ${inPartition('p', part)}`;
}

/** A loan of a collection case as the case page shows it. */
export interface CollectionLoan {
  loanId: number;
  productCode: string;
  status: 'ACTIVE' | 'SETTLED' | 'WRITTEN_OFF';
  classification: string;
  dpd: number;
  branchId: number;
  outstandingPrincipalFen: bigint;
  overduePrincipalFen: bigint;
  /** accrued + overdue interest + penalty + compound, on or off balance */
  interestOwedFen: bigint;
  nonAccrual: boolean;
  writtenOffOn: IsoDate | null;
  writtenOffPrincipalFen: bigint;
  writtenOffInterestFen: bigint;
  writtenOffClaimFen: bigint;
}

/**
 * The customer's loans a collection case concerns: active loans classified 次级 or worse and written-off
 * loans, with their balances (loan id order).
 */
export async function collectionLoansOf(db: Db | Tx, customerId: number): Promise<CollectionLoan[]> {
  return (await collectionLoansByCustomer(db, [customerId])).get(customerId) ?? [];
}

/** collectionLoansOf for many customers in one statement (a page of cases). */
export async function collectionLoansByCustomer(db: Db | Tx, customerIds: readonly number[]): Promise<Map<number, CollectionLoan[]>> {
  const out = new Map<number, CollectionLoan[]>();
  if (customerIds.length === 0) return out;
  const ids = customerIdArray(customerIds);
  const rows = await queryRows<Record<string, string | number | boolean | null>>(
    db,
    sql`SELECT l.customer_id::text AS customer_id, l.id::text AS id, l.product_code, l.status, l.classification, l.dpd, l.branch_id::text AS branch_id,
               l.outstanding_principal_fen::text AS p, l.overdue_principal_fen::text AS op,
               (a.accrued_interest_fen + l.overdue_interest_fen + l.penalty_accrued_fen + l.compound_accrued_fen)::text AS i,
               l.non_accrual, l.written_off_on::text AS wo, l.written_off_principal_fen::text AS wp,
               l.written_off_interest_fen::text AS wi, l.written_off_claim_fen::text AS wc
          FROM ${LOANS_WITH_ACCRUAL}
         WHERE l.customer_id = ANY(${ids}) AND a.customer_id = ANY(${ids})
           AND ((l.status = 'ACTIVE' AND l.classification IN ${NPL_CLASSES_SQL}) OR l.status = 'WRITTEN_OFF')
         ORDER BY l.customer_id, l.id`,
  );
  for (const r of rows) {
    const customerId = Number(r.customer_id);
    const list = out.get(customerId) ?? [];
    list.push(toCollectionLoan(r));
    out.set(customerId, list);
  }
  return out;
}

function toCollectionLoan(r: Record<string, string | number | boolean | null>): CollectionLoan {
  return {
    loanId: Number(r.id),
    productCode: String(r.product_code),
    status: String(r.status) as CollectionLoan['status'],
    classification: String(r.classification),
    dpd: Number(r.dpd),
    branchId: Number(r.branch_id),
    outstandingPrincipalFen: BigInt(String(r.p)),
    overduePrincipalFen: BigInt(String(r.op)),
    interestOwedFen: BigInt(String(r.i)),
    nonAccrual: r.non_accrual === true || r.non_accrual === 't',
    writtenOffOn: r.wo === null ? null : String(r.wo),
    writtenOffPrincipalFen: BigInt(String(r.wp)),
    writtenOffInterestFen: BigInt(String(r.wi)),
    writtenOffClaimFen: BigInt(String(r.wc)),
  };
}

/** One NPL reduction of a period: a loan, the branch, the method and the principal it took out of NPL. */
export interface NplReductionItem {
  method: 'CASH' | 'WRITE_OFF' | 'UPGRADE';
  customerId: number;
  loanId: number;
  branchId: number;
  officerId: number | null;
  businessDate: IsoDate;
  amountFen: bigint;
  /** CASH: the repayment settled the loan. */
  settledLoan: boolean;
}

/**
 * Reductions of the NPL balance in [from, to] (docs/risk.md "NPL reduction"), in the data scope a
 * condition over the loan's branch_id / officer_id columns (alias l) gives:
 *  - CASH: principal repaid on loans classified 次级 or worse in the end-of-day snapshot of the day before;
 *  - WRITE_OFF: principal written off;
 *  - UPGRADE: loans moved from 次级 or worse to 正常/关注 (classification history), by the principal in
 *    that day's snapshot.
 */
export async function nplReductionItems(
  db: Db,
  q: { from: IsoDate; to: IsoDate; scope: (cols: { branchId: SQL; officerId: SQL }) => SQL },
): Promise<NplReductionItem[]> {
  const scope = q.scope({ branchId: sql`l.branch_id`, officerId: sql`l.officer_id` });
  const rows = await queryRows<Record<string, string | number | boolean | null>>(
    db,
    sql`SELECT 'CASH' AS method, p.customer_id::text AS c, p.loan_id::text AS loan, l.branch_id::text AS b, l.officer_id::text AS o,
               p.business_date::text AS d, p.principal_fen::text AS amt, (l.settled_on = p.business_date) AS settled
          FROM loan_repayments p
          JOIN loans l ON l.customer_id = p.customer_id AND l.id = p.loan_id
          JOIN loan_daily_snapshots s ON s.customer_id = p.customer_id AND s.loan_id = p.loan_id AND s.business_date = p.business_date - 1
         WHERE p.status = 'POSTED' AND p.source <> 'REVERSAL' AND p.principal_fen > 0
           AND p.business_date BETWEEN ${q.from}::date AND ${q.to}::date AND s.classification IN ${NPL_CLASSES_SQL} AND ${scope}
        UNION ALL
        SELECT 'WRITE_OFF', l.customer_id::text, l.id::text, l.branch_id::text, l.officer_id::text, l.written_off_on::text,
               l.written_off_principal_fen::text, false
          FROM loans l
         WHERE l.status = 'WRITTEN_OFF' AND l.written_off_on BETWEEN ${q.from}::date AND ${q.to}::date AND ${scope}
        UNION ALL
        SELECT 'UPGRADE', h.customer_id::text, h.loan_id::text, l.branch_id::text, l.officer_id::text, h.business_date::text,
               coalesce(s.outstanding_principal_fen, l.outstanding_principal_fen)::text, false
          FROM loan_classification_history h
          JOIN loans l ON l.customer_id = h.customer_id AND l.id = h.loan_id
          LEFT JOIN loan_daily_snapshots s ON s.customer_id = h.customer_id AND s.loan_id = h.loan_id AND s.business_date = h.business_date
         WHERE h.from_class IN ${NPL_CLASSES_SQL} AND h.to_class IN ('NORMAL', 'SPECIAL_MENTION')
           AND h.business_date BETWEEN ${q.from}::date AND ${q.to}::date AND ${scope}
         ORDER BY 6, 3`,
  );
  return rows.map((r) => ({
    method: String(r.method) as NplReductionItem['method'],
    customerId: Number(r.c),
    loanId: Number(r.loan),
    branchId: Number(r.b),
    officerId: r.o === null ? null : Number(r.o),
    businessDate: String(r.d),
    amountFen: BigInt(String(r.amt)),
    settledLoan: r.settled === true || r.settled === 't',
  }));
}
