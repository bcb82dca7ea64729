/**
 * The one computation behind every report figure (docs/management.md "Reports"): sums of the day
 * aggregate (report_daily_figures, written by the REPORT end-of-day step) at given dates and over date
 * ranges, grouped by bank, branch, product or officer within the actor's data scope. The headline, the
 * trend and the management report all read through here, so a figure is the same number everywhere.
 *
 * Which rows a group reads, by the actor's scope:
 *   scope  | bank           | branch          | product          | officer
 *   BANK   | BANK           | BRANCH          | PRODUCT          | OFFICER
 *   BRANCH | BRANCH (sub)   | BRANCH (sub)    | BRANCH_PRODUCT   | OFFICER_BRANCH (sub)
 *   OWN    | OFFICER (self) | OFFICER_BRANCH  | OFFICER_PRODUCT  | OFFICER (self)
 * (sub: the branches of the actor's subtree; self: the officer's own loans).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import { AppError, type IsoDate } from '../../kernel/index.js';
import { branchSubtreeSource, scopeCondition, type Actor } from '../org/index.js';
import type { ReportGroupBy } from './reports.contract.js';

export interface Stock {
  loans: number;
  borrowers: number;
  balanceFen: bigint;
  nplFen: bigint;
  nplBorrowers: number;
  overdueFen: bigint;
  dpd1To30Fen: bigint;
  dpd31To60Fen: bigint;
  dpd61To90Fen: bigint;
  dpdOver90Fen: bigint;
}

export interface Flow {
  interestIncomeFen: bigint;
  newLoans: number;
  newLoansFen: bigint;
}

export const ZERO_STOCK: Stock = {
  loans: 0,
  borrowers: 0,
  balanceFen: 0n,
  nplFen: 0n,
  nplBorrowers: 0,
  overdueFen: 0n,
  dpd1To30Fen: 0n,
  dpd31To60Fen: 0n,
  dpd61To90Fen: 0n,
  dpdOver90Fen: 0n,
};
export const ZERO_FLOW: Flow = { interestIncomeFen: 0n, newLoans: 0, newLoansFen: 0n };

interface Selection {
  dim: string;
  key: SQL;
  where: SQL;
}

/** The dimension rows a group reads for the actor, the group key and the scope condition; branchId narrows to a subtree. */
function selection(actor: Actor, groupBy: ReportGroupBy, branchId?: number): Selection {
  const key = {
    bank: sql`'BANK'`,
    branch: sql`f.branch_id::text`,
    product: sql`f.product_code`,
    officer: sql`f.officer_id::text`,
  }[groupBy];
  const subtree = branchId ? sql` AND f.branch_id IN (${branchSubtreeSource([branchId])})` : sql``;
  switch (actor.scope) {
    case 'BANK': {
      const dim = branchId
        ? { bank: 'BRANCH', branch: 'BRANCH', product: 'BRANCH_PRODUCT', officer: 'OFFICER_BRANCH' }[groupBy]
        : { bank: 'BANK', branch: 'BRANCH', product: 'PRODUCT', officer: 'OFFICER' }[groupBy];
      return { dim, key, where: sql`TRUE${subtree}` };
    }
    case 'BRANCH': {
      const dim = { bank: 'BRANCH', branch: 'BRANCH', product: 'BRANCH_PRODUCT', officer: 'OFFICER_BRANCH' }[groupBy];
      return { dim, key, where: sql`${scopeCondition(actor, { branchId: sql.raw('f.branch_id') })}${subtree}` };
    }
    case 'OWN': {
      const dim = branchId
        ? { bank: 'OFFICER_BRANCH', branch: 'OFFICER_BRANCH', product: 'OFFICER_BRANCH', officer: 'OFFICER_BRANCH' }[groupBy]
        : { bank: 'OFFICER', branch: 'OFFICER_BRANCH', product: 'OFFICER_PRODUCT', officer: 'OFFICER' }[groupBy];
      // an officer narrowed to a branch by product has no OFFICER_BRANCH_PRODUCT rows: refuse rather than guess
      if (branchId && groupBy === 'product') throw new AppError('VALIDATION_FAILED', { field: 'branchId' });
      return { dim, key, where: sql`f.officer_id = ${actor.staffId}${subtree}` };
    }
  }
}

type Num = string;
interface StockRow {
  d: string;
  k: string;
  loans: Num;
  borrowers: Num;
  balance_fen: Num;
  npl_fen: Num;
  npl_borrowers: Num;
  overdue_fen: Num;
  dpd_1_30_fen: Num;
  dpd_31_60_fen: Num;
  dpd_61_90_fen: Num;
  dpd_over_90_fen: Num;
}

const STOCK_SUMS = sql.raw(`sum(f.loans)::text AS loans, sum(f.borrowers)::text AS borrowers, sum(f.balance_fen)::text AS balance_fen,
  sum(f.npl_fen)::text AS npl_fen, sum(f.npl_borrowers)::text AS npl_borrowers, sum(f.overdue_fen)::text AS overdue_fen,
  sum(f.dpd_1_30_fen)::text AS dpd_1_30_fen, sum(f.dpd_31_60_fen)::text AS dpd_31_60_fen,
  sum(f.dpd_61_90_fen)::text AS dpd_61_90_fen, sum(f.dpd_over_90_fen)::text AS dpd_over_90_fen`);

function stockOf(r: StockRow): Stock {
  return {
    loans: Number(r.loans),
    borrowers: Number(r.borrowers),
    balanceFen: BigInt(r.balance_fen),
    nplFen: BigInt(r.npl_fen),
    nplBorrowers: Number(r.npl_borrowers),
    overdueFen: BigInt(r.overdue_fen),
    dpd1To30Fen: BigInt(r.dpd_1_30_fen),
    dpd31To60Fen: BigInt(r.dpd_31_60_fen),
    dpd61To90Fen: BigInt(r.dpd_61_90_fen),
    dpdOver90Fen: BigInt(r.dpd_over_90_fen),
  };
}

/** The stocks (balance, borrowers, NPL, arrears) of each group at each of the dates: date → group key → stock. */
export async function stocksAt(
  db: Db | Tx,
  actor: Actor,
  groupBy: ReportGroupBy,
  dates: readonly IsoDate[],
  branchId?: number,
): Promise<Map<IsoDate, Map<string, Stock>>> {
  const out = new Map<IsoDate, Map<string, Stock>>();
  const wanted = [...new Set(dates)];
  for (const d of wanted) out.set(d, new Map());
  if (wanted.length === 0) return out;
  const s = selection(actor, groupBy, branchId);
  const rows = await queryRows<StockRow>(
    db as Db,
    sql`SELECT f.business_date::text AS d, ${s.key} AS k, ${STOCK_SUMS}
          FROM report_daily_figures f
         WHERE f.business_date = ANY(${`{${wanted.join(',')}}`}::date[]) AND f.dim = ${s.dim} AND ${s.where}
         GROUP BY 1, 2`,
  );
  for (const r of rows) out.get(r.d)!.set(r.k, stockOf(r));
  return out;
}

/** The stocks of the group at every date of [from, to] that has figures, in date order. */
export async function stockSeries(
  db: Db | Tx,
  actor: Actor,
  from: IsoDate,
  to: IsoDate,
  branchId?: number,
): Promise<Array<{ date: IsoDate; stock: Stock }>> {
  const s = selection(actor, 'bank', branchId);
  const rows = await queryRows<StockRow>(
    db as Db,
    sql`SELECT f.business_date::text AS d, 'BANK' AS k, ${STOCK_SUMS}
          FROM report_daily_figures f
         WHERE f.business_date BETWEEN ${from}::date AND ${to}::date AND f.dim = ${s.dim} AND ${s.where}
         GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({ date: r.d, stock: stockOf(r) }));
}

/** The flows (interest income, new loans) of each group summed over the business dates of [from, to]. */
export async function flowsBetween(
  db: Db | Tx,
  actor: Actor,
  groupBy: ReportGroupBy,
  from: IsoDate,
  to: IsoDate,
): Promise<Map<string, Flow>> {
  const s = selection(actor, groupBy);
  const rows = await queryRows<{ k: string; income: string; n: string; fen: string }>(
    db as Db,
    sql`SELECT ${s.key} AS k, sum(f.interest_income_fen)::text AS income, sum(f.new_loans)::text AS n, sum(f.new_loans_fen)::text AS fen
          FROM report_daily_figures f
         WHERE f.business_date BETWEEN ${from}::date AND ${to}::date AND f.dim = ${s.dim} AND ${s.where}
         GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.k, { interestIncomeFen: BigInt(r.income), newLoans: Number(r.n), newLoansFen: BigInt(r.fen) }]));
}

/** The last business date with figures on or before `date` (or ever, without one); null: none. */
export async function lastFiguresDate(db: Db | Tx, date?: IsoDate): Promise<IsoDate | null> {
  const r = await queryOne<{ d: string | null }>(
    db as Db,
    date
      ? sql`SELECT max(business_date)::text AS d FROM report_daily_figures WHERE business_date <= ${date}::date`
      : sql`SELECT max(business_date)::text AS d FROM report_daily_figures`,
  );
  return r?.d ?? null;
}

/** Whether the end-of-day of `date` left figures. */
export async function hasFigures(db: Db | Tx, date: IsoDate): Promise<boolean> {
  return !!(await queryOne(db as Db, sql`SELECT 1 AS x FROM report_daily_figures WHERE business_date = ${date}::date LIMIT 1`));
}

// ----- the figures as the API shows them -----

/** The NPL ratio in hundredths of a percent, half up (0 when there is no balance). */
export function ratioHundredths(nplFen: bigint, balanceFen: bigint): bigint {
  if (balanceFen <= 0n) return 0n;
  return (nplFen * 20000n + balanceFen) / (2n * balanceFen);
}

/** Hundredths as a signed decimal string: 74n → "0.74", -24n → "-0.24". */
export function formatHundredths(h: bigint): string {
  const abs = h < 0n ? -h : h;
  return `${h < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Fen as 万元 with two decimals, half up (away from zero): 562_350_000_00n → "56235.00". */
export function formatWan(fen: bigint): string {
  const abs = fen < 0n ? -fen : fen;
  const hundredths = (abs + 5_000n) / 10_000n; // 1 万元 = 1,000,000 fen; hundredths of 万元 = 10,000 fen
  return formatHundredths(fen < 0n ? -hundredths : hundredths);
}
