/**
 * Browser test: a certificate of deposit maturing in ten days becomes a task of the end-of-day step
 * LOBBY; in the console the lobby staff member (lobby1) sees it in 厅堂营销, records an outcome, and hands
 * a walk-in lead to an officer of the branch; the officer (officer1) sees the lead in the same screen.
 * Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { withTx } from '../../src/db/client.js';
import { addDays } from '../../src/kernel/dates.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { seedDemoDeposits } from '../../src/modules/core/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { loansPipeline } from '../../src/modules/eod/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('lobby screens', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let cdNo: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const D = await getBusinessDate(app.ctx.db);
    const gl = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    const customerId = await withTx(app.ctx.db, async (tx) => {
      const c = await ensureCustomer(tx, app.ctx.crypto, {
        name: '韩存户',
        idNumber: makeIdNumber('37081219790606881'),
        mobile: '13905378801',
        branchId: gl,
        officerId: null,
      });
      [cdNo] = (
        await seedDemoDeposits(tx, c.customer.id, gl, {
          demandFen: 0n,
          certificates: [{ principalFen: 20_000_000n, annualRatePct: '1.75', openDate: addDays(D, -355), maturityDate: addDays(D, 10) }],
        })
      ).cdNos;
      return c.customer.id;
    });
    const step = loansPipeline(app.ctx.hooks).steps.find((s) => s.name === 'LOBBY')!;
    const made = await withTx(app.ctx.db, (tx) =>
      step.run(tx, D, { fromCustomerId: customerId, toCustomerId: customerId + 1, customerIds: null, bankKey: -1 }),
    );
    expect(made).toBe(1);
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
    await page.getByTestId('menu-lobby').click();
    return page;
  }

  it('lobby staff see a maturing-CD task, record an outcome and hand a lead to an officer, who sees it', async () => {
    const page = await login('lobby1');
    const table = page.getByTestId('lobby-tasks-table');
    await table.waitFor();
    const row = table.locator('tr', { hasText: cdNo });
    await row.waitFor();
    expect(await row.innerText()).toContain('存单到期');
    expect(await row.innerText()).toContain('200000.00');
    expect(await row.innerText()).toContain('待跟进');
    await row.getByRole('button', { name: '登记结果' }).click();
    await page.getByTestId('lobby-outcome-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '已推荐质押e贷' }).click();
    await page.getByTestId('lobby-outcome-note').fill('客户考虑质押e贷');
    await page.getByTestId('lobby-outcome-submit').click();
    await expect.poll(async () => row.innerText()).toContain('已跟进');
    expect(await row.innerText()).toContain('客户考虑质押e贷');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lobby-tasks.png') });

    await page.getByTestId('lobby-tab-leads').click();
    await page.getByTestId('lobby-lead-form').waitFor();
    await page.getByTestId('lobby-lead-officer').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '周伟' }).click();
    await page.getByTestId('lobby-lead-name').fill('杨到店');
    await page.getByTestId('lobby-lead-id').fill(makeIdNumber('37081219880707882'));
    await page.getByTestId('lobby-lead-mobile').fill('13905378802');
    await page.getByTestId('lobby-lead-need').fill('开农资店，想借 5 万');
    await page.getByTestId('lobby-lead-submit').click();
    await expect.poll(async () => page.getByTestId('lobby-leads-table').innerText()).toContain('开农资店，想借 5 万');
    await page.context().close();

    const officer = await login('officer1');
    await officer.getByTestId('lobby-tab-leads').click();
    await expect.poll(async () => officer.getByTestId('lobby-leads-table').innerText()).toContain('开农资店，想借 5 万');
    const leads = await officer.getByTestId('lobby-leads-table').innerText();
    expect(leads).toContain('杨**');
    expect(leads).toContain('钱芳');
    expect(await officer.getByTestId('lobby-lead-form').count()).toBe(0);
    await officer.screenshot({ path: path.join(SCREENSHOTS, 'lobby-officer-leads.png') });
    await officer.context().close();
  });
});
