/**
 * The officer's mobile workbench (issue 14 §2) on every engine: the prospect's person in clear for an
 * assisted application on the spot (audited, scoped, refused without the permissions), the application
 * made with it moving the prospect, and the mobile page's two modes kept apart — a staff cookie never
 * answers the customer's page, and the staff routes never take a customer session.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_COMMAND, type HuinongApp } from '../../src/app.js';
import { queryRows } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { createStaffDirect } from '../../src/modules/access/index.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { latestOtp } from '../support/browser.js';
import { testEngines } from '../support/db.js';

type Client = ReturnType<typeof client>;
const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };
const PERSON = { name: '田现场', idNumber: makeIdNumber('37081219880812031'), mobile: '13805379031' };

function multipart(filename: string, text: string): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----huinongWorkbench18';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), Buffer.from(text, 'utf8'), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(testEngines())('officer mobile workbench on %s', (kind) => {
  let app: HuinongApp;
  let officer: Client;
  let officerToken: string;
  let head: Client;
  let prospectId: number;
  let applicationId: number;

  beforeAll(async () => {
    app = await createTestApp(kind);
    const headToken = await loginAs(app.server, 'head1');
    head = client(app.server, headToken);
    officerToken = await loginAs(app.server, 'officer1');
    officer = client(app.server, officerToken);
    await createStaffDirect(app.ctx, SYSTEM_COMMAND, {
      username: 'officer8',
      name: '褚八',
      branchCode: 'YZ-GL',
      mobile: '13805377801',
      roles: ['loan_officer'],
      password: DEMO_PASSWORD,
    });
    const exec = client(app.server, await loginAs(app.server, 'exec1'));
    const { body, headers } = multipart(
      '现场名单.csv',
      `姓名,身份证号,手机号,客户经理,村/社区\r\n${PERSON.name},${PERSON.idNumber},${PERSON.mobile},officer1,田庄村\r\n`,
    );
    const up = await app.server.inject({
      method: 'POST',
      url: '/api/v1/marketing/prospect-imports',
      payload: body,
      headers: { ...headers, authorization: `Bearer ${headToken}` },
    });
    expect(up.statusCode, up.body).toBe(201);
    const ok = await exec.post(`/api/v1/review/requests/${up.json().reviewRequestId}/approve`, { comment: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);
    const work = (await officer.get('/api/v1/marketing/work-list')).json();
    prospectId = work.items.find((p: { village: string | null }) => p.village === '田庄村').id;
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('gives the officer the prospect’s person in clear for an application on the spot, audited and only in scope', async () => {
    const res = await officer.get(`/api/v1/marketing/prospects/${prospectId}/applicant`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ prospectId, ...PERSON });
    const audit = await queryRows<{ summary: { fields: string[] } }>(
      app.ctx.db,
      sql`SELECT summary FROM audit_log WHERE action = 'pii.unmask' AND target_type = 'prospect' AND target_id = ${String(prospectId)}`,
    );
    expect(audit.map((a) => a.summary.fields)).toEqual([['name', 'idNumber', 'mobile']]);
    // another officer's view of the prospect does not exist; an auditor (no application:create) is refused
    const other = client(app.server, await loginAs(app.server, 'officer8'));
    expect((await other.get(`/api/v1/marketing/prospects/${prospectId}/applicant`)).json().code).toBe('PROSPECT_NOT_FOUND');
    expect((await other.get(`/api/v1/marketing/prospects/999999/applicant`)).statusCode).toBe(404);
    const auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    expect((await auditor.get(`/api/v1/marketing/prospects/${prospectId}/applicant`)).statusCode).toBe(403);
  });

  it('moves the prospect on to APPROVED when the officer applies with that person', async () => {
    const person = (await officer.get(`/api/v1/marketing/prospects/${prospectId}/applicant`)).json();
    const a = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: {
        name: person.name,
        idNumber: person.idNumber,
        mobile: person.mobile,
        occupation: 'ENTERPRISE_EMPLOYEE',
        monthlyIncome: '9000.00',
      },
      requestedAmount: '20000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(a.statusCode, a.body).toBe(201);
    applicationId = a.json().id;
    const detail = (await head.get(`/api/v1/marketing/prospects/${prospectId}`)).json();
    expect(detail.status).toBe('APPROVED');
    expect(detail.events.map((e: { kind: string }) => e.kind)).toContain('APPLICATION');
    // the assisted path records the officer's LOCK and the SUBMIT (543)
    const customerId = (await officer.get(`/api/v1/applications/${a.json().id}`)).json().customerId;
    const events = (await officer.get(`/api/v1/service-events?customerId=${customerId}`)).json();
    expect(events.items.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['LOCK', 'SUBMIT']));
  });

  it('keeps the mobile page’s customer mode and staff mode apart', async () => {
    const url = `/api/v1/applications/${applicationId}`;
    // the customer's page (marked calls) holding only a staff cookie is not signed in
    const asCustomerPage = await app.server.inject({
      method: 'GET',
      url,
      cookies: { hn_session: officerToken },
      headers: { 'x-huinong-client': 'mobile' },
    });
    expect(asCustomerPage.statusCode).toBe(401);
    // the staff mode's calls (unmarked) with the same cookie are the officer's
    expect((await app.server.inject({ method: 'GET', url, cookies: { hn_session: officerToken } })).statusCode).toBe(200);
    // a customer session: its own application on the customer's page, never the staff work list
    const otp = await app.server.inject({ method: 'POST', url: '/api/v1/portal/otp', payload: PERSON });
    expect(otp.statusCode, otp.body).toBe(200);
    const session = await app.server.inject({
      method: 'POST',
      url: '/api/v1/portal/sessions',
      payload: { ...PERSON, challengeId: otp.json().challengeId, code: await latestOtp(app.server, PERSON.mobile) },
    });
    expect(session.statusCode, session.body).toBe(200);
    const both = { hn_session: officerToken, hn_customer: session.json().token as string };
    const mine = await app.server.inject({ method: 'GET', url, cookies: both, headers: { 'x-huinong-client': 'mobile' } });
    expect(mine.statusCode, mine.body).toBe(200);
    const customerOnly = { hn_customer: session.json().token as string };
    for (const headers of [{ 'x-huinong-client': 'mobile' }, {}]) {
      const work = await app.server.inject({ method: 'GET', url: '/api/v1/marketing/work-list', cookies: customerOnly, headers });
      expect(work.statusCode).toBe(401);
      const person = await app.server.inject({
        method: 'GET',
        url: `/api/v1/marketing/prospects/${prospectId}/applicant`,
        cookies: customerOnly,
        headers,
      });
      expect(person.statusCode).toBe(401);
    }
  });
});
