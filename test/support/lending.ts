/**
 * Lending set-ups several integration tests share, made through the API as staff would.
 */
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { client, loginAs } from './app.js';

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

/**
 * Pre-credits people for 信e快贷 (white-list only) as the bank does: a PRE_CREDIT list uploaded by a
 * branch head (head1) and approved by an approver (approver1). Everyone on it must come out pre-credited.
 */
export async function preCredit(server: FastifyInstance, people: Applicant[], monthlyIncome = '8000.00'): Promise<void> {
  const csv = [
    '姓名,身份证号,手机号,月收入,职业',
    ...people.map((p) => `${p.name},${p.idNumber},${p.mobile},${monthlyIncome},ENTERPRISE_EMPLOYEE`),
  ];
  const up = await server.inject({
    method: 'POST',
    url: '/api/v1/imports?type=PRE_CREDIT&filename=pre-credit.csv',
    headers: { authorization: `Bearer ${await loginAs(server, 'head1')}`, 'content-type': 'text/csv' },
    payload: csv.join('\n'),
  });
  expect(up.statusCode, up.body).toBe(201);
  expect(up.json().status, up.body).toBe('PENDING_REVIEW');
  const approver = client(server, await loginAs(server, 'approver1'));
  const ok = await approver.post(`/api/v1/review/requests/${up.json().reviewRequestId}/approve`, {});
  expect(ok.statusCode, ok.body).toBe(200);
  const batch = (await approver.get('/api/v1/precredit/batches')).json().items.find((b: { id: number }) => b.id === up.json().id);
  expect(batch?.approvedRows, 'everyone pre-credited').toBe(people.length);
}
