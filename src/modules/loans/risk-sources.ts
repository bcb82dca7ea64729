/**
 * What the risk module reads of the loans, as fragments and queries through the door: each customer's
 * outstanding principal (the risk board's balances by colour) and the NPL balances of the daily
 * snapshots by branch and product (the board's NPL ratio and its change since the start of the year).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import { scopeCondition, type Actor } from '../org/index.js';

/** SELECT of (customer_id, balance_fen bigint): the outstanding principal of each customer's active loans. */
export function customerBalancesSource(): SQL {
  return sql`SELECT l.customer_id, sum(l.outstanding_principal_fen)::bigint AS balance_fen
               FROM loans l WHERE l.status = 'ACTIVE' GROUP BY l.customer_id`;
}

export interface NplCell {
  branchId: number;
  productCode: string;
  balanceFen: bigint;
  nplFen: bigint;
}

/** The last snapshot date on or before `date` (null: none). */
export async function lastSnapshotDate(db: Db, date: IsoDate): Promise<IsoDate | null> {
  const r = await queryOne<{ d: string | null }>(
    db,
    sql`SELECT max(business_date)::text AS d FROM loan_daily_snapshots WHERE business_date <= ${date}::date`,
  );
  return r?.d ?? null;
}

/**
 * The loan balance and the NPL balance (次级 + 可疑 + 损失) of the snapshot of one business date, by
 * branch and product, within the actor's data scope (branch, or the officer's own loans).
 */
export async function nplByBranchProduct(db: Db, actor: Actor, snapshotDate: IsoDate): Promise<NplCell[]> {
  const rows = await queryRows<{ branch_id: string; product_code: string; balance_fen: string; npl_fen: string }>(
    db,
    sql`SELECT s.branch_id::text AS branch_id, s.product_code, sum(s.outstanding_principal_fen)::text AS balance_fen,
               coalesce(sum(s.outstanding_principal_fen) FILTER (WHERE s.classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS')), 0)::text AS npl_fen
          FROM loan_daily_snapshots s
         WHERE s.business_date = ${snapshotDate}::date
           AND ${scopeCondition(actor, { branchId: sql.raw('s.branch_id'), officerId: sql.raw('s.officer_id') })}
         GROUP BY s.branch_id, s.product_code
         ORDER BY s.branch_id, s.product_code`,
  );
  return rows.map((r) => ({
    branchId: Number(r.branch_id),
    productCode: r.product_code,
    balanceFen: BigInt(r.balance_fen),
    nplFen: BigInt(r.npl_fen),
  }));
}
