/**
 * Browser test (issue 15 §3): a branch head (head1, 吴强, 鼓楼支行) records in 典型与问责 an interview of
 * their officer (officer1, 周伟) ranked last — attendees picked from the staff list plus an external one,
 * one commitment — then opens it, adds a follow-up marking the commitment done, sees it closed, and the
 * list shows it. Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, pickAntdOption, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('interview screens', () => {
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

  it('a branch head records an interview with attendees and a commitment, follows it up, and the list shows it', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('head1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-supervision').click();
    await page.getByTestId('sup-interviews-table').waitFor();

    await page.getByTestId('sup-interview-new').click();
    await page.getByTestId('sup-interview-form').waitFor();
    await pickAntdOption(page, 'sup-unit-staff', '周伟');
    await page.getByTestId('sup-iv-rank').fill('倒数第 1 名');
    await page.getByTestId('sup-iv-summary').fill('三季度线上贷款新增排名末位，约谈客户经理');
    // 吴强 (the recorder) is an attendee by default; 周伟 is added from the staff list, and one from outside
    await pickAntdOption(page, 'sup-iv-attendees', '周伟');
    await page.keyboard.press('Escape');
    await page.getByTestId('sup-iv-external').locator('input').fill('总行零售业务部 王主任');
    await page.keyboard.press('Enter');
    await page.getByTestId('sup-iv-commitment-0').fill('一个月内新增线上贷款 20 户');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interview-form.png') });
    await page.getByTestId('sup-interview-submit').click();

    const table = page.getByTestId('sup-interviews-table');
    const row = table.locator('tr', { hasText: '周伟（鼓楼支行）' });
    await row.waitFor();
    expect(await row.innerText()).toContain('约谈');
    expect(await row.innerText()).toContain('倒数第 1 名');
    expect(await row.innerText()).toContain('跟进中');

    await row.getByRole('link', { name: '周伟（鼓楼支行）' }).click();
    const detail = page.getByTestId('sup-interview-detail');
    await detail.waitFor();
    const attendees = await page.getByTestId('sup-interview-attendees').innerText();
    expect(attendees).toContain('吴强');
    expect(attendees).toContain('周伟');
    expect(attendees).toContain('总行零售业务部 王主任');
    expect(await page.getByTestId('sup-commitments').innerText()).toContain('一个月内新增线上贷款 20 户');

    await page.getByTestId('sup-followup-text').fill('已新增线上贷款 22 户，承诺完成');
    await pickAntdOption(page, 'sup-followup-status-1', '已完成');
    await page.getByTestId('sup-followup-submit').click();
    await expect.poll(async () => page.getByTestId('sup-followups').innerText()).toContain('已新增线上贷款 22 户，承诺完成');
    await expect.poll(async () => page.getByTestId('sup-interview-status').innerText()).toContain('已办结');
    expect(await page.getByTestId('sup-commitment-status-1').innerText()).toContain('已完成');
    expect(await page.getByTestId('sup-followup-form').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interview-detail.png') });

    await page.getByRole('link', { name: '返回列表' }).click();
    const again = page.getByTestId('sup-interviews-table').locator('tr', { hasText: '周伟（鼓楼支行）' });
    await again.waitFor();
    await expect.poll(async () => again.innerText()).toContain('已办结');
    await context.close();
  });
});
