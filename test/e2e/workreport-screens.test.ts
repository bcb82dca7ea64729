/**
 * Browser test: the executive (exec1) opens 经营管理 → 工作汇报, sees the period's figures as cards, tables
 * and the channel chart, and downloads the work report as Word (a .docx named for the period).
 * Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('work report screens', () => {
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

  it('shows the period figures and downloads the Word report', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('exec1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-workreport').click();
    await page.getByTestId('wr-period').waitFor();
    expect(await page.getByTestId('wr-period').innerText()).toContain('全行');
    expect(await page.getByTestId('wr-card-applications').innerText()).toContain('申请（笔）');
    await page.getByTestId('wr-sla').waitFor();
    expect(await page.getByTestId('wr-sla').innerText()).toContain('合计');
    expect(await page.getByTestId('wr-alerts').innerText()).toContain('红色');
    await page.getByTestId('wr-channel-chart').locator('canvas').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workreport-figures.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('wr-download-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/^线上贷款工作汇报-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.docx$/);
    await context.close();
  });
});
