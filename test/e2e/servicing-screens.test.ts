/**
 * Browser tests of the loan-servicing screens: a 信e贷 loan whose customer spent the money falls
 * overdue through end-of-day (set up through the API); in the console the administrator runs one
 * more day from 日终处理 and reads the loan (servicing figures, schedule, accruals, classification
 * history, journal, accruals) and the trial balance; the loan officer takes a small repayment at
 * the counter and the approver reverses it; the inspector downgrades the loan and the approver
 * approves it; on the phone the customer pays what is due (立即还款) and then settles the loan
 * (提前结清). Every amount is checked to the fen against the API (accruals against the loan's
 * accrual subledger, loan_accruals: the page reads GET /loans/:id/accruals, or the loan's journal
 * on a server without that endpoint — and since aggregated accrual postings the journal holds none).
 * Screenshots go to test-results/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { testConfig } from '../../src/config.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, launchBrowser, pickAntdOption } from '../support/browser.js';

const SHOTS = path.resolve('test-results/screenshots');
// the web build the test server serves (HUINONG_WEB_DIR or dist/web)
const webBuilt = existsSync(path.join(testConfig().webDir, 'index.html'));
const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };

type Api = ReturnType<typeof client>;

/** "1,234.56" / "¥1,234.56" → "1234.56". */
function plain(text: string): string {
  return text.replace(/[¥,\s]/g, '');
}
function toFen(yuan: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!m) throw new Error(`not a yuan amount: ${yuan}`);
  const abs = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -abs : abs;
}
function toYuan(fen: bigint): string {
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
async function amountOf(loc: Locator): Promise<string> {
  return plain(await loc.innerText());
}

interface LoanJson {
  id: number;
  customerId: number;
  status: string;
  dpd: number;
  classification: string;
  outstandingPrincipal: string;
  accruedInterest: string;
  overduePrincipal: string;
  overdueInterest: string;
  penaltyInterestAccrued: string;
  compoundInterestAccrued: string;
  schedule: Array<{ period: number; dueDate: string; status: string; principal: string; interest: string; payment: string }>;
  repayments: { count: number; totalPaid: string };
}
interface JournalJson {
  entries: Array<{
    entryId: number;
    businessDate: string;
    eventType: string;
    lines: Array<{ accountCode: string; debit: string; credit: string }>;
  }>;
}

describe.skipIf(!hasBrowser() || !webBuilt)('loan servicing in the browser', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let admin: Api;
  let officer: Api;
  let loanId: number;
  let customerId: number;
  const idNumber = makeIdNumber('37081219900512731');
  const mobile = '13905376621';
  const name = '孙丽华';

  beforeAll(async () => {
    app = await createTestApp('pglite');
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = (await launchBrowser())!;
    await mkdir(SHOTS, { recursive: true });
    admin = client(app.server, await loginAs(app.server, 'admin'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));

    // 1. a drawn 信e贷 loan; the customer spends the money, so the first installment (due 2026-02-01) is not paid
    const a = (
      await officer.post('/api/v1/applications', {
        productCode: 'XIN_E_DAI',
        channel: 'OFFICER_ASSISTED',
        applicant: { name, idNumber, mobile, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
        requestedAmount: '20000.00',
        termMonths: 12,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        consents: CONSENTS,
      })
    ).json();
    expect(a.status).toBe('APPROVED');
    const d = await officer.post(
      `/api/v1/credit-lines/${a.creditLineId}/drawdowns`,
      { amount: '20000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'servicing-screens-draw' },
    );
    expect(d.statusCode).toBe(201);
    loanId = d.json().loanId;
    const loan = (await officer.get(`/api/v1/loans/${loanId}`)).json() as LoanJson;
    customerId = loan.customerId;
    expect(loan.schedule[0].dueDate).toBe('2026-02-01');

    const balance = (await officer.get(`/api/v1/customers/${customerId}/deposits`)).json().accounts[0].balance as string;
    const spent = await admin.post('/api/v1/sandbox/withdrawals', { customerId, amount: balance });
    expect(spent.statusCode).toBe(200);
    expect(spent.json().balance).toBe('0.00');

    // end-of-day through 2026-02-02 with the account empty: one day past due
    const eod = await admin.post('/api/v1/eod/run', { to: '2026-02-03' });
    if (eod.statusCode !== 200) {
      const runs = (await admin.get('/api/v1/eod/runs?limit=100')).json();
      const failed = runs.items.find((r: { status: string }) => r.status !== 'DONE');
      const detail = failed ? (await admin.get(`/api/v1/eod/runs/${failed.businessDate}`)).json() : null;
      throw new Error(`end-of-day failed: ${eod.body} ${JSON.stringify(detail)}`);
    }
    expect(eod.json().businessDate).toBe('2026-02-03');
    const overdue = (await officer.get(`/api/v1/loans/${loanId}`)).json() as LoanJson;
    expect(overdue.dpd).toBe(1);
    expect(overdue.classification).toBe('SPECIAL_MENTION');
    expect(toFen(overdue.overduePrincipal)).toBeGreaterThan(0n);
    expect(toFen(overdue.penaltyInterestAccrued)).toBeGreaterThan(0n);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function consolePage(username: string): Promise<Page> {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    return page;
  }

  async function openLoan(page: Page): Promise<void> {
    await page.getByTestId('menu-loans').click();
    await page.getByTestId(`loan-link-${loanId}`).click();
    await page.getByTestId('loan-servicing').waitFor();
  }

  async function loanJson(api: Api = officer): Promise<LoanJson> {
    return (await api.get(`/api/v1/loans/${loanId}`)).json() as LoanJson;
  }

  /** The servicing figures on the page equal the API's, to the fen. */
  async function expectFigures(page: Page, loan: LoanJson): Promise<void> {
    await expect.poll(async () => amountOf(page.getByTestId('loan-outstanding'))).toBe(loan.outstandingPrincipal);
    expect(await page.getByTestId('loan-dpd').innerText()).toBe(String(loan.dpd));
    expect(await page.getByTestId('loan-classification').getAttribute('data-classification')).toBe(loan.classification);
    expect(await amountOf(page.getByTestId('loan-accrued-interest'))).toBe(loan.accruedInterest);
    expect(await amountOf(page.getByTestId('loan-overdue-principal'))).toBe(loan.overduePrincipal);
    expect(await amountOf(page.getByTestId('loan-overdue-interest'))).toBe(loan.overdueInterest);
    expect(await amountOf(page.getByTestId('loan-penalty'))).toBe(loan.penaltyInterestAccrued);
    expect(await amountOf(page.getByTestId('loan-compound'))).toBe(loan.compoundInterestAccrued);
  }

  it('the administrator runs one more day from 日终处理 and sees its steps, partitions and durations', async () => {
    const page = await consolePage('admin');
    await page.getByTestId('menu-eod').click();
    await expect.poll(async () => page.getByTestId('eod-business-date').innerText()).toBe('2026-02-03');

    const picker = page.locator('input[data-testid="eod-to"], [data-testid="eod-to"] input').first();
    await picker.click();
    await picker.fill('2026-02-04');
    await picker.press('Enter');
    await page.getByTestId('eod-run').click();
    await expect.poll(async () => page.getByTestId('eod-business-date').innerText(), { timeout: 120_000 }).toBe('2026-02-04');
    // the header's business date follows without reloading the page
    await expect.poll(async () => page.getByTestId('business-date').innerText()).toContain('2026-02-04');

    // the day just closed is shown with its steps
    const run = (await admin.get('/api/v1/eod/runs/2026-02-03')).json() as {
      status: string;
      partitions: number;
      steps: Array<{
        step: string;
        status: string;
        rows: number;
        durationMs: number;
        partitions: Array<{ partition: number; fromCustomerId: number; toCustomerId: number; status: string; durationMs: number }>;
      }>;
    };
    expect(run.status).toBe('DONE');
    await page.getByTestId('eod-run-row-2026-02-03').click();
    await expect.poll(async () => page.getByTestId('eod-detail-date').innerText()).toBe('2026-02-03');
    const stepNames = run.steps.map((s) => s.step);
    expect(stepNames).toEqual([
      'ACCRUE',
      'BILL',
      'AUTO_DEBIT',
      'AGE',
      'PENALTY',
      'CLASSIFY',
      'NON_ACCRUAL',
      'SNAPSHOT',
      'WARN',
      'ALERT',
      'COLLECT',
      'INSPECT',
      'REMIND',
      'SLA',
      'LOBBY',
      'REPORT',
      'RECONCILE',
    ]);
    const fmt = (v: number) => (v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`);
    for (const s of run.steps) {
      const row = page.getByTestId(`eod-step-${s.step}`);
      expect(await row.getAttribute('data-status')).toBe('DONE');
      const cells = await row.locator('td').allInnerTexts();
      // [expand, step, status, partitions, rows, duration]
      expect(cells.slice(1).map((c) => c.trim())).toEqual([
        s.step,
        '已完成',
        String(s.partitions.length),
        String(s.rows),
        fmt(s.durationMs),
      ]);
      expect(s.partitions.length).toBeGreaterThan(0);
    }
    const accrue = run.steps[0];
    await page.getByTestId('eod-step-ACCRUE').locator('.ant-table-row-expand-icon').click();
    const parts = page.getByTestId('eod-partitions-ACCRUE');
    await parts.waitFor();
    const partRows = parts.locator('tbody tr.ant-table-row');
    expect(await partRows.count()).toBe(accrue.partitions.length);
    const first = (await partRows.first().locator('td').allInnerTexts()).map((c) => c.trim());
    const p0 = accrue.partitions[0];
    expect(first.slice(0, 5)).toEqual([
      String(p0.partition),
      `${p0.fromCustomerId} – ${p0.toCustomerId}`,
      '已完成',
      expect.any(String),
      fmt(p0.durationMs),
    ]);
    await page.screenshot({ path: path.join(SHOTS, '30-eod-steps.png'), fullPage: true });
    expect((await client(app.server, null).get('/api/v1/business-date')).json()).toEqual({ businessDate: '2026-02-04' });
    await page.context().close();
  }, 180_000);

  it('shows the overdue loan: figures, schedule, accruals, classification history, journal and trial balance', async () => {
    const page = await consolePage('admin');
    await openLoan(page);
    const loan = await loanJson(admin);
    expect(loan.dpd).toBe(2); // closed 2026-02-03, first installment due 2026-02-01
    expect(loan.classification).toBe('SPECIAL_MENTION');
    await expectFigures(page, loan);
    expect(await page.getByTestId('loan-classification').innerText()).toContain('关注');

    // the schedule: period 1 overdue, later ones not yet due
    const p1 = page.getByTestId('loan-schedule-row-1');
    expect(await p1.getAttribute('data-status')).toBe('OVERDUE');
    expect(await p1.innerText()).toContain('2026-02-01');
    expect(await p1.innerText()).toContain('逾期');
    expect(plain(await p1.locator('td').nth(6).innerText())).toBe(loan.schedule[0].payment);
    expect(await page.getByTestId('loan-schedule-row-2').getAttribute('data-status')).toBe('PENDING');
    await page.getByTestId('loan-servicing').screenshot({ path: path.join(SHOTS, '31-loan-overdue-figures.png') });
    await page.getByTestId('loan-schedule').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, '32-loan-schedule.png') });

    const journal = (await admin.get(`/api/v1/loans/${loanId}/journal`)).json() as JournalJson;

    // classification history: NORMAL → SPECIAL_MENTION on 2026-02-02 at 1 day past due
    const history = (await admin.get(`/api/v1/loans/${loanId}/classification-history`)).json().items as Array<{
      seq: number;
      businessDate: string;
      from: string;
      to: string;
      dpd: number;
    }>;
    expect(history).toEqual([expect.objectContaining({ businessDate: '2026-02-02', from: 'NORMAL', to: 'SPECIAL_MENTION', dpd: 1 })]);
    const hrow = page.getByTestId(`classification-row-${history[0].seq}`);
    expect(await hrow.getAttribute('data-to')).toBe('SPECIAL_MENTION');
    const hcells = (await hrow.locator('td').allInnerTexts()).map((c) => c.trim());
    expect(hcells.slice(0, 4)).toEqual(['2026-02-02', '正常', '关注', '1']);

    // the journal: every line of the API shown, debits equal credits
    const lines = journal.entries.flatMap((e) => e.lines);
    const debit = toYuan(lines.reduce((a, l) => a + toFen(l.debit), 0n));
    const credit = toYuan(lines.reduce((a, l) => a + toFen(l.credit), 0n));
    expect(debit).toBe(credit);
    expect(await page.getByTestId('loan-journal').locator('tbody tr.ant-table-row').count()).toBe(lines.length);
    expect(await amountOf(page.getByTestId('loan-journal-total-debit'))).toBe(debit);
    expect(await amountOf(page.getByTestId('loan-journal-total-credit'))).toBe(credit);
    for (const e of journal.entries) {
      const d = e.lines.reduce((a, l) => a + toFen(l.debit), 0n);
      const c = e.lines.reduce((a, l) => a + toFen(l.credit), 0n);
      expect(d, `entry ${e.entryId}`).toBe(c);
    }
    await page.getByTestId('loan-journal-total').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, '33-loan-journal.png') });

    // trial balance
    const tb = (await admin.get('/api/v1/ledger/trial-balance')).json() as { totalDebit: string; totalCredit: string; balanced: boolean };
    expect(tb.totalDebit).toBe(tb.totalCredit);
    await page.getByTestId('menu-ledger').click();
    await page.getByTestId('ledger-total-debit').waitFor();
    expect(await amountOf(page.getByTestId('ledger-total-debit'))).toBe(tb.totalDebit);
    expect(await amountOf(page.getByTestId('ledger-total-credit'))).toBe(tb.totalCredit);
    expect(await page.getByTestId('ledger-balanced').innerText()).toMatch(/平衡/);
    await page.screenshot({ path: path.join(SHOTS, '34-trial-balance.png'), fullPage: true });
    await page.context().close();
  }, 180_000);

  it("lists the loan's daily accruals (interest, penalty, compound) as its accrual subledger holds them", async () => {
    const page = await consolePage('admin');
    await openLoan(page);
    const loan = await loanJson(admin);
    await page.getByTestId('loan-accruals').waitFor();
    await page.getByTestId('loan-accruals').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    await page
      .locator('.ant-card')
      .filter({ has: page.getByTestId('loan-accruals') })
      .screenshot({ path: path.join(SHOTS, '32b-loan-accruals.png') });
    // accruals: the totals per kind equal the loan's accrual subledger, which equals the loan record
    const subledger = await queryRows<{ kind: string; total: string }>(
      app.ctx.db,
      sql`SELECT kind, sum(amount_fen)::text AS total FROM loan_accruals WHERE loan_id = ${loanId} GROUP BY kind`,
    );
    const accrued = (kind: string) => toYuan(BigInt(subledger.find((r) => r.kind === kind)?.total ?? '0'));
    expect(toFen(accrued('INTEREST'))).toBe(toFen(loan.overdueInterest) + toFen(loan.accruedInterest));
    expect(accrued('PENALTY')).toBe(loan.penaltyInterestAccrued);
    expect(accrued('COMPOUND')).toBe(loan.compoundInterestAccrued);
    expect(toFen(accrued('PENALTY'))).toBeGreaterThan(0n);
    for (const kind of ['INTEREST', 'PENALTY', 'COMPOUND']) {
      await expect
        .poll(async () => amountOf(page.getByTestId(`loan-accrual-total-${kind}_ACCRUAL`)), { message: kind })
        .toBe(accrued(kind));
    }
    const accrualRows = page.getByTestId('loan-accruals').locator('tbody tr.ant-table-row');
    expect(await accrualRows.count()).toBe(10); // first page of the newest
    expect(await accrualRows.first().getAttribute('data-date')).toBe('2026-02-03');
    expect(
      await page
        .getByTestId('loan-accruals')
        .locator('tbody tr.ant-table-row[data-date="2026-02-03"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))),
    ).toEqual(['COMPOUND_ACCRUAL', 'INTEREST_ACCRUAL', 'PENALTY_ACCRUAL']);
    await page.context().close();
  }, 120_000);

  it('the loan officer takes a small repayment at the counter, penalty and compound first; the approver reverses it', async () => {
    expect((await admin.post('/api/v1/sandbox/deposits', { customerId, amount: '100.00' })).statusCode).toBe(200);
    const before = await loanJson();
    const penalty = toFen(before.penaltyInterestAccrued);
    const compound = toFen(before.compoundInterestAccrued);
    const amount = 1000n; // 10.00 yuan, far below the review threshold
    expect(penalty + compound).toBeLessThan(amount);
    expect(toFen(before.overdueInterest)).toBeGreaterThan(amount - penalty - compound);

    const page = await consolePage('officer1');
    await openLoan(page);
    await expectFigures(page, before);
    const amountInput = page.getByTestId('repay-amount');
    await amountInput.click();
    await amountInput.fill('');
    await amountInput.pressSequentially('10.00');
    await page.getByTestId('repay-submit').click();
    await page.getByTestId('repayment-result').waitFor();

    const reps = (await officer.get(`/api/v1/loans/${loanId}/repayments`)).json().items as Array<{
      repaymentId: number;
      amount: string;
      source: string;
      status: string;
      reversesId: number | null;
      penalty: string;
      compound: string;
      interest: string;
      principal: string;
      allocation: Array<{ period: number; component: string; amount: string }>;
    }>;
    expect(reps).toHaveLength(1);
    const rep = reps[0];
    expect(rep.amount).toBe('10.00');
    expect(rep.source).toBe('STAFF');
    // penalty and compound first, then interest; nothing to principal
    expect(rep.allocation).toEqual([
      { period: 1, component: 'PENALTY', amount: toYuan(penalty) },
      ...(compound > 0n ? [{ period: 1, component: 'COMPOUND', amount: toYuan(compound) }] : []),
      { period: 1, component: 'INTEREST', amount: toYuan(amount - penalty - compound) },
    ]);
    expect([rep.penalty, rep.compound, rep.interest, rep.principal]).toEqual([
      toYuan(penalty),
      toYuan(compound),
      toYuan(amount - penalty - compound),
      '0.00',
    ]);

    // the result panel and the repayments table show the allocation in order
    const resultLines = page.getByTestId('repayment-result-allocation').locator('li');
    expect(
      await resultLines.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-component')}:${e.getAttribute('data-amount')}`)),
    ).toEqual(rep.allocation.map((l) => `${l.component}:${l.amount}`));
    const row = page.getByTestId(`repayment-row-${rep.repaymentId}`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('POSTED');
    const allocItems = page.getByTestId(`repayment-allocation-${rep.repaymentId}`).locator('li');
    expect(await allocItems.allInnerTexts()).toEqual(
      rep.allocation.map(
        (l) =>
          `第${l.period}期 ${{ PENALTY: '罚息', COMPOUND: '复利', INTEREST: '利息', PRINCIPAL: '本金', FEE: '费用' }[l.component]} ${l.amount}`,
      ),
    );
    const cells = (await row.locator('td').allInnerTexts()).map((c) => plain(c));
    // id, date, mode, source, amount, principal, interest, penalty, compound
    expect(cells.slice(0, 9)).toEqual([
      String(rep.repaymentId),
      '2026-02-04',
      '按期还款',
      '柜面/人工',
      '10.00',
      '0.00',
      rep.interest,
      rep.penalty,
      rep.compound,
    ]);

    // the loan's figures drop by exactly what was allocated
    const after = await loanJson();
    expect(after.penaltyInterestAccrued).toBe('0.00');
    expect(after.compoundInterestAccrued).toBe('0.00');
    expect(toFen(after.overdueInterest)).toBe(toFen(before.overdueInterest) - (amount - penalty - compound));
    expect(after.overduePrincipal).toBe(before.overduePrincipal);
    expect(after.outstandingPrincipal).toBe(before.outstandingPrincipal);
    await expectFigures(page, after);
    expect(await amountOf(page.getByTestId('loan-total-paid'))).toBe('10.00');
    await page.screenshot({ path: path.join(SHOTS, '35-staff-repayment.png'), fullPage: true });
    // the officer may not reverse
    expect(await page.getByTestId(`repayment-reverse-${rep.repaymentId}`).count()).toBe(0);
    await page.context().close();

    // the approver reverses it
    const checker = await consolePage('approver1');
    await openLoan(checker);
    await checker.getByTestId(`repayment-reverse-${rep.repaymentId}`).click();
    await checker.getByTestId('repayment-reverse-reason').fill('客户要求撤销，金额录入有误');
    await checker.getByTestId('repayment-reverse-submit').click();
    const original = checker.getByTestId(`repayment-row-${rep.repaymentId}`);
    await expect.poll(async () => original.getAttribute('data-status')).toBe('REVERSED');
    expect(await original.innerText()).toContain('已冲正');
    const reversal = checker.locator('[data-testid^="repayment-row-"][data-source="REVERSAL"]');
    await reversal.waitFor();
    expect(await reversal.innerText()).toContain(`冲正还款 #${rep.repaymentId}`);
    // the reversal row is a posted reversal, not a repayment taken in
    const tags = await reversal.locator('.ant-tag').allInnerTexts();
    expect(tags).toContain('冲正已入账');
    expect(tags).not.toContain('已入账');
    expect(plain(await reversal.locator('td').nth(4).innerText())).toBe('10.00');

    const restored = await loanJson();
    expect([
      restored.penaltyInterestAccrued,
      restored.compoundInterestAccrued,
      restored.overdueInterest,
      restored.overduePrincipal,
    ]).toEqual([before.penaltyInterestAccrued, before.compoundInterestAccrued, before.overdueInterest, before.overduePrincipal]);
    await expectFigures(checker, restored);
    expect(await amountOf(checker.getByTestId('loan-total-paid'))).toBe('0.00');
    // the reversal entry is in the journal and it still balances
    const journal = (await admin.get(`/api/v1/loans/${loanId}/journal`)).json() as JournalJson;
    expect(journal.entries.filter((e) => e.eventType === 'REVERSAL')).toHaveLength(1);
    const lines = journal.entries.flatMap((e) => e.lines);
    const debit = toYuan(lines.reduce((a, l) => a + toFen(l.debit), 0n));
    await expect.poll(async () => amountOf(checker.getByTestId('loan-journal-total-debit'))).toBe(debit);
    expect(await amountOf(checker.getByTestId('loan-journal-total-credit'))).toBe(debit);
    await checker.screenshot({ path: path.join(SHOTS, '36-repayment-reversed.png'), fullPage: true });
    const deposits = (await officer.get(`/api/v1/customers/${customerId}/deposits`)).json();
    expect(deposits.accounts[0].balance).toBe('100.00');
    await checker.context().close();
  }, 180_000);

  it('the inspector downgrades the loan to 次级 with a reason; the approver approves it in the review inbox', async () => {
    const page = await consolePage('inspector1');
    await openLoan(page);
    await pickAntdOption(page, 'downgrade-to', '次级');
    await page.getByTestId('downgrade-reason').fill('借款人失业，第一还款来源不足');
    await page.getByTestId('downgrade-submit').click();
    const result = page.getByTestId('downgrade-result');
    await result.waitFor();
    const requestId = Number(/#(\d+)/.exec(await result.innerText())![1]);
    expect(await result.innerText()).toContain('已提交复核');
    // nothing applied before the review
    expect((await loanJson()).classification).toBe('SPECIAL_MENTION');
    await page.screenshot({ path: path.join(SHOTS, '37-downgrade-submitted.png') });
    await page.context().close();

    const checker = await consolePage('approver1');
    await checker.getByTestId('menu-review').click();
    await checker.getByTestId(`review-row-${requestId}`).click();
    await checker.getByTestId('review-approve').click();
    await checker.getByTestId(`review-row-${requestId}`).waitFor({ state: 'detached' });
    await openLoan(checker);
    const loan = await loanJson();
    expect(loan.classification).toBe('SUBSTANDARD');
    await expect.poll(async () => checker.getByTestId('loan-classification').getAttribute('data-classification')).toBe('SUBSTANDARD');
    expect(await checker.getByTestId('loan-servicing').innerText()).toContain('人工下调：次级');
    const history = (await admin.get(`/api/v1/loans/${loanId}/classification-history`)).json().items as Array<{
      seq: number;
      to: string;
      reviewRequestId: number | null;
      dpd: number;
    }>;
    const last = history[history.length - 1];
    expect(last).toEqual(expect.objectContaining({ to: 'SUBSTANDARD', reviewRequestId: requestId }));
    const row = checker.getByTestId(`classification-row-${last.seq}`);
    await row.waitFor();
    const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
    expect([cells[0], cells[1], cells[2], cells[3], cells[5]]).toEqual(['2026-02-04', '关注', '次级', String(last.dpd), `#${requestId}`]);
    await checker.getByTestId('loan-classification-history').scrollIntoViewIfNeeded();
    await checker.screenshot({ path: path.join(SHOTS, '38-downgrade-approved.png') });
    await checker.context().close();
  }, 180_000);

  it('the customer pays what is due and then settles the loan on the phone', async () => {
    const outboxBefore = new Set<number>(
      ((await officer.get('/api/v1/sms/outbox?pageSize=50')).json().items as Array<{ id: number }>).map((m) => m.id),
    );
    async function latestCode(): Promise<string> {
      const masked = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
      for (let i = 0; i < 40; i++) {
        const outbox = (await officer.get('/api/v1/sms/outbox?pageSize=50')).json();
        const m = outbox.items.find(
          (x: { id: number; mobileMasked: string; text: string }) =>
            !outboxBefore.has(x.id) && x.mobileMasked === masked && /验证码/.test(x.text),
        );
        if (m) return /(\d{6})/.exec(m.text)![1];
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`no code sent to ${masked}`);
    }

    // money for what is due
    expect((await admin.post('/api/v1/sandbox/deposits', { customerId, amount: '3000.00' })).statusCode).toBe(200);
    const quote = (await officer.get(`/api/v1/loans/${loanId}/settlement-quote`)).json() as {
      amountDue: string;
      total: string;
      penalty: string;
      compound: string;
    };
    const loan = await loanJson();
    expect(toFen(quote.amountDue)).toBe(
      toFen(loan.overduePrincipal) + toFen(loan.overdueInterest) + toFen(loan.penaltyInterestAccrued) + toFen(loan.compoundInterestAccrued),
    );

    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(`${base}/m/`);
    await page.getByTestId('m-me').click();
    await page.getByTestId('m-name').fill(name);
    await page.getByTestId('m-id').fill(idNumber);
    await page.getByTestId('m-mobile').fill(mobile);
    await page.getByTestId('m-otp-send').click();
    await page.getByTestId('m-otp').fill(await latestCode());
    await page.getByTestId('m-identify-submit').click();

    // my loans → the loan
    const item = page.getByTestId(`m-me-loan-${loanId}`);
    await item.waitFor();
    // the list gives ids; the item fills in its amounts from GET /loans/:id
    await expect.poll(async () => plain(await item.innerText()), { timeout: 10_000 }).toContain(loan.outstandingPrincipal);
    await page.screenshot({ path: path.join(SHOTS, '39-mobile-my-loans.png'), fullPage: true });
    await item.click();
    await page.getByTestId('m-loan').waitFor();
    const overdueBar = page.getByTestId('m-loan-overdue');
    await overdueBar.waitFor();
    expect(await overdueBar.innerText()).toContain(`逾期 2 天`);
    expect(plain(await overdueBar.innerText())).toContain(quote.amountDue);
    expect(await amountOf(page.getByTestId('m-loan-outstanding'))).toBe(loan.outstandingPrincipal);
    const sched = page.getByTestId('m-loan-schedule').locator('tbody tr');
    expect(await sched.count()).toBe(12);
    expect(await sched.nth(0).innerText()).toContain('逾期');
    // the amount due comes first, above the settlement amount
    await page.getByTestId('m-repay-due').waitFor();
    const rowsText = await page.getByTestId('m-repay').innerText();
    expect(rowsText.indexOf('本期应还')).toBeLessThan(rowsText.indexOf('结清金额'));
    expect(await amountOf(page.getByTestId('m-repay-due'))).toBe(quote.amountDue);
    expect(await amountOf(page.getByTestId('m-repay-total'))).toBe(quote.total);
    await page.screenshot({ path: path.join(SHOTS, '40-mobile-loan-overdue.png'), fullPage: true });

    // 立即还款
    await page.getByTestId('m-repay-now').click();
    await page.getByTestId('m-repay-confirm').waitFor();
    expect(await page.getByTestId('m-repay-confirm').innerText()).toContain('本期应还');
    expect(await amountOf(page.getByTestId('m-repay-amount'))).toBe(quote.amountDue);
    await page.screenshot({ path: path.join(SHOTS, '41-mobile-repay-confirm.png'), fullPage: true });
    await page.getByTestId('m-repay-submit').click();
    await page.getByTestId('m-repay-result').waitFor();
    expect(await amountOf(page.getByTestId('m-repay-paid'))).toBe(quote.amountDue);
    expect(await page.getByTestId('m-repay-result').innerText()).toContain('还款成功');
    const paid = await loanJson();
    expect([paid.overduePrincipal, paid.overdueInterest, paid.penaltyInterestAccrued, paid.compoundInterestAccrued]).toEqual([
      '0.00',
      '0.00',
      '0.00',
      '0.00',
    ]);
    expect(paid.schedule[0].status).toBe('PAID');
    expect(toFen(paid.outstandingPrincipal)).toBe(toFen(loan.outstandingPrincipal) - toFen(loan.overduePrincipal));
    expect(await amountOf(page.getByTestId('m-repay-remaining'))).toBe(paid.outstandingPrincipal);
    await page.screenshot({ path: path.join(SHOTS, '42-mobile-repaid.png'), fullPage: true });
    await page.getByTestId('m-repay-back').click();

    // no longer overdue
    await page.getByTestId('m-repay').waitFor();
    await expect.poll(async () => amountOf(page.getByTestId('m-loan-outstanding'))).toBe(paid.outstandingPrincipal);
    expect(await page.getByTestId('m-loan-overdue').count()).toBe(0);
    expect(await page.getByTestId('m-loan-schedule').locator('tbody tr').nth(0).innerText()).toContain('已还');
    expect(await amountOf(page.getByTestId('m-repay-due'))).toBe('0.00');

    // 提前结清: money for the settlement amount, shown first; confirm; settled
    const settle = (await officer.get(`/api/v1/loans/${loanId}/settlement-quote`)).json() as {
      total: string;
      principal: string;
      interestToDate: string;
    };
    expect(settle.principal).toBe(paid.outstandingPrincipal);
    expect((await admin.post('/api/v1/sandbox/deposits', { customerId, amount: settle.total })).statusCode).toBe(200);
    await page.reload();
    await page.getByTestId('m-repay-total').waitFor();
    expect(await amountOf(page.getByTestId('m-repay-total'))).toBe(settle.total);
    await page.getByTestId('m-repay-settle').click();
    await page.getByTestId('m-repay-confirm').waitFor();
    const confirmText = await page.getByTestId('m-repay-confirm').innerText();
    expect(confirmText).toContain('结清金额');
    expect(await amountOf(page.getByTestId('m-repay-amount'))).toBe(settle.total);
    expect(plain(confirmText)).toContain(`其中本金${settle.principal}`);
    await page.screenshot({ path: path.join(SHOTS, '43-mobile-settle-confirm.png'), fullPage: true });
    await page.getByTestId('m-repay-submit').click();
    await page.getByTestId('m-repay-result').waitFor();
    expect(await page.getByTestId('m-repay-result').innerText()).toContain('贷款已结清');
    expect(await amountOf(page.getByTestId('m-repay-paid'))).toBe(settle.total);
    expect(await amountOf(page.getByTestId('m-repay-remaining'))).toBe('0.00');
    await page.getByTestId('m-repay-back').click();
    const status = page.getByTestId('m-loan-status');
    await expect.poll(async () => status.getAttribute('data-status')).toBe('SETTLED');
    expect(await status.innerText()).toBe('已结清');
    expect(await page.getByTestId('m-repay').count()).toBe(0);
    expect(await page.getByTestId('m-loan-settled-on').innerText()).toMatch(/2026/);
    await page.screenshot({ path: path.join(SHOTS, '44-mobile-settled.png'), fullPage: true });

    const settled = await loanJson();
    expect(settled.status).toBe('SETTLED');
    expect(settled.outstandingPrincipal).toBe('0.00');
    const deposits = (await officer.get(`/api/v1/customers/${customerId}/deposits`)).json();
    // 100 left from the counter (reversed) + 3000 − what was due + total − total
    expect(deposits.accounts[0].balance).toBe(toYuan(310000n - toFen(quote.amountDue)));
    const tb = (await admin.get('/api/v1/ledger/trial-balance')).json();
    expect(tb.totalDebit).toBe(tb.totalCredit);
    await ctx.close();
  }, 180_000);
});
