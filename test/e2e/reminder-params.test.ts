/**
 * Browser test: a parameter manager opens 还款提醒 → 提醒参数与模板, changes the days before due from 3
 * to 4 and submits it for review; the review request carries the readable diff and the parameters in
 * force stay version 1 until a second parameter manager approves. Screenshot in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('reminder parameters screen', () => {
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

  it('a parameter manager submits a change of the days before due for review', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('param1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-reminders').click();
    await page.getByTestId('reminders-table').waitFor();
    await page.getByTestId('rem-tab-params').click();
    const days = page.getByTestId('rem-days-before');
    await expect.poll(async () => days.inputValue()).toBe('3');
    await days.fill('4');
    await page.getByTestId('rem-params-submit').click();
    const note = page.getByTestId('rem-submitted');
    await note.waitFor();
    const id = Number(/#(\d+)/.exec(await note.innerText())![1]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reminder-params-submitted.png') });
    await context.close();

    const param2 = client(app.server, await loginAs(app.server, 'param2'));
    const request = (await param2.get(`/api/v1/review/requests/${id}`)).json();
    expect(request.status).toBe('PENDING');
    expect(request.diff).toEqual([{ field: 'daysBeforeDue', label: '到期前提醒天数', before: '到期前 3 天', after: '到期前 4 天' }]);
    expect((await param2.get('/api/v1/reminders/params')).json().current).toMatchObject({ version: 1, daysBeforeDue: 3 });
  });
});
