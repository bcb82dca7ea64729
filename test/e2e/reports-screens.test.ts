/**
 * Browser test: the executive (exec1) opens 报表中心 on a day whose aggregate holds two branches' loans —
 * the headline shows the balance and NPL ratio, the bar chart of balance by branch draws, the management
 * report lists the branches and, grouped by product, the products. The snapshots are written straight
 * into loan_daily_snapshots for one day and the REPORT step run over their customers.
 * Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { withTx } from '../../src/db/client.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { eodReport } from '../../src/modules/reports/index.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

const D = '2031-03-31';

describe.skipIf(!hasBrowser() || !webBuilt())('reports screens', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const gl = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    const cx = Number((await branchByCode(app.ctx.db, 'YZ-CX'))!.id);
    // 鼓楼支行 600,000.00 (of which 6,000.00 substandard), 城西支行 400,000.00: bank 1,000,000.00, NPL 0.60 %
    const snaps = [
      { c: 980_001, branch: gl, product: 'XIN_E_DAI', fen: 59_400_000n, cls: 'NORMAL' },
      { c: 980_002, branch: gl, product: 'JI_E_DAI', fen: 600_000n, cls: 'SUBSTANDARD' },
      { c: 980_003, branch: cx, product: 'XIN_E_DAI', fen: 40_000_000n, cls: 'NORMAL' },
    ];
    for (const s of snaps) {
      await app.ctx.db.execute(
        sql`INSERT INTO loan_daily_snapshots (customer_id, loan_id, business_date, product_code, branch_id, officer_id,
                   outstanding_principal_fen, overdue_principal_fen, accrued_interest_fen, overdue_interest_fen,
                   penalty_accrued_fen, compound_accrued_fen, dpd, classification, non_accrual, off_balance_interest_fen)
            VALUES (${s.c}, ${s.c}, ${D}::date, ${s.product}, ${s.branch}, NULL, ${s.fen}, 0, 0, 0, 0, 0, 0, ${s.cls}, false, 0)`,
      );
      await withTx(app.ctx.db, (tx) => eodReport(tx, D, { fromCustomerId: s.c, toCustomerId: s.c + 1, customerIds: [s.c], bankKey: -s.c }));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the executive sees the headline, the chart of balance by branch and the report by branch and by product', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('exec1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-reports').click();

    const headline = page.getByTestId('reports-headline');
    await headline.waitFor();
    expect(await headline.getAttribute('data-date')).toBe(D);
    expect(await page.getByTestId('reports-headline-balance').innerText()).toMatch(/1,?000,?000\.00/);
    expect(await page.getByTestId('reports-headline-ratio').innerText()).toContain('0.60');
    // the chart has drawn (ECharts renders into a canvas)
    await page.getByTestId('reports-branch-chart').locator('canvas').waitFor();

    const table = page.getByTestId('reports-portfolio-table');
    await expect.poll(async () => table.innerText()).toContain('鼓楼支行');
    expect(await table.innerText()).toContain('城西支行');
    expect(await table.innerText()).toContain('600000.00');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-headline.png') });

    await page.getByTestId('reports-group-by').getByText('产品').click();
    // 信e贷 594,000.00 + 400,000.00 = 994,000.00; 吉e贷 6,000.00
    await expect.poll(async () => table.innerText()).toContain('994000.00');
    expect(await table.innerText()).toContain('6000.00');
    expect(await table.innerText()).not.toContain('鼓楼支行');
    await context.close();
  });
});
