/**
 * Browser test: an officer takes an exam on the mobile staff mode (issue 15 §4). Head office keeps a
 * question bank (single, multiple and true/false questions) and makes a paper assigned to officer1; on a
 * phone-sized screen the officer signs in on /m/staff, opens 考试, starts the exam (the server starts the
 * clock), answers, submits and sees the score and 通过; the console's 试卷与成绩 shows the result and the
 * score distribution, and 我的培训 on the phone lists the exam. Screenshots in test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { staffBrief, staffIdByUsername } from '../../src/modules/access/index.js';
import { clock } from '../../src/kernel/clock.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

describe.skipIf(!hasBrowser() || !webBuilt())('an exam on the mobile staff mode', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let paperId: number;
  let officerName: string;

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    const exec = client(app.server, await loginAs(app.server, 'exec1'));
    const bank = (await exec.post('/api/v1/training/banks', { name: '手机考试题库' })).json();
    const add = async (body: unknown) => {
      const res = await exec.post(`/api/v1/training/banks/${bank.id}/questions`, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    const single = await add({ kind: 'SINGLE', stem: '信e贷的申请渠道是？', options: ['柜面', '手机银行扫码', '邮寄'], answer: [1] });
    const multi = await add({
      kind: 'MULTIPLE',
      stem: '543 标准包括哪些环节？',
      options: ['锁定客户', '抵押登记', '推荐产品'],
      answer: [0, 2],
    });
    const tf = await add({ kind: 'TRUE_FALSE', stem: '放款须在提交申请后 3 分钟内完成。', answer: [0] });
    const now = clock.now().getTime();
    const paper = await exec.post('/api/v1/training/papers', {
      title: '手机考试·线上贷款',
      passScore: 60,
      timeLimitMinutes: 20,
      opensAt: new Date(now - 3_600_000).toISOString(),
      closesAt: new Date(now + 86_400_000).toISOString(),
      questions: [
        { questionId: single, points: 40 },
        { questionId: multi, points: 40 },
        { questionId: tf, points: 20 },
      ],
    });
    expect(paper.statusCode, paper.body).toBe(201);
    paperId = paper.json().id;
    const officerId = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    officerName = (await staffBrief(app.ctx.db, officerId))!.name;
    const assigned = await exec.post(`/api/v1/training/papers/${paperId}/assignments`, { staffIds: [officerId] });
    expect(assigned.statusCode, assigned.body).toBe(200);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `exam-mobile-${name}.png`), fullPage: true });

  it('an officer signs in on the phone, takes the exam, sees the score and pass; the console lists the result', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/m/`);
    await page.getByTestId('m-staff-entry').click();
    await page.waitForURL(/\/m\/staff$/);
    await page.getByTestId('m-staff-username').fill('officer1');
    await page.getByTestId('m-staff-password').fill(DEMO_PASSWORD);
    await page.getByTestId('m-staff-submit').click();
    await page.getByTestId('m-staff-user').waitFor();

    await page.getByTestId('m-staff-tab-exams').click();
    const item = page.getByTestId(`m-exam-${paperId}`);
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('OPEN');
    expect(await item.innerText()).toContain('手机考试·线上贷款');
    await shot(page, 'list');
    await item.click();
    await page.getByTestId('m-exam-start').click();
    await page.getByTestId('m-exam-sheet').waitFor();
    expect(await page.getByTestId('m-exam-left').innerText()).toMatch(/剩余 (20:00|19:5\d)/);

    await page.getByTestId('m-exam-q-0-opt-1').click();
    await page.getByTestId('m-exam-q-1-opt-0').click();
    await page.getByTestId('m-exam-q-1-opt-2').click();
    await page.getByTestId('m-exam-q-2-opt-0').click();
    await page.getByText('已答 3 / 3').waitFor();
    await shot(page, 'sheet');
    await page.getByTestId('m-exam-submit').click();
    await page.getByTestId('m-exam-confirm').click();

    await page.getByTestId('m-exam-result').waitFor();
    expect(await page.getByTestId('m-exam-score').innerText()).toContain('100 分');
    expect(await page.getByTestId('m-exam-passed').getAttribute('data-passed')).toBe('true');
    expect(await page.getByTestId('m-exam-passed').innerText()).toContain('通过');
    await shot(page, 'result');

    // one attempt: the list says it is done, with the best score
    await page.getByTestId('m-exam-back').click();
    expect(await page.getByTestId(`m-exam-${paperId}`).getAttribute('data-status')).toBe('DONE');
    expect(await page.getByTestId(`m-exam-${paperId}-best`).innerText()).toContain('100');
    await page.getByTestId('m-exams-record').click();
    const rec = page.getByTestId(`m-training-exam-${paperId}-1`);
    await rec.waitFor();
    expect(await rec.innerText()).toContain('100 / 100');
    await context.close();

    // the console: head office sees the result in 试卷与成绩, with the distribution chart
    const desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const console = await desk.newPage();
    await console.goto(`${base}/`);
    await console.getByTestId('login-username').fill('exec1');
    await console.getByTestId('login-password').fill(DEMO_PASSWORD);
    await console.getByTestId('login-submit').click();
    await console.getByTestId('logout').waitFor();
    await console.getByTestId('menu-training').click();
    await console.getByTestId('training-tab-papers').click();
    await console.getByTestId(`training-paper-results-${paperId}`).click();
    const results = console.getByTestId('training-results-table');
    const row = results.locator('tr', { hasText: officerName });
    await row.waitFor();
    expect(await row.innerText()).toContain('100 / 100');
    expect(await row.innerText()).toContain('通过');
    expect(await console.getByTestId('training-dist-summary').innerText()).toContain('通过率 100.00%');
    await console.getByTestId('training-dist-chart').locator('canvas').waitFor();
    await shot(console, 'console-results');
    await desk.close();
  }, 300_000);
});
