/**
 * The console and the mobile page under the server's content security policy: no violation in the
 * browser's console, antd's run-time styles applied, the SMS outbox searched by mobile (by POST, so
 * the number stays out of URLs), and the mobile page telling a person, after the code, that the
 * identity does not match the bank's records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, startBrowserApp, webBuilt } from '../support/browser.js';
import { listOutbox } from '../../src/modules/sms/index.js';

const ZHANG = { name: '张伟', idNumber: '370812198503152110', mobile: '13905371001' };

/** Console messages and page errors that speak of the content security policy. */
function watchViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  return seen;
}

describe.skipIf(!hasBrowser() || !webBuilt())('pages under the content security policy', () => {
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

  async function codeFor(mobile: string): Promise<string> {
    for (let i = 0; i < 20; i++) {
      const page = await listOutbox(app.ctx.db, app.ctx.crypto, { page: 1, pageSize: 1, mobile, demo: true });
      const m = /验证码为 (\d{6})/.exec(page.items[0]?.text ?? '');
      if (m) return m[1];
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('no code sent');
  }

  it('the console works under the policy: styled, and the SMS outbox found by mobile', async () => {
    await app.server.inject({ method: 'POST', url: '/api/v1/portal/otp', payload: ZHANG });
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const page = await ctx.newPage();
    const violations = watchViolations(page);
    const response = await page.goto(`${base}/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByTestId('login-username').fill('officer1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('menu-sms').click();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
    const search = page.getByTestId('sms-search').locator('input');
    await search.fill(ZHANG.mobile);
    await search.press('Enter');
    await page.locator('[data-testid^="sms-text-"]').filter({ hasText: '验证码' }).first().waitFor();
    expect(requests.some((r) => r.startsWith('POST ') && r.endsWith('/api/v1/sms/outbox/search'))).toBe(true);
    expect(requests.filter((r) => r.includes(ZHANG.mobile))).toEqual([]);
    // antd's CSS-in-JS styles were let in: a button has antd's rounded corners and the table header its shade
    expect(await page.getByTestId('sms-refresh').evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).not.toBe('0px');
    expect(
      await page
        .locator('.ant-table-thead th')
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    ).not.toBe('rgba(0, 0, 0, 0)');
    expect(violations).toEqual([]);
    await ctx.close();
  });

  it('the mobile page works under the policy and says, after the code, that the identity does not match', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    const violations = watchViolations(page);
    const wrongMobile = '13905379931';
    await page.goto(`${base}/m/`);
    await page.getByTestId('m-apply-XIN_E_DAI').click();
    await page.getByTestId('m-name').fill(ZHANG.name);
    await page.getByTestId('m-id').fill(ZHANG.idNumber);
    await page.getByTestId('m-mobile').fill(wrongMobile);
    await page.getByTestId('m-otp-send').click();
    await page.getByTestId('m-otp').fill(await codeFor(wrongMobile));
    await page.getByTestId('m-identify-submit').click();
    const told = page.getByTestId('m-identity-mismatch');
    await told.waitFor();
    expect(await told.innerText()).toContain('不一致');
    expect(violations).toEqual([]);
    await ctx.close();
  });
});
