/**
 * Hostile input at the HTTP edge: request bodies are strict (an unknown key, also a nested one, is
 * refused and named), and control characters are refused in every string of the path, the query
 * string and the body with 400 VALIDATION_FAILED naming the field — NUL and the other C0 controls
 * always; TAB, LF and CR are accepted in body text (multi-line comments), never in the path or query.
 * A refused request changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryRows } from '../../src/db/client.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

type Client = ReturnType<typeof client>;

describe.each(testEngines())('hostile input on %s', (kind) => {
  let app: HuinongApp;
  let admin: Client;
  let branchId: number;

  beforeAll(async () => {
    app = await createTestApp(kind);
    admin = client(app.server, await loginAs(app.server, 'admin'));
    const rows = await queryRows<{ id: string | number }>(app.ctx.db, sql`SELECT id FROM branches WHERE code <> 'HO' ORDER BY id LIMIT 1`);
    branchId = Number(rows[0].id);
  });
  afterAll(async () => {
    await app?.close();
  });

  const fields = (res: { json: () => { details?: Array<{ field: string }> } }) => (res.json().details ?? []).map((d) => d.field);
  const branchName = async () =>
    (await queryRows<{ name: string }>(app.ctx.db, sql`SELECT name FROM branches WHERE id = ${branchId}`))[0].name;

  it('refuses an unknown key in a body with 400 naming it, and changes nothing', async () => {
    const before = await branchName();
    const res = await admin.patch(`/api/v1/branches/${branchId}`, { name: '新名称支行', colour: 'red' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    expect(fields(res)).toEqual(['body.colour']);
    expect(await branchName()).toBe(before);
  });

  const application = (applicant: Record<string, unknown> = {}) => ({
    productCode: 'XIN_E_DAI',
    channel: 'OFFICER_ASSISTED',
    applicant: {
      name: '张三',
      idNumber: '370812199001011234',
      mobile: '13953700001',
      occupation: 'ENTERPRISE_EMPLOYEE',
      monthlyIncome: '8000.00',
      ...applicant,
    },
    requestedAmount: '30000.00',
    termMonths: 12,
    repaymentMethod: 'EQUAL_INSTALLMENT',
    consents: { creditInquiry: true, automatedDecision: true, personalInformation: true },
  });
  const applications = async () => (await queryRows<{ n: number }>(app.ctx.db, sql`SELECT count(*)::int AS n FROM applications`))[0].n;

  it('refuses an unknown key inside a nested object of a body, naming its path, and opens no application', async () => {
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const before = await applications();
    const res = await officer.post('/api/v1/applications', application({ nickname: '小张' }));
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['body.applicant.nickname']);
    const nul = await officer.post('/api/v1/applications', application({ name: '张\u0000三' }));
    expect(nul.statusCode).toBe(400);
    expect(fields(nul)).toEqual(['body.applicant.name']);
    expect(await applications()).toBe(before);
  });

  it('shows request bodies as strict in the API document (additionalProperties false)', async () => {
    const doc = (await app.server.inject({ method: 'GET', url: '/docs/json' })).json();
    const body = doc.paths['/api/v1/eod/run'].post.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    expect(body.required).toEqual(['to']);
  });

  it('PATCH /branches/{id} with an empty body is a 400 naming the field, not a 500', async () => {
    const res = await admin.patch(`/api/v1/branches/${branchId}`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(fields(res)).toEqual(['body.name']);
  });

  it('refuses NUL and other control characters in body strings with 400 naming the field, and changes nothing', async () => {
    const before = await branchName();
    for (const bad of ['鼓楼\u0000支行', '\u0007鼓楼支行', '鼓楼支行\u001b[0m', '鼓楼\u007f支行']) {
      const res = await admin.patch(`/api/v1/branches/${branchId}`, { name: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(fields(res)).toEqual(['body.name']);
    }
    // in a key
    const key = await admin.patch(`/api/v1/branches/${branchId}`, { 'na\u0000me': 'x' });
    expect(key.statusCode).toBe(400);
    expect(fields(key)).toEqual(['body.na\\u0000me']);
    expect(await branchName()).toBe(before);
  });

  it('refuses control characters in path parameters and the query string, naming the field', async () => {
    const path = await admin.get('/api/v1/staff/1%00');
    expect(path.statusCode).toBe(400);
    expect(path.json().code).toBe('VALIDATION_FAILED');
    expect(fields(path)).toEqual(['params.id']);

    const query = await admin.get('/api/v1/staff?q=%00');
    expect(query.statusCode).toBe(400);
    expect(fields(query)).toEqual(['querystring.q']);

    // in the query string even a tab or a newline is refused
    const tab = await admin.get('/api/v1/staff?q=%E5%BC%A0%09');
    expect(tab.statusCode).toBe(400);
    expect(fields(tab)).toEqual(['querystring.q']);

    // unauthenticated callers are still asked to log in first
    const anon = await client(app.server, null).get('/api/v1/staff?q=%00');
    expect(anon.statusCode).toBe(401);
  });

  it('accepts tabs and line breaks in free text of a body (a multi-line comment)', async () => {
    // the comment passes the edge; the review request does not exist, which is the answer
    const res = await admin.post('/api/v1/review/requests/987654/reject', { comment: '第一行\n第二行\r\n\t缩进' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('REVIEW_NOT_FOUND');
  });
});
