/**
 * Browser test: a branch head names a key customer group (重点客群) through the API and an officer adds a
 * member; in the console the branch head sees the group in 重点客群 with the branches still naming none,
 * opens it and reads its figures, the QR code and share link and its members, and exports the members;
 * then names a new group in the console and adds a member on its page. Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('key customer group screens', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let groupId: number;
  let code: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const head = client(app.server, await loginAs(app.server, 'head1'));
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const created = await head.post('/api/v1/groups', {
      kind: 'MARKET',
      name: '鼓楼农贸市场',
      branchId: Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id),
      officerId: (await staffIdByUsername(app.ctx.db, 'officer1'))!,
      keyPerson: { name: '马主任', mobile: '13905379901' },
    });
    expect(created.statusCode, created.body).toBe(201);
    groupId = created.json().id;
    code = created.json().code;
    const added = await officer.post(`/api/v1/groups/${groupId}/members`, {
      name: '冯摊主',
      idNumber: makeIdNumber('37081219870505991'),
      mobile: '13905379902',
    });
    expect(added.statusCode, added.body).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a branch head sees the group and the uncovered branches, opens it with its figures, QR code and members, and exports them', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('head1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-groups').click();
    const row = page.getByTestId(`group-row-${groupId}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('鼓楼农贸市场');
    expect(await row.innerText()).toContain('商户市场');
    expect(await page.getByTestId('groups-coverage').innerText()).toContain('鼓楼支行新村分理处');
    await row.getByRole('link', { name: String(groupId) }).click();
    await page.getByTestId('group-figures').waitFor();
    expect(await page.getByTestId('group-share').innerText()).toContain(code);
    expect(await page.getByTestId('group-link').innerText()).toContain(`?group=${code}`);
    expect(await page.getByTestId('group-share').locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await page.getByTestId('group-members-table').waitFor();
    expect(await page.getByTestId('group-members-table').innerText()).toContain('逐个添加');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('list-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'group-detail.png') });
    await context.close();
  });

  it('a branch head names a group in the console and adds a member on its page', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('head1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-groups').click();
    await page.getByTestId('group-create').click();
    await page.getByTestId('group-form-kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '合作社' }).click();
    await page.getByTestId('group-form-name').fill('新村果蔬合作社');
    await page.getByTestId('group-form-branch').click();
    await page.keyboard.type('鼓楼支行');
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^鼓楼支行$/ })
      .click();
    await page.getByTestId('group-form-officer').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '周伟' }).click();
    await page.getByTestId('group-form-key-name').fill('韩社长');
    await page.getByTestId('group-form-key-mobile').fill('13905379911');
    await page.getByTestId('group-form-save').click();
    // the new group's page
    await page.getByTestId('group-figures').waitFor();
    expect(await page.getByTestId('group-figures').innerText()).toContain('合作社');
    await page.getByTestId('group-add-member').click();
    await page.getByTestId('member-form-name').fill('卫社员');
    await page.getByTestId('member-form-id').fill(makeIdNumber('37081219880606992'));
    await page.getByTestId('member-form-mobile').fill('13905379912');
    await page.getByTestId('member-form-save').click();
    await expect.poll(async () => page.getByTestId('group-members-table').innerText()).toContain('卫**');
    expect(await page.getByTestId('group-members-table').innerText()).toContain('逐个添加');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'group-created.png') });
    await context.close();
  });
});
