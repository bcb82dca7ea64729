/**
 * Credit risk controls over HTTP, on both databases: no drawdown for a customer in arrears or whose
 * loans are classified badly (thresholds a reviewed servicing parameter), automatic approvals capped
 * at the product's automatic-approval maximum, the product minimum for a drawdown, a one-off line's
 * amounts shown truthfully, and unfreezing a line as a four-eyes change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { preCredit } from '../support/lending.js';
import { testEngines } from '../support/db.js';

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };
let seq = 400;
function idNumber(): string {
  seq += 1;
  return makeIdNumber(`37081219880101${String(seq).padStart(3, '0')}`);
}
function mobile(): string {
  seq += 1;
  return `137${String(53700000 + seq).padStart(8, '0')}`;
}

describe.each(testEngines())('credit risk controls on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  let inspector: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  let param1: ReturnType<typeof client>;
  let param2: ReturnType<typeof client>;
  let head: ReturnType<typeof client>;
  let keySeq = 0;

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    admin = client(app.server, await loginAs(app.server, 'admin'));
    param1 = client(app.server, await loginAs(app.server, 'param1'));
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    head = client(app.server, await loginAs(app.server, 'head1'));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  async function apply(over: Record<string, unknown> = {}, monthlyIncome = '8000.00') {
    const res = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { name: '赵六', idNumber: idNumber(), mobile: mobile(), occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome },
      requestedAmount: '30000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as {
      id: number;
      status: string;
      creditLineId: number;
      decision: { limit: string; reasons: Array<{ code: string; message: string }> };
    };
  }

  function draw(lineId: number, amount: string, extra: Record<string, unknown> = { termMonths: 6, repaymentMethod: 'EQUAL_INSTALLMENT' }) {
    return officer.post(`/api/v1/credit-lines/${lineId}/drawdowns`, { amount, ...extra }, { 'idempotency-key': `cc-${kind}-${++keySeq}` });
  }

  async function loansOfLine(lineId: number): Promise<number> {
    const r = await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM loans WHERE credit_line_id = ${lineId}`);
    return Number(r!.n);
  }

  it('caps an automatic approval at the product maximum for automatic approval (信e贷 ¥50,000), telling the customer why, and records the uncapped limit and the cap', async () => {
    // ¥30,000 asked; the income supports far more (the policy offers the product maximum, ¥200,000)
    const a = await apply({}, '20000.00');
    expect(a.status).toBe('APPROVED');
    expect(a.decision.limit).toBe('50000.00');
    expect(a.decision.reasons.map((r) => r.code)).toContain('AUTO_APPROVAL_CAP');
    expect(a.decision.reasons.find((r) => r.code === 'AUTO_APPROVAL_CAP')!.message).toContain('自动审批上限');
    const line = (await officer.get(`/api/v1/credit-lines/${a.creditLineId}`)).json();
    expect(line).toMatchObject({ limit: '50000.00', available: '50000.00' });
    const record = (await officer.get(`/api/v1/applications/${a.id}`)).json().decision;
    expect(record.limit).toBe('50000.00');
    expect(record.limitCap).toEqual({ uncappedLimit: '200000.00', cap: '50000.00', limit: '50000.00' });
    // a line no person approved can never be drawn above the maximum
    const over = await draw(a.creditLineId, '90000.00');
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('CREDIT_LIMIT_EXCEEDED');
    // an approval within the maximum is not capped and carries no cap in its record
    const small = await apply({}, '3000.00');
    expect(small.status).toBe('APPROVED');
    expect(Number(small.decision.limit)).toBeLessThanOrEqual(50000);
    expect((await officer.get(`/api/v1/applications/${small.id}`)).json().decision.limitCap).toBeNull();
  });

  it('refuses a drawdown below the product minimum (¥1,000) with 422 AMOUNT_OUT_OF_RANGE and books nothing', async () => {
    const a = await apply();
    for (const amount of ['0.01', '1.00', '999.99']) {
      const res = await draw(a.creditLineId, amount);
      expect(res.statusCode, amount).toBe(422);
      expect(res.json().code, amount).toBe('AMOUNT_OUT_OF_RANGE');
      expect(res.json().details, amount).toMatchObject({ min: '1000.00' });
    }
    expect(await loansOfLine(a.creditLineId)).toBe(0);
    const line = (await officer.get(`/api/v1/credit-lines/${a.creditLineId}`)).json();
    expect(line.available).toBe(line.limit);
    // the minimum itself is accepted
    expect((await draw(a.creditLineId, '1000.00')).statusCode).toBe(201);
  });

  it("shows a one-off line's drawn, available and closed amounts after a smaller first drawdown (not the whole limit as used)", async () => {
    // 信e快贷 lends only to pre-credited customers
    const applicant = { name: '赵六', idNumber: idNumber(), mobile: mobile() };
    await preCredit(app.server, [applicant]);
    const a = await apply({
      productCode: 'XIN_E_KUAI_DAI',
      requestedAmount: '20000.00',
      termMonths: 6,
      applicant: { ...applicant, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '8000.00' },
    });
    expect(a.status).toBe('APPROVED');
    const limit = Number(a.decision.limit);
    expect(limit).toBeGreaterThan(10000);
    const before = (await officer.get(`/api/v1/credit-lines/${a.creditLineId}`)).json();
    expect(before).toMatchObject({ revolving: false, drawn: '0.00', used: '0.00', closed: '0.00', available: a.decision.limit });
    const d = await draw(a.creditLineId, '10000.00');
    expect(d.statusCode, d.body).toBe(201);
    const closed = (limit - 10000).toFixed(2);
    const after = (await officer.get(`/api/v1/credit-lines/${a.creditLineId}`)).json();
    expect(after).toMatchObject({
      status: 'CLOSED',
      limit: a.decision.limit,
      drawn: '10000.00',
      used: '10000.00',
      available: '0.00',
      closed,
    });
    // the list says the same
    const listed = (await officer.get(`/api/v1/credit-lines?customerId=${after.customerId}`)).json().items[0];
    expect(listed).toMatchObject({ drawn: '10000.00', used: '10000.00', available: '0.00', closed });
    // a revolving line: used is what is drawn and not repaid, nothing closed
    const r = await apply();
    expect((await draw(r.creditLineId, '4000.00')).statusCode).toBe(201);
    const rev = (await officer.get(`/api/v1/credit-lines/${r.creditLineId}`)).json();
    expect(rev).toMatchObject({ revolving: true, drawn: '4000.00', used: '4000.00', closed: '0.00' });
  });

  it('unfreezes a line only when a different person with the checker permission approves; freezing stays immediate', async () => {
    const a = await apply();
    const frozen = await inspector.post(`/api/v1/credit-lines/${a.creditLineId}/freeze`, { reason: '红色预警' });
    expect(frozen.statusCode).toBe(200);
    expect(frozen.json().status).toBe('FROZEN');

    const asked = await inspector.post(`/api/v1/credit-lines/${a.creditLineId}/unfreeze`, { reason: '预警解除，经核实经营正常' });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toMatchObject({ status: 'PENDING', line: { status: 'FROZEN' } });
    const rid = asked.json().reviewRequestId;
    // nothing changed yet: still frozen and not drawable
    expect((await officer.get(`/api/v1/credit-lines/${a.creditLineId}`)).json().status).toBe('FROZEN');
    expect((await draw(a.creditLineId, '1000.00')).json().code).toBe('CREDIT_LINE_NOT_ACTIVE');
    // the maker cannot apply it, nor can someone without the checker permission
    expect((await inspector.post(`/api/v1/review/requests/${rid}/approve`, { comment: 'x' })).statusCode).toBe(403);
    expect((await param2.post(`/api/v1/review/requests/${rid}/approve`, { comment: 'x' })).statusCode).toBeGreaterThanOrEqual(403);
    const req = (await approver.get(`/api/v1/review/requests/${rid}`)).json();
    expect(req).toMatchObject({ type: 'CREDIT_LINE_UNFREEZE', status: 'PENDING' });
    expect(req.diff).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason', after: '预警解除，经核实经营正常' })]));
    const ok = await approver.post(`/api/v1/review/requests/${rid}/approve`, { comment: '同意解冻' });
    expect(ok.statusCode, ok.body).toBe(200);
    const line = (await officer.get(`/api/v1/credit-lines/${a.creditLineId}`)).json();
    expect(line).toMatchObject({ status: 'ACTIVE', freezeReason: null });
    expect((await draw(a.creditLineId, '1000.00')).statusCode).toBe(201);
    // only a frozen line can be unfrozen
    expect((await inspector.post(`/api/v1/credit-lines/${a.creditLineId}/unfreeze`, { reason: '再次' })).json().code).toBe(
      'CREDIT_LINE_NOT_ACTIVE',
    );
    // unfreezing is a review type, on by default in the review policy
    const policies = (await admin.get('/api/v1/review/policies')).json();
    const items = Array.isArray(policies) ? policies : policies.items;
    expect(items).toEqual(expect.arrayContaining([expect.objectContaining({ changeType: 'CREDIT_LINE_UNFREEZE', reviewRequired: true })]));
    // the branch head may check it too
    expect((await head.get(`/api/v1/review/requests/${rid}`)).statusCode).toBe(200);
  });

  describe('a customer with an amount past due', () => {
    let customerId = 0;
    let lineId = 0;
    let overdueLoanId = 0;

    it('cannot draw again on any line: 409 CUSTOMER_HAS_OVERDUE naming the loan, and the line says why with the amount due', async () => {
      const a = await apply();
      lineId = a.creditLineId;
      // a one-day bullet loan, its money spent, not repaid: past due after end-of-day
      const d = await draw(lineId, '5000.00', { termDays: 1, repaymentMethod: 'BULLET' });
      expect(d.statusCode, d.body).toBe(201);
      overdueLoanId = d.json().loanId;
      customerId = (await officer.get(`/api/v1/loans/${overdueLoanId}`)).json().customerId;
      expect(
        (await admin.post('/api/v1/sandbox/withdrawals', { customerId, amount: '5000.00' }, { 'idempotency-key': `cc-wd-${kind}` }))
          .statusCode,
      ).toBe(200);
      const eod = await admin.post('/api/v1/eod/run', { to: addDaysIso(await getBusinessDate(app.ctx.db), 3) });
      expect(eod.statusCode, eod.body).toBe(200);
      const loan = (await officer.get(`/api/v1/loans/${overdueLoanId}`)).json();
      expect(loan.dpd).toBeGreaterThan(0);

      const refused = await draw(lineId, '2000.00');
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('CUSTOMER_HAS_OVERDUE');
      expect(refused.json().message).toContain('逾期');
      expect(refused.json().details.loans).toEqual([
        expect.objectContaining({ loanId: overdueLoanId, creditLineId: lineId, reasons: ['PAST_DUE'], dpd: loan.dpd }),
      ]);
      expect(Number(refused.json().details.totalPastDue)).toBeGreaterThan(5000);
      expect(await loansOfLine(lineId)).toBe(1);

      // the line view tells the screens, before anyone fills in a form
      const line = (await officer.get(`/api/v1/credit-lines/${lineId}`)).json();
      expect(line.drawdownBlock).toMatchObject({ blocked: true, totalPastDue: refused.json().details.totalPastDue });
      expect(line.drawdownBlock.loans.map((l: { loanId: number }) => l.loanId)).toEqual([overdueLoanId]);
    }, 120_000);

    it('the thresholds are a servicing parameter changed through review: a tolerance approved by a second person lets the drawdown through', async () => {
      const bad = await param1.post('/api/v1/servicing-params/drawdown-block/changes', {
        graceDays: 31,
        toleratedPastDue: '0.00',
        worstClassAllowed: 'SUBSTANDARD',
      });
      expect(bad.statusCode).toBe(400); // the schema refuses a class beyond the allowed two
      const bad2 = await param1.post('/api/v1/servicing-params/drawdown-block/changes', {
        graceDays: 3,
        toleratedPastDue: '1000.01',
        worstClassAllowed: 'SPECIAL_MENTION',
      });
      expect(bad2.statusCode).toBe(422);
      expect(bad2.json().code).toBe('DRAWDOWN_BLOCK_PARAMS_INVALID');
      const current = (await officer.get('/api/v1/servicing-params/drawdown-block')).json();
      expect(current.current).toMatchObject({ version: 1, graceDays: 0, toleratedPastDue: '0.00', worstClassAllowed: 'SPECIAL_MENTION' });
      expect(
        (
          await officer.post('/api/v1/servicing-params/drawdown-block/changes', {
            graceDays: 30,
            toleratedPastDue: '0.00',
            worstClassAllowed: 'SPECIAL_MENTION',
          })
        ).statusCode,
      ).toBe(403);

      const sub = await param1.post('/api/v1/servicing-params/drawdown-block/changes', {
        graceDays: 30,
        toleratedPastDue: '0.00',
        worstClassAllowed: 'SPECIAL_MENTION',
      });
      expect(sub.statusCode, sub.body).toBe(202);
      expect(sub.json().status).toBe('PENDING');
      // not in force until a second person approves
      expect((await draw(lineId, '1000.00')).json().code).toBe('CUSTOMER_HAS_OVERDUE');
      expect((await param1.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, {})).statusCode).toBe(403);
      const ok = await param2.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, { comment: '同意' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await officer.get('/api/v1/servicing-params/drawdown-block')).json().current).toMatchObject({ version: 2, graceDays: 30 });
      expect((await draw(lineId, '1000.00')).statusCode).toBe(201);

      // back to the default: any amount past due blocks
      const back = await param1.post('/api/v1/servicing-params/drawdown-block/changes', {
        graceDays: 0,
        toleratedPastDue: '0.00',
        worstClassAllowed: 'SPECIAL_MENTION',
      });
      expect((await param2.post(`/api/v1/review/requests/${back.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
      expect((await draw(lineId, '1000.00')).json().code).toBe('CUSTOMER_HAS_OVERDUE');
    });

    it('may draw again once the amount past due is repaid', async () => {
      const due = (await officer.get(`/api/v1/credit-lines/${lineId}`)).json().drawdownBlock.totalPastDue;
      expect(
        (await admin.post('/api/v1/sandbox/deposits', { customerId, amount: due }, { 'idempotency-key': `cc-dep-${kind}` })).statusCode,
      ).toBe(200);
      const paid = await officer.post(
        `/api/v1/loans/${overdueLoanId}/repayments`,
        { amount: due, mode: 'DUE' },
        { 'idempotency-key': `cc-rp-${kind}` },
      );
      expect(paid.statusCode, paid.body).toBe(201);
      expect((await officer.get(`/api/v1/credit-lines/${lineId}`)).json().drawdownBlock).toMatchObject({ blocked: false, loans: [] });
      expect((await draw(lineId, '1000.00')).statusCode).toBe(201);
    });
  });

  it('refuses a drawdown of a customer whose loan is classified substandard (次级), with nothing past due', async () => {
    const a = await apply();
    const d = await draw(a.creditLineId, '3000.00');
    expect(d.statusCode).toBe(201);
    const loanId = d.json().loanId;
    const sub = await inspector.post(`/api/v1/loans/${loanId}/classification-downgrade`, {
      to: 'SUBSTANDARD',
      reason: '借款人涉诉，经营停滞',
    });
    expect(sub.statusCode).toBe(202);
    // the customer may still draw while the downgrade waits for review
    expect((await draw(a.creditLineId, '1000.00')).statusCode).toBe(201);
    expect((await approver.post(`/api/v1/review/requests/${sub.json().reviewRequestId}/approve`, { comment: '同意' })).statusCode).toBe(
      200,
    );
    const refused = await draw(a.creditLineId, '1000.00');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('CUSTOMER_HAS_OVERDUE');
    expect(refused.json().details.loans).toEqual([
      expect.objectContaining({
        loanId,
        classification: 'SUBSTANDARD',
        classificationZh: '次级',
        reasons: ['CLASSIFICATION'],
        pastDue: '0.00',
      }),
    ]);
  });
});

function addDaysIso(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
