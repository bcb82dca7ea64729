/**
 * Browser test: a branch head creates a channel campaign (WeChat official account) in the console and
 * sees its QR code and tracking link; a customer opens the link on the mobile page (?c=), which counts a
 * visit, and applies there; the campaign's page then shows 1 visited and 1 applied, with the funnel
 * drawn, and the application carries the campaign's code and channel. Screenshot in
 * test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, latestOtp, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('campaign screens', () => {
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

  it('creates a channel campaign with its QR code and link; an application through ?c= shows as 1 visited and 1 applied in the funnel; the branch head closes it', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('head1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-campaigns').click();
    await page.getByTestId('campaign-create').click();
    await page.getByTestId('campaign-create-form').waitFor();
    await page.getByTestId('campaign-name').fill('微信公众号·春季信e贷');
    await page.getByTestId('campaign-code').fill('wx-spring');
    await page.getByTestId('campaign-create-submit').click();
    await page.getByTestId('campaign-share').waitFor();
    expect(await page.getByTestId('campaign-code').innerText()).toBe('WX-SPRING');
    expect(await page.getByTestId('campaign-link').innerText()).toContain('/m/?c=WX-SPRING');
    expect(await page.getByTestId('campaign-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.getByTestId('campaign-figures').innerText()).toContain('微信公众号');
    const campaignUrl = page.url();

    // the customer scans the QR code: the mobile page with ?c=, one visit, then an application
    const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const m = await phone.newPage();
    await m.goto(`${base}/m/?c=WX-SPRING&product=XIN_E_DAI`);
    await m.getByTestId('m-apply').click();
    await m.getByTestId('m-name').fill('孔扫码');
    await m.getByTestId('m-id').fill(makeIdNumber('37081219900606961'));
    await m.getByTestId('m-mobile').fill('13905379601');
    await m.getByTestId('m-otp-send').click();
    await m.getByTestId('m-otp').fill(await latestOtp(app.server, '13905379601'));
    await m.getByTestId('m-identify-submit').click();
    await m.getByTestId('m-consent-all').click();
    await m.getByTestId('m-consent-next').click();
    await m.getByTestId('m-amount').fill('20000');
    await m.getByTestId('m-term').selectOption('12');
    await m.getByTestId('m-method').selectOption('EQUAL_INSTALLMENT');
    await m.getByTestId('m-occupation').selectOption('ENTERPRISE_EMPLOYEE');
    await m.getByTestId('m-income').fill('9000');
    await m.getByTestId('m-apply-submit').click();
    await m.getByTestId('m-decision-status').waitFor();
    await phone.close();
    const row = await queryOne<{ campaign_code: string; channel: string }>(
      app.ctx.db,
      sql`SELECT campaign_code, channel FROM applications ORDER BY id DESC LIMIT 1`,
    );
    expect(row).toEqual({ campaign_code: 'WX-SPRING', channel: 'WECHAT' });

    await page.goto(campaignUrl);
    await page.getByTestId('campaign-figures').waitFor();
    await page.getByTestId('campaign-visited').getByText('1', { exact: true }).waitFor();
    expect(await page.getByTestId('campaign-visited').innerText()).toContain('1');
    expect(await page.getByTestId('campaign-applied').innerText()).toContain('1');
    await page.getByTestId('campaign-funnel').locator('canvas').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'campaign-funnel.png') });

    // the branch head closes the campaign: the button goes, the API says CLOSED
    await page.getByTestId('campaign-close').click();
    await page.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
    await page.getByTestId('campaign-close').waitFor({ state: 'detached' });
    const closed = await queryOne<{ status: string }>(app.ctx.db, sql`SELECT status FROM campaigns WHERE code = 'WX-SPRING'`);
    expect(closed).toEqual({ status: 'CLOSED' });
    await context.close();
  });
});
