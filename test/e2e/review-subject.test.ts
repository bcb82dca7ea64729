/**
 * Browser test: the review drawer tells the person a change is about why they cannot check it
 * (您是该变更的当事人，不能复核), instead of the generic message. Screenshot in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

const SHOTS = SCREENSHOTS;

describe.skipIf(!hasBrowser() || !webBuilt())('review drawer for the subject of a change', () => {
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

  it('an administrator whose password reset waits for review is told they are its subject and cannot check it', async () => {
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const row = await queryOne<{ id: string | number }>(app.ctx.db, sql`SELECT id FROM staff WHERE username = 'admin2'`);
    const reset = await admin.post(`/api/v1/staff/${Number(row!.id)}/reset-password`);
    expect(reset.statusCode).toBe(202);
    const requestId = reset.json().reviewRequestId as number;

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('admin2');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-review').click();
    await page.getByTestId(`review-row-${requestId}`).click();
    const note = page.getByTestId('review-cannot-check');
    await note.waitFor();
    expect(await note.innerText()).toContain('您是该变更的当事人，不能复核');
    await page.screenshot({ path: path.join(SHOTS, 'review-subject-cannot-check.png') });
    await context.close();
  });
});
