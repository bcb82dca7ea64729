/**
 * The demo quarter's marketing actor (issue 16 §2) on every engine: a reduced quarter (the first days, at a
 * small scale) lived by the marketing actor alone, and the period figures the work report reads agree with
 * what the plan says those days bring — prospects imported, SMS sent, social-media pushes, pre-credit cards,
 * referred customers, group borrowers and their amount — and with what the actor counted doing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import type { PeriodFigures } from '../../src/modules/workreport/workreport.contract.js';
import { marketingPlan, plannedBy } from '../../demo/quarter/actors/marketing.js';
import { buildDemoQuarter, type QuarterResult } from '../../demo/quarter/index.js';
import { createTestApp, client, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import type { HuinongApp } from '../../src/app.js';

const SEED = 20260101;
const SCALE = 0.05;
const TO = '2026-01-16';

describe.each(testEngines())('the demo quarter’s marketing on %s', (kind) => {
  let app: HuinongApp;
  let ctx: AppContext;
  let result: QuarterResult;
  let figures: PeriodFigures;

  beforeAll(async () => {
    app = await createTestApp(kind, { demoQuarter: true });
    ctx = app.ctx;
    result = await buildDemoQuarter(ctx, { seed: SEED, scale: SCALE, to: TO, only: ['marketing'] });
    const exec = client(app.server, await loginAs(app.server, 'exec1'));
    const res = await exec.get(`/api/v1/reports/period?from=2026-01-01&to=${TO}`);
    expect(res.statusCode, res.body).toBe(200);
    figures = res.json();
  }, 300_000);
  afterAll(async () => {
    await app?.close();
  });

  it('imports the planned prospect rows, sends the planned SMS to the lists, and logs the contacts it counted', () => {
    const planned = plannedBy(marketingPlan(SEED, SCALE), TO);
    expect(planned.prospectsImported).toBeGreaterThan(0);
    expect(figures.marketing.prospects.imported).toBe(planned.prospectsImported);
    expect(figures.marketing.smsSent).toBe(planned.smsSent);
    expect(figures.marketing.prospects.contacts).toBe(result.counts['marketing.prospects.contacts'] ?? 0);
  });

  it('runs the planned WeChat and Douyin pushes', () => {
    const planned = plannedBy(marketingPlan(SEED, SCALE), TO);
    const pushes = figures.marketing.campaigns.filter((c) => c.kind === 'WECHAT_OA' || c.kind === 'DOUYIN');
    expect(planned.pushes).toBeGreaterThan(0);
    expect(pushes).toHaveLength(planned.pushes);
  });

  it('issues a card to each approved white-list entry, most of the planned rows', () => {
    const planned = plannedBy(marketingPlan(SEED, SCALE), TO);
    const issued = figures.marketing.preCredit.cardsIssued;
    expect(issued).toBe(result.counts['marketing.precredit.cardsIssued']);
    expect(issued).toBeLessThanOrEqual(planned.preCreditRows);
    expect(issued).toBeGreaterThanOrEqual(Math.floor(planned.preCreditRows * 0.8));
  });

  it('activates the cards of the holders the policy approves, as the period report counts them', () => {
    const activated = result.counts['marketing.precredit.activated'] ?? 0;
    expect(activated).toBeGreaterThan(0);
    expect(figures.marketing.preCredit.cardsActivated).toBe(activated);
  });

  it('brings exactly the planned referred customers and group borrowers to a loan', () => {
    const planned = plannedBy(marketingPlan(SEED, SCALE), TO);
    expect(figures.marketing.referrals.referredCustomers).toBe(planned.referred);
    expect(figures.marketing.groups.borrowers).toBe(planned.groupBorrowers);
    expect(Number(figures.marketing.groups.disbursedAmount)).toBe(result.counts['marketing.group.drawnYuan'] ?? 0);
  });
});
