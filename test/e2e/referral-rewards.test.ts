/**
 * Browser test: 转介有礼 end to end. The reward rules are set through review (two parameter managers), a
 * new customer applies with a referrer's code and draws their first loan; the referrer signs in on the
 * mobile page and sees, on 我的, their code, the QR code of their link and the reward paid; the console's
 * rewards ledger lists it. Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, latestOtp, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';
import { CONSENTS } from '../support/lending.js';

const REFERRER = { name: '孙推荐', idNumber: makeIdNumber('37081219860505771'), mobile: '13905378101' };
const FRIEND = { name: '钱好友', idNumber: makeIdNumber('37081219930606882'), mobile: '13905378102' };

describe.skipIf(!hasBrowser() || !webBuilt())('referral rewards on the mobile page and in the console', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let referrerId: number;
  let rewardId: number;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const param1 = client(app.server, await loginAs(app.server, 'param1'));
    const param2 = client(app.server, await loginAs(app.server, 'param2'));
    const sub = await param1.post('/api/v1/marketing/referral-params/changes', {
      rewardAmount: '88.00',
      monthlyCap: 5,
      yearlyCap: 20,
      excludeSelfReferral: true,
      excludeExistingBorrower: true,
      effectiveFrom: await getBusinessDate(app.ctx.db),
    });
    expect(sub.statusCode, sub.body).toBe(202);
    expect((await param2.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);

    const approved = async (who: typeof REFERRER, extra: Record<string, unknown>) => {
      const res = await officer.post('/api/v1/applications', {
        productCode: 'XIN_E_DAI',
        channel: 'OFFICER_ASSISTED',
        applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
        requestedAmount: '20000.00',
        termMonths: 12,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        consents: CONSENTS,
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      let a = res.json();
      if (a.status === 'REFERRED') {
        a = { ...a, ...(await approver.post(`/api/v1/applications/${a.id}/decision`, { outcome: 'APPROVE', limit: '20000.00' })).json() };
      }
      return a as { id: number; creditLineId: number };
    };
    const mine = await approved(REFERRER, {});
    referrerId = (await officer.get(`/api/v1/applications/${mine.id}`)).json().customerId;
    const { code } = (await officer.get(`/api/v1/marketing/referral-codes/${referrerId}`)).json();
    const friend = await approved(FRIEND, { channel: 'REFERRAL', referralCode: code });
    const draw = await officer.post(
      `/api/v1/credit-lines/${friend.creditLineId}/drawdowns`,
      { amount: '3000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'e2e-referral-friend' },
    );
    expect(draw.statusCode, draw.body).toBe(201);
    const rewards = (await officer.get(`/api/v1/marketing/referral-rewards?referrerCustomerId=${referrerId}`)).json();
    expect(rewards.items).toHaveLength(1);
    expect(rewards.items[0]).toMatchObject({ status: 'PAID', amount: '88.00' });
    rewardId = rewards.items[0].id;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the referrer their code, the QR code of their link and the reward paid, on the mobile Me page', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/m/me`);
    await page.getByTestId('m-name').fill(REFERRER.name);
    await page.getByTestId('m-id').fill(REFERRER.idNumber);
    await page.getByTestId('m-mobile').fill(REFERRER.mobile);
    await page.getByTestId('m-otp-send').click();
    await page.getByTestId('m-otp').fill(await latestOtp(app.server, REFERRER.mobile));
    await page.getByTestId('m-identify-submit').click();
    const card = page.getByTestId('m-referral');
    await card.waitFor();
    expect(await page.getByTestId('m-referral-code').innerText()).toMatch(/推荐码：R[0-9A-Z]+/);
    expect(await page.getByTestId('m-referral-url').innerText()).toMatch(/\/m\/\?ref=R[0-9A-Z]+$/);
    expect(await page.getByTestId('m-referral-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const status = page.getByTestId(`m-referral-reward-status-${rewardId}`);
    expect(await status.getAttribute('data-status')).toBe('PAID');
    expect(await status.innerText()).toBe('已到账');
    expect(await page.getByTestId(`m-referral-reward-${rewardId}`).innerText()).toContain('88.00');
    expect(await page.getByTestId('m-referral-paid-total').innerText()).toContain('88.00');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'referral-mobile-me.png'), fullPage: true });
    await context.close();
  });

  it('lists the paid reward in the console’s rewards ledger', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('param1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-referral-rewards').click();
    const row = page.getByTestId(`referral-reward-row-${rewardId}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('已发放');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'referral-console-ledger.png') });
    await context.close();
  });
});
