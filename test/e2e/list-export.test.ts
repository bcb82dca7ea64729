/**
 * Browser test of the one list mechanism: on the console's loan list a banker filters, clicks
 * 导出 Excel and gets a workbook holding exactly the rows of the list under that filter — Chinese
 * headers, the customer's name masked — downloaded with the session of the console. Column
 * settings hide a column but never the fixed key columns.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, startBrowserApp, webBuilt } from '../support/browser.js';

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };

type Api = ReturnType<typeof client>;

describe.skipIf(!hasBrowser() || !webBuilt())('every console list can be exported', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let officer: Api;
  const loanIds: number[] = [];
  let customerId = 0;
  const borrower = { name: '欧阳秀英', idNumber: makeIdNumber('37081219870416752'), mobile: '13905376651' };
  const other = { name: '赵国强', idNumber: makeIdNumber('37081219820921653'), mobile: '13905376652' };

  /** A credit line for the person (one application each). */
  async function creditLine(who: { name: string; idNumber: string; mobile: string }): Promise<number> {
    const res = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '30000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    const a = res.json();
    expect(a.status, res.body).toBe('APPROVED');
    return a.creditLineId as number;
  }

  async function drawLoan(creditLineId: number, amount: string, key: string): Promise<number> {
    const d = await officer.post(
      `/api/v1/credit-lines/${creditLineId}/drawdowns`,
      { amount, termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': key },
    );
    expect(d.statusCode, d.body).toBe(201);
    return d.json().loanId as number;
  }

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    const line = await creditLine(borrower);
    loanIds.push(await drawLoan(line, '10000.00', 'list-export-1'));
    loanIds.push(await drawLoan(line, '8000.00', 'list-export-2'));
    await drawLoan(await creditLine(other), '5000.00', 'list-export-3');
    customerId = (await officer.get(`/api/v1/loans/${loanIds[0]}`)).json().customerId as number;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function consolePage(username: string): Promise<Page> {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    return page;
  }

  it('导出 Excel on the loan list downloads the filtered rows as a workbook with Chinese headers and masked names', async () => {
    const page = await consolePage('officer1');
    await page.getByTestId('menu-loans').click();
    await page.getByTestId(`loan-row-${loanIds[0]}`).waitFor();
    const filter = page.getByTestId('loans-filter-customer');
    await ((await filter.evaluate((e) => e.tagName)) === 'INPUT' ? filter : filter.locator('input')).fill(String(customerId));
    await page.getByTestId('loans-search').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="loan-row-"]').length === 2);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('list-export').click()]);
    expect(download.suggestedFilename()).toBe('贷款列表.xlsx');
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));

    const json = (await officer.get(`/api/v1/loans?customerId=${customerId}&pageSize=200`)).json() as {
      items: Array<{ id: number; customerNameMasked: string; principal: string }>;
    };
    expect(rows[0].slice(0, 6)).toEqual(['贷款编号', '客户', '客户编号', '产品', '贷款金额（元）', '贷款余额（元）']);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(json.items.map((i) => i.id));
    expect(
      rows
        .slice(1)
        .map((r) => Number(r[0]))
        .sort(),
    ).toEqual([...loanIds].sort());
    expect(rows.slice(1).map((r) => r[1])).toEqual(json.items.map((i) => i.customerNameMasked));
    expect(rows.slice(1).map((r) => r[4])).toEqual(json.items.map((i) => i.principal));
    expect(JSON.stringify(rows)).not.toContain(borrower.name);
    await page.context().close();
  }, 120_000);

  it('column settings hide a column of the list but never its fixed key columns', async () => {
    const page = await consolePage('officer1');
    await page.getByTestId('menu-loans').click();
    await page.getByTestId(`loan-row-${loanIds[0]}`).waitFor();
    const headers = () => page.getByTestId('loans-table').locator('thead th').allInnerTexts();
    expect(await headers()).toContain('经办机构');
    await page.getByTestId('list-columns').click();
    await page.getByTestId('list-columns-panel').waitFor();
    const panel = page.getByTestId('list-columns-panel');
    expect(await panel.getByRole('checkbox', { name: '贷款编号' }).isDisabled()).toBe(true);
    await panel.getByRole('checkbox', { name: '经办机构' }).click();
    await expect.poll(headers).not.toContain('经办机构');
    expect(await headers()).toEqual(expect.arrayContaining(['贷款编号', '客户', '贷款状态', '五级分类']));
    await page.context().close();
  }, 120_000);
});
