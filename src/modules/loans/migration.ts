/**
 * Migrated loans (存量网贷迁移, the origination module's ONLINE_LOANS import): loan accounts opened
 * set-based with their schedule and servicing state as on the migration date (./migration-plan.ts),
 * a few statements per chunk of loans instead of openLoan's one statement per loan. Like openLoan it
 * never posts to the ledger: the import posts each loan's opening entry through the ledger's door.
 *
 * Each chunk: the loans' ids drawn from loans_id_seq in one SELECT; then loan_index, loans,
 * loan_accrual_state (accrued interest through M − 1, no cached period: end-of-day fills it from
 * billed_through), loan_schedule (paid periods PAID, unpaid past-due ones OVERDUE, the rest PENDING)
 * and, for a loan not NORMAL, its first classification history row (reason 存量迁移) — one INSERT …
 * SELECT from a JSON array each (the schedule rows, about twenty per loan, from one array per column
 * through unnest), so that on Citus every row goes to its customer's shard (loan_index to its loan id's).
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryRows, type Tx } from '../../db/client.js';
import { InvariantError, type IsoDate } from '../../kernel/index.js';
import type { RepaymentMethod } from '../products/schedule/index.js';
import type { MigratedLoanState } from './migration-plan.js';
import type { Classification } from './servicing/index.js';

/** The reason written to a migrated loan's classification history. */
export const MIGRATION_CLASSIFICATION_REASON = '存量迁移';

const CHUNK = 500;

export interface MigratedLoanInput {
  customerId: number;
  creditLineId: number;
  productCode: string;
  principalFen: bigint;
  annualRatePct: string;
  penaltyUpliftPct: string;
  dayCountBasis: 360 | 365;
  termMonths: number;
  method: RepaymentMethod;
  startDate: IsoDate;
  branchId: number;
  officerId: number | null;
  disbursementAccountNo: string;
  dpd: number;
  classification: Classification;
  /** The old system's class when stricter than the dpd floor (kept as a manual classification). */
  manualClassification: Classification | null;
  /** dpd above the non-accrual threshold in effect on the migration date. */
  nonAccrual: boolean;
  state: MigratedLoanState;
}

export interface OpenedMigratedLoan {
  loanId: number;
  customerId: number;
}

/**
 * Opens the loans in the caller's transaction; returns their ids in input order. The migration date
 * is the business date of the classification history rows.
 */
export async function openMigratedLoans(tx: Tx, migrationDate: IsoDate, loans: MigratedLoanInput[]): Promise<OpenedMigratedLoan[]> {
  const out: OpenedMigratedLoan[] = [];
  for (let i = 0; i < loans.length; i += CHUNK) {
    const chunk = loans.slice(i, i + CHUNK);
    const ids = await queryRows<{ id: string }>(
      tx,
      sql`SELECT nextval('loans_id_seq')::text AS id FROM generate_series(1, ${chunk.length}::int)`,
    );
    if (ids.length !== chunk.length) throw new InvariantError('openMigratedLoans: the sequence gave fewer ids than loans');
    const rows = chunk.map((l, k) => loanRow(l, Number(ids[k].id)));
    const json = JSON.stringify(rows);
    await tx.execute(
      sql`INSERT INTO loan_index (loan_id, customer_id)
          SELECT x.id, x.customer_id FROM jsonb_to_recordset(${json}::jsonb) AS x(id bigint, customer_id bigint)`,
    );
    await tx.execute(
      sql`INSERT INTO loans (customer_id, id, credit_line_id, product_code, principal_fen, outstanding_principal_fen,
                             annual_rate_pct, penalty_uplift_pct, day_count_basis, term_months, repayment_method,
                             start_date, maturity_date, status, branch_id, officer_id, disbursement_account_no, created_at,
                             overdue_principal_fen, overdue_interest_fen, dpd, classification, manual_classification,
                             non_accrual, off_balance_interest_fen, billed_through)
          SELECT x.customer_id, x.id, x.credit_line_id, x.product_code, x.principal_fen, x.outstanding_fen,
                 x.rate, x.uplift, x.basis, x.term_months, x.method,
                 x.start_date, x.maturity_date, 'ACTIVE', x.branch_id, x.officer_id, x.account_no, ${nowParam()},
                 x.overdue_principal_fen, x.overdue_interest_fen, x.dpd, x.classification, x.manual,
                 x.non_accrual, x.off_balance_fen, x.billed_through
            FROM jsonb_to_recordset(${json}::jsonb) AS x(
                   customer_id bigint, id bigint, credit_line_id bigint, product_code text, principal_fen bigint, outstanding_fen bigint,
                   rate numeric, uplift numeric, basis smallint, term_months int, method text, start_date date, maturity_date date,
                   branch_id bigint, officer_id bigint, account_no text, overdue_principal_fen bigint, overdue_interest_fen bigint,
                   dpd int, classification text, manual text, non_accrual boolean, off_balance_fen bigint, billed_through date)`,
    );
    await tx.execute(
      sql`INSERT INTO loan_accrual_state (customer_id, loan_id, product_code, active, non_accrual, accrued_interest_fen, accrued_on)
          SELECT x.customer_id, x.id, x.product_code, true, x.non_accrual, x.accrued_fen, x.billed_through
            FROM jsonb_to_recordset(${json}::jsonb) AS x(customer_id bigint, id bigint, product_code text, non_accrual boolean,
                                                          accrued_fen bigint, billed_through date)`,
    );
    // the schedule rows (about 20 per loan) as one array per column: unnest reads them far faster than a JSON array of objects
    const cols = { c: [] as number[], l: [] as number[], p: [] as number[], s: [] as string[], d: [] as string[], n: [] as number[] };
    const amounts = {
      pr: [] as string[],
      i: [] as string[],
      pay: [] as string[],
      rem: [] as string[],
      pp: [] as string[],
      pi: [] as string[],
    };
    const status: string[] = [];
    chunk.forEach((l, k) => {
      const overdue = new Set(l.state.overduePeriods);
      for (const r of l.state.schedule.installments) {
        const paid = r.period <= l.state.paidPeriods;
        cols.c.push(l.customerId);
        cols.l.push(rows[k].id);
        cols.p.push(r.period);
        cols.s.push(r.startDate);
        cols.d.push(r.dueDate);
        cols.n.push(r.days);
        amounts.pr.push(r.principalFen.toString());
        amounts.i.push(r.interestFen.toString());
        amounts.pay.push(r.paymentFen.toString());
        amounts.rem.push(r.remainingPrincipalFen.toString());
        amounts.pp.push(paid ? r.principalFen.toString() : '0');
        amounts.pi.push(paid ? r.interestFen.toString() : '0');
        status.push(paid ? 'PAID' : overdue.has(r.period) ? 'OVERDUE' : 'PENDING');
      }
    });
    const arr = (xs: Array<string | number>) => `{${xs.join(',')}}`;
    await tx.execute(
      sql`INSERT INTO loan_schedule (customer_id, loan_id, period, start_date, due_date, days, principal_fen, interest_fen,
                                     payment_fen, remaining_principal_fen, status, paid_principal_fen, paid_interest_fen)
          SELECT * FROM unnest(${arr(cols.c)}::bigint[], ${arr(cols.l)}::bigint[], ${arr(cols.p)}::int[], ${arr(cols.s)}::date[],
                               ${arr(cols.d)}::date[], ${arr(cols.n)}::int[], ${arr(amounts.pr)}::bigint[], ${arr(amounts.i)}::bigint[],
                               ${arr(amounts.pay)}::bigint[], ${arr(amounts.rem)}::bigint[], ${arr(status)}::text[],
                               ${arr(amounts.pp)}::bigint[], ${arr(amounts.pi)}::bigint[])`,
    );
    const classified = rows.filter((r) => r.classification !== 'NORMAL');
    if (classified.length > 0) {
      await tx.execute(
        sql`INSERT INTO loan_classification_history (customer_id, loan_id, seq, business_date, from_class, to_class, dpd, reason, created_at)
            SELECT x.customer_id, x.id, 1, ${migrationDate}::date, 'NORMAL', x.classification, x.dpd, ${MIGRATION_CLASSIFICATION_REASON}, ${nowParam()}
              FROM jsonb_to_recordset(${JSON.stringify(classified)}::jsonb) AS x(customer_id bigint, id bigint, classification text, dpd int)`,
      );
    }
    for (const r of rows) out.push({ loanId: r.id, customerId: r.customer_id });
  }
  return out;
}

function loanRow(l: MigratedLoanInput, id: number) {
  const s = l.state;
  if (s.outstandingPrincipalFen <= 0n) throw new InvariantError('openMigratedLoans: a migrated loan has principal outstanding');
  const interestOnBooks = s.accruedInterestFen + s.overdueInterestFen;
  return {
    customer_id: l.customerId,
    id,
    credit_line_id: l.creditLineId,
    product_code: l.productCode,
    principal_fen: l.principalFen.toString(),
    outstanding_fen: s.outstandingPrincipalFen.toString(),
    rate: l.annualRatePct,
    uplift: l.penaltyUpliftPct,
    basis: l.dayCountBasis,
    term_months: l.termMonths,
    method: l.method,
    start_date: l.startDate,
    maturity_date: s.maturityDate,
    branch_id: l.branchId,
    officer_id: l.officerId,
    account_no: l.disbursementAccountNo,
    overdue_principal_fen: s.overduePrincipalFen.toString(),
    overdue_interest_fen: s.overdueInterestFen.toString(),
    dpd: l.dpd,
    classification: l.classification,
    manual: l.manualClassification,
    non_accrual: l.nonAccrual,
    off_balance_fen: (l.nonAccrual ? interestOnBooks : 0n).toString(),
    billed_through: s.billedThrough,
    accrued_fen: s.accruedInterestFen.toString(),
  };
}
