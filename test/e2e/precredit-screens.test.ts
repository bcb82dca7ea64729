/**
 * Browser test: a branch head's pre-credit list, approved by an approver through the API, appears in the
 * console's 预授信 list with its counts; its page lists the people with their decision and status, and
 * the Excel export downloads. The branch head issues the batch's cards and prints them (a PDF with one
 * page per card); the holder opens the card's link on the mobile page, identifies with a one-time code and
 * activates: approved, the card is ACTIVATED and the batch page counts it. Screenshots in
 * test-results/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, latestOtp, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('pre-credit screens', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let batchId: number;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const headToken = await loginAs(app.server, 'head1');
    const csv = [
      '姓名,身份证号,手机号,月收入,职业',
      `钱多多,${makeIdNumber('37081219880311881')},13905378801,9000.00,ENTERPRISE_EMPLOYEE`,
      `孙远方,${makeIdNumber('11010519850101882')},13905378802,9000.00,ENTERPRISE_EMPLOYEE`,
    ].join('\n');
    const up = await app.server.inject({
      method: 'POST',
      url: '/api/v1/imports?type=PRE_CREDIT&filename=white-list.csv',
      headers: { authorization: `Bearer ${headToken}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(up.statusCode, up.body).toBe(201);
    batchId = up.json().id;
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    expect((await approver.post(`/api/v1/review/requests/${up.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a branch head sees the approved list, opens its people and exports them', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('head1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-precredit').click();
    const row = page.getByTestId(`precredit-batch-row-${batchId}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('XIN_E_KUAI_DAI');
    await row.getByRole('link', { name: String(batchId) }).click();
    await page.getByTestId('precredit-entries-table').waitFor();
    const first = page.getByTestId('precredit-entry-row-1');
    await first.waitFor();
    expect(await first.innerText()).toContain('有效');
    expect(await page.getByTestId('precredit-entry-row-2').innerText()).toContain('未通过');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('.ant-card')
        .filter({ has: page.getByTestId('precredit-entries-table') })
        .getByTestId('list-export')
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'precredit-batch.png') });
    await context.close();
  });

  it('a branch head issues and prints the cards; the holder activates one on the mobile page', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('head1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.goto(`${base}/precredit/${batchId}`);
    await page.getByTestId('precredit-cards-issue').click();
    const figures = page.getByTestId('precredit-card-figures');
    await figures.getByText('1', { exact: true }).first().waitFor();
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('precredit-cards-print').click()]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = await readFile((await pdf.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'precredit-cards.png') });

    const head = client(app.server, await loginAs(app.server, 'head1'));
    const card = (await head.get('/api/v1/pre-credit-cards?pageSize=10')).json().items[0];
    const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const m = await phone.newPage();
    await m.goto(`${base}/m/?card=${card.cardCode}&product=XIN_E_KUAI_DAI`);
    await m.getByTestId('m-apply').click();
    await m.getByTestId('m-name').fill('钱多多');
    await m.getByTestId('m-id').fill(makeIdNumber('37081219880311881'));
    await m.getByTestId('m-mobile').fill('13905378801');
    await m.getByTestId('m-otp-send').click();
    await m.getByTestId('m-otp').fill(await latestOtp(app.server, '13905378801'));
    await m.getByTestId('m-identify-submit').click();
    await m.getByTestId('m-consent-all').click();
    await m.getByTestId('m-consent-next').click();
    await m.getByTestId('m-amount').fill(String(Math.floor(Number(card.limit))));
    await m.getByTestId('m-term').selectOption('12');
    await m.getByTestId('m-method').selectOption('EQUAL_INSTALLMENT');
    await m.getByTestId('m-occupation').selectOption('ENTERPRISE_EMPLOYEE');
    await m.getByTestId('m-income').fill('9000');
    await m.getByTestId('m-apply-submit').click();
    const status = m.getByTestId('m-decision-status');
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('APPROVED');
    await m.screenshot({ path: path.join(SCREENSHOTS, 'precredit-card-activated.png') });
    expect((await head.get('/api/v1/pre-credit-cards?pageSize=10')).json().items[0].status).toBe('ACTIVATED');
    expect((await head.get(`/api/v1/precredit/card-figures?batchId=${batchId}`)).json().items[0]).toMatchObject({
      issued: 1,
      activated: 1,
    });
    await phone.close();
    await context.close();
  });
});
