/**
 * Online origination end to end over HTTP, on every engine: application → decision → credit line →
 * drawdown → disbursement with its journal entry, for every product, and the bad inputs a bank
 * expects to be refused; last, that every application and line has its id index row and no index row
 * is left without its own (test/support/origination-index.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { seedDemoDeposits } from '../../src/modules/core/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { preCredit } from '../support/lending.js';
import { testEngines } from '../support/db.js';
import { originationIndexDisagreements } from '../support/origination-index.js';

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };
let seq = 100;
/** A fresh valid ID number: region, birth date, running sequence. */
function idNumber(region = '370812', birth = '19900101'): string {
  seq += 1;
  return makeIdNumber(`${region}${birth}${String(seq).padStart(3, '0')}`);
}
function mobile(): string {
  seq += 1;
  return `139${String(53700000 + seq).padStart(8, '0')}`;
}

describe.each(testEngines())('origination on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  let anon: ReturnType<typeof client>;

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    anon = client(app.server, null);
  });
  afterAll(async () => {
    await app?.close();
  });

  function application(over: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}) {
    return {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: {
        name: '张三',
        idNumber: idNumber(),
        mobile: mobile(),
        occupation: 'ENTERPRISE_EMPLOYEE',
        monthlyIncome: '8000.00',
        ...applicant,
      },
      requestedAmount: '30000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
      ...over,
    };
  }

  /** The newest one-time code sent to a mobile, read from the SMS outbox as staff see it in demo mode. */
  async function latestCode(mobileNo: string): Promise<string> {
    const outbox = (await officer.get('/api/v1/sms/outbox?pageSize=100')).json();
    const masked = `${mobileNo.slice(0, 3)}****${mobileNo.slice(-4)}`;
    const m = outbox.items.find((x: { mobileMasked: string; text: string }) => x.mobileMasked === masked && /验证码/.test(x.text));
    return /(\d{6})/.exec(m.text)![1];
  }

  async function rowCount(table: string): Promise<number> {
    const r = await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM ${sql.raw(table)}`);
    return Number(r!.n);
  }

  it('approves a local applicant automatically, opens a line, and disburses a drawdown with a balanced entry', async () => {
    const res = await officer.post('/api/v1/applications', application());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.status).toBe('APPROVED');
    expect(body.decision.grade).toMatch(/^[A-D]$/);
    expect(Number(body.decision.limit)).toBeGreaterThanOrEqual(30000);
    expect(body.decision.annualRatePct).toMatch(/^\d+\.\d{2,}$/);
    expect(body.creditLineId).toEqual(expect.any(Number));

    const line = (await officer.get(`/api/v1/credit-lines/${body.creditLineId}`)).json();
    expect(line).toMatchObject({ id: body.creditLineId, status: 'ACTIVE', limit: body.decision.limit, available: body.decision.limit });

    const draw = await officer.post(
      `/api/v1/credit-lines/${body.creditLineId}/drawdowns`,
      { amount: '20000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': `k-${body.id}-1` },
    );
    expect(draw.statusCode).toBe(201);
    const d = draw.json();
    expect(d).toMatchObject({ status: 'DISBURSED', amount: '20000.00' });

    const loan = (await officer.get(`/api/v1/loans/${d.loanId}`)).json();
    expect(loan).toMatchObject({ id: d.loanId, principal: '20000.00', outstandingPrincipal: '20000.00', status: 'ACTIVE' });
    expect(loan.schedule).toHaveLength(12);
    const principalSum = loan.schedule.reduce((s: number, i: { principal: string }) => s + Math.round(Number(i.principal) * 100), 0);
    expect(principalSum).toBe(2000000);

    const after = (await officer.get(`/api/v1/credit-lines/${body.creditLineId}`)).json();
    expect(Number(after.available)).toBeCloseTo(Number(body.decision.limit) - 20000, 2);
    // the drawdown's answer says what the line now holds
    expect(d.available).toBe(after.available);
    // the officer brought the customer: the 543 moments LOCK, SUBMIT and DISBURSE, each once
    const events = (await officer.get(`/api/v1/service-events?customerId=${loan.customerId}`)).json();
    expect(events.items.map((e: { kind: string }) => e.kind).sort()).toEqual(['DISBURSE', 'LOCK', 'SUBMIT']);

    // the money arrived in the customer's deposit account and the ledger balances
    const deposits = (await officer.get(`/api/v1/customers/${loan.customerId}/deposits`)).json();
    expect(deposits.accounts.map((a: { balance: string }) => a.balance)).toContain('20000.00');
    const journal = await queryRows<{ debit: string; credit: string }>(
      app.ctx.db,
      sql`SELECT coalesce(sum(debit_fen),0)::text AS debit, coalesce(sum(credit_fen),0)::text AS credit FROM journal_lines WHERE loan_id = ${d.loanId}`,
    );
    expect(journal[0].debit).toBe('2000000');
    expect(journal[0].credit).toBe('2000000');
    const tb = (await client(app.server, await loginAs(app.server, 'auditor1')).get('/api/v1/ledger/trial-balance')).json();
    expect(tb.totalDebit).toBe(tb.totalCredit);
  });

  it('returns the same result for a retried drawdown and never disburses twice', async () => {
    const { creditLineId } = (await officer.post('/api/v1/applications', application())).json();
    const payload = { amount: '5000.00', termMonths: 6, repaymentMethod: 'EQUAL_PRINCIPAL' };
    const first = await officer.post(`/api/v1/credit-lines/${creditLineId}/drawdowns`, payload, { 'idempotency-key': 'same-key-1' });
    const second = await officer.post(`/api/v1/credit-lines/${creditLineId}/drawdowns`, payload, { 'idempotency-key': 'same-key-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    const loans = await queryRows(app.ctx.db, sql`SELECT id FROM loans WHERE credit_line_id = ${creditLineId}`);
    expect(loans).toHaveLength(1);
    // the same key with another amount is a conflict, not a second loan
    const other = await officer.post(
      `/api/v1/credit-lines/${creditLineId}/drawdowns`,
      { ...payload, amount: '6000.00' },
      { 'idempotency-key': 'same-key-1' },
    );
    expect(other.statusCode).toBe(409);
    // no key, no drawdown
    const nokey = await officer.post(`/api/v1/credit-lines/${creditLineId}/drawdowns`, payload);
    expect(nokey.statusCode).toBe(400);
    expect(nokey.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('refuses a drawdown beyond the available credit, a term beyond the line, and a method the product lacks', async () => {
    const { creditLineId, decision } = (await officer.post('/api/v1/applications', application())).json();
    const over = await officer.post(
      `/api/v1/credit-lines/${creditLineId}/drawdowns`,
      { amount: (Number(decision.limit) + 0.01).toFixed(2), termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'over-1' },
    );
    expect([409, 422]).toContain(over.statusCode);
    expect(over.json().code).toBe('CREDIT_LIMIT_EXCEEDED');
    const term = await officer.post(
      `/api/v1/credit-lines/${creditLineId}/drawdowns`,
      { amount: '1000.00', termMonths: 37, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'term-1' },
    );
    expect(term.json().code).toBe('TERM_OUT_OF_RANGE');
    const bullet = await officer.post(
      `/api/v1/credit-lines/${creditLineId}/drawdowns`,
      { amount: '1000.00', termMonths: 13, repaymentMethod: 'BULLET' },
      { 'idempotency-key': 'term-2' },
    );
    expect(bullet.json().code).toBe('TERM_OUT_OF_RANGE');
    expect(await queryRows(app.ctx.db, sql`SELECT id FROM loans WHERE credit_line_id = ${creditLineId}`)).toHaveLength(0);
  });

  it('never lets concurrent drawdowns exceed the line', async () => {
    const { creditLineId, decision } = (await officer.post('/api/v1/applications', application())).json();
    const limit = Number(decision.limit);
    const each = (Math.floor((limit * 100) / 3) / 100 + 1).toFixed(2); // three of these exceed the limit
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        officer.post(
          `/api/v1/credit-lines/${creditLineId}/drawdowns`,
          { amount: each, termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
          { 'idempotency-key': `conc-${creditLineId}-${i}` },
        ),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(2);
    expect(results.filter((r) => r.json().code === 'CREDIT_LIMIT_EXCEEDED')).toHaveLength(2);
    const line = (await officer.get(`/api/v1/credit-lines/${creditLineId}`)).json();
    expect(Number(line.available)).toBeGreaterThanOrEqual(0);
    const drawn = await queryOne<{ s: string }>(
      app.ctx.db,
      sql`SELECT sum(principal_fen)::text AS s FROM loans WHERE credit_line_id = ${creditLineId}`,
    );
    expect(Number(drawn!.s)).toBeLessThanOrEqual(Math.round(limit * 100));
  });

  it('refuses a drawdown on an expired line', async () => {
    const { creditLineId } = (await officer.post('/api/v1/applications', application())).json();
    await app.ctx.db.execute(sql`UPDATE credit_lines SET expiry_date = '2025-12-31' WHERE id = ${creditLineId}`);
    const r = await officer.post(
      `/api/v1/credit-lines/${creditLineId}/drawdowns`,
      { amount: '1000.00', termMonths: 3, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'exp-1' },
    );
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('CREDIT_LINE_EXPIRED');
  });

  it('declines an applicant from outside the region, and one outside the age range, with reasons', async () => {
    const out = (await officer.post('/api/v1/applications', application({}, { idNumber: idNumber('110101') }))).json();
    expect(out.status).toBe('DECLINED');
    expect(out.decision.reasons.map((r: { code: string }) => r.code)).toContain('OUT_OF_REGION');
    expect(out.creditLineId).toBeNull();
    const old = (await officer.post('/api/v1/applications', application({}, { idNumber: idNumber('370812', '19650101') }))).json();
    expect(old.decision.reasons.map((r: { code: string }) => r.code)).toContain('AGE_OUT_OF_RANGE');
    const young = (await officer.post('/api/v1/applications', application({}, { idNumber: idNumber('370812', '20010601') }))).json();
    expect(young.decision.reasons.map((r: { code: string }) => r.code)).toContain('AGE_OUT_OF_RANGE');
    // reasons in English on request
    const en = (
      await officer.post('/api/v1/applications', application({}, { idNumber: idNumber('110101') }), { 'accept-language': 'en' })
    ).json();
    expect(en.decision.reasons.find((r: { code: string }) => r.code === 'OUT_OF_REGION').message).toMatch(/region/i);
  });

  it('declines an applicant on the court enforcement list loaded through a reviewed import', async () => {
    const id = idNumber();
    const csv = `\uFEFF名单类型,姓名,身份证号,案号,来源,列入日期,移出日期\r\n被执行人,李四,${id},(2025)鲁0812执123号,中国执行信息公开网,2025-06-01,\r\n`;
    const param1 = client(app.server, await loginAs(app.server, 'param1'));
    const param2 = client(app.server, await loginAs(app.server, 'param2'));
    const up = await app.server.inject({
      method: 'POST',
      url: '/api/v1/imports?type=EXTERNAL_LIST&filename=court.csv',
      headers: { authorization: `Bearer ${await loginAs(app.server, 'param1')}`, 'content-type': 'text/csv' },
      payload: Buffer.from(csv, 'utf8'),
    });
    expect(up.statusCode).toBe(201);
    expect(up.json().status).toBe('PENDING_REVIEW');
    expect((await param1.post(`/api/v1/review/requests/${up.json().reviewRequestId}/approve`, {})).json().code).toBe(
      'REVIEW_SELF_APPROVAL',
    );
    expect((await param2.post(`/api/v1/review/requests/${up.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    const r = (await officer.post('/api/v1/applications', application({}, { name: '李四', idNumber: id }))).json();
    expect(r.status).toBe('DECLINED');
    expect(r.decision.reasons.map((x: { code: string }) => x.code)).toContain('COURT_ENFORCEMENT_LIST');
  });

  it('refuses bad input before evaluating anything', async () => {
    const before = await rowCount('applications');
    const badId = await officer.post('/api/v1/applications', application({}, { idNumber: '370812199001011230' }));
    expect(badId.statusCode).toBe(400);
    expect(badId.json().code).toBe('INVALID_ID_NUMBER');
    const noConsent = await officer.post('/api/v1/applications', application({ consents: { ...CONSENTS, automatedDecision: false } }));
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().code).toBe('CONSENT_REQUIRED');
    const amount = await officer.post('/api/v1/applications', application({ requestedAmount: '500.00' }));
    expect(amount.json().code).toBe('AMOUNT_OUT_OF_RANGE');
    const term = await officer.post('/api/v1/applications', application({ termMonths: 48 }));
    expect(term.json().code).toBe('TERM_OUT_OF_RANGE');
    const money = await officer.post('/api/v1/applications', application({ requestedAmount: '100.001' }));
    expect(money.json().code).toBe('INVALID_AMOUNT');
    const product = await officer.post('/api/v1/applications', application({ productCode: 'NOPE' }));
    expect(product.json().code).toBe('PRODUCT_NOT_FOUND');
    expect(await rowCount('applications')).toBe(before);
    // a customer-less caller cannot apply; an auditor lacks the permission
    expect((await anon.post('/api/v1/applications', application())).statusCode).toBe(401);
    const auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    expect((await auditor.post('/api/v1/applications', application())).statusCode).toBe(403);
  });

  it('refers a high amount to the approver, refuses a duplicate open application, and opens the line on approval', async () => {
    const applicant = { name: '王五', idNumber: idNumber(), mobile: mobile(), occupation: 'CIVIL_SERVANT', monthlyIncome: '15000.00' };
    const r = (await officer.post('/api/v1/applications', application({ requestedAmount: '60000.00' }, applicant))).json();
    expect(r.status).toBe('REFERRED');
    expect(r.decision.reasons.map((x: { code: string }) => x.code)).toContain('HIGH_AMOUNT');
    const dup = await officer.post('/api/v1/applications', application({ requestedAmount: '10000.00' }, applicant));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('APPLICATION_ALREADY_OPEN');

    const queue = (await approver.get('/api/v1/referrals')).json();
    const item = queue.items.find((i: { id: number }) => i.id === r.id);
    expect(item).toMatchObject({ status: 'REFERRED', reason: 'ENGINE_REFERRAL' });
    expect(item.deadlineAt).toEqual(expect.any(String));
    // the officer cannot decide; the approver needs a comment
    expect((await officer.post(`/api/v1/applications/${r.id}/decision`, { outcome: 'APPROVE', comment: 'ok' })).statusCode).toBe(403);
    const noComment = await approver.post(`/api/v1/applications/${r.id}/decision`, { outcome: 'APPROVE', limit: '60000.00', comment: ' ' });
    expect(noComment.statusCode).toBe(400);
    const ok = await approver.post(`/api/v1/applications/${r.id}/decision`, {
      outcome: 'APPROVE',
      limit: '60000.00',
      comment: '收入稳定，同意',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'APPROVED', approvedLimit: '60000.00' });
    const line = (await officer.get(`/api/v1/credit-lines/${ok.json().creditLineId}`)).json();
    expect(line).toMatchObject({ limit: '60000.00', status: 'ACTIVE' });
    const detail = (await approver.get(`/api/v1/applications/${r.id}`)).json();
    expect(detail.decision.firedRules.length).toBeGreaterThan(0);
    expect(detail.consents).toHaveLength(3);
  });

  it('lets a declined customer ask for a manual review', async () => {
    const r = (await officer.post('/api/v1/applications', application({}, { idNumber: idNumber('110101') }))).json();
    const mr = await officer.post(`/api/v1/applications/${r.id}/manual-review`, { reason: '本人长期在兖州工作' });
    expect(mr.statusCode).toBe(200);
    expect(mr.json().status).toBe('MANUAL_REVIEW');
    const queue = (await approver.get('/api/v1/referrals?pageSize=200')).json();
    expect(queue.items.find((i: { id: number }) => i.id === r.id)).toMatchObject({ reason: 'MANUAL_REVIEW' });
    const again = await officer.post(`/api/v1/applications/${r.id}/manual-review`, { reason: 'x' });
    expect(again.json().code).toBe('APPLICATION_NOT_DECLINED');
  });

  it('approves 信e快贷 and 济e贷 on their own parameters', async () => {
    // 信e快贷 lends only to pre-credited customers
    const fastApplicant = { name: '张三', idNumber: idNumber(), mobile: mobile() };
    await preCredit(app.server, [fastApplicant]);
    const fast = (
      await officer.post(
        '/api/v1/applications',
        application({ productCode: 'XIN_E_KUAI_DAI', requestedAmount: '10000.00', termMonths: 6 }, fastApplicant),
      )
    ).json();
    expect(fast.status).toBe('APPROVED');
    const local = (
      await officer.post(
        '/api/v1/applications',
        application({ productCode: 'JI_E_DAI', requestedAmount: '20000.00', termMonths: 12, repaymentMethod: 'MONTHLY_INTEREST' }),
      )
    ).json();
    expect(local.status).toBe('APPROVED');
    const d = await officer.post(
      `/api/v1/credit-lines/${local.creditLineId}/drawdowns`,
      { amount: '20000.00', termMonths: 12, repaymentMethod: 'MONTHLY_INTEREST' },
      { 'idempotency-key': `ji-${local.id}` },
    );
    expect(d.statusCode).toBe(201);
    const big = await officer.post(
      '/api/v1/applications',
      application({ productCode: 'XIN_E_KUAI_DAI', requestedAmount: '40000.00', termMonths: 6 }),
    );
    expect(big.json().code).toBe('AMOUNT_OUT_OF_RANGE');
  });

  it('保证e贷: the guarantor must be an existing customer, not the borrower, and must confirm before the line opens', async () => {
    const gId = idNumber();
    const gMobile = mobile();
    const branch = await queryOne<{ id: string }>(app.ctx.db, sql`SELECT id FROM branches WHERE code = 'YZ-GL'`);
    await withTx(app.ctx.db, (tx) =>
      ensureCustomer(tx, app.ctx.crypto, {
        name: '赵六',
        idNumber: gId,
        mobile: gMobile,
        branchId: Number(branch!.id),
        officerId: null,
        monthlyIncomeFen: 1_000_000n,
      }),
    );
    const borrower = { name: '钱七', idNumber: idNumber(), mobile: mobile(), occupation: 'FARMER', monthlyIncome: '6000.00' };
    const base = { productCode: 'BAOZHENG_E_DAI', requestedAmount: '30000.00', termMonths: 12 };
    const notCustomer = await officer.post(
      '/api/v1/applications',
      application({ ...base, guarantor: { name: '无名', idNumber: idNumber(), mobile: mobile() } }, borrower),
    );
    expect(notCustomer.json().code).toBe('GUARANTOR_INVALID');
    const self = await officer.post(
      '/api/v1/applications',
      application({ ...base, guarantor: { name: borrower.name, idNumber: borrower.idNumber, mobile: borrower.mobile } }, borrower),
    );
    expect(self.json().code).toBe('GUARANTOR_INVALID');

    const r = (
      await officer.post(
        '/api/v1/applications',
        application({ ...base, guarantor: { name: '赵六', idNumber: gId, mobile: gMobile } }, borrower),
      )
    ).json();
    expect(r.status).toBe('PENDING_GUARANTEE');
    expect(r.creditLineId).toBeNull();
    const token = String(r.guaranteeLink).split('/').pop()!;
    const invite = (await anon.get(`/api/v1/portal/guarantees/${token}`)).json();
    expect(invite).toMatchObject({ amount: '30000.00', status: 'INVITED' });
    expect(invite.contractText).toContain('连带责任保证');

    const otp = (await anon.post(`/api/v1/portal/guarantees/${token}/otp`, { name: '赵六', idNumber: gId, mobile: gMobile })).json();
    const code = await latestCode(gMobile);
    const wrongAgree = await anon.post(`/api/v1/portal/guarantees/${token}/confirm`, {
      challengeId: otp.challengeId,
      code,
      idNumber: gId,
      agree: false,
    });
    expect(wrongAgree.statusCode).toBe(400);
    const confirmed = await anon.post(`/api/v1/portal/guarantees/${token}/confirm`, {
      challengeId: otp.challengeId,
      code,
      idNumber: gId,
      agree: true,
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('CONFIRMED');
    const app2 = (await officer.get(`/api/v1/applications/${r.id}`)).json();
    expect(app2.status).toBe('APPROVED');
    expect(app2.guarantees[0].status).toBe('CONFIRMED');
    const draw = await officer.post(
      `/api/v1/credit-lines/${confirmed.json().creditLineId}/drawdowns`,
      { amount: '30000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': `bz-${r.id}` },
    );
    expect(draw.statusCode).toBe(201);
    // the invitation cannot be confirmed twice
    const again = await anon.post(`/api/v1/portal/guarantees/${token}/confirm`, {
      challengeId: otp.challengeId,
      code,
      idNumber: gId,
      agree: true,
    });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('质押e贷: pledges the chosen certificates, refuses pledged or matured ones, and keeps the loan inside the CD maturity', async () => {
    const borrower = { name: '孙八', idNumber: idNumber(), mobile: mobile(), occupation: 'SELF_EMPLOYED', monthlyIncome: '5000.00' };
    const branch = await queryOne<{ id: string }>(app.ctx.db, sql`SELECT id FROM branches WHERE code = 'YZ-GL'`);
    const customer = await withTx(app.ctx.db, (tx) =>
      ensureCustomer(tx, app.ctx.crypto, {
        name: borrower.name,
        idNumber: borrower.idNumber,
        mobile: borrower.mobile,
        branchId: Number(branch!.id),
        officerId: null,
      }),
    );
    const { cdNos } = await withTx(app.ctx.db, (tx) =>
      seedDemoDeposits(tx, customer.customer.id, Number(branch!.id), {
        demandFen: 0n,
        certificates: [
          { principalFen: 10_000_000n, annualRatePct: '1.75', openDate: '2025-07-01', maturityDate: '2026-07-01' },
          { principalFen: 5_000_000n, annualRatePct: '1.75', openDate: '2024-12-01', maturityDate: '2025-12-01' },
          { principalFen: 5_000_000n, annualRatePct: '1.75', openDate: '2025-06-01', maturityDate: '2027-06-01', status: 'FROZEN' },
        ],
      }),
    );
    const base = { productCode: 'ZHIYA_E_DAI', requestedAmount: '90000.00', termMonths: 6, repaymentMethod: 'MONTHLY_INTEREST' };
    const matured = await officer.post('/api/v1/applications', application({ ...base, pledgeCdNos: [cdNos[1]] }, borrower));
    expect(matured.json().code).toBe('CD_NOT_PLEDGEABLE');
    const frozen = await officer.post('/api/v1/applications', application({ ...base, pledgeCdNos: [cdNos[2]] }, borrower));
    expect(frozen.json().code).toBe('CD_NOT_PLEDGEABLE');

    const r = (await officer.post('/api/v1/applications', application({ ...base, pledgeCdNos: [cdNos[0]] }, borrower))).json();
    expect(r.status).toBe('APPROVED');
    expect(r.decision.limit).toBe('90000.00');
    const line = (await officer.get(`/api/v1/credit-lines/${r.creditLineId}`)).json();
    expect(line.pledges).toEqual([expect.objectContaining({ cdNo: cdNos[0], status: 'PLEDGED' })]);
    const deposits = (await approver.get(`/api/v1/customers/${customer.customer.id}/deposits`)).json();
    expect(deposits.certificates.find((c: { cdNo: string }) => c.cdNo === cdNos[0]).status).toBe('PLEDGED');

    const tooLong = await officer.post(
      `/api/v1/credit-lines/${r.creditLineId}/drawdowns`,
      { amount: '50000.00', termMonths: 9, repaymentMethod: 'MONTHLY_INTEREST' },
      { 'idempotency-key': 'pl-1' },
    );
    expect(tooLong.json().code).toBe('PLEDGE_MATURITY_EXCEEDED');
    const ok = await officer.post(
      `/api/v1/credit-lines/${r.creditLineId}/drawdowns`,
      { amount: '50000.00', termMonths: 6, repaymentMethod: 'MONTHLY_INTEREST' },
      { 'idempotency-key': 'pl-2' },
    );
    expect(ok.statusCode).toBe(201);
  });

  it('lets a customer identify on the mobile page with a one-time code, apply, draw and see the loan', async () => {
    const who = { name: '周九', idNumber: idNumber(), mobile: mobile() };
    const entry = (await anon.get(`/api/v1/officers/me/qr`)).statusCode;
    expect(entry).toBe(401);
    const qr = (await officer.get('/api/v1/officers/me/qr')).json();
    expect(qr.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const arrival = (await anon.get(`/api/v1/portal/entry?officer=${qr.officerCode}`)).json();
    expect(arrival.officer.branchName).toBe('鼓楼支行');

    const otp = await anon.post('/api/v1/portal/otp', who);
    expect(otp.statusCode).toBe(200);
    const code = await latestCode(who.mobile);
    const wrong = await anon.post('/api/v1/portal/sessions', {
      ...who,
      challengeId: otp.json().challengeId,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.json().code).toBe('OTP_INVALID');
    const session = await anon.post('/api/v1/portal/sessions', {
      ...who,
      challengeId: otp.json().challengeId,
      code,
      officerCode: qr.officerCode,
    });
    expect(session.statusCode).toBe(200);
    const me = client(app.server, session.json().token);

    const applied = await me.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_QR',
      requestedAmount: '20000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
      officerCode: qr.officerCode,
      applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '7000.00' },
    });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().status).toBe('APPROVED');
    const draw = await me.post(
      `/api/v1/credit-lines/${applied.json().creditLineId}/drawdowns`,
      { amount: '20000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'mobile-1' },
    );
    expect(draw.statusCode).toBe(201);
    const loan = await me.get(`/api/v1/loans/${draw.json().loanId}`);
    expect(loan.statusCode).toBe(200);
    const overview = (await me.get('/api/v1/portal/me')).json();
    expect(overview.creditLines).toHaveLength(1);
    // another customer's line is invisible to this session
    const { creditLineId: othersLine } = (await officer.post('/api/v1/applications', application())).json();
    expect((await me.get(`/api/v1/credit-lines/${othersLine}`)).statusCode).toBe(404);
    // a customer session is not a staff session
    expect((await me.get('/api/v1/staff')).statusCode).toBe(401);
    // one browser holding both cookies: the mobile page's calls use the customer's session
    const cookies = { hn_session: await loginAs(app.server, 'officer1'), hn_customer: session.json().token };
    const asMobile = await app.server.inject({
      method: 'GET',
      url: `/api/v1/credit-lines/${othersLine}`,
      cookies,
      headers: { 'x-huinong-client': 'mobile' },
    });
    expect(asMobile.statusCode).toBe(404);
    const asConsole = await app.server.inject({ method: 'GET', url: `/api/v1/credit-lines/${othersLine}`, cookies });
    expect(asConsole.statusCode).toBe(200);
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/portal/me', cookies })).statusCode).toBe(200);

    // the 543 moments were recorded for the officer
    const events = (await officer.get(`/api/v1/service-events?customerId=${overview.customer.id}`)).json();
    expect(events.items.map((e: { kind: string }) => e.kind).sort()).toEqual(['DISBURSE', 'SUBMIT']);
  });

  it('lets an officer issue a pre-credit card whose QR code only works for its holder', async () => {
    const holder = { name: '吴十', idNumber: idNumber(), mobile: mobile() };
    const card = await officer.post('/api/v1/pre-credit-cards', {
      name: holder.name,
      idNumber: holder.idNumber,
      productCode: 'XIN_E_KUAI_DAI',
      limit: '20000.00',
      validUntil: '2026-06-30',
    });
    expect(card.statusCode).toBe(201);
    const { cardCode } = card.json();
    expect((await anon.get(`/api/v1/portal/entry?card=${cardCode}`)).json().card).toMatchObject({
      productCode: 'XIN_E_KUAI_DAI',
      limit: '20000.00',
    });
    const stranger = await officer.post(
      '/api/v1/applications',
      application({ productCode: 'XIN_E_KUAI_DAI', requestedAmount: '10000.00', termMonths: 6, channel: 'PRE_CREDIT_CARD', cardCode }),
    );
    expect(stranger.json().code).toBe('PRE_CREDIT_CARD_INVALID');
    const holderApp = await officer.post(
      '/api/v1/applications',
      application(
        { productCode: 'XIN_E_KUAI_DAI', requestedAmount: '10000.00', termMonths: 6, channel: 'PRE_CREDIT_CARD', cardCode },
        { ...holder },
      ),
    );
    expect(holderApp.json().status).toBe('APPROVED');
    expect((await anon.get(`/api/v1/portal/entry?card=${cardCode}`)).json().code).toBe('PRE_CREDIT_CARD_INVALID');
  });

  it('freezes a line at once and unfreezes it only through review; a frozen line cannot be drawn', async () => {
    const { creditLineId } = (await officer.post('/api/v1/applications', application())).json();
    const inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    expect((await officer.post(`/api/v1/credit-lines/${creditLineId}/freeze`, { reason: 'x' })).statusCode).toBe(403);
    expect((await inspector.post(`/api/v1/credit-lines/${creditLineId}/freeze`, { reason: '红色预警' })).json().status).toBe('FROZEN');
    const d = await officer.post(
      `/api/v1/credit-lines/${creditLineId}/drawdowns`,
      { amount: '1000.00', termMonths: 3, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'fr-1' },
    );
    expect(d.json().code).toBe('CREDIT_LINE_NOT_ACTIVE');
    const unfreeze = await inspector.post(`/api/v1/credit-lines/${creditLineId}/unfreeze`, { reason: '预警解除' });
    expect(unfreeze.statusCode).toBe(202);
    expect(unfreeze.json().line.status).toBe('FROZEN');
    expect(
      (await approver.post(`/api/v1/review/requests/${unfreeze.json().reviewRequestId}/approve`, { comment: '同意' })).statusCode,
    ).toBe(200);
    expect((await officer.get(`/api/v1/credit-lines/${creditLineId}`)).json().status).toBe('ACTIVE');
  });

  // After every flow above (self-service, assisted, referred, declined, guaranteed, pledged, pre-credit card):
  // no foreign key holds application_index and credit_line_index to their tables (on Citus they are
  // distributed by id, 0049), so the opening statements are checked here.
  it('leaves every application and credit line with its index row naming its customer, and no index row without its own', async () => {
    expect(await originationIndexDisagreements(app.ctx.db)).toEqual([]);
    expect(await rowCount('application_index')).toBe(await rowCount('applications'));
    expect(await rowCount('credit_line_index')).toBe(await rowCount('credit_lines'));
  });
});
