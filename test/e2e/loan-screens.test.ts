/**
 * Browser tests of the loan screens a banker reads without asking: a 信e贷 loan whose customer spent
 * the money ages past 90 days through end-of-day, beside a loan that is paid on time. The loan list
 * and the loan's header say the state (逾期 N 天 / 还款中) and the five-category class (次级 / 正常)
 * in different words; the customer, branch and loan officer appear by name, not by id; the
 * classification reasons are words in both languages, never end-of-day's codes; on a 1,440 px
 * screen the list keeps its key columns fixed and scrolls the rest, with no header cut or covered;
 * the customers list's fixed action column covers no header. On the phone, 我的贷款 and the loan
 * say 已逾期 N 天 and show the amount due first. Screenshots go to test-results/screenshots/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { hasBrowser, SCREENSHOTS, startBrowserApp, webBuilt } from '../support/browser.js';

const SHOTS = SCREENSHOTS;
const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };
/** End-of-day's codes that must never reach a reader. */
const RAW_CODES = /DPD_FLOOR|MANUAL_DOWNGRADE|SUBSTANDARD|SPECIAL_MENTION|ACTIVE|OVERDUE|EARLY_PARTIAL|EARLY_FULL|AUTO_DEBIT/;

type Api = ReturnType<typeof client>;

function plain(text: string): string {
  return text.replace(/[¥,\s]/g, '');
}
function toFen(yuan: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!m) throw new Error(`not a yuan amount: ${yuan}`);
  const abs = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -abs : abs;
}

interface LoanJson {
  id: number;
  customerId: number;
  status: string;
  dpd: number;
  classification: string;
  customerNameMasked: string | null;
  branchName: string | null;
  officerName: string | null;
  overduePrincipal: string;
  overdueInterest: string;
  penaltyInterestAccrued: string;
  compoundInterestAccrued: string;
}

/**
 * Headers of a table that cannot be read: covered (at no horizontal scroll position is the centre
 * of its text what the browser finds there — a fixed column lies over it) or cut (its text is wider
 * than its cell). Leaves the table scrolled back to the left.
 */
async function unreadableHeaders(table: Locator): Promise<string[]> {
  return table.evaluate(async (root) => {
    // the box of a header's text, without the cell's padding or a fixed column's shadow
    const textBox = (th: Element) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return range.getBoundingClientRect();
    };
    const scroller = root.querySelector('.ant-table-content') as HTMLElement;
    const ths = (Array.from(root.querySelectorAll('thead th')) as HTMLElement[]).filter((th) => th.innerText.trim() !== '');
    const seen = new Set<HTMLElement>();
    const max = scroller.scrollWidth - scroller.clientWidth;
    for (let x = 0; ; x = Math.min(max, x + 60)) {
      scroller.scrollLeft = x;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      for (const th of ths) {
        const r = textBox(th);
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (hit && th.contains(hit)) seen.add(th);
      }
      if (x >= max) break;
    }
    scroller.scrollLeft = 0;
    const covered = ths.filter((th) => !seen.has(th)).map((th) => `covered: ${th.innerText.trim()}`);
    const cut = ths
      .filter((th) => {
        const r = textBox(th);
        const cell = th.getBoundingClientRect();
        return r.left < cell.left - 0.5 || r.right > cell.right + 0.5;
      })
      .map((th) => `cut: ${th.innerText.trim()}`);
    return [...covered, ...cut];
  });
}

/** Headers whose text a fixed column covers, even in part, with the table scrolled to the left (as a page opens). */
async function coveredAtRest(table: Locator): Promise<string[]> {
  return table.evaluate((root) => {
    const textBox = (th: Element) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return range.getBoundingClientRect();
    };
    (root.querySelector('.ant-table-content') as HTMLElement).scrollLeft = 0;
    const ths = (Array.from(root.querySelectorAll('thead th')) as HTMLElement[]).filter((th) => th.innerText.trim() !== '');
    return ths
      .filter((th) => {
        const r = textBox(th);
        const y = r.top + r.height / 2;
        return [r.left + 1, r.left + r.width / 2, r.right - 1].some((x) => {
          const hit = document.elementFromPoint(x, y);
          return !(hit && th.contains(hit));
        });
      })
      .map((th) => th.innerText.trim());
  });
}

describe.skipIf(!hasBrowser() || !webBuilt())('loan screens a banker reads without asking', () => {
  let app: HuinongApp;
  let browser: Browser;
  let base: string;
  let admin: Api;
  let officer: Api;
  let overdueLoan: LoanJson;
  let currentLoan: LoanJson;
  const borrower = { name: '孙丽华', idNumber: makeIdNumber('37081219900512731'), mobile: '13905376631' };
  const payer = { name: '周建国', idNumber: makeIdNumber('37081219850315213'), mobile: '13905376632' };

  async function drawLoan(who: { name: string; idNumber: string; mobile: string }, key: string): Promise<number> {
    const a = (
      await officer.post('/api/v1/applications', {
        productCode: 'XIN_E_DAI',
        channel: 'OFFICER_ASSISTED',
        applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
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
      { 'idempotency-key': key },
    );
    expect(d.statusCode).toBe(201);
    return d.json().loanId as number;
  }

  beforeAll(async () => {
    ({ app, browser, base } = await startBrowserApp());
    admin = client(app.server, await loginAs(app.server, 'admin'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));

    // one customer spends the loan and never pays; the other keeps the money in the account for the auto-debit
    const overdueId = await drawLoan(borrower, 'loan-screens-overdue');
    const currentId = await drawLoan(payer, 'loan-screens-current');
    const customerId = (await officer.get(`/api/v1/loans/${overdueId}`)).json().customerId as number;
    const balance = (await officer.get(`/api/v1/customers/${customerId}/deposits`)).json().accounts[0].balance as string;
    expect((await admin.post('/api/v1/sandbox/withdrawals', { customerId, amount: balance })).statusCode).toBe(200);

    // end-of-day through 2026-05-04: the first installment (due 2026-02-01) is 92 days past due
    const eod = await admin.post('/api/v1/eod/run', { to: '2026-05-05' });
    expect(eod.statusCode, eod.body).toBe(200);
    overdueLoan = (await officer.get(`/api/v1/loans/${overdueId}`)).json() as LoanJson;
    currentLoan = (await officer.get(`/api/v1/loans/${currentId}`)).json() as LoanJson;
    expect(overdueLoan).toMatchObject({ status: 'ACTIVE', dpd: 92, classification: 'SUBSTANDARD' });
    expect(currentLoan).toMatchObject({ status: 'ACTIVE', dpd: 0, classification: 'NORMAL' });
    expect(overdueLoan.customerNameMasked).toMatch(/^孙\*+$/);
    expect(overdueLoan.branchName).toBeTruthy();
    expect(overdueLoan.officerName).toBeTruthy();
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function consolePage(username: string, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
    const ctx = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    return page;
  }

  it('the loan list says 逾期 N 天 and 次级 apart, names people and branches, and fits 1,440 px with fixed key columns', async () => {
    const page = await consolePage('officer1');
    await page.getByTestId('menu-loans').click();
    const o = overdueLoan.id;
    const c = currentLoan.id;
    await page.getByTestId(`loan-row-${o}`).waitFor();

    expect(await page.getByTestId(`loan-status-${o}`).innerText()).toBe('逾期 92 天');
    expect(await page.getByTestId(`loan-class-${o}`).innerText()).toBe('次级');
    expect(await page.getByTestId(`loan-status-${c}`).innerText()).toBe('还款中');
    expect(await page.getByTestId(`loan-class-${c}`).innerText()).toBe('正常');
    expect(await page.getByTestId(`loan-dpd-${o}`).innerText()).toBe('92');
    expect(await page.getByTestId(`loan-dpd-${c}`).innerText()).toBe('0');
    expect(await page.getByTestId(`loan-customer-${o}`).innerText()).toBe(overdueLoan.customerNameMasked);
    expect(await page.getByTestId(`loan-branch-${o}`).innerText()).toBe(overdueLoan.branchName);
    expect(await page.getByTestId(`loan-officer-${o}`).innerText()).toBe(overdueLoan.officerName);
    const headers = await page.getByTestId('loans-table').locator('thead th').allInnerTexts();
    expect(headers).toEqual(expect.arrayContaining(['贷款状态', '五级分类', '逾期天数', '客户', '经办机构', '客户经理']));
    expect(await page.getByTestId('loans-table').innerText()).not.toMatch(RAW_CODES);

    // 1,440 px: the table scrolls sideways inside its card, the loan and customer stay on the left,
    // the state and class on the right, and every header can be read
    const table = page.getByTestId('loans-table');
    const scroll = await table.evaluate((root) => {
      const s = root.querySelector('.ant-table-content') as HTMLElement;
      return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth, pageWidth: document.documentElement.scrollWidth };
    });
    expect(scroll.scrollWidth).toBeGreaterThan(scroll.clientWidth);
    expect(scroll.pageWidth).toBeLessThanOrEqual(1440);
    await page.screenshot({ path: path.join(SHOTS, '50-loan-list-1440.png') });
    expect(await table.locator('thead th.ant-table-cell-fix-start').allInnerTexts()).toEqual(['贷款编号', '客户']);
    expect(await table.locator('thead th.ant-table-cell-fix-end').allInnerTexts()).toEqual(['贷款状态', '五级分类']);
    expect(await unreadableHeaders(table)).toEqual([]);
    await table.evaluate((root) => {
      const s = root.querySelector('.ant-table-content') as HTMLElement;
      s.scrollLeft = s.scrollWidth;
    });
    await page.screenshot({ path: path.join(SHOTS, '51-loan-list-1440-scrolled.png') });
    await page.context().close();
  }, 120_000);

  it('the loan header says 逾期 N 天 and 五级分类：次级, names the customer, branch and officer, and explains the class change in words', async () => {
    const page = await consolePage('officer1');
    await page.goto(`${base}/loans/${overdueLoan.id}`);
    await page.getByTestId('loan-servicing').waitFor();
    expect(await page.getByTestId('loan-header-status').innerText()).toBe('逾期 92 天');
    expect(await page.getByTestId('loan-header-class').innerText()).toBe('五级分类：次级');
    expect(await page.getByTestId('loan-header-customer').innerText()).toBe(overdueLoan.customerNameMasked);
    expect(await page.getByTestId('loan-customer').innerText()).toContain(overdueLoan.customerNameMasked!);
    expect(await page.getByTestId('loan-branch').innerText()).toBe(overdueLoan.branchName);
    expect(await page.getByTestId('loan-officer').innerText()).toBe(overdueLoan.officerName);

    const history = page.getByTestId('loan-classification-history');
    await history.locator('tbody tr[data-to="SUBSTANDARD"]').waitFor();
    const historyText = await history.innerText();
    expect(historyText).toContain('按逾期天数认定');
    expect(historyText).not.toMatch(RAW_CODES);
    await page.screenshot({ path: path.join(SHOTS, '52-loan-detail-substandard.png') });

    // the same in English: no code shows through
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => page.getByTestId('loan-header-status').innerText()).toBe('92 days past due');
    expect(await page.getByTestId('loan-header-class').innerText()).toBe('Risk class: Substandard');
    await expect.poll(async () => history.innerText()).toContain('Set by days past due');
    expect(await page.locator('main, .ant-layout-content').first().innerText()).not.toMatch(RAW_CODES);
    await page.screenshot({ path: path.join(SHOTS, '53-loan-detail-substandard-en.png') });

    // the list in English too
    await page.goto(`${base}/loans`);
    await page.getByTestId(`loan-row-${overdueLoan.id}`).waitFor();
    expect(await page.getByTestId(`loan-status-${overdueLoan.id}`).innerText()).toBe('92 days past due');
    expect(await page.getByTestId(`loan-class-${overdueLoan.id}`).innerText()).toBe('Substandard');
    expect(await page.getByTestId(`loan-status-${currentLoan.id}`).innerText()).toBe('Repaying');
    expect(await page.getByTestId('loans-table').innerText()).not.toMatch(RAW_CODES);
    expect(await unreadableHeaders(page.getByTestId('loans-table'))).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('the customers list at 1,440 px: its fixed action column covers no header', async () => {
    const page = await consolePage('officer1');
    await page.getByTestId('menu-customers').click();
    const table = page.locator('.ant-table').first();
    await table.locator('tbody tr[data-testid^="customer-row-"]').first().waitFor();
    await expect.poll(async () => table.locator('.ant-spin-blur').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '54-customers-1440.png') });
    expect(await table.locator('thead th.ant-table-cell-fix-end').allInnerTexts()).toEqual(['操作']);
    expect(await coveredAtRest(table)).toEqual([]);
    expect(await unreadableHeaders(table)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('on the phone, 我的贷款 and the loan say 已逾期 N 天 and show the amount due first', async () => {
    const quote = (await officer.get(`/api/v1/loans/${overdueLoan.id}/settlement-quote`)).json() as { amountDue: string };
    const dueFen =
      toFen(overdueLoan.overduePrincipal) +
      toFen(overdueLoan.overdueInterest) +
      toFen(overdueLoan.penaltyInterestAccrued) +
      toFen(overdueLoan.compoundInterestAccrued);
    expect(toFen(quote.amountDue)).toBe(dueFen);
    const outboxBefore = new Set<number>(
      ((await officer.get('/api/v1/sms/outbox?pageSize=50')).json().items as Array<{ id: number }>).map((m) => m.id),
    );
    async function latestCode(): Promise<string> {
      const masked = `${borrower.mobile.slice(0, 3)}****${borrower.mobile.slice(-4)}`;
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

    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(`${base}/m/`);
    await page.getByTestId('m-me').click();
    await page.getByTestId('m-name').fill(borrower.name);
    await page.getByTestId('m-id').fill(borrower.idNumber);
    await page.getByTestId('m-mobile').fill(borrower.mobile);
    await page.getByTestId('m-otp-send').click();
    await page.getByTestId('m-otp').fill(await latestCode());
    await page.getByTestId('m-identify-submit').click();

    // 我的贷款: the tag says how late, and the line starts with what is due now
    const item = page.getByTestId(`m-me-loan-${overdueLoan.id}`);
    await item.waitFor();
    const tag = page.getByTestId(`m-me-loan-status-${overdueLoan.id}`);
    await expect.poll(async () => tag.innerText(), { timeout: 10_000 }).toBe('已逾期 92 天');
    const itemText = await item.innerText();
    expect(itemText).not.toContain('还款中');
    const description = plain(await item.locator('.adm-list-item-description').innerText());
    expect(description.startsWith(`逾期应还${quote.amountDue}`)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, '55-mobile-my-loans-overdue.png'), fullPage: true });

    // the loan: 已逾期 N 天, and the first figure is the amount due, above the principal
    await item.click();
    await page.getByTestId('m-loan').waitFor();
    expect(await page.getByTestId('m-loan-status').innerText()).toBe('已逾期 92 天');
    const due = page.getByTestId('m-loan-overdue-amount');
    await due.waitFor();
    expect(plain(await due.innerText())).toBe(quote.amountDue);
    const figures = await page.getByTestId('m-loan').innerText();
    expect(figures.indexOf('逾期应还')).toBeGreaterThanOrEqual(0);
    expect(figures.indexOf('逾期应还')).toBeLessThan(figures.indexOf('借款本金'));
    const dueBox = (await due.boundingBox())!;
    const principalBox = (await page.getByTestId('m-loan').getByText('借款本金').boundingBox())!;
    expect(dueBox.y).toBeLessThan(principalBox.y);
    expect(figures).not.toContain('还款中');
    await page.screenshot({ path: path.join(SHOTS, '56-mobile-loan-overdue.png'), fullPage: true });

    // and in English
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => page.getByTestId('m-loan-status').innerText()).toBe('92 days overdue');
    await ctx.close();
  }, 120_000);
});
