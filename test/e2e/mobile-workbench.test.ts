/**
 * Browser test: the officer's mobile workbench (issue 14 §2) on a phone-sized screen. A prospect list is
 * imported and approved by a second person; the officer signs in on the mobile page's staff mode, finds
 * the prospect in today's work list, opens the card, reveals the number for the one-tap call, logs a
 * phone contact, applies for the prospect on the spot (approved by the policy), and — once the line is
 * drawn — sees the prospect at 已放款, credited to the SMS campaign the list received; the officer's 543 page shows the timings and the QR code goes full
 * screen. The customer's page in the same browser stays the customer's. Screenshots in
 * test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { SYSTEM_COMMAND, type HuinongApp } from '../../src/app.js';
import { createStaffDirect } from '../../src/modules/access/index.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

const PERSON = { name: '葛田间', idNumber: makeIdNumber('37081219870914052'), mobile: '13905378152' };
const VILLAGE = '工作台村';

describe.skipIf(!hasBrowser() || !webBuilt())('the officer’s mobile workbench', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let prospectId: number;
  let businessDate: string;
  let officer: ReturnType<typeof client>;
  let campaignId: number;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    businessDate = await getBusinessDate(app.ctx.db);
    const headToken = await loginAs(app.server, 'head1');
    const boundary = '----huinongWorkbenchE2e';
    const csv = `姓名,身份证号,手机号,客户经理,村/社区\r\n${PERSON.name},${PERSON.idNumber},${PERSON.mobile},officer1,${VILLAGE}\r\n`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="名单.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from(csv, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await app.server.inject({
      method: 'POST',
      url: '/api/v1/marketing/prospect-imports',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${headToken}` },
    });
    expect(up.statusCode, up.body).toBe(201);
    const exec = client(app.server, await loginAs(app.server, 'exec1'));
    const ok = await exec.post(`/api/v1/review/requests/${up.json().reviewRequestId}/approve`, { comment: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);
    const head = client(app.server, headToken);
    const prospect = (await head.get(`/api/v1/marketing/prospects?village=${encodeURIComponent(VILLAGE)}`)).json().items[0];
    prospectId = prospect.id;
    officer = client(app.server, await loginAs(app.server, 'officer1'));

    // the branch's SMS campaign to the approved list: the application that follows is credited to it
    const created = await head.post('/api/v1/campaigns', {
      kind: 'SMS',
      name: '工作台村短信·信e贷',
      branchId: prospect.branch.id,
      productCode: 'XIN_E_DAI',
      startDate: businessDate,
      endDate: businessDate,
    });
    expect(created.statusCode, created.body).toBe(201);
    campaignId = created.json().id;
    const send = {
      segment: { kind: 'PROSPECT_LIST', importBatchId: up.json().importId },
      template: '{称呼}您好，信e贷扫码即申：{链接}',
      perMinute: 100,
    };
    const preview = await head.post(`/api/v1/campaigns/${campaignId}/sms-preview`, send);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().recipients).toBe(1);
    const sent = await head.post(`/api/v1/campaigns/${campaignId}/sms-sends`, { ...send, confirmCount: 1 });
    expect(sent.statusCode, sent.body).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `mobile-workbench-${name}.png`), fullPage: true });

  it('takes a prospect from the work list through a contact and an application on the spot to 已放款 credited to the list’s SMS campaign, with the officer’s 543 timings', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();

    // the customer's page names the staff entry; the officer signs in with the console's account
    await page.goto(`${base}/m/`);
    await page.getByTestId('m-staff-entry').click();
    await page.waitForURL(/\/m\/staff$/);
    await page.getByTestId('m-staff-username').fill('officer1');
    await page.getByTestId('m-staff-password').fill(DEMO_PASSWORD);
    await page.getByTestId('m-staff-submit').click();

    // today's work list: the new prospect, masked
    const item = page.getByTestId(`m-work-item-${prospectId}`);
    await item.waitFor();
    expect(await item.innerText()).toContain('葛**');
    expect(await item.innerText()).toContain('新分配');
    expect(await page.getByTestId('m-work-date').innerText()).toContain(businessDate);
    await shot(page, 'work-list');
    await item.click();

    // the card: masked ID, one-tap call after the audited reveal
    const card = page.getByTestId('m-prospect');
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('NEW');
    expect(await page.getByTestId('m-prospect-id').innerText()).not.toContain(PERSON.idNumber);
    await page.getByTestId('m-prospect-reveal').click();
    const call = page.getByTestId('m-prospect-call');
    await call.waitFor();
    expect(await call.getAttribute('href')).toBe(`tel:${PERSON.mobile}`);

    // a phone contact: interested, with the next step and date
    await page.getByTestId('m-contact-channel').selectOption('PHONE');
    await page.getByTestId('m-contact-outcome').selectOption('INTERESTED');
    await page.getByTestId('m-contact-next-step').fill('带身份证现场申请');
    await page.getByTestId('m-contact-next-date').fill(businessDate);
    await page.getByTestId('m-contact-submit').click();
    await page.locator('[data-testid="m-prospect"][data-status="INTERESTED"]').waitFor();
    const contacts = page.getByTestId('m-prospect-contacts');
    expect(await contacts.innerText()).toContain('电话 · 有意向');
    expect(await contacts.innerText()).toContain('带身份证现场申请');
    await shot(page, 'card');

    // the application on the spot, with the prospect's person from the list
    await page.getByTestId('m-prospect-apply').click();
    await page.getByTestId('m-assist-form').waitFor();
    expect(await page.getByTestId('m-assist-id').innerText()).toBe(PERSON.idNumber);
    await page.getByTestId('m-assist-product').selectOption('XIN_E_DAI');
    await page.getByTestId('m-assist-occupation').selectOption('ENTERPRISE_EMPLOYEE');
    await page.getByTestId('m-assist-income').fill('9000');
    await page.getByTestId('m-assist-amount').fill('20000');
    await page.getByTestId('m-assist-method').selectOption('EQUAL_INSTALLMENT');
    await page.getByTestId('m-assist-term').selectOption('12');
    // the consents are the customer's to tick: refused without them
    await page.getByTestId('m-assist-submit').click();
    await page.getByText('三项授权均需客户本人勾选').waitFor();
    for (const k of ['CREDIT_INQUIRY', 'AUTOMATED_DECISION', 'PERSONAL_INFORMATION'])
      await page.getByTestId(`m-assist-consent-${k}`).click();
    await page.getByTestId('m-assist-submit').click();
    const result = page.getByTestId('m-assist-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('APPROVED');
    await shot(page, 'approved');
    const applicationId = Number(await result.getAttribute('data-application-id'));
    const application = (await officer.get(`/api/v1/applications/${applicationId}`)).json();
    expect(application).toMatchObject({ channel: 'OFFICER_ASSISTED', status: 'APPROVED' });
    expect((await officer.get(`/api/v1/marketing/prospects/${prospectId}`)).json().status).toBe('APPROVED');

    // the customer draws on the line (through the API): the prospect is disbursed
    const draw = await officer.post(
      `/api/v1/credit-lines/${application.creditLineId}/drawdowns`,
      { amount: '5000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'e2e-workbench-draw' },
    );
    expect(draw.statusCode, draw.body).toBe(201);
    await page.getByTestId('m-assist-back').click();
    await page.locator('[data-testid="m-prospect"][data-status="DISBURSED"]').waitFor();
    expect(await page.getByTestId('m-prospect-status').innerText()).toBe('已放款');
    const detail = (await officer.get(`/api/v1/marketing/prospects/${prospectId}`)).json();
    expect(detail.status).toBe('DISBURSED');
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['CONTACTED', 'APPLICATION', 'DECISION', 'DISBURSEMENT']),
    );
    await shot(page, 'disbursed');

    // the disbursement credits the SMS campaign the prospect received
    const figures = (await officer.get(`/api/v1/campaigns/${campaignId}/figures`)).json();
    expect(figures).toMatchObject({ sent: 1, applied: 1, approved: 1, disbursedCount: 1, disbursedAmount: '5000.00' });

    // the officer's own 543 timings: the lock and the disbursement of this customer, today
    await page.getByTestId('m-staff-tab-sla').click();
    const today = page.getByTestId('m-sla-today');
    await today.waitFor();
    const stages = await today.locator('[data-stage]').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')));
    expect(stages).toEqual(expect.arrayContaining(['LOCK', 'DISBURSE']));
    expect(await today.innerText()).toContain(`客户 ${application.customerId}`);
    await shot(page, 'sla');

    // the QR code, full screen
    await page.getByTestId('m-staff-tab-qr').click();
    expect(await page.getByTestId('m-staff-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await page.getByTestId('m-staff-qr-full').click();
    await page.getByTestId('m-staff-qr-fullscreen').waitFor();
    await shot(page, 'qr');

    // the customer's page in the same browser is not signed in as the officer
    await page.goto(`${base}/m/me`);
    await page.getByTestId('m-name').waitFor();
    await context.close();
  });

  it('shows the sign-in form to nobody signed in, and sends a staff member who must change their password to the console', async () => {
    await createStaffDirect(app.ctx, SYSTEM_COMMAND, {
      username: 'officer7',
      name: '卫七',
      branchCode: 'YZ-GL',
      mobile: '13805377701',
      roles: ['loan_officer'],
      password: DEMO_PASSWORD,
    });
    await app.ctx.db.execute(sql`UPDATE staff SET must_change_password = true WHERE username = 'officer7'`);
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/m/staff/sla`);
    await page.getByTestId('m-staff-login').waitFor();
    expect(await page.getByTestId('m-sla').count()).toBe(0);
    await page.getByTestId('m-staff-username').fill('officer7');
    await page.getByTestId('m-staff-password').fill(DEMO_PASSWORD);
    await page.getByTestId('m-staff-submit').click();
    await page.getByTestId('m-staff-forced-password').waitFor();
    expect(await page.getByTestId('m-sla').count()).toBe(0);
    await page.getByTestId('m-staff-console').click();
    await page.getByTestId('login-username').or(page.getByTestId('logout')).first().waitFor();
    expect(new URL(page.url()).pathname.startsWith('/m')).toBe(false);
    await context.close();
  });
});
