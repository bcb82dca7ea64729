/**
 * Browser test of the origination lists on the one list mechanism: on 贷款申请, 人工审批 and 授信额度
 * a banker applies a filter, clicks 导出 Excel and gets a workbook holding exactly the rows of the list
 * under that filter — Chinese headers, the customer's name masked — downloaded with the console's session.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, pickAntdOption, startBrowserApp, webBuilt } from '../support/browser.js';
import { CONSENTS, type Applicant } from '../support/lending.js';

type Api = ReturnType<typeof client>;
type Row = { id: number; customerId: number; customerNameMasked: string | null };

describe.skipIf(!hasBrowser() || !webBuilt())('the origination lists can be exported', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let officer: Api;
  const approvedA: Applicant = { name: '司马文博', idNumber: makeIdNumber('37081219880412761'), mobile: '13905376761' };
  const approvedB: Applicant = { name: '上官婉清', idNumber: makeIdNumber('37081219890513762'), mobile: '13905376762' };
  const referred: Applicant = { name: '欧阳子墨', idNumber: makeIdNumber('37081219870614763'), mobile: '13905376763' };
  const everyone = [approvedA, approvedB, referred];
  const ids: Record<string, { id: number; creditLineId: number | null; customerId: number }> = {};

  async function apply(key: string, who: Applicant, amount: string, occupation = 'ENTERPRISE_EMPLOYEE', income = '8000.00') {
    const res = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...who, occupation, monthlyIncome: income },
      requestedAmount: amount,
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    const customerId = (await officer.get(`/api/v1/applications/${a.id}`)).json().customerId as number;
    ids[key] = { id: a.id, creditLineId: a.creditLineId, customerId };
    return a.status as string;
  }

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    expect(await apply('a', approvedA, '30000.00')).toBe('APPROVED');
    expect(await apply('b', approvedB, '20000.00')).toBe('APPROVED');
    expect(await apply('r', referred, '60000.00', 'CIVIL_SERVANT', '15000.00')).toBe('REFERRED');
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

  /** Clicks 导出 Excel and reads the downloaded workbook's first sheet as cell texts. */
  async function exportRows(page: Page, filename: string): Promise<string[][]> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('list-export').click()]);
    expect(download.suggestedFilename()).toBe(filename);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
    );
    return rows;
  }

  const rowCount = (page: Page, prefix: string, n: number) =>
    page.waitForFunction(([p, count]) => document.querySelectorAll(`[data-testid^="${p}"]`).length === count, [prefix, n] as const);

  function expectSame(rows: string[][], items: Row[], headers: string[]) {
    expect(rows[0].slice(0, headers.length)).toEqual(headers);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
    expect(rows.slice(1).map((r) => r[1])).toEqual(items.map((i) => i.customerNameMasked));
    const text = JSON.stringify(rows);
    for (const p of everyone) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.idNumber);
      expect(text).not.toContain(p.mobile);
    }
  }

  it('贷款申请: the status filter applies, and 导出 Excel downloads exactly the filtered applications', async () => {
    const page = await consolePage('officer1');
    await page.getByTestId('menu-applications').click();
    await page.getByTestId(`application-row-${ids.r.id}`).waitFor();
    await pickAntdOption(page, 'applications-status-filter', '已批准');
    await page.getByTestId(`application-row-${ids.r.id}`).waitFor({ state: 'detached' });
    await rowCount(page, 'application-row-', 2);
    const rows = await exportRows(page, '贷款申请.xlsx');
    const json = (await officer.get('/api/v1/applications?status=APPROVED&pageSize=200')).json() as { items: Row[] };
    expect(json.items.map((i) => i.id).sort()).toEqual([ids.a.id, ids.b.id].sort());
    expectSame(rows, json.items, ['申请编号', '客户', '客户编号', '产品']);
    // the applied filter is in the address: going back from an application shows the same list
    expect(new URL(page.url()).searchParams.get('status')).toBe('APPROVED');
    await page.getByTestId(`application-row-${ids.a.id}`).click();
    await page.waitForURL(/\/applications\/\d+/);
    await page.goBack();
    await page.getByTestId(`application-row-${ids.a.id}`).waitFor();
    await rowCount(page, 'application-row-', 2);
    expect(await page.getByTestId(`application-row-${ids.r.id}`).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('授信额度: a customer number filters the lines, and the export holds that customer’s lines only', async () => {
    const page = await consolePage('officer1');
    await page.getByTestId('menu-credit-lines').click();
    await page.getByTestId(`line-row-${ids.b.creditLineId}`).waitFor();
    const filter = page.getByTestId('lines-customer-filter');
    const input = (await filter.evaluate((e) => e.tagName)) === 'INPUT' ? filter : filter.locator('input');
    await input.fill(String(ids.a.customerId));
    await input.press('Enter');
    await page.getByTestId(`line-row-${ids.b.creditLineId}`).waitFor({ state: 'detached' });
    await rowCount(page, 'line-row-', 1);
    const rows = await exportRows(page, '授信额度.xlsx');
    const json = (await officer.get(`/api/v1/credit-lines?customerId=${ids.a.customerId}&pageSize=200`)).json() as { items: Row[] };
    expect(json.items.map((i) => i.id)).toEqual([ids.a.creditLineId]);
    expectSame(rows, json.items, ['额度编号', '客户', '客户编号', '申请编号', '产品']);
    await page.context().close();
  }, 120_000);

  it('人工审批: the queue exports under its status filter, as the approver sees it', async () => {
    const page = await consolePage('approver1');
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    await page.getByTestId('menu-referrals').click();
    await page.getByTestId(`referral-row-${ids.r.id}`).waitFor();
    await pickAntdOption(page, 'referrals-status-filter', '转人工审批');
    const json = (await approver.get('/api/v1/referrals?status=REFERRED&pageSize=200')).json() as { items: Row[] };
    expect(json.items.map((i) => i.id)).toContain(ids.r.id);
    await rowCount(page, 'referral-row-', json.items.length);
    const rows = await exportRows(page, '人工审批.xlsx');
    expectSame(rows, json.items, ['申请编号', '客户', '客户编号', '产品']);
    await page.context().close();
  }, 120_000);
});
