/**
 * Issue 13's acceptance contract over HTTP, on every engine: a loan left unpaid becomes an ORANGE
 * alert on the end-of-day that reports it 31 days past due (and the customer cannot draw), a RED one
 * with every line of the customer frozen on the day it is reported more than 90 days past due, the
 * customer then has a collection case, and the three key roles' feedback tickets are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuinongApp } from '../../src/app.js';
import { addDays } from '../../src/kernel/dates.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { preCredit } from '../support/lending.js';
import { testEngines } from '../support/db.js';

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };

describe.each(testEngines())('post-loan risk acceptance on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  let inspector: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  let param1: ReturnType<typeof client>;
  let keySeq = 0;
  let customerId = 0;
  let loanId = 0;
  const lineIds: number[] = [];
  const idNumber = makeIdNumber('37081219790505131');
  const mobile = '13905371313';

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    admin = client(app.server, await loginAs(app.server, 'admin'));
    inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    param1 = client(app.server, await loginAs(app.server, 'param1'));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const draw = (lineId: number, amount: string, extra: Record<string, unknown>) =>
    officer.post(`/api/v1/credit-lines/${lineId}/drawdowns`, { amount, ...extra }, { 'idempotency-key': `ra-${kind}-${++keySeq}` });

  async function runTo(to: string) {
    const res = await admin.post('/api/v1/eod/run', { to });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** Runs end-of-day until the loan is reported `dpd` days past due (it only grows while unpaid). */
  async function runUntilDpd(dpd: number) {
    const now = (await officer.get(`/api/v1/loans/${loanId}`)).json().dpd as number;
    expect(now).toBeLessThan(dpd);
    await runTo(addDays(await getBusinessDate(app.ctx.db), dpd - now));
    expect((await officer.get(`/api/v1/loans/${loanId}`)).json().dpd).toBe(dpd);
  }

  async function openAlert(level: string) {
    const res = await inspector.get(`/api/v1/risk/alerts?level=${level}&status=OPEN`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Array<Record<string, unknown>>; total: number };
    return body.items.find((a) => a.customerId === customerId);
  }

  it('a customer with two lines spends a one-day loan and does not repay it', async () => {
    // 信e快贷 lends only to pre-credited customers
    await preCredit(app.server, [{ name: '钱七', idNumber, mobile }]);
    for (const [productCode, requestedAmount, termMonths] of [
      ['XIN_E_DAI', '30000.00', 12],
      ['XIN_E_KUAI_DAI', '20000.00', 6],
    ] as const) {
      const res = await officer.post('/api/v1/applications', {
        productCode,
        channel: 'OFFICER_ASSISTED',
        applicant: { name: '钱七', idNumber, mobile, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '8000.00' },
        requestedAmount,
        termMonths,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        consents: CONSENTS,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().status).toBe('APPROVED');
      lineIds.push(res.json().creditLineId as number);
    }
    const d = await draw(lineIds[0], '5000.00', { termDays: 1, repaymentMethod: 'BULLET' });
    expect(d.statusCode, d.body).toBe(201);
    loanId = d.json().loanId;
    customerId = (await officer.get(`/api/v1/loans/${loanId}`)).json().customerId;
    const wd = await admin.post('/api/v1/sandbox/withdrawals', { customerId, amount: '5000.00' }, { 'idempotency-key': `ra-wd-${kind}` });
    expect(wd.statusCode, wd.body).toBe(200);
    await runTo(addDays(await getBusinessDate(app.ctx.db), 3));
    expect((await officer.get(`/api/v1/loans/${loanId}`)).json().dpd).toBeGreaterThan(0);
  }, 120_000);

  it('the end-of-day that reports the loan 31 days past due leaves an ORANGE open alert naming the rule, and a new drawdown is refused with 409', async () => {
    await runUntilDpd(31);
    const alert = await openAlert('ORANGE');
    expect(alert, 'an open ORANGE alert for the customer').toBeDefined();
    expect(alert).toMatchObject({ customerId, level: 'ORANGE', status: 'OPEN' });
    expect(typeof alert!.dueAt).toBe('string');
    expect((alert!.rules as Array<{ code: string }>).length).toBeGreaterThan(0);
    expect(await openAlert('RED')).toBeUndefined();
    const refused = await draw(lineIds[1], '2000.00', { termMonths: 3, repaymentMethod: 'EQUAL_INSTALLMENT' });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(['CUSTOMER_HAS_OVERDUE', 'CUSTOMER_RISK_HOLD']).toContain(refused.json().code);
    // one open alert per customer: the yellow of the first month was upgraded, not duplicated
    const all = (await inspector.get(`/api/v1/risk/alerts?status=OPEN`)).json() as { items: Array<{ customerId: number }> };
    expect(all.items.filter((a) => a.customerId === customerId)).toHaveLength(1);
  }, 300_000);

  it('the end-of-day that reports it more than 90 days past due makes the alert RED, freezes every line of the customer and opens a collection case', async () => {
    await runUntilDpd(91);
    expect(await openAlert('RED')).toMatchObject({ customerId, level: 'RED', status: 'OPEN' });
    expect(await openAlert('ORANGE')).toBeUndefined();
    for (const id of lineIds) {
      const line = (await officer.get(`/api/v1/credit-lines/${id}`)).json();
      expect(line.status, `line ${id}`).toBe('FROZEN');
    }
    const cases = await officer.get(`/api/v1/collection/cases?customerId=${customerId}`);
    expect(cases.statusCode, cases.body).toBe(200);
    const items = (cases.json() as { items: Array<{ customerId: number }> }).items;
    expect(items.map((c) => c.customerId)).toEqual([customerId]);
  }, 600_000);

  it('feedback tickets are raised by the three key roles only and counted in the statistics', async () => {
    const before = (await param1.get('/api/v1/feedback/stats')).json() as { total: number; optimised: number; inProgress: number };
    for (const who of [param1, approver, inspector]) {
      const res = await who.post('/api/v1/feedback', { title: '额度冻结原因不清', description: '冻结原因应在客户端显示为客户能懂的话。' });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await officer.post('/api/v1/feedback', { title: '无权提交', description: '客户经理不是三大关键岗位' })).statusCode).toBe(403);
    const bad = await param1.post('/api/v1/feedback', { title: '', description: '' });
    expect([400, 422]).toContain(bad.statusCode);
    const after = (await param1.get('/api/v1/feedback/stats')).json() as { total: number; optimised: number; inProgress: number };
    expect(after.total).toBe(before.total + 3);
    expect(after.inProgress).toBe(before.inProgress + 3);
    expect(after.optimised).toBe(before.optimised);
  });
});
