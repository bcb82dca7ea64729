/**
 * The API contract of the reports module (报表中心, issue 15 §1): the headline at any business date
 * (the acceptance contract's shape), the daily trend for the dashboards' line charts and the management
 * report by bank, branch, product or officer. Amounts are yuan strings, ratios percent strings with two
 * decimals ("0.74"), changes of a ratio in percentage points ("-0.24"). Pure zod and kernel atoms.
 */
import { z } from 'zod';
import { isoDate, yuan } from '../../kernel/contract.js';

const exportFormat = z.enum(['json', 'xlsx']).optional().describe('xlsx: 导出为 Excel（中文表头，金额单位万元）');
const pct = z.string().max(20).describe('百分数，两位小数 (percent, 2 decimals), e.g. "0.74"');
const pp = z.string().max(20).describe('百分点，两位小数 (percentage points), e.g. "-0.24"');

export const headlineQuery = z.object({
  date: isoDate.optional().describe('营业日期；缺省为最近一个有报表数据的营业日期'),
  format: exportFormat,
});
export type HeadlineQuery = z.infer<typeof headlineQuery>;

export const headlineProduct = z.object({
  productCode: z.string(),
  productName: z.string().optional(),
  balance: yuan,
  borrowers: z.number().int(),
  nplBalance: yuan,
});
export type HeadlineProduct = z.infer<typeof headlineProduct>;

export const headlineBranch = z.object({
  branchId: z.number().int(),
  branchName: z.string(),
  balance: yuan,
  borrowers: z.number().int(),
  nplBalance: yuan,
  nplRatioPct: pct,
});
export type HeadlineBranch = z.infer<typeof headlineBranch>;

export const headline = z.object({
  date: isoDate,
  /** The last business date of the previous year with figures (the YTD base); null: none, the base is 0. */
  ytdBaseDate: isoDate.nullable(),
  onlineLoanBalance: yuan,
  balanceChangeYtd: yuan,
  borrowers: z.number().int(),
  borrowersChangeYtd: z.number().int(),
  nplBalance: yuan,
  nplBalanceChangeYtd: yuan,
  nplRatioPct: pct,
  nplRatioChangeYtdPp: pp,
  byProduct: z.array(headlineProduct),
  byBranch: z.array(headlineBranch),
});
export type Headline = z.infer<typeof headline>;

export const trendQuery = z.object({
  from: isoDate,
  to: isoDate,
  branchId: z.coerce.number().int().positive().optional().describe('机构（含下级机构）；缺省为数据范围内全部'),
});
export type TrendQuery = z.infer<typeof trendQuery>;

export const trendPoint = z.object({
  date: isoDate,
  balance: yuan,
  borrowers: z.number().int(),
  nplBalance: yuan,
  nplRatioPct: pct,
});
export type TrendPoint = z.infer<typeof trendPoint>;
export const trend = z.object({ from: isoDate, to: isoDate, branchId: z.number().int().nullable(), points: z.array(trendPoint) });
export type Trend = z.infer<typeof trend>;

export const REPORT_GROUP_BYS = ['bank', 'branch', 'product', 'officer'] as const;
export type ReportGroupBy = (typeof REPORT_GROUP_BYS)[number];

export const portfolioQuery = z.object({
  date: isoDate.optional().describe('营业日期；缺省为最近一个有报表数据的营业日期'),
  groupBy: z.enum(REPORT_GROUP_BYS).optional().describe('bank 全行 | branch 机构 | product 产品 | officer 客户经理（缺省 bank）'),
  format: exportFormat,
});
export type PortfolioQuery = z.infer<typeof portfolioQuery>;

export const portfolioRow = z.object({
  key: z.string().describe('分组键：机构编号、产品代码、客户经理编号；全行为 BANK'),
  name: z.string(),
  balance: yuan,
  balanceChangeYtd: yuan,
  balanceChangeMtd: yuan,
  borrowers: z.number().int(),
  borrowersChangeYtd: z.number().int(),
  borrowersChangeMtd: z.number().int(),
  loans: z.number().int(),
  newLoansYtd: z.number().int(),
  newLoansAmountYtd: yuan,
  newLoansMtd: z.number().int(),
  newLoansAmountMtd: yuan,
  nplBalance: yuan,
  nplBalanceChangeYtd: yuan,
  nplBalanceChangeMtd: yuan,
  nplBorrowers: z.number().int(),
  nplBorrowersChangeYtd: z.number().int(),
  nplBorrowersChangeMtd: z.number().int(),
  nplRatioPct: pct,
  nplRatioChangeYtdPp: pp,
  nplRatioChangeMtdPp: pp,
  overdueBalance: yuan,
  overdueBalanceChangeYtd: yuan,
  overdueBalanceChangeMtd: yuan,
  dpd1To30: yuan,
  dpd31To60: yuan,
  dpd61To90: yuan,
  dpdOver90: yuan,
  interestIncomeYtd: yuan,
  interestIncomeMtd: yuan,
  disbursedToDate: yuan.describe('累计发放金额（元）：发放日不晚于报表日期的全部贷款本金，含已结清、已核销、迁移贷款'),
  disbursedToDateCount: z.number().int().describe('累计发放笔数'),
});
export type PortfolioRow = z.infer<typeof portfolioRow>;

export const portfolio = z.object({
  date: isoDate,
  groupBy: z.enum(REPORT_GROUP_BYS),
  /** The YTD base (last date of the previous year with figures) and the month base (last date before the month); null: none (base 0). */
  ytdBaseDate: isoDate.nullable(),
  mtdBaseDate: isoDate.nullable(),
  items: z.array(portfolioRow),
  total: z.number().int(),
});
export type Portfolio = z.infer<typeof portfolio>;
