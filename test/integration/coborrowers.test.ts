/**
 * Co-borrowers (共同借款人, issue 13 §1) over HTTP, on every engine: an application names co-borrowers —
 * customers of the bank, checked like a guarantor — who are invited by SMS and confirm on the same portal
 * link as a guarantor; the line opens when every party has confirmed; a co-borrower never stands in for a
 * guaranteed product's guarantor; bad parties are refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, withTx } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };
let seq = 700;
function idNumber(): string {
  seq += 1;
  return makeIdNumber(`37081219880505${String(seq).padStart(3, '0')}`);
}
function mobile(): string {
  seq += 1;
  return `139${String(54700000 + seq).padStart(8, '0')}`;
}

interface Person {
  name: string;
  idNumber: string;
  mobile: string;
}

describe.each(testEngines())('co-borrowers on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  let anon: ReturnType<typeof client>;

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    anon = client(app.server, null);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  /** A customer of the bank already (a co-borrower or guarantor must be one). */
  async function existingCustomer(name: string): Promise<Person> {
    const p = { name, idNumber: idNumber(), mobile: mobile() };
    const branch = await queryOne<{ id: string }>(app.ctx.db, sql`SELECT id FROM branches WHERE code = 'YZ-GL'`);
    await withTx(app.ctx.db, (tx) =>
      ensureCustomer(tx, app.ctx.crypto, { ...p, branchId: Number(branch!.id), officerId: null, monthlyIncomeFen: 1_000_000n }),
    );
    return p;
  }

  function borrower(name: string) {
    return { name, idNumber: idNumber(), mobile: mobile(), occupation: 'FARMER', monthlyIncome: '8000.00' };
  }

  function application(applicant: ReturnType<typeof borrower>, over: Record<string, unknown> = {}) {
    return {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant,
      requestedAmount: '30000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
      ...over,
    };
  }

  async function latestCode(mobileNo: string): Promise<string> {
    const outbox = (await officer.get('/api/v1/sms/outbox?pageSize=100')).json();
    const masked = `${mobileNo.slice(0, 3)}****${mobileNo.slice(-4)}`;
    const m = outbox.items.find((x: { mobileMasked: string; text: string }) => x.mobileMasked === masked && /验证码/.test(x.text));
    return /(\d{6})/.exec(m.text)![1];
  }

  /** The party identifies by one-time code on the portal link and confirms; `again` replays the same confirmation. */
  async function confirm(link: string, who: Person) {
    const token = link.split('/').pop()!;
    const otp = await anon.post(`/api/v1/portal/guarantees/${token}/otp`, who);
    expect(otp.statusCode, otp.body).toBe(200);
    const body = { challengeId: otp.json().challengeId, code: await latestCode(who.mobile), idNumber: who.idNumber, agree: true };
    const res = await anon.post(`/api/v1/portal/guarantees/${token}/confirm`, body);
    return Object.assign(res, { again: () => anon.post(`/api/v1/portal/guarantees/${token}/confirm`, body) });
  }

  async function applicationsOf(idNo: string): Promise<number> {
    const r = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM applications a JOIN customers c ON c.id = a.customer_id
           WHERE c.id_number_hash = ${app.ctx.crypto.lookupHash(idNo)}`,
    );
    return Number(r!.n);
  }

  it('names a spouse as co-borrower: invited by SMS, confirms on the portal, and only then the line opens', async () => {
    const spouse = await existingCustomer('李秀英');
    const husband = borrower('王建国');
    const r = await officer.post('/api/v1/applications', application(husband, { coBorrowers: [spouse] }));
    expect(r.statusCode, r.body).toBe(201);
    const submitted = r.json();
    expect(submitted.status).toBe('PENDING_GUARANTEE');
    expect(submitted.creditLineId).toBeNull();
    expect(submitted.partyLinks).toEqual([{ role: 'CO_BORROWER', link: expect.stringContaining('/m/guarantee/') }]);
    const outbox = (await officer.get('/api/v1/sms/outbox?pageSize=100')).json();
    const masked = `${spouse.mobile.slice(0, 3)}****${spouse.mobile.slice(-4)}`;
    expect(outbox.items.find((x: { mobileMasked: string }) => x.mobileMasked === masked)).toMatchObject({
      template: 'CO_BORROWER_INVITE',
      text: expect.stringContaining('共同借款人'),
    });

    const detail = (await officer.get(`/api/v1/applications/${submitted.id}`)).json();
    expect(detail.guarantees).toEqual([
      expect.objectContaining({ role: 'CO_BORROWER', guarantorNameMasked: '李**', status: 'INVITED', textVersion: 'CB-2026.1' }),
    ]);
    const token = String(submitted.partyLinks[0].link).split('/').pop()!;
    const invitation = (await anon.get(`/api/v1/portal/guarantees/${token}`)).json();
    expect(invitation).toMatchObject({ role: 'CO_BORROWER', amount: '30000.00', status: 'INVITED', textVersion: 'CB-2026.1' });
    expect(invitation.contractText).toContain('共同借款人');

    const confirmed = await confirm(submitted.partyLinks[0].link, spouse);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ status: 'CONFIRMED', creditLineId: expect.any(Number) });
    const after = (await officer.get(`/api/v1/applications/${submitted.id}`)).json();
    expect(after.status).toBe('APPROVED');
    expect(after.creditLineId).toBe(confirmed.json().creditLineId);
    expect(after.guarantees[0]).toMatchObject({ role: 'CO_BORROWER', status: 'CONFIRMED', confirmedAt: expect.any(String) });
    // the link works once
    expect((await confirmed.again()).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('refuses a co-borrower who is not a customer, the borrower, or named twice (422 CO_BORROWER_INVALID), and more than two (400) — nothing written', async () => {
    const spouse = await existingCustomer('赵桂兰');
    const cases: Array<[string, (b: ReturnType<typeof borrower>) => unknown[], number, string]> = [
      ['not a customer', () => [{ name: '路人甲', idNumber: idNumber(), mobile: mobile() }], 422, 'NOT_A_CUSTOMER'],
      ['the borrower', (b) => [{ name: b.name, idNumber: b.idNumber, mobile: b.mobile }], 422, 'CO_BORROWER_IS_BORROWER'],
      ['twice', () => [spouse, spouse], 422, 'DUPLICATE_PARTY'],
      ['three', () => [spouse, spouse, spouse], 400, ''],
    ];
    for (const [label, coBorrowers, status, reason] of cases) {
      const b = borrower('周大福');
      const res = await officer.post('/api/v1/applications', application(b, { coBorrowers: coBorrowers(b) }));
      expect(res.statusCode, `${label}: ${res.body}`).toBe(status);
      if (status === 422) expect(res.json()).toMatchObject({ code: 'CO_BORROWER_INVALID', details: { reason } });
      expect(await applicationsOf(b.idNumber), label).toBe(0);
    }
  });

  it('保证e贷: a co-borrower never stands in for the guarantor — refused without one, and with both the line waits for the guarantor', async () => {
    const spouse = await existingCustomer('孙丽');
    const guarantor = await existingCustomer('吴刚');
    const base = { productCode: 'BAOZHENG_E_DAI', requestedAmount: '30000.00', termMonths: 12 };
    const b = borrower('郑强');
    const onlyCoBorrower = await officer.post('/api/v1/applications', application(b, { ...base, coBorrowers: [spouse] }));
    expect(onlyCoBorrower.statusCode, onlyCoBorrower.body).toBe(422);
    expect(onlyCoBorrower.json()).toMatchObject({ code: 'GUARANTOR_INVALID', details: { reason: 'GUARANTOR_REQUIRED' } });
    // one person cannot be both
    const both = await officer.post('/api/v1/applications', application(b, { ...base, guarantor, coBorrowers: [guarantor] }));
    expect(both.json()).toMatchObject({ code: 'CO_BORROWER_INVALID', details: { reason: 'DUPLICATE_PARTY' } });
    expect(await applicationsOf(b.idNumber)).toBe(0);

    const r = await officer.post('/api/v1/applications', application(b, { ...base, guarantor, coBorrowers: [spouse] }));
    expect(r.statusCode, r.body).toBe(201);
    const submitted = r.json();
    expect(submitted.status).toBe('PENDING_GUARANTEE');
    expect(submitted.partyLinks.map((p: { role: string }) => p.role)).toEqual(['GUARANTOR', 'CO_BORROWER']);
    const link = (role: string) => submitted.partyLinks.find((p: { role: string }) => p.role === role).link as string;
    // the co-borrower confirms first: no line yet
    const first = await confirm(link('CO_BORROWER'), spouse);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ status: 'CONFIRMED', creditLineId: null });
    const waiting = (await officer.get(`/api/v1/applications/${submitted.id}`)).json();
    expect(waiting.status).toBe('PENDING_GUARANTEE');
    expect(waiting.creditLineId).toBeNull();
    expect(waiting.guarantees.map((g: { role: string; status: string }) => [g.role, g.status])).toEqual([
      ['GUARANTOR', 'INVITED'],
      ['CO_BORROWER', 'CONFIRMED'],
    ]);
    // the guarantor's confirmation opens it
    const last = await confirm(link('GUARANTOR'), guarantor);
    expect(last.statusCode, last.body).toBe(200);
    expect(last.json().creditLineId).toEqual(expect.any(Number));
    expect((await officer.get(`/api/v1/applications/${submitted.id}`)).json().status).toBe('APPROVED');
  });

  it('a referred application: the co-borrower may confirm while the approver looks, the approval opens the line; a decline cancels the invitation', async () => {
    const spouse = await existingCustomer('陈淑芬');
    const applicant = { ...borrower('刘志强'), occupation: 'CIVIL_SERVANT', monthlyIncome: '15000.00' };
    const r = (
      await officer.post('/api/v1/applications', application(applicant, { requestedAmount: '60000.00', coBorrowers: [spouse] }))
    ).json();
    expect(r.status).toBe('REFERRED');
    const first = await confirm(r.partyLinks[0].link, spouse);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ status: 'CONFIRMED', creditLineId: null });
    const approved = await approver.post(`/api/v1/applications/${r.id}/decision`, {
      outcome: 'APPROVE',
      limit: '60000.00',
      comment: '夫妻共同借款，同意',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'APPROVED', creditLineId: expect.any(Number) });

    const other = await existingCustomer('黄丽');
    const applicant2 = { ...borrower('马超'), occupation: 'CIVIL_SERVANT', monthlyIncome: '15000.00' };
    const r2 = (
      await officer.post('/api/v1/applications', application(applicant2, { requestedAmount: '60000.00', coBorrowers: [other] }))
    ).json();
    expect(r2.status).toBe('REFERRED');
    const declined = await approver.post(`/api/v1/applications/${r2.id}/decision`, { outcome: 'DECLINE', comment: '负债偏高' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().guarantees).toEqual([expect.objectContaining({ role: 'CO_BORROWER', status: 'CANCELLED' })]);
    const token = String(r2.partyLinks[0].link).split('/').pop()!;
    expect((await anon.get(`/api/v1/portal/guarantees/${token}`)).json().status).toBe('CANCELLED');
    const late = await confirm(r2.partyLinks[0].link, other);
    expect(late.statusCode).toBe(404);
    expect(late.json().code).toBe('GUARANTEE_NOT_FOUND');
  });
});
