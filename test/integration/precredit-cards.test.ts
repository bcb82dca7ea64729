/**
 * Pre-credit cards (预授信卡, issue 14 §7) on every engine: an approved white-list batch is issued one
 * card per ACTIVE entry (16-digit number with a Luhn check digit; issuing again issues nothing), printed
 * as a PDF with one page per card, and activated by its holder on the mobile page: the holder identifies
 * with a one-time code and applies with the card; the decision approves them at most the card's limit,
 * the card becomes ACTIVATED and its entry USED. Anyone else is refused the card. Figures per batch and
 * branch (issued, activated, drawn) are computed from the cards and the loans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuinongApp } from '../../src/app.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { isValidCardNumber, luhnCheckDigit } from '../../src/modules/precredit/cards.service.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { latestOtp } from '../support/browser.js';
import { testEngines } from '../support/db.js';
import { CONSENTS } from '../support/lending.js';

type Client = ReturnType<typeof client>;

const HOLDER = { name: '张小三', idNumber: makeIdNumber('37081219880311881'), mobile: '13905378801' };
const OTHER = { name: '王二', idNumber: makeIdNumber('37081219890412882'), mobile: '13905378802' };
const DECLINED = { name: '孙远', idNumber: makeIdNumber('11010519850101883'), mobile: '13905378803' };
const STRANGER = { name: '赵路人', idNumber: makeIdNumber('37081219870101884'), mobile: '13905378804' };

interface CardView {
  cardCode: string;
  nameMasked: string;
  status: string;
  limit: string;
}

describe('card numbers', () => {
  it('end in a Luhn check digit that catches a mistyped digit', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isValidCardNumber('9000000000000008')).toBe(luhnCheckDigit('900000000000000') === '8');
    const good = `900000000000012${luhnCheckDigit('900000000000012')}`;
    expect(isValidCardNumber(good)).toBe(true);
    expect(isValidCardNumber(`${good.slice(0, 14)}${(Number(good[14]) + 1) % 10}${good[15]}`)).toBe(false);
    expect(isValidCardNumber('12345')).toBe(false);
  });
});

describe.each(testEngines())('pre-credit cards on %s', (kind) => {
  let app: HuinongApp;
  let head: Client;
  let officer: Client;
  let batchId: number;
  let cards: CardView[];

  beforeAll(async () => {
    app = await createTestApp(kind);
    const headToken = await loginAs(app.server, 'head1');
    head = client(app.server, headToken);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const csv = [
      '姓名,身份证号,手机号,月收入,职业',
      ...[HOLDER, OTHER].map((p) => `${p.name},${p.idNumber},${p.mobile},9000.00,ENTERPRISE_EMPLOYEE`),
      `${DECLINED.name},${DECLINED.idNumber},${DECLINED.mobile},9000.00,ENTERPRISE_EMPLOYEE`,
    ].join('\n');
    const upload = await app.server.inject({
      method: 'POST',
      url: '/api/v1/imports?type=PRE_CREDIT&filename=cards.csv',
      headers: { authorization: `Bearer ${headToken}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    batchId = upload.json().id;
    const ok = await approver.post(`/api/v1/review/requests/${upload.json().reviewRequestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  /** The mobile page's identification: a one-time code to the mobile, then a session that carries the card. */
  async function customerSession(anon: Client, who: { name: string; idNumber: string; mobile: string }, cardCode: string): Promise<Client> {
    const otp = await anon.post('/api/v1/portal/otp', who);
    expect(otp.statusCode, otp.body).toBe(200);
    const session = await anon.post('/api/v1/portal/sessions', {
      ...who,
      challengeId: otp.json().challengeId,
      code: await latestOtp(app.server, who.mobile),
      cardCode,
    });
    expect(session.statusCode, session.body).toBe(200);
    return client(app.server, session.json().token);
  }

  it('refuses to print before cards are issued, and staff without the right cannot issue', async () => {
    const pdf = await head.get(`/api/v1/precredit/batches/${batchId}/cards.pdf`);
    expect(pdf.statusCode).toBe(409);
    expect(pdf.json().code).toBe('PRE_CREDIT_CARDS_NOT_ISSUED');
    expect((await officer.post(`/api/v1/precredit/batches/${batchId}/cards`, {})).statusCode).toBe(403);
    const missing = await head.post('/api/v1/precredit/batches/999999/cards', {});
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('PRE_CREDIT_BATCH_NOT_FOUND');
  });

  it('issues one card per ACTIVE entry, with a check digit, and issues nothing the second time', async () => {
    const first = await head.post(`/api/v1/precredit/batches/${batchId}/cards`, {});
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ batchId, issued: 2, cards: 2 });
    const again = await head.post(`/api/v1/precredit/batches/${batchId}/cards`, {});
    expect(again.json()).toEqual({ batchId, issued: 0, cards: 2 });
    cards = (await head.get('/api/v1/pre-credit-cards?pageSize=50')).json().items;
    expect(cards).toHaveLength(2);
    for (const c of cards) {
      expect(isValidCardNumber(c.cardCode)).toBe(true);
      expect(c.status).toBe('ISSUED');
    }
    expect(cards.map((c) => c.nameMasked).sort()).toEqual(['张**', '王*'].sort());
  });

  it('prints the cards as a PDF with one page per card', async () => {
    const res = await head.get(`/api/v1/precredit/batches/${batchId}/cards.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.headers['x-card-count']).toBe('2');
    const body = res.rawPayload;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(2);
    const audit = (await client(app.server, await loginAs(app.server, 'auditor1')).get('/api/v1/audit/logs?pageSize=50')).json();
    expect(JSON.stringify(audit)).toContain('precredit.cards.print');
  });

  it('activates a card for its holder on the mobile page in one step: line opened, card ACTIVATED, entry USED', async () => {
    const holderCard = cards.find((c) => c.nameMasked === '张**')!;
    const anon = client(app.server, null);
    const entry = (await anon.get(`/api/v1/portal/entry?card=${holderCard.cardCode}`)).json();
    expect(entry.card).toMatchObject({ productCode: 'XIN_E_KUAI_DAI', limit: holderCard.limit, nameMasked: '张**' });
    const me = await customerSession(anon, STRANGER, holderCard.cardCode);
    const refused = await me.post('/api/v1/applications', cardApplication(holderCard.cardCode, STRANGER, '5000.00'));
    expect(refused.json().code).toBe('PRE_CREDIT_CARD_INVALID');

    const holder = await customerSession(anon, HOLDER, holderCard.cardCode);
    const applied = await holder.post('/api/v1/applications', cardApplication(holderCard.cardCode, HOLDER, holderCard.limit));
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().status).toBe('APPROVED');
    expect(Number(applied.json().decision.limit)).toBeLessThanOrEqual(Number(holderCard.limit));
    const after = (await head.get('/api/v1/pre-credit-cards?pageSize=50')).json().items as CardView[];
    expect(after.find((c) => c.cardCode === holderCard.cardCode)!.status).toBe('ACTIVATED');
    const entries = (await head.get(`/api/v1/precredit/batches/${batchId}/entries?status=USED`)).json();
    expect(entries.items).toHaveLength(1);
    expect(entries.items[0]).toMatchObject({ nameMasked: '张**', usedApplicationId: applied.json().id });
    // a used card is no longer valid
    expect((await anon.get(`/api/v1/portal/entry?card=${holderCard.cardCode}`)).json().code).toBe('PRE_CREDIT_CARD_INVALID');

    const drawn = await holder.post(
      `/api/v1/credit-lines/${applied.json().creditLineId}/drawdowns`,
      { amount: '3000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': `card-draw-${kind}` },
    );
    expect(drawn.statusCode, drawn.body).toBe(201);
  });

  it('counts issued, activated and drawn per batch and branch from the cards and the loans', async () => {
    const res = await head.get(`/api/v1/precredit/card-figures?batchId=${batchId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toBe(1);
    expect(res.json().items[0]).toMatchObject({ batchId, issued: 2, activated: 1, drawnLoans: 1, drawnAmount: '3000.00' });
    expect(res.json().items[0].branchName).not.toBe('');
    const xlsx = await head.get('/api/v1/precredit/card-figures?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});

function cardApplication(cardCode: string, who: { name: string; idNumber: string; mobile: string }, amount: string) {
  return {
    productCode: 'XIN_E_KUAI_DAI',
    channel: 'PRE_CREDIT_CARD',
    cardCode,
    requestedAmount: amount,
    termMonths: 12,
    repaymentMethod: 'EQUAL_INSTALLMENT',
    consents: CONSENTS,
    applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
  };
}
