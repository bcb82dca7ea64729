/**
 * Browser test: the credit-policy editor. param1 tightens the age knock-out in the editable table,
 * dry-runs the draft on a 52-year-old, submits it as a new version; param2 approves it in the review
 * inbox; the version is then in force. Screenshots go to test-results/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { buildServer } from '../../src/http/server.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { calendarRoutes } from '../../src/modules/calendar/index.js';
import { activePolicy, decisionRoutes, seedDecision } from '../../src/modules/decision/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import { createTestContext, DEMO_PASSWORD } from '../support/app.js';
import { hasBrowser, launchBrowser } from '../support/browser.js';

const SHOTS = path.resolve('test-results/screenshots');
const webBuilt = existsSync(path.resolve('dist/web/index.html'));
const AGE_CELL = 'decision-cell-knockout-1-knockout.in.condition';

describe.skipIf(!hasBrowser() || !webBuilt)('console: credit policy edited, tried and reviewed', () => {
  let ctx: AppContext;
  let server: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ctx = await createTestContext('pglite');
    await seedDecision(ctx);
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [calendarRoutes, accessRoutes, reviewRoutes, importRoutes, decisionRoutes],
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const addr = server.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = (await launchBrowser())!;
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.database.close();
  });

  async function login(page: Page, username: string) {
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
  }

  it('param1 edits the age knock-out, dry-runs the draft and submits it; param2 approves; the new version is in force', async () => {
    const makerCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const maker = await makerCtx.newPage();
    await login(maker, 'param1');
    await maker.getByTestId('menu-decision').click();
    await maker.getByTestId('decision-version-row-default-v1').waitFor();
    await maker.getByTestId('decision-table-knockout').waitFor();
    expect(await maker.getByTestId('decision-table-knockout').innerText()).toContain('applicant.age > product.maxAge');
    await maker.screenshot({ path: path.join(SHOTS, 'decision-01-tables.png') });

    // the policy in force on the sample applicant
    await maker.getByTestId('decision-dryrun-run').click();
    await maker.getByTestId('decision-dryrun-result').waitFor();
    expect(await maker.getByTestId('decision-dryrun-outcome').getAttribute('data-outcome')).toBe('APPROVE');
    expect(await maker.getByTestId('decision-dryrun-limit').innerText()).toBe('98000.00');

    // edit: cap the age at 50, and try the draft on a 52-year-old
    await maker.getByTestId('decision-edit').click();
    await maker.getByTestId(AGE_CELL).fill('applicant.age < product.minAge or applicant.age > min([product.maxAge, 50])');
    expect(await maker.getByTestId('decision-changed-count').innerText()).toContain('1');
    await maker.getByTestId('decision-dryrun-age').fill('52');
    await maker.getByTestId('decision-dryrun-run').click();
    await maker.waitForFunction(
      () => document.querySelector('[data-testid="decision-dryrun-outcome"]')?.getAttribute('data-outcome') === 'DECLINE',
    );
    expect(await maker.getByTestId('decision-dryrun-reasons').innerText()).toContain('AGE_OUT_OF_RANGE');
    await maker.screenshot({ path: path.join(SHOTS, 'decision-02-draft-dry-run.png'), fullPage: true });

    // a broken cell is refused with its place named; fixed, the version is submitted for review
    await maker.getByTestId('decision-new-version').fill('ui-age50-v2');
    await maker.getByTestId(AGE_CELL).fill('applicant.age >');
    await maker.getByTestId('decision-submit').click();
    await maker.getByTestId('decision-problems').waitFor();
    expect(await maker.getByTestId('decision-problems').innerText()).toContain('准入拒绝规则 Knock-outs · 第 2 行');
    await maker.getByTestId(AGE_CELL).fill('applicant.age < product.minAge or applicant.age > min([product.maxAge, 50])');
    await maker.getByTestId('decision-submit').click();
    await maker.getByTestId('decision-submitted').waitFor();
    await maker.screenshot({ path: path.join(SHOTS, 'decision-03-submitted.png') });
    expect((await activePolicy(ctx.db, '2026-01-01')).version).toBe('default-v1');

    const checkerCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const checker = await checkerCtx.newPage();
    await login(checker, 'param2');
    await checker.getByTestId('menu-review').click();
    await checker.locator('[data-testid^="review-row-"]').filter({ hasText: 'ui-age50-v2' }).first().click();
    await checker.getByTestId('review-diff').waitFor();
    expect(await checker.getByTestId('review-diff').innerText()).toContain('min([product.maxAge, 50])');
    await checker.screenshot({ path: path.join(SHOTS, 'decision-04-review-diff.png') });
    await checker.getByTestId('review-approve').click();
    await checker
      .locator('.ant-message')
      .getByText(/通过|已/)
      .first()
      .waitFor();

    // effective from the business date: in force now, listed as such
    expect((await activePolicy(ctx.db, '2026-01-01')).version).toBe('ui-age50-v2');
    await maker.getByTestId('menu-review').click();
    await maker.getByTestId('menu-decision').click();
    await maker.reload(); // the version list as the server has it now, not as the page loaded it
    await maker.getByTestId('decision-version-row-ui-age50-v2').waitFor();
    expect(await maker.getByTestId('decision-version-row-ui-age50-v2').innerText()).toContain('生效中');
    await maker.screenshot({ path: path.join(SHOTS, 'decision-05-in-force.png') });
    await makerCtx.close();
    await checkerCtx.close();
  }, 180_000); // a long walk through the console on a shared 2-core machine
});
