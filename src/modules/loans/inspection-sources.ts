/**
 * What post-loan inspections (the inspections module) read of the loans, through this module's door:
 *  - inspectionLoanSource: the active loans of an end-of-day partition with what the routine schedule
 *    needs (disbursement date, product, branch, officer), as a SELECT to compose set-based SQL;
 *  - countLoansForSelection / sampleLoansForSelection: a special inspection's selection criteria run
 *    over the active loans in the actor's data scope — the count, and a sample chosen by a seed.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Db } from '../../db/client.js';
import { inPartition, type CustomerPartition } from '../../db/partition.js';
import { AppError, type IsoDate } from '../../kernel/index.js';
import { branchSubtreeSource, scopeCondition, type Actor } from '../org/index.js';

/** (customer_id, loan_id, product_code, start_date, branch_id, officer_id) of the partition's active loans. */
export function inspectionLoanSource(range: CustomerPartition): SQL {
  return sql`SELECT l.customer_id, l.id AS loan_id, l.product_code, l.start_date, l.branch_id, l.officer_id
               FROM loans l
              WHERE l.status = 'ACTIVE' AND ${inPartition('l', range)}`;
}

/** A special inspection's selection over the active loans; every field optional, all given ones must hold. */
export interface LoanSelection {
  /** The loans booked at these branches or any branch under them (a 支行 includes its 分理处). */
  branchIds?: number[];
  productCodes?: string[];
  /** Five-category classes (NORMAL, SPECIAL_MENTION, SUBSTANDARD, DOUBTFUL, LOSS). */
  classifications?: string[];
  dpdMin?: number;
  dpdMax?: number;
  /** Outstanding principal, fen, inclusive. */
  outstandingMinFen?: bigint;
  outstandingMaxFen?: bigint;
  /** Disbursement (start) date, inclusive. */
  disbursedFrom?: IsoDate;
  disbursedTo?: IsoDate;
  /**
   * SELECT customer_id of the customers whose loans may be selected — another module's fragment handed
   * in by the caller (e.g. the customers with an open alert of given colours, from the risk module's door).
   */
  customersIn?: SQL;
}

export interface SelectedLoan {
  customerId: number;
  loanId: number;
  branchId: number;
  officerId: number | null;
}

/** A text[] literal of codes (letters, digits and _ only: anything else is refused, never quoted). */
function textArray(codes: string[]): string {
  if (codes.some((c) => !/^[A-Z0-9_]+$/.test(c))) throw new AppError('VALIDATION_FAILED', { field: 'criteria' });
  return `{${codes.join(',')}}`;
}

function selectionWhere(actor: Actor, s: LoanSelection): SQL {
  const conds: SQL[] = [sql`l.status = 'ACTIVE'`, scopeCondition(actor, { branchId: sql`l.branch_id`, officerId: sql`l.officer_id` })];
  if (s.branchIds?.length) conds.push(sql`l.branch_id IN (${branchSubtreeSource(s.branchIds)})`);
  if (s.productCodes?.length) conds.push(sql`l.product_code = ANY(${textArray(s.productCodes)}::text[])`);
  if (s.classifications?.length) conds.push(sql`l.classification = ANY(${textArray(s.classifications)}::text[])`);
  if (s.dpdMin !== undefined) conds.push(sql`l.dpd >= ${s.dpdMin}`);
  if (s.dpdMax !== undefined) conds.push(sql`l.dpd <= ${s.dpdMax}`);
  if (s.outstandingMinFen !== undefined) conds.push(sql`l.outstanding_principal_fen >= ${s.outstandingMinFen.toString()}::bigint`);
  if (s.outstandingMaxFen !== undefined) conds.push(sql`l.outstanding_principal_fen <= ${s.outstandingMaxFen.toString()}::bigint`);
  if (s.disbursedFrom !== undefined) conds.push(sql`l.start_date >= ${s.disbursedFrom}::date`);
  if (s.disbursedTo !== undefined) conds.push(sql`l.start_date <= ${s.disbursedTo}::date`);
  if (s.customersIn !== undefined) conds.push(sql`l.customer_id IN (${s.customersIn})`);
  return sql.join(conds, sql` AND `);
}

/** How many active loans in the actor's scope the selection matches. */
export async function countLoansForSelection(db: Db, actor: Actor, s: LoanSelection): Promise<number> {
  const row = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM loans l WHERE ${selectionWhere(actor, s)}`);
  return Number(row?.n ?? '0');
}

/**
 * The matching loans in sample order: by md5(seed:loan id), then loan id — the same selection and seed
 * give the same loans in the same order on every engine; `limit` null: all of them.
 */
export async function sampleLoansForSelection(
  db: Db,
  actor: Actor,
  s: LoanSelection,
  seed: string,
  limit: number | null,
): Promise<SelectedLoan[]> {
  const rows = await queryRows<{ customer_id: string; id: string; branch_id: string; officer_id: string | null }>(
    db,
    sql`SELECT l.customer_id::text, l.id::text, l.branch_id::text, l.officer_id::text
          FROM loans l
         WHERE ${selectionWhere(actor, s)}
         ORDER BY md5(${seed} || ':' || l.id::text), l.id
         ${limit === null ? sql`` : sql`LIMIT ${limit}`}`,
  );
  return rows.map((r) => ({
    customerId: Number(r.customer_id),
    loanId: Number(r.id),
    branchId: Number(r.branch_id),
    officerId: r.officer_id === null ? null : Number(r.officer_id),
  }));
}

/** What an inspection task shows of its loan (the task's scope is checked by the caller). */
export async function inspectionLoanBrief(
  db: Db,
  customerId: number,
  loanId: number,
): Promise<{ productCode: string; startDate: string; outstandingPrincipalFen: bigint; dpd: number; classification: string } | null> {
  const r = await queryOne<{ product_code: string; start_date: string; principal: string; dpd: number; classification: string }>(
    db,
    sql`SELECT l.product_code, l.start_date::text AS start_date, l.outstanding_principal_fen::text AS principal, l.dpd, l.classification
          FROM loans l WHERE l.customer_id = ${customerId} AND l.id = ${loanId}`,
  );
  return r
    ? {
        productCode: r.product_code,
        startDate: r.start_date,
        outstandingPrincipalFen: BigInt(r.principal),
        dpd: Number(r.dpd),
        classification: r.classification,
      }
    : null;
}
