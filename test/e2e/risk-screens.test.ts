/**
 * Browser tests of the risk screens (issue 13 §2, §8): an inspector works an orange alert from the
 * home page's work queue to closure — follow-ups recorded on the alert page's timeline, then the level
 * drops at end of day and the alert closes; and a customer whose line a red alert froze sees on the
 * mobile line page why and whom to call, never the internal rule. The day's warning levels are handed
 * to the step as an SQL fragment (as the warning step will). Screenshots go to test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql, type SQL } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, withTx } from '../../src/db/client.js';
import { addDays } from '../../src/kernel/dates.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { eodAlerts } from '../../src/modules/risk/index.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, latestOtp, pickAntdOption, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';
import { CONSENTS } from '../support/lending.js';

const SHOTS = SCREENSHOTS;

describe.skipIf(!hasBrowser() || !webBuilt())('risk screens in the browser', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let BD: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    BD = await getBusinessDate(app.ctx.db);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openLine(customer: { name: string; idNumber: string; mobile: string }): Promise<{ lineId: number; customerId: number }> {
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const a = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...customer, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '8000.00' },
      requestedAmount: '30000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(a.json().status, a.body).toBe('APPROVED');
    const lineId = a.json().creditLineId as number;
    return { lineId, customerId: (await officer.get(`/api/v1/credit-lines/${lineId}`)).json().customerId as number };
  }

  /** End of day's step ALERT for one customer, with the day's level (null: no rule fires). */
  async function alertStep(D: string, customerId: number, level: 'ORANGE' | 'RED' | null): Promise<void> {
    const rules = JSON.stringify([{ code: level === 'RED' ? 'DPD_OVER_90' : 'DPD_31_90', level, evidence: { dpd: 31 } }]);
    const levels: SQL = level
      ? sql`SELECT ${customerId}::bigint AS customer_id, ${level}::text AS level, ${rules}::jsonb AS rules`
      : sql`SELECT NULL::bigint AS customer_id, NULL::text AS level, NULL::jsonb AS rules WHERE false`;
    await withTx(app.ctx.db, (tx) =>
      eodAlerts(tx, D, { fromCustomerId: customerId, toCustomerId: customerId + 1, customerIds: [customerId], bankKey: -1 }, levels),
    );
  }

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

  it('an inspector works an orange alert from the work queue to closure: follow-ups on the timeline, then the level drops and the alert closes', async () => {
    const { customerId } = await openLine({ name: '冯晓东', idNumber: makeIdNumber('37081219860707413'), mobile: '13905378811' });
    await alertStep(BD, customerId, 'ORANGE');
    const alertId = Number(
      (await queryOne<{ id: string }>(
        app.ctx.db,
        sql`SELECT id::text AS id FROM risk_alerts WHERE customer_id = ${customerId} AND status = 'OPEN'`,
      ))!.id,
    );

    const page = await consolePage('inspector1');
    // the home page's work queue lists the alert by its deadline
    const queued = page.getByTestId(`home-risk-${alertId}`);
    await queued.waitFor().catch(async (e) => {
      await page.screenshot({ path: path.join(SHOTS, '60-risk-home-queue-missing.png') });
      throw e;
    });
    expect(await queued.innerText()).toContain(addDays(BD, 3));
    await page.screenshot({ path: path.join(SHOTS, '60-risk-home-queue.png') });
    await queued.locator('a').click();
    await page.getByTestId('risk-timeline').waitFor();
    expect(await page.getByTestId('risk-alert-level').getAttribute('data-level')).toBe('ORANGE');
    expect(await page.getByTestId('risk-event-RAISED').innerText()).toContain('DPD_31_90');

    // two follow-ups: a visit, then a next step
    await pickAntdOption(page, 'risk-followup-kind', '走访');
    await page.getByTestId('risk-followup-text').fill('上门走访，客户称货款下周到账');
    await page.getByTestId('risk-followup-submit').click();
    await expect.poll(async () => page.getByTestId('risk-event-FOLLOW_UP').count()).toBe(1);
    await pickAntdOption(page, 'risk-followup-kind', '下一步');
    await page.getByTestId('risk-followup-text').fill('约定三日内还清逾期款项');
    await page.getByTestId('risk-followup-submit').click();
    await expect.poll(async () => page.getByTestId('risk-event-FOLLOW_UP').count()).toBe(2);
    const timeline = await page.getByTestId('risk-timeline').innerText();
    expect(timeline).toContain('跟进 · 走访');
    expect(timeline).toContain('跟进 · 下一步');
    expect(timeline).toContain('孙丽');
    await page.screenshot({ path: path.join(SHOTS, '61-risk-alert-follow-ups.png'), fullPage: true });

    // the customer repays: at the next end of day no rule fires and the alert closes
    await alertStep(addDays(BD, 1), customerId, null);
    await page.reload();
    await page.getByTestId('risk-timeline').waitFor();
    await expect.poll(async () => page.getByTestId('risk-alert-status').innerText()).toContain('已关闭');
    expect(await page.getByTestId('risk-event-CLOSED').count()).toBe(1);
    expect(await page.getByTestId('risk-followup-submit').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '62-risk-alert-closed.png'), fullPage: true });

    // the list shows it closed too
    await page.getByTestId('menu-risk').click();
    await page.getByTestId('risk-alerts-table').waitFor();
    await page.getByTestId('risk-filter-status').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '已关闭' }).click();
    await page.getByTestId('risk-search').click();
    await page.getByTestId(`risk-alert-row-${alertId}`).waitFor();
    await page.context().close();
  });

  it("the mobile line page shows a frozen line's notice and whom to call, never the internal rule", async () => {
    const customer = { name: '褚云飞', idNumber: makeIdNumber('37081219850808314'), mobile: '13905378812' };
    const { lineId, customerId } = await openLine(customer);
    await alertStep(BD, customerId, 'RED');

    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(`${base}/m/lines/${lineId}`);
    await page.getByTestId('m-name').fill(customer.name);
    await page.getByTestId('m-id').fill(customer.idNumber);
    await page.getByTestId('m-mobile').fill(customer.mobile);
    await page.getByTestId('m-otp-send').click();
    await page.getByTestId('m-otp').fill(await latestOtp(app.server, customer.mobile));
    await page.getByTestId('m-identify-submit').click();

    const notice = page.getByTestId('m-line-frozen-notice');
    await notice.waitFor().catch(async (e) => {
      await page.screenshot({ path: path.join(SHOTS, '63-mobile-frozen-notice-missing.png') });
      throw e;
    });
    await page.screenshot({ path: path.join(SHOTS, '63-mobile-frozen-notice.png') });
    const text = await notice.innerText();
    expect(text).toContain('暂停使用');
    expect(text).toContain('周伟');
    expect(text).not.toContain('DPD');
    expect(await page.locator('body').innerText()).not.toContain('DPD_OVER_90');
    expect(await page.getByTestId('m-draw-amount').count()).toBe(0);
    await ctx.close();
  });
});
