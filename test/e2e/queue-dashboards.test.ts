/**
 * Browser test of the queue dashboards (issue 15 §2): a 信e贷 loan downgraded to 可疑 (an inspector's
 * downgrade approved by an approver) gets a collection case at end-of-day, and a second downgrade (to
 * 损失) waits for the approver. The inspector's home opens on the risk queue: open alerts by colour,
 * collection cases, inspection tasks — each the number the API gives. The approver's home opens on the
 * review queue: what they may check, the pending requests, the manual-approval queue and the feedback
 * tickets — each the number the API gives — with the per-type chart drawn. A lobby staff member granted
 * the inspector's role (through review) gets a tab per dashboard, in the order of their roles.
 * Screenshots go to test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { addDays } from '../../src/kernel/index.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';
import { openXinEDaiLoan } from '../support/lending.js';

type Client = ReturnType<typeof client>;

describe.skipIf(!hasBrowser() || !webBuilt())('queue dashboards in the browser', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let inspector: Client;
  let approver: Client;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    const loanId = await openXinEDaiLoan(
      officer,
      approver,
      { name: '郑看板', idNumber: makeIdNumber('37081219830311444'), mobile: '13953762301' },
      '20000.00',
      'dash-queue',
    );
    const down = await inspector.post(`/api/v1/loans/${loanId}/classification-downgrade`, { to: 'DOUBTFUL', reason: '借款人失联' });
    expect(down.statusCode, down.body).toBe(202);
    expect((await approver.post(`/api/v1/review/requests/${down.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    const bd = (await admin.get('/api/v1/business-date')).json().businessDate as string;
    const eod = await admin.post('/api/v1/eod/run', { to: addDays(bd, 1) });
    expect(eod.statusCode, eod.body).toBe(200);
    const again = await inspector.post(`/api/v1/loans/${loanId}/classification-downgrade`, { to: 'LOSS', reason: '担保落空' });
    expect(again.statusCode, again.body).toBe(202);
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

  /** The figure's value once loaded, as the card carries it (data-value) and as it shows it. */
  async function figure(page: Page, testId: string): Promise<{ value: string; text: string }> {
    const card = page.getByTestId(testId);
    await expect.poll(async () => card.getAttribute('data-value'), { timeout: 20_000 }).not.toBe('');
    return { value: (await card.getAttribute('data-value'))!, text: (await page.getByTestId(`${testId}-text`).innerText()).trim() };
  }
  const total = async (c: Client, url: string) => {
    const res = await c.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return String(res.json().total);
  };

  it('the inspector’s home is the risk queue, each count the one the API gives', async () => {
    const page = await consolePage('inspector1');
    await page.getByTestId('dashboard-inspector').waitFor();
    for (const level of ['YELLOW', 'ORANGE', 'RED']) {
      const want = await total(inspector, `/api/v1/risk/alerts?status=OPEN&level=${level}&pageSize=1`);
      expect(await figure(page, `dash-alerts-${level}`)).toEqual({ value: want, text: want });
    }
    const cases = await total(inspector, '/api/v1/collection/cases?status=OPEN&pageSize=1');
    expect(Number(cases)).toBeGreaterThanOrEqual(1);
    expect(await figure(page, 'dash-collection-open')).toEqual({ value: cases, text: cases });
    const insp = (await inspector.get('/api/v1/inspections/summary')).json();
    expect((await figure(page, 'dash-inspections-open')).value).toBe(String(insp.openTasks));
    expect((await figure(page, 'dash-inspections-overdue')).value).toBe(String(insp.overdueTasks));
    expect((await figure(page, 'dash-inspections-recheck')).value).toBe(String(insp.findingsToRecheck));
    await page.getByTestId('dash-chart-alert-trend').locator('canvas').waitFor();
    // the work cards the inspector had on the home page are still there
    await page.getByTestId('home-card-inspection-tasks').waitFor();
    await page.getByTestId('home-card-risk-queue').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-inspector.png'), fullPage: true });
  }, 180_000);

  it('the approver’s home is the review queue, the manual-approval queue and the feedback tickets, each the number the API gives', async () => {
    const page = await consolePage('approver1');
    await page.getByTestId('dashboard-approver').waitFor();
    const summary = (await approver.get('/api/v1/review/summary')).json();
    expect(summary.checkable).toBeGreaterThanOrEqual(1); // the downgrade to 损失
    expect(await figure(page, 'dash-review-checkable')).toEqual({ value: String(summary.checkable), text: String(summary.checkable) });
    expect((await figure(page, 'dash-review-pending')).value).toBe(String(summary.pending));
    expect((await figure(page, 'dash-review-mine-waiting')).value).toBe(String(summary.mineWaiting));
    for (const [testId, status] of [
      ['dash-applications-referred', 'REFERRED'],
      ['dash-applications-manual', 'MANUAL_REVIEW'],
    ]) {
      expect((await figure(page, testId)).value).toBe(await total(approver, `/api/v1/applications?status=${status}&pageSize=1`));
    }
    const stats = (await approver.get('/api/v1/feedback/stats')).json();
    expect((await figure(page, 'dash-feedback-open')).value).toBe(String(stats.open));
    expect((await figure(page, 'dash-feedback-handling')).value).toBe(String(stats.handling));
    expect((await figure(page, 'dash-feedback-overdue')).value).toBe(String(stats.overdue));
    // the per-type chart draws one bar per type and series (pending, checkable)
    const chart = page.getByTestId('dash-chart-review-types-box');
    await chart.locator('canvas').waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBe(summary.byType.length * 2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-approver.png'), fullPage: true });
  }, 180_000);

  it('gives a person with two roles a tab per dashboard, the first role’s first, each with its own figures', async () => {
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const admin2 = client(app.server, await loginAs(app.server, 'admin2'));
    const lobbyId = (await staffIdByUsername(app.ctx.db, 'lobby1'))!;
    const grant = await admin.post(`/api/v1/staff/${lobbyId}/roles`, { role: 'inspector' });
    expect(grant.statusCode, grant.body).toBe(202);
    expect((await admin2.post(`/api/v1/review/requests/${grant.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    const lobby = client(app.server, await loginAs(app.server, 'lobby1'));
    const me = (await lobby.get('/api/v1/auth/me')).json();
    expect(me.user.roles).toEqual(['inspector', 'lobby_staff']);

    const page = await consolePage('lobby1');
    await page.getByTestId('home-dashboard-tabs').waitFor();
    const tabs = await page.locator('[data-testid^="home-tab-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(tabs).toEqual(['home-tab-inspector', 'home-tab-lobby_staff']);
    // the first role's dashboard is the one open
    await page.getByTestId('dashboard-inspector').waitFor();
    const red = await total(lobby, '/api/v1/risk/alerts?status=OPEN&level=RED&pageSize=1');
    expect((await figure(page, 'dash-alerts-RED')).value).toBe(red);
    await page.getByTestId('home-tab-lobby_staff').click();
    await page.getByTestId('dashboard-overview').waitFor();
    const open = await total(lobby, '/api/v1/lobby/tasks?status=OPEN&pageSize=1');
    expect(await figure(page, 'dash-lobby-open')).toEqual({ value: open, text: open });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-two-roles.png'), fullPage: true });
  }, 180_000);
});
