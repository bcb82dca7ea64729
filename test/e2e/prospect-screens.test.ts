/**
 * Browser test of the prospect list screens (客户清单): a branch head uploads a small CSV on the import
 * page and reads its validation report (one invalid row, one duplicate, the errors row by row); a second
 * person approves it in 复核待办; the list shows the rows with their officer and the pipeline counts
 * them; the officer opens a prospect, reveals the mobile, logs a visit with a next date, and finds it in
 * the work list; the list exports to Excel (read back); the branch head assigns a selected prospect to
 * another officer. Screenshots in test-results/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM_COMMAND, type HuinongApp } from '../../src/app.js';
import { createStaffDirect } from '../../src/modules/access/index.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, pickAntdOption, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

const ID_A = makeIdNumber('37081219850101661');
const ID_B = makeIdNumber('37081219860202662');
const BAD = (() => {
  const id = makeIdNumber('37081219870303663');
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
})();

describe.skipIf(!hasBrowser() || !webBuilt())('prospect list screens', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    await createStaffDirect(app.ctx, SYSTEM_COMMAND, {
      username: 'officer9',
      name: '冯九',
      branchCode: 'YZ-GL',
      mobile: '13805377901',
      roles: ['loan_officer'],
      password: DEMO_PASSWORD,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function login(username: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    return page;
  }

  let head: Page;
  let reviewId: number;

  it('a branch head uploads a list on the import page and reads its validation report', async () => {
    head = await login('head1');
    await head.getByTestId('menu-prospects').click();
    await head.getByTestId('prospects-table').waitFor();
    await head.getByTestId('prospects-import').click();
    expect(await head.getByTestId('prospect-template-header').innerText()).toContain('姓名,身份证号,手机号,客户经理,村/社区');
    const csv = [
      '姓名,身份证号,手机号,客户经理,村/社区,来源',
      `张屯一,${ID_A},13805376601,officer1,大屯村,村委推荐`,
      `李桥二,${ID_B},13805376602,officer1,龙桥社区,`,
      `赵错三,${BAD},13805376603,officer1,大屯村,`,
      `周重四,${ID_A},13805376604,officer1,大屯村,`,
    ].join('\r\n');
    await head.locator('input[type=file]').setInputFiles({ name: '客户清单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const report = head.getByTestId('prospect-import-report');
    await report.waitFor();
    expect(await head.getByTestId('prospect-report-rows').innerText()).toContain('4');
    expect(await head.getByTestId('prospect-report-valid').innerText()).toContain('2');
    expect(await head.getByTestId('prospect-report-invalid').innerText()).toContain('1');
    expect(await head.getByTestId('prospect-report-duplicates').innerText()).toContain('1');
    const errors = head.getByTestId('prospect-import-errors');
    await errors.getByText('INVALID_ID_NUMBER').waitFor();
    expect(await errors.innerText()).toContain('DUPLICATE_IN_FILE');
    expect(await errors.innerText()).toContain('重复');
    const reviewHref = await head.getByTestId('prospect-import-review-link').getAttribute('href');
    reviewId = Number(/id=(\d+)/.exec(reviewHref ?? '')![1]);
    await head.screenshot({ path: path.join(SCREENSHOTS, 'prospect-import-report.png') });
  }, 120_000);

  it('a second person approves it in review; the list shows the rows with their officer, counts and exports them', async () => {
    const exec = await login('exec1');
    await exec.goto(`${base}/review`);
    await exec.getByTestId(`review-row-${reviewId}`).click();
    await exec.getByTestId('review-approve').click();
    await exec.getByTestId(`review-row-${reviewId}`).waitFor({ state: 'detached' });
    await exec.context().close();

    await head.goto(`${base}/marketing/prospects`);
    const table = head.getByTestId('prospects-table');
    await table.getByText('大屯村').waitFor();
    const rows = table.locator('[data-testid^="prospect-row-"]');
    expect(await rows.count()).toBe(2);
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain('周伟');
      expect(text).toContain('新分配');
    }
    await head.getByTestId('prospects-pipeline-NEW').and(head.locator('[data-count="2"]')).waitFor();
    const [download] = await Promise.all([head.waitForEvent('download'), head.getByTestId('list-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(2).value).toBe('姓名');
    expect(ws.rowCount).toBe(3);
    const officers = [2, 3].map((r) => String(ws.getRow(r).getCell(7).value));
    expect(officers).toEqual(['周伟', '周伟']);
    await head.screenshot({ path: path.join(SCREENSHOTS, 'prospect-list.png') });
  }, 120_000);

  it('the officer opens a prospect, reveals the mobile, logs a visit with a next date and finds it in the work list', async () => {
    const businessDate = (await client(app.server, await loginAs(app.server, 'officer1')).get('/api/v1/marketing/work-list')).json()
      .businessDate as string;
    const officer = await login('officer1');
    await officer.getByTestId('menu-prospects').click();
    const mine = officer.getByTestId('prospects-table');
    await mine.getByText('大屯村').waitFor();
    await mine.locator('[data-testid^="prospect-row-"]').filter({ hasText: '大屯村' }).getByRole('link').click();
    await officer.getByTestId('prospect-detail').waitFor();
    expect(await officer.getByTestId('prospect-detail').innerText()).toContain('村委推荐');
    await officer.getByTestId('prospect-reveal').click();
    await officer.getByTestId('prospect-mobile').getByText('13805376601').waitFor();
    await pickAntdOption(officer, 'prospect-contact-channel', '上门');
    await pickAntdOption(officer, 'prospect-contact-outcome', '有意向');
    await officer.getByTestId('prospect-contact-next-step').fill('带材料再访');
    const dateInput = officer.getByTestId('prospect-contact-form').locator('.ant-picker input');
    await dateInput.click();
    await dateInput.fill(businessDate);
    await dateInput.press('Enter');
    await officer.getByTestId('prospect-contact-submit').click();
    await officer.getByTestId('prospect-contacts').getByText('带材料再访').waitFor();
    expect(await officer.getByTestId('prospect-status').getAttribute('data-status')).toBe('INTERESTED');
    expect(await officer.getByTestId('prospect-timeline').innerText()).toContain('新分配 → 有意向');
    await officer.screenshot({ path: path.join(SCREENSHOTS, 'prospect-detail.png') });

    // in the officer's work list, due today, before the new one
    await officer.getByTestId('menu-prospect-work-list').click();
    const work = officer.getByTestId('work-list-table');
    await work.getByText('带材料再访').waitFor();
    const workRows = await work.locator('[data-testid^="work-row-"]').allInnerTexts();
    expect(workRows).toHaveLength(2);
    expect(workRows[0]).toContain(businessDate);
    expect(workRows[0]).toContain('有意向');
    expect(workRows[1]).toContain('新分配');
    await officer.screenshot({ path: path.join(SCREENSHOTS, 'prospect-work-list.png') });
    await officer.context().close();
  }, 120_000);

  it('a branch head selects a prospect in the list and assigns it to another officer', async () => {
    await head.goto(`${base}/marketing/prospects`);
    const table = head.getByTestId('prospects-table');
    const row = table.locator('[data-testid^="prospect-row-"]').filter({ hasText: '龙桥社区' });
    await row.waitFor();
    await row.locator('.ant-checkbox-input').check();
    await head.getByTestId('prospects-assign').click();
    await pickAntdOption(head, 'prospect-assign-officers', '冯九');
    await head.locator('.ant-modal-title').click();
    await head.getByTestId('prospect-assign-submit').click();
    await row.filter({ hasText: '冯九' }).waitFor();
    await head.getByTestId('prospects-pipeline-total').getByText('共 2 人').waitFor();
    await head.context().close();
  }, 120_000);
});
