/**
 * Browser test of the credit controls on the customer's mobile page: a customer whose loan fell past
 * due opens their credit line and is not offered 确认借款 — the page says why, shows the amount due and
 * a pay button that leads to the loan's repayment. Screenshots go to test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { addDays } from '../../src/kernel/dates.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { client, loginAs } from '../support/app.js';
import { hasBrowser, latestOtp, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

const SHOTS = SCREENSHOTS;

describe.skipIf(!hasBrowser() || !webBuilt())('credit controls in the browser', () => {
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

  const latestCode = (mobile: string) => latestOtp(app.server, mobile);

  it('the mobile line page refuses a drawdown for a customer with a loan past due, showing why, the amount due and a pay button', async () => {
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const customer = { name: '韩立新', idNumber: makeIdNumber('37081219870606512'), mobile: '13905378801' };
    const a = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...customer, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '8000.00' },
      requestedAmount: '30000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: { creditInquiry: true, automatedDecision: true, personalInformation: true },
    });
    expect(a.json().status).toBe('APPROVED');
    const lineId = a.json().creditLineId;
    // a one-day bullet loan whose money is spent: past due once end-of-day has run over its due date
    const d = await officer.post(
      `/api/v1/credit-lines/${lineId}/drawdowns`,
      { amount: '5000.00', termDays: 1, repaymentMethod: 'BULLET' },
      { 'idempotency-key': 'e2e-cc-1' },
    );
    expect(d.statusCode, d.body).toBe(201);
    const loanId = d.json().loanId;
    const customerId = (await officer.get(`/api/v1/loans/${loanId}`)).json().customerId;
    expect(
      (await admin.post('/api/v1/sandbox/withdrawals', { customerId, amount: '5000.00' }, { 'idempotency-key': 'e2e-cc-wd' })).statusCode,
    ).toBe(200);
    expect((await admin.post('/api/v1/eod/run', { to: addDays(await getBusinessDate(app.ctx.db), 3) })).statusCode).toBe(200);
    const due = (await officer.get(`/api/v1/credit-lines/${lineId}`)).json().drawdownBlock.totalPastDue as string;
    expect(Number(due)).toBeGreaterThan(5000);

    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(`${base}/m/lines/${lineId}`);
    await page.getByTestId('m-name').fill(customer.name);
    await page.getByTestId('m-id').fill(customer.idNumber);
    await page.getByTestId('m-mobile').fill(customer.mobile);
    await page.getByTestId('m-otp-send').click();
    await page.getByTestId('m-otp').fill(await latestCode(customer.mobile));
    await page.getByTestId('m-identify-submit').click();

    const blocked = page.getByTestId('m-draw-blocked');
    await blocked.waitFor().catch(async (e) => {
      await page.screenshot({ path: path.join(SHOTS, '40-mobile-draw-blocked-missing.png') });
      throw e;
    });
    await page.screenshot({ path: path.join(SHOTS, '40-mobile-draw-blocked.png') });
    // why, the amount due, and no drawdown form or 确认借款
    expect(await page.getByTestId('m-draw-blocked-reason').innerText()).toContain('逾期');
    const [yuanPart, fenPart] = due.split('.');
    expect((await page.getByTestId('m-draw-blocked-due').innerText()).replace(/,/g, '')).toContain(`${yuanPart}.${fenPart}`);
    expect(await page.getByTestId('m-draw-submit').count()).toBe(0);
    expect(await page.getByTestId('m-draw-amount').count()).toBe(0);
    expect(await page.getByText('确认借款').count()).toBe(0);
    expect(await page.getByTestId('m-draw-blocked-loan').innerText()).toContain(String(loanId));

    // the pay button leads to the loan, where the amount due is repaid
    await page.getByTestId('m-draw-blocked-pay').click();
    await page.waitForURL(`**/m/loans/${loanId}`);
    await ctx.close();
  });
});
