/**
 * Pre-credit white lists (预授信, issue 14 §7) on every engine: 信e快贷 is white-list only — an applicant
 * who was not pre-credited is declined NOT_PRE_CREDITED; a list uploaded by a branch head is decided by
 * the credit policy's white-list flavour, shown to the checker with outcomes and limits, and takes effect
 * only when an approver approves it; a pre-credited person is then approved at most the pre-credited
 * limit and the entry is USED; an expired pre-credit admits nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { CONSENTS } from '../support/lending.js';

type Client = ReturnType<typeof client>;

const PRE_CREDITED = { name: '钱多多', idNumber: makeIdNumber('37081219880311771'), mobile: '13905377701' };
const OUT_OF_REGION = { name: '孙远方', idNumber: makeIdNumber('11010519850101772'), mobile: '13905377702' };
const TO_EXPIRE = { name: '李到期', idNumber: makeIdNumber('37081219900512773'), mobile: '13905377703' };
const NOBODY = { name: '周无卡', idNumber: makeIdNumber('37081219870412774'), mobile: '13905377704' };

describe.each(testEngines())('pre-credit white lists on %s', (kind) => {
  let app: HuinongApp;
  let officer: Client;
  let head: Client;
  let headToken: string;
  let approver: Client;
  let batchId: number;

  const applyQuick = (p: { name: string; idNumber: string; mobile: string }, amount = '20000.00') =>
    officer.post('/api/v1/applications', {
      productCode: 'XIN_E_KUAI_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...p, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: amount,
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
  const upload = (csv: string, token = headToken) =>
    app.server.inject({
      method: 'POST',
      url: '/api/v1/imports?type=PRE_CREDIT&filename=white-list.csv',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      payload: csv,
    });
  const entryOf = async (idNumber: string) =>
    (await head.get(`/api/v1/precredit/batches/${batchId}/entries?pageSize=50`))
      .json()
      .items.find((e: { idNumberMasked: string }) => e.idNumberMasked.endsWith(idNumber.slice(-4)));

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    headToken = await loginAs(app.server, 'head1');
    head = client(app.server, headToken);
    approver = client(app.server, await loginAs(app.server, 'approver1'));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('declines a 信e快贷 application from someone with no card and on no list, with reason NOT_PRE_CREDITED', async () => {
    const products = (await officer.get('/api/v1/products/XIN_E_KUAI_DAI')).json();
    expect(JSON.stringify(products)).toContain('"whiteListOnly":true');
    const res = await applyQuick(NOBODY);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('DECLINED');
    expect(res.json().creditLineId).toBeNull();
    expect(res.json().decision.reasons.map((r: { code: string }) => r.code)).toContain('NOT_PRE_CREDITED');
    expect(res.json().decision.reasons[0].message).toContain('预授信');
    // the recorded decision says so too
    const rec = await queryOne<{ reasons: unknown }>(app.ctx.db, sql`SELECT reasons FROM applications WHERE id = ${res.json().id}`);
    expect(JSON.stringify(rec?.reasons)).toContain('NOT_PRE_CREDITED');
  });

  it('keeps other products open to everyone (信e贷 is not white-list only)', async () => {
    const res = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...NOBODY, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '20000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(res.json().status, res.body).toBe('APPROVED');
  });

  it('refuses a list with a bad row (whole file, with the error report) and a maker without the right', async () => {
    const bad = await upload(`姓名,身份证号,手机号\n${PRE_CREDITED.name},370812198803117710,${PRE_CREDITED.mobile}\n`);
    expect(bad.statusCode, bad.body).toBe(201);
    expect(bad.json().status).toBe('INVALID');
    const officerUpload = await upload(
      `姓名,身份证号,手机号\n${PRE_CREDITED.name},${PRE_CREDITED.idNumber},${PRE_CREDITED.mobile}\n`,
      await loginAs(app.server, 'officer1'),
    );
    expect(officerUpload.statusCode).toBe(403);
  });

  it('decides an uploaded list with the policy, shows outcomes to the checker and applies it only on approval', async () => {
    const csv = [
      '姓名,身份证号,手机号,月收入,职业',
      `${PRE_CREDITED.name},${PRE_CREDITED.idNumber},${PRE_CREDITED.mobile},9000.00,ENTERPRISE_EMPLOYEE`,
      `${OUT_OF_REGION.name},${OUT_OF_REGION.idNumber},${OUT_OF_REGION.mobile},9000.00,ENTERPRISE_EMPLOYEE`,
      `${TO_EXPIRE.name},${TO_EXPIRE.idNumber},${TO_EXPIRE.mobile},8000,FARMER`,
    ].join('\n');
    const res = await upload(csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'PENDING_REVIEW', totalRows: 3, validRows: 3 });
    batchId = res.json().id;
    // nothing in effect before the checker approves
    expect((await head.get('/api/v1/precredit/batches')).json().items.some((b: { id: number }) => b.id === batchId)).toBe(false);
    const request = await approver.get(`/api/v1/review/requests/${res.json().reviewRequestId}`);
    expect(request.statusCode, request.body).toBe(200);
    const shown = JSON.stringify(request.json());
    expect(shown).toContain('预授信额度');
    expect(shown).toContain('OUT_OF_REGION');
    expect(shown).not.toContain(PRE_CREDITED.idNumber);
    // the maker cannot approve their own list
    expect((await head.post(`/api/v1/review/requests/${res.json().reviewRequestId}/approve`, {})).statusCode).toBe(403);
    const ok = await approver.post(`/api/v1/review/requests/${res.json().reviewRequestId}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);

    const batches = (await head.get('/api/v1/precredit/batches')).json();
    const batch = batches.items.find((b: { id: number }) => b.id === batchId);
    expect(batch).toMatchObject({ productCode: 'XIN_E_KUAI_DAI', totalRows: 3, approvedRows: 2, activeRows: 2, usedRows: 0 });
    expect(batch.validUntil > batch.businessDate).toBe(true);
    expect(await entryOf(PRE_CREDITED.idNumber)).toMatchObject({ outcome: 'APPROVE', status: 'ACTIVE', nameMasked: '钱**' });
    expect(await entryOf(OUT_OF_REGION.idNumber)).toMatchObject({ outcome: 'DECLINE', status: 'DECLINED', limit: '0.00' });
    expect((await entryOf(OUT_OF_REGION.idNumber)).reasons).toContain('OUT_OF_REGION');
    // the lists answer in Excel too
    const xlsx = await head.get('/api/v1/precredit/batches?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const entriesXlsx = await head.get(`/api/v1/precredit/batches/${batchId}/entries?format=xlsx`);
    expect(entriesXlsx.statusCode).toBe(200);
    // staff without the permission see nothing
    expect((await client(app.server, await loginAs(app.server, 'param1')).get('/api/v1/precredit/batches')).statusCode).toBe(403);
  });

  it('approves a pre-credited applicant of 信e快贷 at most the pre-credited limit and marks the pre-credit USED', async () => {
    const entry = await entryOf(PRE_CREDITED.idNumber);
    const res = await applyQuick(PRE_CREDITED, '20000.00');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('APPROVED');
    expect(Number(res.json().decision.limit)).toBeLessThanOrEqual(Number(entry.limit));
    expect(await entryOf(PRE_CREDITED.idNumber)).toMatchObject({ status: 'USED', usedApplicationId: res.json().id });
    const batch = (await head.get('/api/v1/precredit/batches')).json().items.find((b: { id: number }) => b.id === batchId);
    expect(batch).toMatchObject({ activeRows: 1, usedRows: 1 });
  });

  it('admits nobody on an expired pre-credit: the entry reads EXPIRED and the application is declined', async () => {
    await app.ctx.db.execute(sql`UPDATE precredit_entries SET valid_until = DATE '2025-12-31' WHERE batch_id = ${batchId} AND row_no = 3`);
    expect(await entryOf(TO_EXPIRE.idNumber)).toMatchObject({ status: 'EXPIRED' });
    const res = await applyQuick(TO_EXPIRE);
    expect(res.json().status, res.body).toBe('DECLINED');
    expect(res.json().decision.reasons.map((r: { code: string }) => r.code)).toContain('NOT_PRE_CREDITED');
    const filtered = (await head.get(`/api/v1/precredit/batches/${batchId}/entries?status=EXPIRED`)).json();
    expect(filtered.total).toBe(1);
  });

  it('answers 404 for a batch that does not exist', async () => {
    const res = await head.get('/api/v1/precredit/batches/999999/entries');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('PRE_CREDIT_BATCH_NOT_FOUND');
  });
});
