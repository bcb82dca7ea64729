/**
 * Browser test of the collection screens (issue 13 §6): a 信e贷 loan downgraded to 次级 (through the
 * API: an inspector's downgrade approved by an approver) gets a collection case at end-of-day; the
 * loan officer submits a plan (一户一策) through the API; in the console the branch head finds the
 * case in 不良清收, sees the plan waiting for review, approves it from 复核 and reads it approved on the
 * case page, with the timeline; after a repayment it reads the NPL reduction (不良压降) the API gives and
 * exports it. Screenshots go to test-results/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import type { HuinongApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { addDays } from '../../src/kernel/index.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, launchBrowser } from '../support/browser.js';
import { openXinEDaiLoan } from '../support/lending.js';

const SHOTS = path.resolve('test-results/screenshots');
const webBuilt = existsSync(path.join(testConfig().webDir, 'index.html'));

describe.skipIf(!hasBrowser() || !webBuilt)('collection screens in the browser', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let caseId = 0;
  let requestId = 0;
  let planId = 0;
  let loanId = 0;

  beforeAll(async () => {
    app = await createTestApp('pglite');
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = (await launchBrowser())!;
    await mkdir(SHOTS, { recursive: true });
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const inspector = client(app.server, await loginAs(app.server, 'inspector1'));

    loanId = await openXinEDaiLoan(
      officer,
      approver,
      { name: '周清收', idNumber: makeIdNumber('37081219820708333'), mobile: '13953762201' },
      '30000.00',
      'coll-e2e',
    );
    const customerId = (await officer.get(`/api/v1/loans/${loanId}`)).json().customerId;
    const down = await inspector.post(`/api/v1/loans/${loanId}/classification-downgrade`, {
      to: 'DOUBTFUL',
      reason: '借款人失联，担保落空',
    });
    expect(down.statusCode, down.body).toBe(202);
    expect((await approver.post(`/api/v1/review/requests/${down.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    const bd = (await admin.get('/api/v1/business-date')).json().businessDate as string;
    const eod = await admin.post('/api/v1/eod/run', { to: addDays(bd, 1) });
    expect(eod.statusCode, eod.body).toBe(200);
    const cases = (await officer.get(`/api/v1/collection/cases?customerId=${customerId}`)).json();
    expect(cases.total).toBe(1);
    caseId = cases.items[0].id;
    const plan = await officer.post(`/api/v1/collection/cases/${caseId}/plans`, {
      summary: '上门催收并向保证人追偿，三个月内不能收回则起诉',
      methods: [
        { method: 'CASH_COLLECTION', targetAmount: '10000.00', targetDate: addDays(bd, 60) },
        { method: 'LITIGATION', targetAmount: '20000.00', targetDate: addDays(bd, 180), note: '兖州区人民法院' },
      ],
    });
    expect(plan.statusCode, plan.body).toBe(202);
    requestId = plan.json().reviewRequestId;
    planId = plan.json().planId;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function consolePage(username: string): Promise<Page> {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    return page;
  }

  it('a branch head finds the case, approves the officer’s collection plan from the review screen, and reads it approved on the case page', async () => {
    const head = await consolePage('head1');
    await head.getByTestId('menu-collection').click();
    await head.getByTestId(`case-link-${caseId}`).click();
    await expect.poll(async () => head.getByTestId(`plan-status-${planId}`).getAttribute('data-status')).toBe('PENDING');
    expect(await head.getByTestId('case-status').getAttribute('data-status')).toBe('OPEN');
    await head.screenshot({ path: path.join(SHOTS, 'collection-case-pending-plan.png'), fullPage: true });

    await head.getByTestId('menu-review').click();
    await head.getByTestId(`review-row-${requestId}`).click();
    await head.getByTestId('review-approve').click();
    await head.getByTestId(`review-row-${requestId}`).waitFor({ state: 'detached' });

    await head.getByTestId('menu-collection').click();
    await head.getByTestId(`case-link-${caseId}`).click();
    await expect.poll(async () => head.getByTestId(`plan-status-${planId}`).getAttribute('data-status')).toBe('APPROVED');
    const plan = await head.getByTestId(`plan-${planId}`).innerText();
    expect(plan).toContain('诉讼清收');
    expect(plan).toContain('吴强'); // approved by the branch head himself
    expect(await head.getByTestId('case-timeline').innerText()).toContain('批准清收方案');
    await head.screenshot({ path: path.join(SHOTS, 'collection-case-approved-plan.png'), fullPage: true });

    // the API agrees: approved by the branch head, who did not make it
    const view = (await client(app.server, await loginAs(app.server, 'head1')).get(`/api/v1/collection/cases/${caseId}`)).json();
    expect(view.plans).toEqual([
      expect.objectContaining({ id: planId, status: 'APPROVED', approvedByName: '吴强', proposedByName: '周伟' }),
    ]);
  }, 180_000);

  it('the branch head reads the NPL reduction of the year by method on 不良压降 — the figures the API gives — and exports it to Excel', async () => {
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const paid = await officer.post(
      `/api/v1/loans/${loanId}/repayments`,
      { amount: '300.00', mode: 'EARLY_PARTIAL' },
      { 'idempotency-key': 'coll-e2e-rp' },
    );
    expect(paid.statusCode, paid.body).toBe(201);
    const bd = (await admin.get('/api/v1/business-date')).json().businessDate as string;
    expect((await admin.post('/api/v1/eod/run', { to: addDays(bd, 1) })).statusCode).toBe(200);
    const to = addDays(bd, 1);
    const report = (
      await client(app.server, await loginAs(app.server, 'head1')).get(
        `/api/v1/collection/npl-reduction?from=${to.slice(0, 4)}-01-01&to=${to}`,
      )
    ).json();
    // the repayment's principal is cash collection (interest first, so at most the 300.00 paid)
    expect(Number(report.total.cash)).toBeGreaterThan(0);
    expect(Number(report.total.cash)).toBeLessThanOrEqual(300);

    const head = await consolePage('head1');
    await head.getByTestId('menu-collection').click();
    await head.getByTestId('npl-reduction-link').click();
    const table = head.getByTestId('reduction-table');
    const total = table.locator('tr[data-row-key="total"]');
    await total.waitFor();
    const cells = async (row: typeof total) => (await row.locator('td').allInnerTexts()).map((c) => c.replace(/,/g, '').trim());
    // columns: branch, cash, restructuring, write-off, upgrade, total, loans
    expect((await cells(total)).slice(1)).toEqual([
      report.total.cash,
      report.total.restructuring,
      report.total.writeOff,
      report.total.upgrade,
      report.total.total,
      String(report.total.loans),
    ]);
    const branch = report.rows[0] as { branchId: number; branchName: string; cash: string };
    const row = await cells(table.locator(`tr[data-row-key="${branch.branchId}"]`));
    expect(row[0]).toBe(branch.branchName);
    expect(row[1]).toBe(branch.cash);
    await head.screenshot({ path: path.join(SHOTS, 'collection-npl-reduction.png'), fullPage: true });

    const [download] = await Promise.all([head.waitForEvent('download'), head.getByTestId('list-export').click()]);
    expect(download.suggestedFilename()).toBe(`不良压降_${to.slice(0, 4)}-01-01_${to}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header[0]).toContain('机构');
    const texts: string[] = [];
    sheet.eachRow((r) =>
      texts.push(
        (r.values as unknown[])
          .slice(1)
          .map((v) => String(v ?? ''))
          .join('|'),
      ),
    );
    expect(texts.some((t) => t.includes(branch.branchName))).toBe(true);
  }, 180_000);
});
