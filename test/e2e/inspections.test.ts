/**
 * Browser test of post-loan inspections: a 信e贷 loan (set up through the API) gets its first routine
 * check from the INSPECT step 30 days after disbursement; in the console the inspector opens 贷后检查,
 * finds the task among their own, records a finding on it, answers the checklist and completes the
 * task; the finding's page shows it open with its timeline. Screenshots go to test-results/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, withTx } from '../../src/db/client.js';
import { testConfig } from '../../src/config.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { eodInspect } from '../../src/modules/inspections/index.js';
import { planEodPartitions } from '../../src/modules/loans/index.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, launchBrowser } from '../support/browser.js';
import { openXinEDaiLoan } from '../support/lending.js';

const SHOTS = path.resolve('test-results/screenshots');
const webBuilt = existsSync(path.join(testConfig().webDir, 'index.html'));

describe.skipIf(!hasBrowser() || !webBuilt)('post-loan inspections in the browser', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let taskId: number;
  let officerId: number;

  beforeAll(async () => {
    app = await createTestApp('pglite');
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = (await launchBrowser())!;
    await mkdir(SHOTS, { recursive: true });
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const loanId = await openXinEDaiLoan(
      officer,
      approver,
      { name: '赵检查', idNumber: makeIdNumber('37081219870615731'), mobile: '13905377301' },
      '20000.00',
      'insp-e2e',
    );
    // the first routine check of XIN_E_DAI: 30 days after disbursement (the INSPECT step alone)
    const D = new Date(`${await getBusinessDate(app.ctx.db)}T00:00:00Z`);
    D.setUTCDate(D.getUTCDate() + 30);
    const day = D.toISOString().slice(0, 10);
    for (const p of await planEodPartitions(app.ctx.db, day, 1000)) await withTx(app.ctx.db, (tx) => eodInspect(tx, day, p));
    const task = await queryOne<{ id: string }>(app.ctx.db, sql`SELECT id::text FROM inspection_tasks WHERE loan_id = ${loanId}`);
    taskId = Number(task!.id);
    const o = await queryOne<{ id: string }>(app.ctx.db, sql`SELECT officer_id::text AS id FROM loans WHERE id = ${loanId}`);
    officerId = Number(o!.id);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('an inspector records a finding on their routine task and completes it', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('inspector1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('home-card-inspection-tasks').waitFor();

    await page.getByTestId('menu-inspections').click();
    await page.getByTestId(`insp-task-row-${taskId}`).click();
    await page.getByTestId('insp-task-status').waitFor();
    expect(await page.getByTestId('insp-task-status').getAttribute('data-status')).toBe('OPEN');

    await page.getByTestId('insp-finding-add').click();
    await page.getByTestId('insp-finding-description').fill('借款人经营场所已停业，未及时告知');
    const responsible = page.getByTestId('insp-finding-responsible');
    await responsible.click();
    await responsible.pressSequentially(String(officerId));
    await page.getByTestId('insp-finding-submit').click();
    await page.getByText('借款人经营场所已停业，未及时告知').waitFor();

    await page.getByTestId('insp-answer-INCOME-ISSUE').click();
    await page.getByTestId('insp-task-notes').fill('已约谈借款人');
    await page.getByTestId('insp-task-complete').click();
    await page.locator('[data-testid="insp-task-status"][data-status="DONE"]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'inspection-task-done.png'), fullPage: true });

    const findingLink = page.locator('a[href^="/inspections/findings/"]').first();
    await findingLink.click();
    await page.getByTestId('insp-finding-timeline').waitFor();
    expect(await page.getByTestId('insp-finding-status').getAttribute('data-status')).toBe('OPEN');
    await page.getByTestId('insp-event-RECORDED').waitFor();
    await ctx.close();
  }, 300_000);
});
