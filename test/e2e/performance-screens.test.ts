/**
 * Browser test: with one loan booked by 鼓楼支行 in the period, the executive (exec1) opens 经营管理 → 绩效排名
 * and sees 鼓楼支行 first with its score, the ECharts bar drawn, the officer ranking, and the 一增一降 board
 * with its charts; a param manager (param1) submits new branch weights, which then show as awaiting review.
 * Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { addDays } from '../../src/kernel/dates.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('performance screens', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const D = await getBusinessDate(app.ctx.db);
    const gl = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    const officer = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    await app.ctx.db.execute(sql`INSERT INTO loan_index (loan_id, customer_id) VALUES (770001, 770001)`);
    await app.ctx.db.execute(
      sql`INSERT INTO loans (customer_id, id, credit_line_id, product_code, principal_fen, outstanding_principal_fen, annual_rate_pct,
                             penalty_uplift_pct, day_count_basis, term_months, repayment_method, start_date, maturity_date, branch_id,
                             officer_id, disbursement_account_no, created_at)
          VALUES (770001, 770001, 1, 'XIN_E_DAI', 8000000, 8000000, 4.35, 50, 360, 12, 'EQUAL_INSTALLMENT', ${D}::date,
                  ${addDays(D, 365)}::date, ${gl}, ${officer}, '6230000000000000002', TIMESTAMPTZ '2025-06-01 00:00:00+08')`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function login(username: string) {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-performance').click();
    return page;
  }

  it('shows the executive the ranking with its chart, the officer ranking and the 一增一降 board', async () => {
    const page = await login('exec1');
    const table = page.getByTestId('perf-rankings');
    await expect.poll(async () => table.locator('tr.ant-table-row').first().innerText()).toContain('鼓楼支行');
    const first = await table.locator('tr.ant-table-row').first().innerText();
    expect(first).toContain('80000.00');
    expect(first).toContain('40.00'); // new loan amount 20 + count 10 + new customers 10 (the rest equal: 0)
    expect(await page.getByTestId('perf-rankings-chart').locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('perf-weights-note').innerText()).toContain('新增贷款金额（元） 20%');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'performance-rankings.png') });

    await page.getByTestId('perf-level-OFFICER').click();
    await expect.poll(async () => table.locator('tr.ant-table-row').first().innerText()).toContain('鼓楼支行');

    await page.getByTestId('perf-tab-board').click();
    await expect.poll(async () => page.getByTestId('perf-board-campaign').innerText()).toContain('一增一降');
    expect(await page.getByTestId('perf-board-chart-growth').locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('perf-board-table').innerText()).toContain('全行合计');
    expect(await page.getByTestId('perf-board-table').innerText()).toContain('223250000.00');
    // the gross figures beside the net ones: officer1's loan of D disbursed in the campaign, no NPL resolved
    expect(await page.getByTestId('perf-board-gross').innerText()).toContain('期间贷款投放 80000.00 元（1 笔）');
    expect(await page.getByTestId('perf-board-table').innerText()).toContain('不良处置');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'performance-board.png') });
    await page.context().close();
  });

  it('lets a param manager submit new weights, shown as awaiting review', async () => {
    const page = await login('param1');
    await page.getByTestId('perf-tab-weights').click();
    await page.getByTestId('perf-weights-form').waitFor();
    await page.getByTestId('perf-weight-newLoanAmount').fill('25');
    await expect.poll(async () => page.getByTestId('perf-weights-total').innerText()).toContain('105');
    await page.getByTestId('perf-weight-referrals').fill('0');
    await expect.poll(async () => page.getByTestId('perf-weights-total').innerText()).toContain('100');
    await page.getByTestId('perf-weights-submit').click();
    await expect.poll(async () => page.getByTestId('perf-pending').innerText()).toContain('绩效排名权重（机构）');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'performance-weights.png') });
    await page.context().close();
  });
});
