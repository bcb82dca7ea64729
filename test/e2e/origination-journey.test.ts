/**
 * Browser tests of online origination: a customer's whole 信e贷 journey on the mobile page, from the
 * welcome screen to money arrived; and a referred case decided by the approver in the console.
 * Screenshots go to test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { queryRows } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, latestOtp, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

const SHOTS = SCREENSHOTS;

describe.skipIf(!hasBrowser() || !webBuilt())('origination in the browser', () => {
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

  it('a customer applies for 信e贷 on the phone and the money arrives', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    const idNumber = makeIdNumber('37081219910203321');
    const mobile = '13905379911';

    await page.goto(`${base}/m/`);
    await page.getByTestId('m-apply-XIN_E_DAI').click();
    await page.getByTestId('m-name').fill('郑晓明');
    await page.getByTestId('m-id').fill(idNumber);
    await page.getByTestId('m-mobile').fill(mobile);
    await page.getByTestId('m-otp-send').click();
    await page.getByTestId('m-otp').fill(await latestCode(mobile));
    await page.screenshot({ path: path.join(SHOTS, '10-mobile-identity.png') });
    await page.getByTestId('m-identify-submit').click();

    await page.getByTestId('m-consent-all').click();
    await page.screenshot({ path: path.join(SHOTS, '11-mobile-consents.png') });
    await page.getByTestId('m-consent-next').click();

    await page.getByTestId('m-amount').fill('30000');
    await page.getByTestId('m-term').selectOption('12');
    await page.getByTestId('m-method').selectOption('EQUAL_INSTALLMENT');
    await page.getByTestId('m-occupation').selectOption('ENTERPRISE_EMPLOYEE');
    await page.getByTestId('m-income').fill('8000');
    await page.getByTestId('m-trial').waitFor();
    await page.screenshot({ path: path.join(SHOTS, '12-mobile-details.png') });
    await page.getByTestId('m-apply-submit').click();

    const status = page.getByTestId('m-decision-status');
    await status.waitFor().catch(async (e) => {
      await page.screenshot({ path: path.join(SHOTS, '13-mobile-decision-missing.png') });
      throw e;
    });
    expect(await status.getAttribute('data-status')).toBe('APPROVED');
    await page.screenshot({ path: path.join(SHOTS, '13-mobile-approved.png') });
    await page.getByTestId('m-go-draw').click();

    await page.getByTestId('m-draw-amount').fill('20000');
    await page.getByTestId('m-draw-term').selectOption('12');
    await page.getByTestId('m-contract-agree').click();
    await page.screenshot({ path: path.join(SHOTS, '14-mobile-draw.png') });
    await page.getByTestId('m-draw-submit').click();
    await page.getByTestId('m-disbursed').waitFor();
    expect(await page.getByTestId('m-disbursed').innerText()).toMatch(/20,?000\.00/);
    await page.screenshot({ path: path.join(SHOTS, '15-mobile-money-arrived.png') });

    const loans = await queryRows<{ principal_fen: string; status: string }>(
      app.ctx.db,
      sql`SELECT l.principal_fen::text AS principal_fen, l.status FROM loans l JOIN customers c ON c.id = l.customer_id
          WHERE c.id_number_hash = ${app.ctx.crypto.lookupHash(idNumber)}`,
    );
    expect(loans).toEqual([{ principal_fen: '2000000', status: 'ACTIVE' }]);
    await ctx.close();
  });

  it('an approver decides a referred case from the queue in the console', async () => {
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const referred = (
      await officer.post('/api/v1/applications', {
        productCode: 'XIN_E_DAI',
        channel: 'OFFICER_ASSISTED',
        applicant: {
          name: '冯国强',
          idNumber: makeIdNumber('37081219880808451'),
          mobile: '13905379912',
          occupation: 'CIVIL_SERVANT',
          monthlyIncome: '15000.00',
        },
        requestedAmount: '60000.00',
        termMonths: 12,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        consents: { creditInquiry: true, automatedDecision: true, personalInformation: true },
      })
    ).json();
    expect(referred.status).toBe('REFERRED');

    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const page: Page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('approver1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('menu-referrals').click();
    await page.getByTestId(`referral-row-${referred.id}`).click();
    await page.getByTestId('decision-trace').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, '16-referral-drawer.png') });
    await page.getByTestId('referral-comment').fill('收入稳定，公务员，同意授信');
    await page.getByTestId('referral-approve').click();
    await page.getByTestId(`referral-row-${referred.id}`).waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(SHOTS, '17-referral-approved.png') });

    const after = (await client(app.server, await loginAs(app.server, 'approver1')).get(`/api/v1/applications/${referred.id}`)).json();
    expect(after.status).toBe('APPROVED');
    expect(after.creditLineId).toEqual(expect.any(Number));
    await ctx.close();
  });
});
