/**
 * Referral rewards (转介有礼, issue 14 §4) and the attribution of applications (§3), on every engine:
 * a customer's code and share link; an application with another customer's code attributed to them
 * (an unknown code refused with nothing written); reward rules through review; a referred customer's
 * first disbursement paying the referrer through the core-banking adapter with a balanced entry
 * (DR 6601 / CR 2001); a self-referral by the same mobile and a referral over the monthly cap
 * rejected with their reasons; the list (paged, xlsx); and the day's end leaving the books reconciled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows } from '../../src/db/client.js';
import { addDays, makeIdNumber, type IsoDate } from '../../src/kernel/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { runEod } from '../../src/modules/eod/index.js';
import { trialBalance } from '../../src/modules/ledger/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { CONSENTS } from '../support/lending.js';

type Client = ReturnType<typeof client>;

const PEOPLE = {
  a: { name: '张推荐', idNumber: makeIdNumber('37081219850101331'), mobile: '13905377101' },
  b: { name: '李新客', idNumber: makeIdNumber('37081219900202442'), mobile: '13905377102' },
  // another person, the referrer's mobile: a self-referral by mobile
  c: { name: '王同号', idNumber: makeIdNumber('37081219910303553'), mobile: '13905377101' },
  d: { name: '赵第三', idNumber: makeIdNumber('37081219920404664'), mobile: '13905377104' },
};

describe.each(testEngines())('referral rewards on %s', (kind) => {
  let app: HuinongApp;
  let officer: Client;
  let approver: Client;
  let param1: Client;
  let param2: Client;
  let today: IsoDate;
  let aId: number;
  let code: string;

  async function apply(who: (typeof PEOPLE)[keyof typeof PEOPLE], extra: Record<string, unknown>) {
    return officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '20000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
      ...extra,
    });
  }
  /** An approved application (the approver decides a referred one) and its credit line. */
  async function approvedLine(who: (typeof PEOPLE)[keyof typeof PEOPLE], extra: Record<string, unknown>) {
    const res = await apply(who, extra);
    expect(res.statusCode, res.body).toBe(201);
    let a = res.json();
    if (a.status === 'REFERRED') {
      const decided = await approver.post(`/api/v1/applications/${a.id}/decision`, {
        outcome: 'APPROVE',
        limit: '20000.00',
        comment: '同意',
      });
      expect(decided.statusCode, decided.body).toBe(200);
      a = { ...a, ...decided.json() };
    }
    expect(a.creditLineId).toBeTruthy();
    return { applicationId: a.id as number, creditLineId: a.creditLineId as number };
  }
  async function draw(lineId: number, amount: string, key: string): Promise<{ loanId: number; customerId: number }> {
    const d = await officer.post(
      `/api/v1/credit-lines/${lineId}/drawdowns`,
      { amount, termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': key },
    );
    expect(d.statusCode, d.body).toBe(201);
    const loan = (await officer.get(`/api/v1/loans/${d.json().loanId}`)).json();
    return { loanId: loan.id, customerId: loan.customerId };
  }
  async function rewardsOfA() {
    const res = await officer.get(`/api/v1/marketing/referral-rewards?referrerCustomerId=${aId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Array<Record<string, unknown>>; total: number };
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    param1 = client(app.server, await loginAs(app.server, 'param1'));
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    today = await getBusinessDate(app.ctx.db);
    // the WeChat campaign whose code an application below carries (an unknown code would be refused)
    const head = client(app.server, await loginAs(app.server, 'head1'));
    const campaign = await head.post('/api/v1/campaigns', {
      kind: 'WECHAT_OA',
      name: '微信公众号春季推广',
      branchId: Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id),
      startDate: today,
      endDate: today,
      code: 'wx-2026-spring',
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    // the referrer: an approved customer with no loan and no deposit account yet
    const a = await approvedLine(PEOPLE.a, {});
    const row = await queryOne<{ c: string }>(
      app.ctx.db,
      sql`SELECT customer_id::text AS c FROM applications WHERE id = ${a.applicationId}`,
    );
    aId = Number(row!.c);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('gives every customer a referral code and a share link to the mobile apply page, for staff who may see the customer', async () => {
    const res = await officer.get(`/api/v1/marketing/referral-codes/${aId}`);
    expect(res.statusCode, res.body).toBe(200);
    code = res.json().code;
    expect(code).toMatch(/^R[0-9A-Z]+$/);
    expect(res.json().link).toMatch(new RegExp(`/m/\\?ref=${code}$`));
    // the same code every time (derived, with a keyed check)
    expect((await officer.get(`/api/v1/marketing/referral-codes/${aId}`)).json().code).toBe(code);
    expect((await officer.get('/api/v1/marketing/referral-codes/999999999')).statusCode).toBe(404);
    expect((await client(app.server, null).get(`/api/v1/marketing/referral-codes/${aId}`)).statusCode).toBe(401);
  });

  it('refuses an unknown referral code, or the REFERRAL channel without one, with 422 and writes nothing', async () => {
    const before = await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM applications`);
    const unknown = await apply(PEOPLE.b, { channel: 'REFERRAL', referralCode: 'R1ABCDEF' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('REFERRAL_CODE_UNKNOWN');
    expect(unknown.json().message).toMatch(/推荐码/);
    const without = await apply(PEOPLE.b, { channel: 'REFERRAL' });
    expect(without.statusCode).toBe(422);
    expect(without.json().code).toBe('REFERRAL_CODE_UNKNOWN');
    const after = await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM applications`);
    expect(after!.n).toBe(before!.n);
    expect((await apply(PEOPLE.b, { channel: 'BILLBOARD' })).statusCode).toBe(400);
  });

  it('sets the reward rules only through review by a second parameter manager', async () => {
    const bad = await param1.post('/api/v1/marketing/referral-params/changes', {
      rewardAmount: '50.00',
      monthlyCap: 5,
      yearlyCap: 2,
      excludeSelfReferral: true,
      excludeExistingBorrower: true,
      effectiveFrom: addDays(today, -1),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('REFERRAL_PARAMS_INVALID');
    expect((await officer.post('/api/v1/marketing/referral-params/changes', {})).statusCode).toBe(403);
    const sub = await param1.post('/api/v1/marketing/referral-params/changes', {
      rewardAmount: '50',
      monthlyCap: 1,
      yearlyCap: 10,
      excludeSelfReferral: true,
      excludeExistingBorrower: true,
      effectiveFrom: today,
    });
    expect(sub.statusCode, sub.body).toBe(202);
    const { reviewRequestId } = sub.json();
    const request = (await param2.get(`/api/v1/review/requests/${reviewRequestId}`)).json();
    expect(request.diff).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'rewardAmount', before: '0.00', after: '50.00' })]),
    );
    expect((await param1.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {})).statusCode).toBe(403);
    const ok = await param2.post(`/api/v1/review/requests/${reviewRequestId}/approve`, { comment: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);
    const params = (await officer.get('/api/v1/marketing/referral-params')).json();
    expect(params.current).toMatchObject({ version: 2, rewardAmount: '50.00', monthlyCap: 1, yearlyCap: 10, effectiveFrom: today });
  });

  it('attributes an application with a code to its referrer, and pays the referrer on the first disbursement with a balanced entry', async () => {
    const line = await approvedLine(PEOPLE.b, { channel: 'REFERRAL', referralCode: code.toLowerCase(), campaignCode: 'wx-2026-spring' });
    const app1 = await queryOne<{ referrer: string; channel: string; campaign: string }>(
      app.ctx.db,
      sql`SELECT referrer_customer_id::text AS referrer, channel, campaign_code AS campaign FROM applications WHERE id = ${line.applicationId}`,
    );
    expect(app1).toEqual({ referrer: String(aId), channel: 'REFERRAL', campaign: 'WX-2026-SPRING' });
    expect((await rewardsOfA()).total).toBe(0); // nothing before the money moves

    const loan = await draw(line.creditLineId, '5000.00', 'ref-b-1');
    const list = await rewardsOfA();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      referrerCustomerId: aId,
      referredCustomerId: loan.customerId,
      loanId: loan.loanId,
      amount: '50.00',
      status: 'PAID',
      reason: null,
      paidOn: today,
      paramsVersion: 2,
    });
    // the referrer's demand account (opened for the credit) holds the reward; the entry balances
    const credited = await queryRows<{ amount: string; direction: string }>(
      app.ctx.db,
      sql`SELECT amount_fen::text AS amount, direction FROM core_transactions WHERE customer_id = ${aId} AND reference LIKE 'referral:%'`,
    );
    expect(credited).toEqual([{ amount: '5000', direction: 'CR' }]);
    const lines = await queryRows<{ account: string; debit: string; credit: string }>(
      app.ctx.db,
      sql`SELECT l.account_code AS account, l.debit_fen::text AS debit, l.credit_fen::text AS credit
            FROM journal_entries e JOIN journal_lines l ON l.customer_id = e.customer_id AND l.entry_id = e.id
           WHERE e.customer_id = ${aId} AND e.event_type = 'REFERRAL_REWARD' ORDER BY l.line_no`,
    );
    expect(lines).toEqual([
      { account: '6601', debit: '5000', credit: '0' },
      { account: '2001', debit: '0', credit: '5000' },
    ]);

    // a second drawdown of the same customer earns nothing more
    await draw(line.creditLineId, '1000.00', 'ref-b-2');
    expect((await rewardsOfA()).total).toBe(1);
  });

  it('rejects a self-referral by the same mobile, and a referral over the monthly cap, with their reasons', async () => {
    const c = await approvedLine(PEOPLE.c, { channel: 'REFERRAL', referralCode: code });
    const cLoan = await draw(c.creditLineId, '2000.00', 'ref-c-1');
    const d = await approvedLine(PEOPLE.d, { channel: 'REFERRAL', referralCode: code });
    const dLoan = await draw(d.creditLineId, '2000.00', 'ref-d-1');
    const byReferred = new Map((await rewardsOfA()).items.map((r) => [r.referredCustomerId, r]));
    expect(byReferred.get(cLoan.customerId)).toMatchObject({ status: 'REJECTED', reason: 'SELF_REFERRAL', amount: '0.00', paidOn: null });
    expect(byReferred.get(dLoan.customerId)).toMatchObject({ status: 'REJECTED', reason: 'CAP_MONTH', amount: '0.00' });
    const paid = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM core_transactions WHERE customer_id = ${aId} AND reference LIKE 'referral:%'`,
    );
    expect(paid!.n).toBe('1');
    const filtered = await officer.get(`/api/v1/marketing/referral-rewards?referrerCustomerId=${aId}&status=REJECTED`);
    expect(filtered.json().total).toBe(2);
    const x = await officer.get(`/api/v1/marketing/referral-rewards?referrerCustomerId=${aId}&format=xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
  });

  it('closes the day with the books reconciled and the reward in the marketing expense', async () => {
    await runEod(app.ctx, { to: addDays(today, 1) });
    const tb = await trialBalance(app.ctx.db, today);
    expect(tb.totalDebitFen).toBe(tb.totalCreditFen);
    expect(tb.accounts.find((a) => a.code === '6601')).toMatchObject({ type: 'EXPENSE', balanceFen: 5000n });
    expect((await rewardsOfA()).items.filter((r) => r.status === 'PAID')).toHaveLength(1);
  });
});
