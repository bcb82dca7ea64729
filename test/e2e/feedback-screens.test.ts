/**
 * Browser tests of issue 13's feedback loop and AB-role data collection: the inspector raises a
 * feedback ticket from 问题反馈 and sees it in their home card and the statistics sentence; the
 * administrator (数据科技部) accepts it on the ticket page; the loan officer submits a customer profile
 * change from the customer drawer, which changes nothing until the approver approves it, after which
 * the drawer shows the new value and its history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('feedback tickets and the customer cross-check in the browser', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
  }, 300_000);
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

  let ticketId: number;
  it('the inspector raises a ticket and sees it counted', async () => {
    const page = await consolePage('inspector1');
    await page.getByTestId('home-card-my-feedback').waitFor();
    await page.getByTestId('menu-feedback').click();
    await page.getByTestId('feedback-new').click();
    await page.getByTestId('feedback-title').fill('贷后检查任务列表加载慢');
    await page.getByTestId('feedback-description').fill('支行客户多时列表打开要十几秒。');
    await page.getByTestId('feedback-create-submit').click();
    const row = page.locator('[data-testid^="feedback-row-"]').first();
    await row.waitFor();
    ticketId = Number((await row.getAttribute('data-testid'))!.replace('feedback-row-', ''));
    await expect.poll(async () => page.getByTestId('feedback-stats-sentence').innerText()).toContain('反馈 1 项');
    await page.screenshot({ path: `${SCREENSHOTS}/feedback-list.png` });
    await page.context().close();
  });

  it('数据科技部 accepts it on the ticket page, and the timeline shows it', async () => {
    const page = await consolePage('admin');
    await page.goto(`${base}/feedback/${ticketId}`);
    await page.getByTestId('feedback-move-ACCEPTED').click();
    await expect.poll(async () => page.locator('[data-status="ACCEPTED"]').count()).toBeGreaterThan(1);
    await page.screenshot({ path: `${SCREENSHOTS}/feedback-ticket.png` });
    const api = client(app.server, await loginAs(app.server, 'admin'));
    expect((await api.get(`/api/v1/feedback/${ticketId}`)).json().status).toBe('ACCEPTED');
    await page.context().close();
  });

  it('a profile change from the customer drawer waits for the approver, then shows in the history', async () => {
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const customerId = (await officer.get('/api/v1/customers?q=13905371001')).json().items[0].id as number;
    const page = await consolePage('officer1');
    await page.getByTestId('menu-customers').click();
    await page.getByTestId(`customer-row-${customerId}`).click();
    await page.getByTestId('customer-profile-edit').click();
    await page.getByTestId('profile-occupation').fill('个体经营（农资）');
    await page.getByTestId('customer-profile-submit').click();
    await page.getByTestId('customer-profile-pending-alert').waitFor();
    expect((await officer.get(`/api/v1/customers/${customerId}`)).json().occupation).toBe('SELF_EMPLOYED');

    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const requestId = (await officer.get(`/api/v1/customers/${customerId}`)).json().pendingProfileChangeId as number;
    expect((await approver.post(`/api/v1/review/requests/${requestId}/approve`, {})).statusCode).toBe(200);

    await page.reload();
    await page.getByTestId('menu-customers').click();
    await page.getByTestId(`customer-row-${customerId}`).click();
    await expect.poll(async () => page.getByTestId('customer-drawer').innerText()).toContain('个体经营（农资）');
    await page.screenshot({ path: `${SCREENSHOTS}/customer-profile-history.png` });
    await page.context().close();
  });
});
