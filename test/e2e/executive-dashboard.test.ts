/**
 * Browser test of the executive's dashboard (issue 15 §2): a small portfolio (three 信e贷 loans of
 * different amounts, one downgraded to 可疑 through review) runs through three business days of
 * end-of-day. The executive logs in and the home page is the executive dashboard: the headline cards
 * carry the figures GET /api/v1/reports/headline gives for that date (balance, borrowers, NPL, NPL
 * ratio, each with its change since the start of the year), and the trend, product, branch and
 * campaign charts are drawn (a canvas, with series data). Picking an earlier business date shows that
 * date's headline. The branch head's home is their branch's headline (the route scopes it) with the
 * branch's queues; the officer's home is their own book with their work list and rank — each figure the
 * one the routes give that person. Screenshots go to test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { addDays } from '../../src/kernel/index.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { groupYuan } from '../../web/shared/money.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';
import { openXinEDaiLoan } from '../support/lending.js';

type Client = ReturnType<typeof client>;

const PEOPLE = [
  { name: '钱经营', idNumber: makeIdNumber('37081219790101551'), mobile: '13953762401', amount: '30000.00' },
  { name: '孙养殖', idNumber: makeIdNumber('37081219800202552'), mobile: '13953762402', amount: '50000.00' },
  { name: '李种植', idNumber: makeIdNumber('37081219810303553'), mobile: '13953762403', amount: '20000.00' },
];

describe.skipIf(!hasBrowser() || !webBuilt())('the executive dashboard in the browser', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let exec: Client;
  let firstDay = '';
  let lastDay = '';

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    const loans: number[] = [];
    for (const [i, p] of PEOPLE.entries()) {
      loans.push(
        await openXinEDaiLoan(officer, approver, { name: p.name, idNumber: p.idNumber, mobile: p.mobile }, p.amount, `exec-dash-${i}`),
      );
    }
    const down = await inspector.post(`/api/v1/loans/${loans[2]}/classification-downgrade`, { to: 'DOUBTFUL', reason: '借款人外出失联' });
    expect(down.statusCode, down.body).toBe(202);
    expect((await approver.post(`/api/v1/review/requests/${down.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    const bd = (await admin.get('/api/v1/business-date')).json().businessDate as string;
    for (let d = 1; d <= 3; d++) {
      const eod = await admin.post('/api/v1/eod/run', { to: addDays(bd, d) });
      expect(eod.statusCode, eod.body).toBe(200);
    }
    const latest = await exec.get('/api/v1/reports/headline');
    expect(latest.statusCode, latest.body).toBe(200);
    lastDay = latest.json().date;
    firstDay = addDays(lastDay, -2);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function consolePage(username: string): Promise<Page> {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    return page;
  }

  async function headline(date?: string) {
    const res = await exec.get(`/api/v1/reports/headline${date ? `?date=${date}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      date: string;
      onlineLoanBalance: string;
      balanceChangeYtd: string;
      borrowers: number;
      borrowersChangeYtd: number;
      nplBalance: string;
      nplBalanceChangeYtd: string;
      nplRatioPct: string;
      nplRatioChangeYtdPp: string;
      byProduct: unknown[];
      byBranch: unknown[];
    };
  }

  /** The four cards show the headline's figures: data-value as the API gave it and the text shown from it. */
  async function expectCards(page: Page, h: Awaited<ReturnType<typeof headline>>) {
    const cards: [string, string, string, string][] = [
      ['dash-headline-balance', h.onlineLoanBalance, groupYuan(h.onlineLoanBalance), h.balanceChangeYtd],
      ['dash-headline-borrowers', String(h.borrowers), String(h.borrowers), String(h.borrowersChangeYtd)],
      ['dash-headline-npl', h.nplBalance, groupYuan(h.nplBalance), h.nplBalanceChangeYtd],
      ['dash-headline-npl-ratio', h.nplRatioPct, `${h.nplRatioPct}%`, h.nplRatioChangeYtdPp],
    ];
    for (const [testId, value, text, change] of cards) {
      const card = page.getByTestId(testId);
      await expect.poll(async () => card.getAttribute('data-value'), { timeout: 20_000 }).toBe(value);
      expect((await page.getByTestId(`${testId}-text`).innerText()).trim()).toBe(text);
      expect(await card.getAttribute('data-change')).toBe(change);
    }
  }

  it('opens the executive’s home on the bank dashboard: the headline cards are the API’s figures and the charts are drawn with data', async () => {
    const h = await headline();
    // the portfolio is there: three loans, one of them NPL
    expect(h.borrowers).toBe(3);
    expect(Number(h.nplBalance)).toBeGreaterThan(0);
    const page = await consolePage('exec1');
    await page.getByTestId('dashboard-executive').waitFor();
    await expect.poll(async () => page.getByTestId('dashboard-executive').getAttribute('data-date')).toBe(h.date);
    await expectCards(page, h);
    // not the old overview (员工总数 / 机构数)
    expect(await page.getByTestId('home-card-staff').count()).toBe(0);

    for (const chart of ['dash-chart-trend', 'dash-chart-products', 'dash-chart-branches', 'dash-chart-campaign']) {
      const box = page.getByTestId(`${chart}-box`);
      await box.locator('canvas').waitFor({ timeout: 20_000 });
      expect(Number(await box.getAttribute('data-points')), chart).toBeGreaterThan(0);
    }
    // the product pie has a slice per product of the headline, the branch bars two series per branch
    expect(Number(await page.getByTestId('dash-chart-products-box').getAttribute('data-points'))).toBe(h.byProduct.length);
    expect(Number(await page.getByTestId('dash-chart-branches-box').getAttribute('data-points'))).toBe(h.byBranch.length * 2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-executive.png'), fullPage: true });
  }, 180_000);

  it('shows an earlier business date’s headline when the executive picks it', async () => {
    const earlier = await headline(firstDay);
    expect(earlier.date).toBe(firstDay);
    const page = await consolePage('exec1');
    await page.getByTestId('dashboard-executive').waitFor();
    await expect.poll(async () => page.getByTestId('dashboard-executive').getAttribute('data-date')).toBe(lastDay);
    const picker = page.getByTestId('dash-date');
    await picker.click();
    await picker.fill(firstDay);
    await picker.press('Enter');
    await expect.poll(async () => page.getByTestId('dashboard-executive').getAttribute('data-date')).toBe(firstDay);
    await expectCards(page, earlier);
  }, 180_000);

  it('opens the branch head’s home on their branch and the officer’s on their own book, each figure the one the routes give that person', async () => {
    const head = client(app.server, await loginAs(app.server, 'head1'));
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const get = async (c: Client, url: string) => {
      const res = await c.get(url);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    const headPage = await consolePage('head1');
    await headPage.getByTestId('dashboard-branch-head').waitFor();
    await expectCards(headPage, await get(head, '/api/v1/reports/headline'));
    const alerts = String((await get(head, '/api/v1/risk/alerts?status=OPEN&pageSize=1')).total);
    await expect.poll(async () => headPage.getByTestId('dash-branch-alerts').getAttribute('data-value')).toBe(alerts);
    const cases = String((await get(head, '/api/v1/collection/cases?status=OPEN&pageSize=1')).total);
    await expect.poll(async () => headPage.getByTestId('dash-branch-cases').getAttribute('data-value')).toBe(cases);
    const checkable = String((await get(head, '/api/v1/review/summary')).checkable);
    await expect.poll(async () => headPage.getByTestId('dash-branch-reviews').getAttribute('data-value')).toBe(checkable);
    await headPage.getByTestId('dash-chart-trend').locator('canvas').waitFor();
    await headPage.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-branch-head.png'), fullPage: true });

    const own = await get(officer, '/api/v1/reports/headline');
    // the officer opened all three loans: their book is the portfolio
    expect(own.borrowers).toBe(3);
    const page = await consolePage('officer1');
    await page.getByTestId('dashboard-officer').waitFor();
    await expectCards(page, own);
    const book = await get(officer, `/api/v1/reports/portfolio?date=${own.date}&groupBy=officer`);
    await expect.poll(async () => page.getByTestId('dash-officer-overdue').getAttribute('data-value')).toBe(book.items[0].overdueBalance);
    const work = String((await get(officer, '/api/v1/marketing/work-list?pageSize=1')).total);
    await expect.poll(async () => page.getByTestId('dash-officer-work-list').getAttribute('data-value')).toBe(work);
    const officerId = (await get(officer, '/api/v1/auth/me')).user.id;
    const ranking = await get(officer, `/api/v1/performance/rankings?level=OFFICER&from=${own.date.slice(0, 4)}-01-01&to=${own.date}`);
    const mine = ranking.rows.find((r: { unitId: number }) => r.unitId === officerId);
    expect(mine).toBeDefined();
    await expect.poll(async () => page.getByTestId('dash-officer-rank').getAttribute('data-value')).toBe(String(mine.rank));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-officer.png'), fullPage: true });
  }, 180_000);
});
