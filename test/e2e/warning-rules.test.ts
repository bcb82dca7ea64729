/**
 * Browser test of 预警规则: a parameter manager reads the rule catalogue with its default colours and
 * thresholds, changes the DPD orange band to 15 days from the next business date and submits it for
 * review; a second parameter manager approves; the version history then lists the scheduled version,
 * and the catalogue shown for the effective date has the new band.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { DEMO_PASSWORD, client, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('console: warning rules', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function login(page: Page, username: string) {
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
  }

  it('a parameter manager changes the DPD bands for review; once approved the version is scheduled from its date', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const page = await ctx.newPage();
    await login(page, 'param1');
    await page.getByTestId('menu-warning-rules').click();
    await page.getByTestId('wr-rule-DPD').waitFor();
    expect(await page.getByTestId('wr-thresholds-DPD').innerText()).toBe('逾期 1–30 天黄色，31–90 天橙色，91 天及以上红色');
    expect(await page.getByTestId('wr-thresholds-DEPOSIT_OUTFLOW').innerText()).toContain('余额下降超过 50 %');
    expect(await page.getByTestId('wr-version').innerText()).toContain('系统默认设置');

    await page.getByTestId('wr-edit-DPD').click();
    await page.getByTestId('wr-threshold-orangeFromDpd').fill('15');
    await page.getByTestId('wr-submit').click();
    await page.getByText('已提交复核').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'warning-rules-01-submitted.png') });

    const checker = client(app.server, await loginAs(app.server, 'param2'));
    const pending = (await checker.get('/api/v1/review/requests?status=PENDING')).json();
    const request = pending.items.find((r: { type: string }) => r.type === 'WARNING_RULES');
    expect(request).toBeDefined();
    expect(request.diff).toEqual([
      { field: 'DPD.thresholds.orangeFromDpd', label: '逾期天数：橙色：逾期天数达到', before: '31 天', after: '15 天' },
      { field: 'effectiveDate', label: '生效日期', before: null, after: expect.any(String) },
    ]);
    const approved = await checker.post(`/api/v1/review/requests/${request.id}/approve`, { comment: '同意' });
    expect(approved.statusCode, approved.body).toBe(200);

    await page.reload();
    await page.getByTestId('wr-version-state-1').waitFor();
    expect(await page.getByTestId('wr-version-state-1').getAttribute('data-status')).toBe('SCHEDULED');
    // still the defaults today
    expect(await page.getByTestId('wr-thresholds-DPD').innerText()).toContain('31–90 天橙色');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'warning-rules-02-scheduled.png') });
    await ctx.close();
  });
});
