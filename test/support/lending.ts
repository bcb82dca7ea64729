/**
 * Lending set-ups several integration tests share, made through the API as staff would.
 */
import { expect } from 'vitest';
import type { client } from './app.js';

type ApiClient = ReturnType<typeof client>;

export const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };

export interface Applicant {
  name: string;
  idNumber: string;
  mobile: string;
}

/**
 * An officer-assisted 信e贷 application for ¥100,000 (approved by approver1 if the policy refers it)
 * and a 12-month equal-installment drawdown of `amount` from its line; returns the loan id.
 */
export async function openXinEDaiLoan(
  officer: ApiClient,
  approver: ApiClient,
  applicant: Applicant,
  amount: string,
  drawKey: string,
): Promise<number> {
  const application = await officer.post('/api/v1/applications', {
    productCode: 'XIN_E_DAI',
    channel: 'OFFICER_ASSISTED',
    applicant: { ...applicant, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '40000.00' },
    requestedAmount: '100000.00',
    termMonths: 12,
    repaymentMethod: 'EQUAL_INSTALLMENT',
    consents: CONSENTS,
  });
  expect(application.statusCode).toBe(201);
  let a = application.json();
  if (a.status === 'REFERRED') {
    const decided = await approver.post(`/api/v1/applications/${a.id}/decision`, {
      outcome: 'APPROVE',
      limit: '100000.00',
      comment: '人工审批通过',
    });
    expect(decided.statusCode).toBe(200);
    a = { ...a, ...decided.json() };
  }
  const draw = await officer.post(
    `/api/v1/credit-lines/${a.creditLineId}/drawdowns`,
    { amount, termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
    { 'idempotency-key': `${drawKey}-${a.id}` },
  );
  expect(draw.statusCode).toBe(201);
  return draw.json().loanId as number;
}
