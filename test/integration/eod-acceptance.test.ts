/**
 * End-of-day and servicing through the API, on both databases: loans disbursed on the first day,
 * one customer spends the money and falls overdue, the other is debited automatically; end-of-day
 * runs to 2026-03-01; the loan views, a repayment's allocation and the trial balance follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };

describe.each(testEngines())('end-of-day acceptance on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  const loans: Record<string, { loanId: number; customerId: number }> = {};

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    admin = client(app.server, await loginAs(app.server, 'admin'));
    for (const [key, first17, mobile] of [
      ['late', '37081219880101551', '13905378801'],
      ['punctual', '37081219870202662', '13905378802'],
      ['short', '37081219860303773', '13905378803'],
    ] as const) {
      const a = (
        await officer.post('/api/v1/applications', {
          productCode: 'XIN_E_DAI',
          channel: 'OFFICER_ASSISTED',
          applicant: {
            name: { late: '马立', punctual: '黄敏', short: '罗红' }[key],
            idNumber: makeIdNumber(first17),
            mobile,
            occupation: 'ENTERPRISE_EMPLOYEE',
            monthlyIncome: '9000.00',
          },
          requestedAmount: '12000.00',
          termMonths: 12,
          repaymentMethod: 'EQUAL_INSTALLMENT',
          consents: CONSENTS,
        })
      ).json();
      expect(a.status).toBe('APPROVED');
      const d = await officer.post(
        `/api/v1/credit-lines/${a.creditLineId}/drawdowns`,
        { amount: '12000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
        { 'idempotency-key': `eod-${key}` },
      );
      expect(d.statusCode).toBe(201);
      const loan = (await officer.get(`/api/v1/loans/${d.json().loanId}`)).json();
      loans[key] = { loanId: loan.id, customerId: loan.customerId };
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('lets a customer spend through the sandbox, refusing a withdrawal beyond the balance', async () => {
    const over = await admin.post('/api/v1/sandbox/withdrawals', { customerId: loans.late.customerId, amount: '12000.01' });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('INSUFFICIENT_BALANCE');
    const spend = await admin.post('/api/v1/sandbox/withdrawals', { customerId: loans.late.customerId, amount: '12000.00' });
    expect(spend.statusCode).toBe(200);
    expect(spend.json().balance).toBe('0.00');
    // this one keeps only 500 yuan: the first installment (about 1,025 yuan) is debited partially
    expect(
      (await admin.post('/api/v1/sandbox/withdrawals', { customerId: loans.short.customerId, amount: '11500.00' })).json().balance,
    ).toBe('500.00');
    // only the embedded core's operators may do this
    expect((await officer.post('/api/v1/sandbox/deposits', { customerId: loans.late.customerId, amount: '1.00' })).statusCode).toBe(403);
  });

  it('runs end-of-day to 2026-03-01 and returns the new business date', async () => {
    const res = await admin.post('/api/v1/eod/run', { to: '2026-03-01' });
    expect(res.statusCode).toBe(200);
    expect(res.json().businessDate).toBe('2026-03-01');
    expect((await client(app.server, null).get('/api/v1/business-date')).json()).toEqual({ businessDate: '2026-03-01' });
    // the date cannot go backwards
    expect((await admin.post('/api/v1/eod/run', { to: '2026-02-15' })).statusCode).toBe(422);
  }, 300_000);

  it('shows the overdue loan with days past due, classification, accruals and penalty', async () => {
    const late = (await officer.get(`/api/v1/loans/${loans.late.loanId}`)).json();
    expect(late.customerId).toBe(loans.late.customerId);
    // first installment due 2026-02-01, unpaid; the last closed day is 2026-02-28
    expect(late.dpd).toBe(27);
    expect(late.classification).toBe('SPECIAL_MENTION');
    expect(Number(late.overduePrincipal)).toBeGreaterThan(0);
    expect(Number(late.overdueInterest)).toBeGreaterThan(0);
    expect(Number(late.penaltyInterestAccrued)).toBeGreaterThan(0);
    expect(Number(late.accruedInterest)).toBeGreaterThan(0);
    expect(late).toHaveProperty('compoundInterestAccrued');

    const punctual = (await officer.get(`/api/v1/loans/${loans.punctual.loanId}`)).json();
    expect(punctual.dpd).toBe(0);
    expect(punctual.classification).toBe('NORMAL');
    expect(punctual.overduePrincipal).toBe('0.00');
    expect(Number(punctual.outstandingPrincipal)).toBeLessThan(12000);
  });

  it('debits what the account holds when it holds less than is due, and the rest stays overdue', async () => {
    const repayments = (await officer.get(`/api/v1/loans/${loans.short.loanId}/repayments`)).json();
    const items = Array.isArray(repayments) ? repayments : repayments.items;
    const auto = items.filter((r: { source: string }) => r.source === 'AUTO_DEBIT');
    expect(auto.length).toBeGreaterThanOrEqual(1);
    expect(auto[0].amount).toBe('500.00');
    const loan = (await officer.get(`/api/v1/loans/${loans.short.loanId}`)).json();
    expect(loan.dpd).toBe(27);
    expect(Number(loan.overdueInterest) + Number(loan.overduePrincipal)).toBeGreaterThan(0);
    const deposits = (await officer.get(`/api/v1/customers/${loans.short.customerId}/deposits`)).json();
    expect(deposits.accounts[0].balance).toBe('0.00');
  });

  it('allocates a repayment to penalty first, then interest, then principal', async () => {
    await admin.post('/api/v1/sandbox/deposits', { customerId: loans.late.customerId, amount: '3000.00' });
    const before = (await officer.get(`/api/v1/loans/${loans.late.loanId}`)).json();
    const res = await officer.post(
      `/api/v1/loans/${loans.late.loanId}/repayments`,
      { amount: '500.00' },
      { 'idempotency-key': 'late-pay-1' },
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const components = body.allocation.map((l: { component: string }) => l.component);
    expect(components[0]).toBe('PENALTY');
    expect(components.indexOf('INTEREST')).toBeLessThan(components.indexOf('PRINCIPAL'));
    expect(body.penalty).toBe(before.penaltyInterestAccrued);
    const again = await officer.post(
      `/api/v1/loans/${loans.late.loanId}/repayments`,
      { amount: '500.00' },
      { 'idempotency-key': 'late-pay-1' },
    );
    expect(again.json()).toEqual(body);
  });

  it('keeps the trial balance balanced at every date', async () => {
    const auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    for (const date of ['2026-01-01', '2026-02-01', '2026-02-28', '2026-03-01']) {
      const tb = (await auditor.get(`/api/v1/ledger/trial-balance?date=${date}`)).json();
      expect(tb.totalDebit).toBe(tb.totalCredit);
    }
    const runs = (await auditor.get('/api/v1/eod/runs?limit=100')).json();
    expect(runs.items.filter((r: { status: string }) => r.status === 'DONE')).toHaveLength(59);
  });
});
