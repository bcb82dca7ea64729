/**
 * Browser test of 预警处置时限: a parameter manager reads the default deadlines (red 1, orange 3,
 * yellow 7 business days), proposes orange 2 and sees the diff before submitting; a second parameter
 * manager opens the review inbox, reads the same diff and approves; the page then shows version 2 with
 * the new orange deadline. Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('console: alert deadline parameters', () => {
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

  it('a parameter manager proposes a shorter orange deadline, a second approves it in the review inbox, and the new deadline shows', async () => {
    const maker = await consolePage('param1');
    await maker.getByTestId('menu-risk-params').click();
    await expect.poll(async () => maker.getByTestId('rap-current-orangeDays').innerText()).toBe('3 个营业日');
    expect(await maker.getByTestId('rap-current-redDays').innerText()).toBe('1 个营业日');
    expect(await maker.getByTestId('rap-current-yellowDays').innerText()).toBe('7 个营业日');

    await maker.getByTestId('rap-propose-open').click();
    const orange = maker.getByTestId('rap-orangeDays');
    await expect.poll(async () => orange.inputValue()).toBe('3');
    await orange.fill('2');
    await expect.poll(async () => maker.getByTestId('rap-diff-orangeDays').innerText()).toBe('橙色预警处置时限：3 个营业日 → 2 个营业日');
    await maker.getByTestId('rap-submit').click();
    const note = maker.getByTestId('rap-submitted');
    await note.waitFor();
    const requestId = Number(/#(\d+)/.exec(await note.innerText())![1]);
    // not in force before the second person approves
    expect(await maker.getByTestId('rap-current-orangeDays').innerText()).toBe('3 个营业日');
    await maker.screenshot({ path: path.join(SCREENSHOTS, 'risk-params-01-submitted.png') });

    const checker = await consolePage('param2');
    await checker.getByTestId('menu-review').click();
    await checker.getByTestId(`review-row-${requestId}`).click();
    const diff = checker.getByTestId('review-diff');
    await diff.waitFor();
    expect(await diff.innerText()).toContain('橙色预警处置时限');
    await checker.getByTestId('review-approve').click();
    await checker.getByTestId(`review-row-${requestId}`).waitFor({ state: 'detached' });

    await checker.getByTestId('menu-risk-params').click();
    await expect.poll(async () => checker.getByTestId('rap-current-orangeDays').innerText()).toBe('2 个营业日');
    expect(await checker.getByTestId('rap-version').innerText()).toBe('第 2 版');
    expect(await checker.getByTestId('rap-history').innerText()).toContain(`#${requestId}`);
    await checker.screenshot({ path: path.join(SCREENSHOTS, 'risk-params-02-approved.png') });
  });
});
