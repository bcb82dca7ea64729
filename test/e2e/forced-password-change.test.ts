/**
 * Browser test: an administrator resets a staff member's password in the console and never sees the
 * new one; after a second administrator approves, the temporary password goes by SMS to the staff
 * member's own mobile. At first login with it the console shows only the change-password dialog, and
 * the API refuses everything else (PASSWORD_CHANGE_REQUIRED) until a new password is set.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

const SHOTS = SCREENSHOTS;
const TEMP_RE = /\d{4}-\d{4}-\d{4}-\d{4}/;
const NEW_PASSWORD = 'Millet-Harvest-Lantern-26';

describe.skipIf(!hasBrowser() || !webBuilt())('console: a reset staff member must set a new password first', () => {
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

  async function login(page: Page, username: string, password = DEMO_PASSWORD) {
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
  }

  /** A call from the page with its session cookie. */
  const apiStatus = (page: Page, url: string) =>
    page.evaluate(async (u) => {
      const r = await fetch(u, { credentials: 'same-origin' });
      return { status: r.status, code: ((await r.json()) as { code?: string }).code ?? null };
    }, url);

  async function lastSmsTo(username: string): Promise<string> {
    const row = await queryOne<{ mobile_enc: string }>(app.ctx.db, sql`SELECT mobile_enc FROM staff WHERE username = ${username}`);
    const hash = app.ctx.crypto.lookupHash(app.ctx.crypto.decrypt(row!.mobile_enc));
    const sms = await queryOne<{ text: string }>(
      app.ctx.db,
      sql`SELECT text FROM sms_outbox WHERE mobile_hash = ${hash} ORDER BY id DESC LIMIT 1`,
    );
    return sms?.text ?? '';
  }

  it('the reset is reviewed, the password goes only by SMS, and the first login can do nothing but set a new one', async () => {
    const makerCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const maker = await makerCtx.newPage();
    await login(maker, 'admin');
    await maker.getByTestId('menu-staff').click();
    await maker.getByTestId('staff-row-officer1').click();
    await maker.getByTestId('staff-drawer').waitFor();
    await maker.getByTestId('staff-reset-password').click();
    await maker.locator('.ant-modal-confirm').getByText('短信').first().waitFor();
    await maker.locator('.ant-modal-confirm .ant-btn-primary').click();
    await maker.getByText('已提交复核').first().waitFor();
    expect(await maker.locator('body').innerText()).not.toMatch(TEMP_RE);
    await maker.screenshot({ path: path.join(SHOTS, 'forced-01-reset-submitted.png') });

    const checkerCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const checker = await checkerCtx.newPage();
    await login(checker, 'admin2');
    await checker.getByTestId('menu-review').click();
    await checker.locator('[data-testid^="review-row-"]').filter({ hasText: '重置' }).first().click();
    await checker.getByTestId('review-approve').click();
    await checker
      .locator('.ant-message')
      .getByText(/通过|已/)
      .first()
      .waitFor();
    expect(await checker.locator('body').innerText()).not.toMatch(TEMP_RE);

    const temp = (await lastSmsTo('officer1')).match(TEMP_RE)?.[0];
    expect(temp).toBeDefined();

    const staffCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const page = await staffCtx.newPage();
    await login(page, 'officer1', temp!);
    await page.getByTestId('change-password-current').waitFor();
    expect(await page.getByTestId('menu-customers').count()).toBe(0);
    expect(await apiStatus(page, '/api/v1/customers')).toEqual({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    await page.screenshot({ path: path.join(SHOTS, 'forced-02-must-change.png') });

    await page.getByTestId('change-password-current').fill(temp!);
    await page.getByTestId('change-password-new').fill(NEW_PASSWORD);
    await page.getByTestId('change-password-confirm').fill(NEW_PASSWORD);
    await page.getByTestId('change-password-submit').click();
    await page.getByTestId('change-password-current').waitFor({ state: 'detached' });
    await page.locator('[data-testid^="menu-"]').first().waitFor();
    expect((await apiStatus(page, '/api/v1/customers')).status).toBe(200);
    await page.screenshot({ path: path.join(SHOTS, 'forced-03-changed.png') });

    await makerCtx.close();
    await checkerCtx.close();
    await staffCtx.close();
  });
});
