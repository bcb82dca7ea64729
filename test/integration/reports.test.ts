/**
 * Reports (报表中心, issue 15 §1) on every engine, in one application:
 *  - the headline at a date over a hand-made portfolio of snapshots (two branches, two products, NPL),
 *    each figure against the sums written out in the comments; its YTD base is the last day of the
 *    previous year with figures (none → 0); a branch head sees their branch, an officer their own book;
 *    a date without figures is 422; the Excel export holds the JSON's figures in 万元 under Chinese headers;
 *  - the management report's groups and changes since the year's and the month's base;
 *  - real end-of-day days across 31 Dec → 2 Jan: the aggregate equals a direct computation over the
 *    snapshots (and the loans' start dates and accruals) for every date and dimension, a re-run of the
 *    step rewrites the same rows, and the YTD change of 2 Jan counts the loan drawn in January.
 * The hand-made portfolio is written straight into loan_daily_snapshots for dates far from the demo's
 * (2030–2031) and the REPORT step is run over one partition per customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryRows, withTx } from '../../src/db/client.js';
import type { CustomerPartition } from '../../src/db/partition.js';
import { makeIdNumber } from '../../src/kernel/index.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { advanceBusinessDate, getBusinessDate } from '../../src/modules/calendar/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { eodReport } from '../../src/modules/reports/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

type Client = ReturnType<typeof client>;

interface Snap {
  customerId: number;
  loanId: number;
  branch: 'GL' | 'CX';
  product: 'XIN_E_DAI' | 'JI_E_DAI';
  officer: 'officer1' | 'other' | null;
  fen: bigint;
  dpd: number;
  cls: 'NORMAL' | 'SPECIAL_MENTION' | 'SUBSTANDARD' | 'DOUBTFUL' | 'LOSS';
}

const C = 990_001; // hand-made customers 990001…990005, far above the demo's
const BASE0 = '2030-12-30'; // an earlier day of the previous year: not the YTD base
const BASE = '2030-12-31'; // the last day of 2030 with figures: the YTD base of 2031
const MONTH_END = '2031-01-31'; // the base of February's month-to-date changes
const D = '2031-02-10';

/**
 * The portfolio. At D (2031-02-10):
 *   c1 A GL officer1 XIN_E_DAI 100,000.00 NORMAL           c1 B GL officer1 JI_E_DAI 50,000.00 SPECIAL_MENTION dpd 15
 *   c2 C GL other    XIN_E_DAI  20,000.00 SUBSTANDARD dpd 95
 *   c3 D CX —        JI_E_DAI  200,000.00 NORMAL           c4 E CX — XIN_E_DAI 30,000.00 DOUBTFUL dpd 200
 *   c5 F CX —        XIN_E_DAI       0.00 (settled on D: neither a loan nor a borrower)
 *   bank: balance 100,000 + 50,000 + 20,000 + 200,000 + 30,000 = 400,000.00; borrowers c1 c2 c3 c4 = 4;
 *         NPL C + E = 50,000.00; ratio 50,000 / 400,000 = 12.50 %
 *   XIN_E_DAI: A + C + E = 150,000.00, borrowers c1 c2 c4 = 3, NPL 50,000.00
 *   JI_E_DAI:  B + D = 250,000.00, borrowers c1 c3 = 2, NPL 0.00
 *   鼓楼支行 GL: A + B + C = 170,000.00, borrowers 2, NPL 20,000.00, ratio 20,000 / 170,000 = 11.76 %
 *   城西支行 CX: D + E = 230,000.00, borrowers 2, NPL 30,000.00, ratio 30,000 / 230,000 = 13.04 %
 *   officer1's book: A + B = 150,000.00, 1 borrower, NPL 0.00, ratio 0.00 %
 * At BASE (2030-12-31): c1 A 100,000.00 NORMAL; c3 D 200,000.00 NORMAL; c4 E 30,000.00 SUBSTANDARD dpd 100
 *   bank: 330,000.00, 3 borrowers, NPL 30,000.00, ratio 30,000 / 330,000 = 9.09 %
 *   YTD at D: balance +70,000.00, borrowers +1, NPL +20,000.00, ratio 12.50 − 9.09 = +3.41 pp
 *   鼓楼支行 at BASE: A = 100,000.00, 1 borrower, NPL 0 → head1's YTD: +70,000.00, +1, +20,000.00, 11.76 − 0.00 = +11.76 pp
 * At BASE0 (2030-12-30): c1 A 500,000.00 (a different figure: the base must be the 31st, not this day).
 * At MONTH_END (2031-01-31): as D but without c2's C → bank 380,000.00, 3 borrowers, NPL 30,000.00, 7.89 %
 *   MTD at D: balance +20,000.00, borrowers +1, NPL +20,000.00, ratio 12.50 − 7.89 = +4.61 pp
 */
const AT_D: Snap[] = [
  { customerId: C, loanId: 1, branch: 'GL', product: 'XIN_E_DAI', officer: 'officer1', fen: 10_000_000n, dpd: 0, cls: 'NORMAL' },
  { customerId: C, loanId: 2, branch: 'GL', product: 'JI_E_DAI', officer: 'officer1', fen: 5_000_000n, dpd: 15, cls: 'SPECIAL_MENTION' },
  { customerId: C + 1, loanId: 3, branch: 'GL', product: 'XIN_E_DAI', officer: 'other', fen: 2_000_000n, dpd: 95, cls: 'SUBSTANDARD' },
  { customerId: C + 2, loanId: 4, branch: 'CX', product: 'JI_E_DAI', officer: null, fen: 20_000_000n, dpd: 0, cls: 'NORMAL' },
  { customerId: C + 3, loanId: 5, branch: 'CX', product: 'XIN_E_DAI', officer: null, fen: 3_000_000n, dpd: 200, cls: 'DOUBTFUL' },
  { customerId: C + 4, loanId: 6, branch: 'CX', product: 'XIN_E_DAI', officer: null, fen: 0n, dpd: 0, cls: 'NORMAL' },
];
const AT_BASE: Snap[] = [{ ...AT_D[0] }, { ...AT_D[3] }, { ...AT_D[4], dpd: 100, cls: 'SUBSTANDARD' }];
const AT_BASE0: Snap[] = [{ ...AT_D[0], fen: 50_000_000n }];
const AT_MONTH_END: Snap[] = AT_D.filter((s) => s.loanId !== 3);

describe.each(testEngines())('reports on %s', (kind) => {
  let app: HuinongApp;
  let exec: Client;
  let head: Client;
  let officer: Client;
  let admin: Client;
  const branchIds = { GL: 0, CX: 0 };
  const staff = { officer1: 0, other: 0 };

  const partitionOf = (customerId: number, i: number): CustomerPartition => ({
    fromCustomerId: customerId,
    toCustomerId: customerId + 1,
    customerIds: [customerId],
    bankKey: -(9000 + i),
  });

  async function writeDay(date: string, snaps: Snap[]): Promise<void> {
    for (const s of snaps) {
      const officerId = s.officer ? staff[s.officer] : null;
      await app.ctx.db.execute(
        sql`INSERT INTO loan_daily_snapshots (customer_id, loan_id, business_date, product_code, branch_id, officer_id,
                   outstanding_principal_fen, overdue_principal_fen, accrued_interest_fen, overdue_interest_fen,
                   penalty_accrued_fen, compound_accrued_fen, dpd, classification, non_accrual, off_balance_interest_fen)
            VALUES (${s.customerId}, ${900_000 + s.loanId}, ${date}::date, ${s.product}, ${branchIds[s.branch]}, ${officerId},
                    ${s.fen}, 0, 0, 0, 0, 0, ${s.dpd}, ${s.cls}, false, 0)`,
      );
    }
    // the REPORT step over one partition per customer (every customer of the portfolio, as the day's plan would)
    for (let i = 0; i < 5; i++) await withTx(app.ctx.db, (tx) => eodReport(tx, date, partitionOf(C + i, i)));
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    head = client(app.server, await loginAs(app.server, 'head1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    admin = client(app.server, await loginAs(app.server, 'admin'));
    branchIds.GL = (await branchByCode(app.ctx.db, 'YZ-GL'))!.id;
    branchIds.CX = (await branchByCode(app.ctx.db, 'YZ-CX'))!.id;
    staff.officer1 = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    staff.other = (await staffIdByUsername(app.ctx.db, 'inspector1'))!;
    await writeDay(BASE0, AT_BASE0);
    await writeDay(BASE, AT_BASE);
    await writeDay(MONTH_END, AT_MONTH_END);
    await writeDay(D, AT_D);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('answers the headline of a date with each figure as computed by hand, the YTD change against the last day of the previous year', async () => {
    const res = await exec.get(`/api/v1/reports/headline?date=${D}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      date: D,
      ytdBaseDate: BASE,
      onlineLoanBalance: '400000.00',
      balanceChangeYtd: '70000.00',
      borrowers: 4,
      borrowersChangeYtd: 1,
      nplBalance: '50000.00',
      nplBalanceChangeYtd: '20000.00',
      nplRatioPct: '12.50',
      nplRatioChangeYtdPp: '3.41',
      byProduct: [
        { productCode: 'JI_E_DAI', productName: expect.any(String), balance: '250000.00', borrowers: 2, nplBalance: '0.00' },
        { productCode: 'XIN_E_DAI', productName: expect.any(String), balance: '150000.00', borrowers: 3, nplBalance: '50000.00' },
      ],
      byBranch: [
        {
          branchId: branchIds.GL,
          branchName: '鼓楼支行',
          balance: '170000.00',
          borrowers: 2,
          nplBalance: '20000.00',
          nplRatioPct: '11.76',
        },
        {
          branchId: branchIds.CX,
          branchName: '城西支行',
          balance: '230000.00',
          borrowers: 2,
          nplBalance: '30000.00',
          nplRatioPct: '13.04',
        },
      ].sort((a, b) => a.branchId - b.branchId),
    });
    // without a date: the last business date with figures (D, the latest of this bank)
    expect((await exec.get('/api/v1/reports/headline')).json().date).toBe(D);
  });

  it('compares with 0 when the previous year has no figures, and a negative change reads as a minus sign', async () => {
    const h = (await exec.get(`/api/v1/reports/headline?date=${BASE}`)).json();
    expect(h).toMatchObject({
      date: BASE,
      ytdBaseDate: null,
      onlineLoanBalance: '330000.00',
      balanceChangeYtd: '330000.00',
      borrowers: 3,
      borrowersChangeYtd: 3,
      nplRatioPct: '9.09',
      nplRatioChangeYtdPp: '9.09',
    });
  });

  it('limits a branch head to their branch and an officer to their own book', async () => {
    const h = (await head.get(`/api/v1/reports/headline?date=${D}`)).json();
    expect(h).toMatchObject({
      onlineLoanBalance: '170000.00',
      balanceChangeYtd: '70000.00',
      borrowers: 2,
      borrowersChangeYtd: 1,
      nplBalance: '20000.00',
      nplBalanceChangeYtd: '20000.00',
      nplRatioPct: '11.76',
      nplRatioChangeYtdPp: '11.76',
    });
    expect(h.byBranch.map((b: { branchId: number }) => b.branchId)).toEqual([branchIds.GL]);
    // 鼓楼支行 by product: XIN_E_DAI A + C = 120,000.00 (c1, c2; NPL C 20,000.00), JI_E_DAI B = 50,000.00 (c1)
    expect(h.byProduct).toEqual([
      { productCode: 'JI_E_DAI', productName: expect.any(String), balance: '50000.00', borrowers: 1, nplBalance: '0.00' },
      { productCode: 'XIN_E_DAI', productName: expect.any(String), balance: '120000.00', borrowers: 2, nplBalance: '20000.00' },
    ]);
    const o = (await officer.get(`/api/v1/reports/headline?date=${D}`)).json();
    expect(o).toMatchObject({ onlineLoanBalance: '150000.00', borrowers: 1, nplBalance: '0.00', nplRatioPct: '0.00' });
    expect(o.byBranch.map((b: { branchId: number }) => b.branchId)).toEqual([branchIds.GL]);
    // a role without the permission is refused
    expect((await admin.get(`/api/v1/reports/headline?date=${D}`)).statusCode).toBe(403);
  });

  it('refuses a date without figures with 422 and a Chinese message, and a malformed date with 400', async () => {
    const res = await exec.get('/api/v1/reports/headline?date=2031-02-09');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('REPORT_NO_FIGURES');
    expect(res.json().message).toMatch(/报表数据/);
    expect((await exec.get('/api/v1/reports/headline?date=2031-13-01')).statusCode).toBe(400);
    expect((await exec.get('/api/v1/reports/trend?from=2031-02-10&to=2031-01-01')).statusCode).toBe(422);
  });

  it('exports the headline to Excel: Chinese headers, the JSON’s amounts in 万元 with two decimals', async () => {
    const json = (await exec.get(`/api/v1/reports/headline?date=${D}`)).json();
    const res = await exec.get(`/api/v1/reports/headline?date=${D}&format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; .*filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const top = wb.getWorksheet('总体指标')!;
    expect(top.getRow(1).values).toEqual([undefined, '指标', '数值', '较年初', '单位']);
    const byName = new Map<string, unknown[]>();
    top.eachRow((row) => byName.set(String(row.getCell(1).value), [row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]));
    // 400,000.00 元 = 40.00 万元; +70,000.00 元 = +7.00 万元
    expect(byName.get('线上贷款余额')).toEqual([Number(json.onlineLoanBalance) / 10_000, Number(json.balanceChangeYtd) / 10_000, '万元']);
    expect(byName.get('线上贷款余额')).toEqual([40, 7, '万元']);
    expect(byName.get('贷款户数')).toEqual([4, 1, '户']);
    expect(byName.get('不良贷款余额')).toEqual([5, 2, '万元']);
    expect(byName.get('不良率')?.slice(0, 2)).toEqual([12.5, 3.41]);
    const branches = wb.getWorksheet('分机构')!;
    expect(branches.getRow(1).values).toEqual([
      undefined,
      '机构编号',
      '机构名称',
      '贷款余额（万元）',
      '贷款户数',
      '不良贷款余额（万元）',
      '不良率（%）',
    ]);
    const gl = branches.getRows(2, branches.rowCount - 1)!.find((r) => r.getCell(1).value === branchIds.GL)!;
    expect([gl.getCell(2).value, gl.getCell(3).value, gl.getCell(4).value, gl.getCell(5).value, gl.getCell(6).value]).toEqual([
      '鼓楼支行',
      17,
      2,
      2,
      11.76,
    ]);
  });

  it('reports by branch with the changes since the year’s and the month’s base, and exports it', async () => {
    const res = await exec.get(`/api/v1/reports/portfolio?date=${D}&groupBy=bank`);
    expect(res.statusCode, res.body).toBe(200);
    const bank = res.json();
    expect(bank).toMatchObject({ date: D, groupBy: 'bank', ytdBaseDate: BASE, mtdBaseDate: MONTH_END, total: 1 });
    // the same figures as the headline, and the month: 380,000.00 → 400,000.00, NPL 30,000.00 → 50,000.00, 7.89 % → 12.50 %
    expect(bank.items[0]).toMatchObject({
      key: 'BANK',
      name: '全行',
      balance: '400000.00',
      balanceChangeYtd: '70000.00',
      balanceChangeMtd: '20000.00',
      borrowers: 4,
      borrowersChangeMtd: 1,
      loans: 5,
      nplBalance: '50000.00',
      nplBalanceChangeMtd: '20000.00',
      nplBorrowers: 2,
      nplRatioPct: '12.50',
      nplRatioChangeYtdPp: '3.41',
      nplRatioChangeMtdPp: '4.61',
      // past due: B (15 days) 50,000 + C (95) 20,000 + E (200) 30,000 = 100,000.00
      overdueBalance: '100000.00',
      dpd1To30: '50000.00',
      dpd31To60: '0.00',
      dpd61To90: '0.00',
      dpdOver90: '50000.00',
    });
    const byBranch = (await exec.get(`/api/v1/reports/portfolio?date=${D}&groupBy=branch`)).json();
    expect(byBranch.items.map((r: { key: string; balance: string }) => [Number(r.key), r.balance])).toEqual(
      [
        [branchIds.GL, '170000.00'],
        [branchIds.CX, '230000.00'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    const byOfficer = (await head.get(`/api/v1/reports/portfolio?date=${D}&groupBy=officer`)).json();
    // 鼓楼支行's officers: officer1 (A + B) and the other (C)
    expect(byOfficer.items.map((r: { key: string; balance: string }) => [Number(r.key), r.balance])).toEqual(
      [
        [staff.officer1, '150000.00'],
        [staff.other, '20000.00'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    const xlsx = await exec.get(`/api/v1/reports/portfolio?date=${D}&groupBy=branch&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('分组');
    expect(ws.getRow(1).getCell(2).value).toBe('贷款余额（万元）');
    const names = [ws.getRow(2).getCell(1).value, ws.getRow(3).getCell(1).value];
    expect(names.sort()).toEqual(['城西支行', '鼓楼支行'].sort());
    const glRow = ws.getRow(2).getCell(1).value === '鼓楼支行' ? ws.getRow(2) : ws.getRow(3);
    expect(glRow.getCell(2).value).toBe(17);
  });

  it('gives the daily series of the scope for the trend charts', async () => {
    const t = (await exec.get(`/api/v1/reports/trend?from=2030-12-01&to=2031-02-28`)).json();
    expect(t.points.map((p: { date: string; balance: string }) => [p.date, p.balance])).toEqual([
      [BASE0, '500000.00'],
      [BASE, '330000.00'],
      [MONTH_END, '380000.00'],
      [D, '400000.00'],
    ]);
    const cx = (await exec.get(`/api/v1/reports/trend?from=2031-02-01&to=2031-02-28&branchId=${branchIds.CX}`)).json();
    expect(cx.points).toEqual([{ date: D, balance: '230000.00', borrowers: 2, nplBalance: '30000.00', nplRatioPct: '13.04' }]);
  });
});

describe.each(testEngines())('reports over real end-of-day days across the year end on %s', (kind) => {
  let app: HuinongApp;
  let officer: Client;
  let approver: Client;
  let admin: Client;
  let exec: Client;

  async function runTo(to: string) {
    const res = await admin.post('/api/v1/eod/run', { to });
    expect(res.statusCode, res.body).toBe(200);
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    admin = client(app.server, await loginAs(app.server, 'admin'));
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    // the bank's business date moved back to 29 December (no end-of-day has run yet) to cross a year end
    expect(await advanceBusinessDate(app.ctx.db, await getBusinessDate(app.ctx.db), '2025-12-29')).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('a loan drawn in December and one in January: the headline of 2 January changes against 31 December by the January loan', async () => {
    const a = { name: '年报甲', idNumber: makeIdNumber('37081219800101771'), mobile: '13905377701' };
    const b = { name: '年报乙', idNumber: makeIdNumber('37081219800202772'), mobile: '13905377702' };
    const c = { name: '年报丙', idNumber: makeIdNumber('37081219800303773'), mobile: '13905377703' };
    await openXinEDaiLoan(officer, approver, a, '30000.00', `rep-${kind}-a`);
    await openXinEDaiLoan(officer, approver, b, '12000.00', `rep-${kind}-b`);
    await runTo('2026-01-02'); // end-of-day of 29, 30, 31 December and 1 January
    await openXinEDaiLoan(officer, approver, c, '8000.00', `rep-${kind}-c`);
    await runTo('2026-01-03'); // end-of-day of 2 January

    const dec = (await exec.get('/api/v1/reports/headline?date=2025-12-31')).json();
    expect(dec).toMatchObject({ ytdBaseDate: null, onlineLoanBalance: '42000.00', borrowers: 2, balanceChangeYtd: '42000.00' });
    const jan = (await exec.get('/api/v1/reports/headline?date=2026-01-02')).json();
    expect(jan).toMatchObject({
      ytdBaseDate: '2025-12-31',
      onlineLoanBalance: '50000.00',
      balanceChangeYtd: '8000.00',
      borrowers: 3,
      borrowersChangeYtd: 1,
    });
    const p = (await exec.get('/api/v1/reports/portfolio?date=2026-01-02&groupBy=product')).json();
    const xin = p.items.find((r: { key: string }) => r.key === 'XIN_E_DAI');
    expect(xin).toMatchObject({ newLoansYtd: 1, newLoansAmountYtd: '8000.00', newLoansMtd: 1, newLoansAmountMtd: '8000.00' });
    // interest accrued in 2026 only (1 and 2 January): positive, and less than December's three days and these two
    expect(Number(xin.interestIncomeYtd)).toBeGreaterThan(0);
    // 累计发放: December's two loans (last year's) and January's one all count at 2 January…
    expect(xin).toMatchObject({ disbursedToDate: '50000.00', disbursedToDateCount: 3 });
    // …but at 31 December not the loan drawn after it; the bank row and the officer who booked them the same
    const dec31 = (await exec.get('/api/v1/reports/portfolio?date=2025-12-31&groupBy=product')).json();
    expect(dec31.items.find((r: { key: string }) => r.key === 'XIN_E_DAI')).toMatchObject({
      disbursedToDate: '42000.00',
      disbursedToDateCount: 2,
    });
    const own = (await officer.get('/api/v1/reports/portfolio?date=2026-01-02&groupBy=bank')).json();
    expect(own.items[0]).toMatchObject({ disbursedToDate: '50000.00', disbursedToDateCount: 3 });
    // by branch: the one branch that booked all three
    const other = (await exec.get('/api/v1/reports/portfolio?date=2026-01-02&groupBy=branch')).json();
    expect(other.items.map((r: { disbursedToDateCount: number }) => r.disbursedToDateCount)).toEqual([3]);
  }, 600_000);

  it('the aggregate equals a direct computation over the snapshots for every date and dimension, and a re-run of the step rewrites the same rows', async () => {
    const aggregate = async () =>
      queryRows<Record<string, string>>(
        app.ctx.db,
        sql`SELECT business_date::text AS d, dim, branch_id::text AS b, product_code AS p, officer_id::text AS o,
                   sum(loans)::text AS loans, sum(borrowers)::text AS borrowers, sum(balance_fen)::text AS balance,
                   sum(npl_fen)::text AS npl, sum(npl_borrowers)::text AS npl_borrowers, sum(overdue_fen)::text AS overdue,
                   sum(interest_income_fen)::text AS income, sum(new_loans)::text AS new_loans, sum(new_loans_fen)::text AS new_fen
              FROM report_daily_figures WHERE business_date < DATE '2030-01-01'
             GROUP BY 1, 2, 3, 4, 5`,
      );
    // the direct computation: every snapshot row with its loan's start and principal and the day's on-balance accruals, summed here
    const loanRows = await queryRows<{
      d: string;
      customer_id: string;
      loan_id: string;
      branch_id: string;
      product_code: string;
      officer_id: string | null;
      bal: string;
      dpd: number;
      classification: string;
      start_date: string;
      principal: string;
    }>(
      app.ctx.db,
      sql`SELECT s.business_date::text AS d, s.customer_id::text, s.loan_id::text, s.branch_id::text, s.product_code, s.officer_id::text,
                 s.outstanding_principal_fen::text AS bal, s.dpd, s.classification, l.start_date::text AS start_date, l.principal_fen::text AS principal
            FROM loan_daily_snapshots s JOIN loans l ON l.customer_id = s.customer_id AND l.id = s.loan_id
           WHERE s.business_date < DATE '2030-01-01'`,
    );
    const accruals = await queryRows<{ d: string; loan_id: string; fen: string }>(
      app.ctx.db,
      sql`SELECT business_date::text AS d, loan_id::text, amount_fen::text AS fen FROM loan_accruals
           WHERE business_date < DATE '2030-01-01' AND NOT off_balance`,
    );
    const incomeOf = new Map<string, bigint>();
    for (const a of accruals) incomeOf.set(`${a.d}|${a.loan_id}`, (incomeOf.get(`${a.d}|${a.loan_id}`) ?? 0n) + BigInt(a.fen));
    const dims: Record<string, (r: (typeof loanRows)[number]) => [string, string, string]> = {
      BANK: () => ['0', '', '0'],
      BRANCH: (r) => [r.branch_id, '', '0'],
      PRODUCT: (r) => ['0', r.product_code, '0'],
      OFFICER: (r) => ['0', '', r.officer_id ?? '0'],
      BRANCH_PRODUCT: (r) => [r.branch_id, r.product_code, '0'],
      OFFICER_BRANCH: (r) => [r.branch_id, '', r.officer_id ?? '0'],
      OFFICER_PRODUCT: (r) => ['0', r.product_code, r.officer_id ?? '0'],
    };
    const NPL = new Set(['SUBSTANDARD', 'DOUBTFUL', 'LOSS']);
    const groups = new Map<string, { rows: typeof loanRows; head: Record<string, string> }>();
    for (const r of loanRows) {
      for (const [dim, keyOf] of Object.entries(dims)) {
        const [b, p, o] = keyOf(r);
        const k = [r.d, dim, b, p, o].join('|');
        const g = groups.get(k) ?? { rows: [], head: { d: r.d, dim, b, p, o } };
        g.rows.push(r);
        groups.set(k, g);
      }
    }
    const direct = [...groups.values()].map(({ rows, head }) => {
      const live = rows.filter((r) => BigInt(r.bal) > 0n);
      const npl = live.filter((r) => NPL.has(r.classification));
      const sum = (xs: typeof rows, f: (r: (typeof rows)[number]) => bigint) => xs.reduce((t, r) => t + f(r), 0n).toString();
      const born = rows.filter((r) => r.start_date === r.d);
      return {
        ...head,
        loans: String(live.length),
        borrowers: String(new Set(live.map((r) => r.customer_id)).size),
        balance: sum(rows, (r) => BigInt(r.bal)),
        npl: sum(npl, (r) => BigInt(r.bal)),
        npl_borrowers: String(new Set(npl.map((r) => r.customer_id)).size),
        overdue: sum(
          rows.filter((r) => r.dpd > 0),
          (r) => BigInt(r.bal),
        ),
        income: sum(rows, (r) => incomeOf.get(`${r.d}|${r.loan_id}`) ?? 0n),
        new_loans: String(born.length),
        new_fen: sum(born, (r) => BigInt(r.principal)),
      };
    });
    const key = (r: Record<string, string>) => [r.d, r.dim, r.b, r.p, r.o].join('|');
    const sortRows = (rows: Array<Record<string, string>>) => [...rows].sort((x, y) => key(x).localeCompare(key(y)));
    const before = sortRows(await aggregate());
    expect(new Set(before.map((r) => r.d))).toEqual(new Set(['2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']));
    expect(before).toEqual(sortRows(direct));

    // a re-run of (REPORT, partition) for a day already done: deletes and writes the same rows
    const parts = await queryRows<{ from_customer_id: string; to_customer_id: string; customer_ids: string | null; bank_key: string }>(
      app.ctx.db,
      sql`SELECT from_customer_id::text, to_customer_id::text, customer_ids::text, bank_key::text FROM eod_partitions WHERE business_date = DATE '2026-01-02'`,
    );
    expect(parts.length).toBeGreaterThan(0);
    for (const p of parts) {
      const partition: CustomerPartition = {
        fromCustomerId: Number(p.from_customer_id),
        toCustomerId: Number(p.to_customer_id),
        customerIds: p.customer_ids ? p.customer_ids.replace(/[{}]/g, '').split(',').map(Number) : null,
        bankKey: Number(p.bank_key),
      };
      expect(await withTx(app.ctx.db, (tx) => eodReport(tx, '2026-01-02', partition))).toBeGreaterThan(0);
    }
    expect(sortRows(await aggregate())).toEqual(before);
  }, 300_000);
});
