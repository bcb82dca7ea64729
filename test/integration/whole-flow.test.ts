/**
 * The whole flow a bank tries on a fresh database, through the API only, on every engine (Citus
 * included): a customer applies on the phone with a one-time code and draws, retrying the drawdown's
 * key; an officer applies for another customer; both loans read back; a stricter 次级 threshold is
 * made and approved by two parameter managers; end-of-day runs for five weeks and the unpaid loan
 * ages to 次级; a repayment (retried) is allocated; the trial balance balances and the audit log
 * verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { latestOtp } from '../support/browser.js';
import { testEngines } from '../support/db.js';
import { CONSENTS } from '../support/lending.js';

type Client = ReturnType<typeof client>;

describe.each(testEngines())('the whole flow on %s', (kind) => {
  let app: HuinongApp;
  let officer: Client;
  let admin: Client;
  let auditor: Client;
  const loans: Record<'mobile' | 'assisted', { loanId: number; customerId: number }> = {} as never;

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    admin = client(app.server, await loginAs(app.server, 'admin'));
    auditor = client(app.server, await loginAs(app.server, 'auditor1'));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('lets a customer apply on the phone with a one-time code and draw once, whatever the retries', async () => {
    const anon = client(app.server, null);
    const who = { name: '韩梅', idNumber: makeIdNumber('37081219900514331'), mobile: '13905379901' };
    const qr = (await officer.get('/api/v1/officers/me/qr')).json();
    expect((await anon.get(`/api/v1/portal/entry?officer=${qr.officerCode}`)).statusCode).toBe(200);
    const otp = await anon.post('/api/v1/portal/otp', who);
    expect(otp.statusCode, otp.body).toBe(200);
    const session = await anon.post('/api/v1/portal/sessions', {
      ...who,
      challengeId: otp.json().challengeId,
      code: await latestOtp(app.server, who.mobile),
      officerCode: qr.officerCode,
    });
    expect(session.statusCode, session.body).toBe(200);
    const me = client(app.server, session.json().token);

    const applied = await me.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_QR',
      requestedAmount: '20000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
      officerCode: qr.officerCode,
      applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '8000.00' },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().status).toBe('APPROVED');
    const drawdown = () =>
      me.post(
        `/api/v1/credit-lines/${applied.json().creditLineId}/drawdowns`,
        { amount: '20000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
        { 'idempotency-key': 'whole-flow-mobile' },
      );
    const first = await drawdown();
    expect(first.statusCode, first.body).toBe(201);
    const retried = await drawdown();
    expect(retried.statusCode).toBe(201);
    expect(retried.json()).toEqual(first.json());

    const loan = await me.get(`/api/v1/loans/${first.json().loanId}`);
    expect(loan.statusCode).toBe(200);
    expect(loan.json().outstandingPrincipal).toBe('20000.00');
    const overview = (await me.get('/api/v1/portal/me')).json();
    expect(overview.creditLines).toHaveLength(1);
    loans.mobile = { loanId: loan.json().id, customerId: loan.json().customerId };
    const staffView = (await officer.get(`/api/v1/loans?customerId=${loans.mobile.customerId}`)).json();
    expect(staffView.items.map((l: { id: number }) => l.id)).toEqual([loans.mobile.loanId]);
  });

  it('lets an officer apply for a customer at the counter and disburse to the customer’s account', async () => {
    const applied = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: {
        name: '李雷',
        idNumber: makeIdNumber('37081219850620442'),
        mobile: '13905379902',
        occupation: 'ENTERPRISE_EMPLOYEE',
        monthlyIncome: '9000.00',
      },
      requestedAmount: '12000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(applied.json().status).toBe('APPROVED');
    const d = await officer.post(
      `/api/v1/credit-lines/${applied.json().creditLineId}/drawdowns`,
      { amount: '12000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'whole-flow-assisted' },
    );
    expect(d.statusCode, d.body).toBe(201);
    const loan = (await officer.get(`/api/v1/loans/${d.json().loanId}`)).json();
    loans.assisted = { loanId: loan.id, customerId: loan.customerId };
    const deposits = (await officer.get(`/api/v1/customers/${loan.customerId}/deposits`)).json();
    expect(deposits.accounts[0].balance).toBe('12000.00');
  });

  it('makes 次级 start at 5 days past due through two parameter managers', async () => {
    const param1 = client(app.server, await loginAs(app.server, 'param1'));
    const param2 = client(app.server, await loginAs(app.server, 'param2'));
    const proposed = await param1.post('/api/v1/servicing-params/changes', {
      specialMentionDpd: 1,
      substandardDpd: 5,
      doubtfulDpd: 271,
      lossDpd: 361,
      nonAccrualDpd: 90,
      effectiveDate: '2026-01-02',
    });
    expect(proposed.statusCode, proposed.body).toBe(202);
    const approved = await param2.post(`/api/v1/review/requests/${proposed.json().reviewRequestId}/approve`, { comment: '同意' });
    expect(approved.statusCode, approved.body).toBe(200);
  });

  it('runs end-of-day for five weeks: the unpaid loan ages to 次级, the paid one stays 正常', async () => {
    // the assisted customer spends the money: nothing is there when the first installment falls due
    const spend = await admin.post('/api/v1/sandbox/withdrawals', { customerId: loans.assisted.customerId, amount: '12000.00' });
    expect(spend.statusCode, spend.body).toBe(200);
    const run = await admin.post('/api/v1/eod/run', { to: '2026-02-08' });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().businessDate).toBe('2026-02-08');

    // first installment due 2026-02-01 and unpaid; the last closed day is 2026-02-07
    const late = (await officer.get(`/api/v1/loans/${loans.assisted.loanId}`)).json();
    expect(late.dpd).toBe(6);
    expect(late.classification).toBe('SUBSTANDARD');
    expect(Number(late.overduePrincipal)).toBeGreaterThan(0);
    const history = await officer.get(`/api/v1/loans/${loans.assisted.loanId}/classification-history`);
    expect(history.statusCode).toBe(200);

    // the mobile customer kept the money in the account: the installment was debited on its date
    const paid = (await officer.get(`/api/v1/loans/${loans.mobile.loanId}`)).json();
    expect(paid.dpd).toBe(0);
    expect(paid.classification).toBe('NORMAL');
    const repayments = (await officer.get(`/api/v1/loans/${loans.mobile.loanId}/repayments`)).json();
    expect(repayments.items.filter((r: { source: string }) => r.source === 'AUTO_DEBIT')).toHaveLength(1);
  }, 300_000);

  it('takes a repayment once, whatever the retries, penalty first', async () => {
    await admin.post('/api/v1/sandbox/deposits', { customerId: loans.assisted.customerId, amount: '800.00' });
    const pay = () =>
      officer.post(`/api/v1/loans/${loans.assisted.loanId}/repayments`, { amount: '800.00' }, { 'idempotency-key': 'whole-flow-pay' });
    const first = await pay();
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().allocation[0].component).toBe('PENALTY');
    expect((await pay()).json()).toEqual(first.json());
    const repayments = (await officer.get(`/api/v1/loans/${loans.assisted.loanId}/repayments`)).json();
    expect(repayments.items.filter((r: { source: string }) => r.source !== 'AUTO_DEBIT')).toHaveLength(1);
  });

  it('keeps the trial balance balanced and the audit log intact', async () => {
    for (const date of ['2026-01-01', '2026-02-01', '2026-02-07']) {
      const tb = await auditor.get(`/api/v1/ledger/trial-balance?date=${date}`);
      expect(tb.statusCode).toBe(200);
      expect(tb.json().totalDebit).toBe(tb.json().totalCredit);
    }
    const verify = await auditor.get('/api/v1/audit/verify');
    expect(verify.statusCode).toBe(200);
    expect(verify.json().ok).toBe(true);
    expect(verify.json().rows).toBeGreaterThan(10);
  });
});
