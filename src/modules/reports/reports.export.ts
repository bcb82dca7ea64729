/**
 * The reports as Excel workbooks (docs/management.md "Reports"): Chinese headers, amounts in 万元 with
 * two decimals (the unit of the bank's reports to head office), counts as integers, ratios in percent.
 * The cells hold exactly the JSON's figures converted to 万元 (formatWan: half up on the fen).
 */
import ExcelJS from 'exceljs';
import { parseYuanSigned } from '../../kernel/money.js';
import { formatWan } from './figures.js';
import type { Headline, PortfolioRow } from './reports.contract.js';

/** A yuan string of the API as a 万元 number with two decimals. */
export function wanCell(yuan: string): number {
  return Number(formatWan(parseYuanSigned(yuan)));
}

const WAN = '#,##0.00';

/** The headline as a workbook: 总体指标, 分产品, 分机构. */
export async function headlineWorkbook(h: Headline): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const top = wb.addWorksheet('总体指标');
  top.columns = [
    { header: '指标', key: 'name', width: 22 },
    { header: '数值', key: 'value', width: 16 },
    { header: '较年初', key: 'change', width: 16 },
    { header: '单位', key: 'unit', width: 10 },
  ];
  top.addRow({ name: '报表日期', value: h.date, change: h.ytdBaseDate ?? '无（按 0 比较）', unit: '' });
  top.addRow({ name: '线上贷款余额', value: wanCell(h.onlineLoanBalance), change: wanCell(h.balanceChangeYtd), unit: '万元' });
  top.addRow({ name: '贷款户数', value: h.borrowers, change: h.borrowersChangeYtd, unit: '户' });
  top.addRow({ name: '不良贷款余额', value: wanCell(h.nplBalance), change: wanCell(h.nplBalanceChangeYtd), unit: '万元' });
  top.addRow({ name: '不良率', value: Number(h.nplRatioPct), change: Number(h.nplRatioChangeYtdPp), unit: '%（较年初：百分点）' });
  for (const r of [3, 5]) for (const c of ['B', 'C']) top.getCell(`${c}${r}`).numFmt = WAN;

  const products = wb.addWorksheet('分产品');
  products.columns = [
    { header: '产品代码', key: 'code', width: 16 },
    { header: '产品名称', key: 'name', width: 16 },
    { header: '贷款余额（万元）', key: 'balance', width: 16, style: { numFmt: WAN } },
    { header: '贷款户数', key: 'borrowers', width: 10 },
    { header: '不良贷款余额（万元）', key: 'npl', width: 18, style: { numFmt: WAN } },
  ];
  for (const p of h.byProduct) {
    products.addRow({
      code: p.productCode,
      name: p.productName ?? '',
      balance: wanCell(p.balance),
      borrowers: p.borrowers,
      npl: wanCell(p.nplBalance),
    });
  }

  const branches = wb.addWorksheet('分机构');
  branches.columns = [
    { header: '机构编号', key: 'id', width: 10 },
    { header: '机构名称', key: 'name', width: 18 },
    { header: '贷款余额（万元）', key: 'balance', width: 16, style: { numFmt: WAN } },
    { header: '贷款户数', key: 'borrowers', width: 10 },
    { header: '不良贷款余额（万元）', key: 'npl', width: 18, style: { numFmt: WAN } },
    { header: '不良率（%）', key: 'ratio', width: 12 },
  ];
  for (const b of h.byBranch) {
    branches.addRow({
      id: b.branchId,
      name: b.branchName,
      balance: wanCell(b.balance),
      borrowers: b.borrowers,
      npl: wanCell(b.nplBalance),
      ratio: Number(b.nplRatioPct),
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The management report's columns: header (万元 for amounts) and cell. */
export const PORTFOLIO_COLUMNS: ReadonlyArray<{ key: string; header: string; value: (r: PortfolioRow) => string | number }> = [
  { key: 'name', header: '分组', value: (r) => r.name },
  { key: 'balance', header: '贷款余额（万元）', value: (r) => wanCell(r.balance) },
  { key: 'balanceChangeYtd', header: '余额较年初（万元）', value: (r) => wanCell(r.balanceChangeYtd) },
  { key: 'balanceChangeMtd', header: '余额较上月末（万元）', value: (r) => wanCell(r.balanceChangeMtd) },
  { key: 'borrowers', header: '贷款户数', value: (r) => r.borrowers },
  { key: 'borrowersChangeYtd', header: '户数较年初', value: (r) => r.borrowersChangeYtd },
  { key: 'borrowersChangeMtd', header: '户数较上月末', value: (r) => r.borrowersChangeMtd },
  { key: 'newLoansYtd', header: '本年新增笔数', value: (r) => r.newLoansYtd },
  { key: 'newLoansAmountYtd', header: '本年新增金额（万元）', value: (r) => wanCell(r.newLoansAmountYtd) },
  { key: 'newLoansMtd', header: '本月新增笔数', value: (r) => r.newLoansMtd },
  { key: 'newLoansAmountMtd', header: '本月新增金额（万元）', value: (r) => wanCell(r.newLoansAmountMtd) },
  { key: 'nplBalance', header: '不良余额（万元）', value: (r) => wanCell(r.nplBalance) },
  { key: 'nplBalanceChangeYtd', header: '不良较年初（万元）', value: (r) => wanCell(r.nplBalanceChangeYtd) },
  { key: 'nplBalanceChangeMtd', header: '不良较上月末（万元）', value: (r) => wanCell(r.nplBalanceChangeMtd) },
  { key: 'nplBorrowers', header: '不良户数', value: (r) => r.nplBorrowers },
  { key: 'nplRatioPct', header: '不良率（%）', value: (r) => Number(r.nplRatioPct) },
  { key: 'nplRatioChangeYtdPp', header: '不良率较年初（百分点）', value: (r) => Number(r.nplRatioChangeYtdPp) },
  { key: 'nplRatioChangeMtdPp', header: '不良率较上月末（百分点）', value: (r) => Number(r.nplRatioChangeMtdPp) },
  { key: 'overdueBalance', header: '逾期贷款余额（万元）', value: (r) => wanCell(r.overdueBalance) },
  { key: 'overdueBalanceChangeYtd', header: '逾期较年初（万元）', value: (r) => wanCell(r.overdueBalanceChangeYtd) },
  { key: 'dpd1To30', header: '逾期1-30天（万元）', value: (r) => wanCell(r.dpd1To30) },
  { key: 'dpd31To60', header: '逾期31-60天（万元）', value: (r) => wanCell(r.dpd31To60) },
  { key: 'dpd61To90', header: '逾期61-90天（万元）', value: (r) => wanCell(r.dpd61To90) },
  { key: 'dpdOver90', header: '逾期90天以上（万元）', value: (r) => wanCell(r.dpdOver90) },
  { key: 'interestIncomeYtd', header: '本年利息收入（万元）', value: (r) => wanCell(r.interestIncomeYtd) },
  { key: 'interestIncomeMtd', header: '本月利息收入（万元）', value: (r) => wanCell(r.interestIncomeMtd) },
  { key: 'disbursedToDate', header: '累计发放金额（万元）', value: (r) => wanCell(r.disbursedToDate) },
  { key: 'disbursedToDateCount', header: '累计发放笔数', value: (r) => r.disbursedToDateCount },
];
