/**
 * Browser test (issue 14 §8): a 543 breach confirmed by the branch head. An application submitted at
 * 09:00 and disbursed at 09:05 is two minutes over the three-minute standard; end-of-day's SLA step
 * proposes the breach; the branch head opens 543 服务时效, confirms it for review, an approver approves,
 * and the list shows it 已确认问责 with its ¥100 penalty. Screenshot in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, withTx } from '../../src/db/client.js';
import { clock, settableClock, useClock } from '../../src/kernel/clock.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { loansPipeline } from '../../src/modules/eod/index.js';
import { recordServiceEvents } from '../../src/modules/origination/events.service.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

const CUSTOMER = 9_200_001;

describe.skipIf(!hasBrowser() || !webBuilt())('543 screens', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let breachId: number;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const me = await queryOne<{ id: string; branch_id: string }>(
      app.ctx.db,
      sql`SELECT id::text AS id, branch_id::text AS branch_id FROM staff WHERE username = 'officer1'`,
    );
    const D = await getBusinessDate(app.ctx.db);
    const event = {
      customerId: CUSTOMER,
      officerId: Number(me!.id),
      branchId: Number(me!.branch_id),
      applicationId: 9901,
      businessDate: D,
    };
    // the events at set times an hour ago, then the wall clock again (the browser's session lives on it)
    const start = new Date(clock.now().getTime() - 3_600_000);
    const previous = useClock(settableClock(start));
    try {
      await withTx(app.ctx.db, (tx) => recordServiceEvents(tx, [{ ...event, kind: 'SUBMIT' }]));
      useClock(settableClock(new Date(start.getTime() + 300_000)));
      await withTx(app.ctx.db, (tx) => recordServiceEvents(tx, [{ ...event, kind: 'DISBURSE' }]));
    } finally {
      useClock(previous);
    }
    const step = loansPipeline(app.ctx.hooks).steps.find((s) => s.name === 'SLA')!;
    await withTx(app.ctx.db, (tx) =>
      step.run(tx, D, { fromCustomerId: CUSTOMER, toCustomerId: CUSTOMER + 1, customerIds: null, bankKey: -1 }),
    );
    const head = client(app.server, await loginAs(app.server, 'head1'));
    const list = (await head.get('/api/v1/sla/breaches')).json();
    expect(list.items).toEqual([
      expect.objectContaining({ stage: 'DISBURSE', overrunSeconds: 120, penalty: '100.00', status: 'PROPOSED' }),
    ]);
    breachId = list.items[0].id;
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the branch head confirms a 543 breach; an approver approves it and the list shows it confirmed', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('head1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-sla').click();
    await page.getByTestId('sla-breaches-table').waitFor();
    await page.getByTestId(`sla-breach-row-${breachId}`).waitFor();
    await page.getByTestId(`sla-confirm-${breachId}`).click();
    await page.getByTestId('sla-decision-reason').fill('超时两分钟，情况属实');
    await page.getByTestId('sla-decision-submit').click();
    // submitted for review: the row says so and offers no second decision
    await expect.poll(async () => page.getByTestId(`sla-breach-row-${breachId}`).innerText()).toContain('复核中');
    expect(await page.getByTestId(`sla-confirm-${breachId}`).count()).toBe(0);

    const head = client(app.server, await loginAs(app.server, 'head1'));
    const pending = (await head.get('/api/v1/sla/breaches')).json().items[0];
    expect(pending.pendingReviewId).toEqual(expect.any(Number));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const approved = await approver.post(`/api/v1/review/requests/${pending.pendingReviewId}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);

    await page.reload();
    const status = page.getByTestId(`sla-breach-status-${breachId}`);
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('CONFIRMED');
    expect(await status.innerText()).toBe('已确认问责');
    expect(await page.getByTestId(`sla-breach-row-${breachId}`).innerText()).toContain('100.00');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sla-breach-confirmed.png') });

    await page.getByTestId('sla-tab-compliance').click();
    await page.getByTestId('sla-trend-chart').waitFor();
    await context.close();
  });
});
