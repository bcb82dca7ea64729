/**
 * The reports (报表中心, issue 15 §1): the headline at a business date, the daily trend and the
 * management report, all from the day aggregate through figures.ts (docs/management.md "Reports").
 * Queries only: nothing here writes.
 */
import type { Db, Tx } from '../../db/client.js';
import { addDays, AppError, daysBetween, makeIsoDate, parseIsoDate, splitIsoDate, startOfMonth, type IsoDate } from '../../kernel/index.js';
import { formatYuan } from '../../kernel/money.js';
import { displayNames } from '../access/index.js';
import { disbursedToDate } from '../loans/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { listProducts } from '../products/index.js';
import {
  flowsBetween,
  formatHundredths,
  hasFigures,
  lastFiguresDate,
  ratioHundredths,
  stockSeries,
  stocksAt,
  ZERO_FLOW,
  ZERO_STOCK,
  type Stock,
} from './figures.js';
import type { Headline, Portfolio, PortfolioRow, ReportGroupBy, Trend } from './reports.contract.js';

/** The report date: the one asked for if its end-of-day left figures, else the last date with figures; 422 when there is none. */
export async function reportDate(db: Db | Tx, date?: IsoDate): Promise<IsoDate> {
  if (date) {
    parseIsoDate(date); // 400 INVALID_DATE for a day that does not exist (2031-13-01)
    if (!(await hasFigures(db, date))) throw new AppError('REPORT_NO_FIGURES', { date });
    return date;
  }
  const last = await lastFiguresDate(db);
  if (!last) throw new AppError('REPORT_NO_FIGURES', { date: null });
  return last;
}

/** The YTD base of D: the last business date of the previous year with figures (null: none, the base is 0). */
export async function ytdBaseOf(db: Db | Tx, D: IsoDate): Promise<IsoDate | null> {
  const { year } = splitIsoDate(D);
  return lastFiguresDate(db, makeIsoDate(year - 1, 12, 31));
}

/** The month base of D: the last business date before D's month with figures (null: none). */
export async function mtdBaseOf(db: Db | Tx, D: IsoDate): Promise<IsoDate | null> {
  return lastFiguresDate(db, addDays(startOfMonth(D), -1));
}

async function latestWithBase(db: Db | Tx): Promise<[IsoDate, IsoDate | null]> {
  const D = await reportDate(db);
  return [D, await ytdBaseOf(db, D)];
}

const pctOf = (s: Stock) => ratioHundredths(s.nplFen, s.balanceFen);

/**
 * The headline of the actor's scope at business date `date` (default: the last date with figures):
 * balance, borrowers, NPL balance and ratio with their change since the YTD base, by product and by
 * branch. The dashboards and the work report call this.
 */
export async function headlineAt(db: Db | Tx, actor: Actor, date?: IsoDate): Promise<Headline> {
  // three waves of statements, each wave's independent reads side by side: the date and its base, the groupings, the names
  const [D, base] = date ? await Promise.all([reportDate(db, date), ytdBaseOf(db, date)]) : await latestWithBase(db);
  const [totals, productStocks, branchStocks, productList] = await Promise.all([
    stocksAt(db, actor, 'bank', base ? [D, base] : [D]),
    stocksAt(db, actor, 'product', [D]),
    stocksAt(db, actor, 'branch', [D]),
    listProducts(db as Db, D),
  ]);
  const now = totals.get(D)!.get('BANK') ?? ZERO_STOCK;
  const then = (base && totals.get(base)!.get('BANK')) || ZERO_STOCK;
  const products = productStocks.get(D)!;
  const branches = branchStocks.get(D)!;
  const productNames = new Map<string, string>(productList.map((p) => [p.code, p.nameZh]));
  const names = await displayNames(db, { branchIds: [...branches.keys()].map(Number) });
  return {
    date: D,
    ytdBaseDate: base,
    onlineLoanBalance: formatYuan(now.balanceFen),
    balanceChangeYtd: formatYuan(now.balanceFen - then.balanceFen),
    borrowers: now.borrowers,
    borrowersChangeYtd: now.borrowers - then.borrowers,
    nplBalance: formatYuan(now.nplFen),
    nplBalanceChangeYtd: formatYuan(now.nplFen - then.nplFen),
    nplRatioPct: formatHundredths(pctOf(now)),
    nplRatioChangeYtdPp: formatHundredths(pctOf(now) - pctOf(then)),
    byProduct: [...products]
      .filter(([, s]) => s.balanceFen > 0n)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([code, s]) => {
        const name = productNames.get(code);
        return {
          productCode: code,
          ...(name ? { productName: name } : {}),
          balance: formatYuan(s.balanceFen),
          borrowers: s.borrowers,
          nplBalance: formatYuan(s.nplFen),
        };
      }),
    byBranch: [...branches]
      .filter(([, s]) => s.balanceFen > 0n)
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([id, s]) => ({
        branchId: Number(id),
        branchName: names.branches.get(Number(id)) ?? `#${id}`,
        balance: formatYuan(s.balanceFen),
        borrowers: s.borrowers,
        nplBalance: formatYuan(s.nplFen),
        nplRatioPct: formatHundredths(pctOf(s)),
      })),
  };
}

/** The daily series of [from, to] (dates with figures) of the actor's scope, optionally one branch with those under it. */
export async function trendBetween(db: Db | Tx, actor: Actor, from: IsoDate, to: IsoDate, branchId?: number): Promise<Trend> {
  parseIsoDate(from);
  parseIsoDate(to);
  if (from > to || daysBetween(from, to) > 400) throw new AppError('REPORT_RANGE_INVALID', { from, to });
  const series = await stockSeries(db, actor, from, to, branchId);
  return {
    from,
    to,
    branchId: branchId ?? null,
    points: series.map(({ date, stock }) => ({
      date,
      balance: formatYuan(stock.balanceFen),
      borrowers: stock.borrowers,
      nplBalance: formatYuan(stock.nplFen),
      nplRatioPct: formatHundredths(pctOf(stock)),
    })),
  };
}

/**
 * The management report at D by group: the stocks with their change since the YTD base and the month
 * base, new loans and interest income of the year and of the month to D, and the loans disbursed up to D
 * (累计发放: read live from the loans, in the same data scope — a branch role its subtree's loans, an
 * officer their own).
 */
export async function portfolioAt(db: Db | Tx, actor: Actor, groupBy: ReportGroupBy, date?: IsoDate): Promise<Portfolio> {
  const D = await reportDate(db, date);
  const ytdBase = await ytdBaseOf(db, D);
  const mtdBase = await mtdBaseOf(db, D);
  const stocks = await stocksAt(db, actor, groupBy, [D, ...(ytdBase ? [ytdBase] : []), ...(mtdBase ? [mtdBase] : [])]);
  const now = stocks.get(D)!;
  const y0 = ytdBase ? stocks.get(ytdBase)! : new Map<string, Stock>();
  const m0 = mtdBase ? stocks.get(mtdBase)! : new Map<string, Stock>();
  const { year } = splitIsoDate(D);
  const ytd = await flowsBetween(db, actor, groupBy, makeIsoDate(year, 1, 1), D);
  const mtd = await flowsBetween(db, actor, groupBy, startOfMonth(D), D);
  const disbursed = await disbursedToDate(db, { date: D, groupBy, scope: (cols) => scopeCondition(actor, cols) });
  const keys = [...new Set([...now.keys(), ...y0.keys(), ...m0.keys(), ...ytd.keys(), ...disbursed.keys()])];
  const names = await groupNames(db, groupBy, keys, D);
  const items: PortfolioRow[] = keys
    .map((k) => {
      const s = now.get(k) ?? ZERO_STOCK;
      const y = y0.get(k) ?? ZERO_STOCK;
      const m = m0.get(k) ?? ZERO_STOCK;
      const fy = ytd.get(k) ?? ZERO_FLOW;
      const fm = mtd.get(k) ?? ZERO_FLOW;
      const cum = disbursed.get(k) ?? { count: 0, principalFen: 0n };
      return {
        key: k,
        name: names.get(k) ?? k,
        balance: formatYuan(s.balanceFen),
        balanceChangeYtd: formatYuan(s.balanceFen - y.balanceFen),
        balanceChangeMtd: formatYuan(s.balanceFen - m.balanceFen),
        borrowers: s.borrowers,
        borrowersChangeYtd: s.borrowers - y.borrowers,
        borrowersChangeMtd: s.borrowers - m.borrowers,
        loans: s.loans,
        newLoansYtd: fy.newLoans,
        newLoansAmountYtd: formatYuan(fy.newLoansFen),
        newLoansMtd: fm.newLoans,
        newLoansAmountMtd: formatYuan(fm.newLoansFen),
        nplBalance: formatYuan(s.nplFen),
        nplBalanceChangeYtd: formatYuan(s.nplFen - y.nplFen),
        nplBalanceChangeMtd: formatYuan(s.nplFen - m.nplFen),
        nplBorrowers: s.nplBorrowers,
        nplBorrowersChangeYtd: s.nplBorrowers - y.nplBorrowers,
        nplBorrowersChangeMtd: s.nplBorrowers - m.nplBorrowers,
        nplRatioPct: formatHundredths(pctOf(s)),
        nplRatioChangeYtdPp: formatHundredths(pctOf(s) - pctOf(y)),
        nplRatioChangeMtdPp: formatHundredths(pctOf(s) - pctOf(m)),
        overdueBalance: formatYuan(s.overdueFen),
        overdueBalanceChangeYtd: formatYuan(s.overdueFen - y.overdueFen),
        overdueBalanceChangeMtd: formatYuan(s.overdueFen - m.overdueFen),
        dpd1To30: formatYuan(s.dpd1To30Fen),
        dpd31To60: formatYuan(s.dpd31To60Fen),
        dpd61To90: formatYuan(s.dpd61To90Fen),
        dpdOver90: formatYuan(s.dpdOver90Fen),
        interestIncomeYtd: formatYuan(fy.interestIncomeFen),
        interestIncomeMtd: formatYuan(fm.interestIncomeFen),
        disbursedToDate: formatYuan(cum.principalFen),
        disbursedToDateCount: cum.count,
      };
    })
    .sort((a, b) => (groupBy === 'product' ? a.key.localeCompare(b.key) : Number(a.key) - Number(b.key)));
  return { date: D, groupBy, ytdBaseDate: ytdBase, mtdBaseDate: mtdBase, items, total: items.length };
}

async function groupNames(db: Db | Tx, groupBy: ReportGroupBy, keys: string[], D: IsoDate): Promise<Map<string, string>> {
  switch (groupBy) {
    case 'bank':
      return new Map([['BANK', '全行']]);
    case 'branch': {
      const n = await displayNames(db, { branchIds: keys.map(Number) });
      return new Map(keys.map((k) => [k, n.branches.get(Number(k)) ?? `#${k}`]));
    }
    case 'officer': {
      const n = await displayNames(db, { staffIds: keys.map(Number) });
      return new Map(keys.map((k) => [k, k === '0' ? '未分配客户经理' : (n.staff.get(Number(k)) ?? `#${k}`)]));
    }
    case 'product': {
      const names = new Map<string, string>((await listProducts(db as Db, D)).map((p) => [p.code, p.nameZh]));
      return new Map(keys.map((k) => [k, names.get(k) ?? k]));
    }
  }
}
