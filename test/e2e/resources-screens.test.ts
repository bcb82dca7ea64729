/**
 * Browser test: in the console's 人员与设备 the branch head (head1) sees the branch's credit staff with the
 * month-end chart, registers a device, issues it to an officer of the branch (周伟), takes it back with its
 * condition and reads its history in the drawer. Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('resources screens', () => {
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

  it('a branch head sees the credit staff, registers a device, issues it to an officer, takes it back and reads its history', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('head1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-resources').click();

    const staffing = page.getByTestId('resources-staffing-table');
    await staffing.waitFor();
    await expect.poll(async () => staffing.innerText()).toContain('鼓楼支行');
    expect(await staffing.innerText()).toContain('周伟');
    await page.getByTestId('resources-staffing-chart').locator('canvas').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'resources-staffing.png') });

    await page.getByTestId('resources-tab-devices').click();
    await page.getByTestId('resources-device-new').click();
    await page.getByTestId('resources-device-assetNo').fill('GL-PAD-001');
    await page.getByTestId('resources-device-serialNo').fill('SN-E2E-0001');
    await page.getByTestId('resources-device-model').fill('华为 MatePad 11');
    await page.getByTestId('resources-device-branch').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^鼓楼支行$/ })
      .click();
    await page.getByTestId('resources-device-create-submit').click();

    const table = page.getByTestId('resources-devices-table');
    const row = table.locator('tr', { hasText: 'GL-PAD-001' });
    await row.waitFor();
    expect(await row.innerText()).toContain('在库');
    // (antd spaces a two-character label: 领 用; found by its test id)
    await row.locator('[data-testid^="resources-device-issue-"]').click();
    await page.getByTestId('resources-issue-staff').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '周伟' }).click();
    await page.getByTestId('resources-issue-submit').click();
    await expect.poll(async () => row.innerText()).toContain('已领用');
    expect(await row.innerText()).toContain('周伟');
    await expect.poll(async () => page.getByTestId('resources-device-totals').innerText()).toMatch(/已领用\s*1/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'resources-devices.png') });

    await row.locator('[data-testid^="resources-device-return-"]').click();
    await page.getByTestId('resources-return-condition').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '有损坏' }).click();
    await page.getByTestId('resources-return-submit').click();
    await expect.poll(async () => row.innerText()).toContain('已归还');

    await row.getByText('GL-PAD-001').click();
    const history = page.getByTestId('resources-device-history');
    await history.waitFor();
    await expect.poll(async () => history.innerText()).toContain('有损坏');
    const text = await history.innerText();
    expect(text).toContain('登记入库');
    expect(text).toContain('领用 · 周伟');
    expect(text).toContain('归还 · 周伟 · 有损坏');
    expect(text).toContain('经办人：吴强');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'resources-device-history.png') });
    await context.close();
  });
});
