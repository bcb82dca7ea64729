/**
 * Browser test: the four-eyes flow in the console, as the bank's administrators would do it.
 * admin asks to grant officer1 the inspector role; admin2 approves it in the review inbox; the grant
 * is then visible. Screenshots (Chinese text) go to test-results/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { createTestApp, DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';

const SHOTS = path.resolve('test-results/screenshots');
const webBuilt = existsSync(path.resolve('dist/web/index.html'));

describe.skipIf(!hasBrowser() || !webBuilt)('console: role grant through four-eyes review', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await createTestApp('pglite');
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = (await launchBrowser())!;
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function login(page: Page, username: string) {
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
  }

  it('admin submits, admin2 approves, and the role is granted', async () => {
    const makerCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const maker = await makerCtx.newPage();
    await login(maker, 'admin');
    await maker.screenshot({ path: path.join(SHOTS, '01-home-admin.png') });
    expect(await maker.locator('body').innerText()).toMatch(/复核待办|员工管理/);

    await maker.getByTestId('menu-staff').click();
    await maker.getByTestId('staff-row-officer1').click();
    await maker.getByTestId('staff-drawer').waitFor();
    await pickAntdOption(maker, 'grant-role-select', '贷后检查岗');
    await maker.getByTestId('grant-role-submit').click();
    await maker.getByText('已提交复核').first().waitFor();
    await maker.screenshot({ path: path.join(SHOTS, '02-grant-submitted.png') });

    // nothing applied yet
    const before = await app.ctx.db.execute(
      (await import('drizzle-orm'))
        .sql`SELECT role FROM staff_roles r JOIN staff s ON s.id = r.staff_id WHERE s.username = 'officer1' ORDER BY role`,
    );
    expect((before as unknown as { rows: Array<{ role: string }> }).rows.map((r) => r.role)).toEqual(['loan_officer']);

    const checkerCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const checker = await checkerCtx.newPage();
    await login(checker, 'admin2');
    await checker.getByTestId('menu-review').click();
    const row = checker.locator('[data-testid^="review-row-"]').filter({ hasText: 'officer1' }).first();
    await row.click();
    await checker.getByTestId('review-approve').waitFor();
    await checker.screenshot({ path: path.join(SHOTS, '03-review-diff.png') });
    await checker.getByTestId('review-approve').click();
    await checker
      .locator('.ant-message')
      .getByText(/通过|已/)
      .first()
      .waitFor();
    await checker.screenshot({ path: path.join(SHOTS, '04-approved.png') });

    // the maker sees the new role on officer1
    await maker.reload();
    await maker.getByTestId('menu-staff').click();
    await maker.getByTestId('staff-row-officer1').click();
    await maker.getByTestId('staff-role-inspector').waitFor();
    await maker.screenshot({ path: path.join(SHOTS, '05-role-granted.png') });

    const after = await app.ctx.db.execute(
      (await import('drizzle-orm'))
        .sql`SELECT role FROM staff_roles r JOIN staff s ON s.id = r.staff_id WHERE s.username = 'officer1' ORDER BY role`,
    );
    expect((after as unknown as { rows: Array<{ role: string }> }).rows.map((r) => r.role)).toEqual(['inspector', 'loan_officer']);
    await makerCtx.close();
    await checkerCtx.close();
  });

  it('the maker cannot approve their own request in the inbox', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await login(page, 'admin');
    await page.getByTestId('menu-staff').click();
    await page.getByTestId('staff-row-head1').click();
    await pickAntdOption(page, 'grant-role-select', '审计');
    await page.getByTestId('grant-role-submit').click();
    await page.getByText('已提交复核').first().waitFor();
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('staff-drawer').waitFor({ state: 'hidden' });
    await page.getByTestId('menu-review').click();
    await page.locator('[data-testid^="review-row-"]').filter({ hasText: 'head1' }).first().click();
    await page.getByText('须由另一位有权限的人员复核').first().waitFor();
    expect(await page.getByTestId('review-approve').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '06-own-request.png') });
    await ctx.close();
  });

  it('serves the mobile welcome page in Chinese', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await ctx.newPage();
    await page.goto(`${base}/m/`);
    await page.getByText('信e贷').first().waitFor();
    expect(await page.locator('body').innerText()).toContain('质押e贷');
    await page.screenshot({ path: path.join(SHOTS, '07-mobile-welcome.png') });
    await ctx.close();
  });
});
