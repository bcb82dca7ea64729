/**
 * Four-eyes that one person cannot defeat, and login and password hardening: a password reset never
 * shows the password to anyone but its owner (SMS) and forces a new one at first login; the subject
 * of a change can neither make nor check it; imports need the right to write what they carry;
 * account and branch administration waits for a second person; the staff-repayment review counts
 * the day's total; login answers unknown names like known ones and throttles per name and address;
 * passwords are rated by a strength estimator; staff and customer tokens carry their type.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { hashToken } from '../../src/modules/access/auth.service.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

const TEMP_RE = /\d{4}-\d{4}-\d{4}-\d{4}/;

describe.each(testEngines())('four-eyes and login hardening on %s', (kind) => {
  let app: HuinongApp;
  const ids: Record<string, number> = {};
  let admin: ReturnType<typeof client>;
  let admin2: ReturnType<typeof client>;

  /** A login from a chosen client address. */
  const loginFrom = (address: string, username: string, password: string) =>
    app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: address });

  /** The latest SMS to a staff member's registered mobile. */
  async function lastSmsTo(username: string): Promise<string | null> {
    const row = await queryOne<{ mobile_enc: string }>(app.ctx.db, sql`SELECT mobile_enc FROM staff WHERE username = ${username}`);
    const mobile = app.ctx.crypto.decrypt(row!.mobile_enc);
    const sms = await queryOne<{ text: string }>(
      app.ctx.db,
      sql`SELECT text FROM sms_outbox WHERE mobile_hash = ${app.ctx.crypto.lookupHash(mobile)} ORDER BY id DESC LIMIT 1`,
    );
    return sms?.text ?? null;
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    const rows = await queryRows<{ id: string | number; username: string }>(app.ctx.db, sql`SELECT id, username FROM staff`);
    for (const r of rows) ids[r.username] = Number(r.id);
    admin = client(app.server, await loginAs(app.server, 'admin'));
    admin2 = client(app.server, await loginAs(app.server, 'admin2'));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a password reset shows no password to the administrator: after a second approval a temporary one goes by SMS to the staff member, who must set a new one before anything else works', async () => {
    const reset = await admin.post(`/api/v1/staff/${ids.officer1}/reset-password`);
    expect(reset.statusCode).toBe(202);
    expect(reset.json()).toEqual({
      reviewRequestId: expect.any(Number),
      status: 'PENDING',
      sentTo: expect.stringMatching(/^1\d{2}\*{4}\d{4}$/),
    });
    expect(reset.body).not.toMatch(TEMP_RE);
    // nothing changes until a second person approves
    expect((await loginFrom('10.1.0.1', 'officer1', DEMO_PASSWORD)).statusCode).toBe(200);

    const approved = await admin2.post(`/api/v1/review/requests/${reset.json().reviewRequestId}/approve`, { comment: '本人来电申请' });
    expect(approved.statusCode).toBe(200);
    expect(approved.body).not.toMatch(TEMP_RE);
    const text = await lastSmsTo('officer1');
    const temp = text?.match(TEMP_RE)?.[0];
    expect(temp).toBeDefined();
    expect(text).toContain('officer1');
    // not even the SMS outbox shows it to staff, demo mode or not
    const outbox = await admin.get('/api/v1/sms/outbox?pageSize=200');
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body).not.toContain(temp!);
    const payloads = await queryRows<{ p: string; d: string }>(
      app.ctx.db,
      sql`SELECT payload::text AS p, diff::text AS d FROM review_requests`,
    );
    expect(payloads.map((r) => r.p + r.d).join()).not.toContain(temp!);

    expect((await loginFrom('10.1.0.1', 'officer1', DEMO_PASSWORD)).statusCode).toBe(401);
    const first = await loginFrom('10.1.0.1', 'officer1', temp!);
    expect(first.statusCode).toBe(200);
    expect(first.json().user.mustChangePassword).toBe(true);
    const officer = client(app.server, first.json().token);
    const blocked = await officer.get('/api/v1/customers');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await officer.get('/api/v1/sms/outbox')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await officer.get('/api/v1/auth/me')).statusCode).toBe(200);

    const changed = await officer.post('/api/v1/auth/change-password', { currentPassword: temp, newPassword: 'Millet-Harvest-Lantern-26' });
    expect(changed.statusCode).toBe(204);
    expect((await officer.get('/api/v1/customers')).statusCode).toBe(200);
    expect((await officer.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(false);
    // the temporary password served once
    expect((await loginFrom('10.1.0.1', 'officer1', temp!)).statusCode).toBe(401);
    expect((await loginFrom('10.1.0.1', 'officer1', 'Millet-Harvest-Lantern-26')).statusCode).toBe(200);
  });

  it('resetting someone who holds a checker permission is reviewed even when the policy lets resets apply at once, and they cannot check it', async () => {
    const off = await admin.put('/api/v1/review/policies/PASSWORD_RESET', { reviewRequired: false });
    expect(off.statusCode).toBe(202);
    expect((await admin2.post(`/api/v1/review/requests/${off.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    try {
      // no checker permission: applied at once, the password goes by SMS all the same
      const plain = await admin.post(`/api/v1/staff/${ids.inspector1}/reset-password`);
      expect(plain.statusCode).toBe(200);
      expect(plain.json()).toMatchObject({ status: 'APPLIED_DIRECTLY' });
      expect(plain.body).not.toMatch(TEMP_RE);
      expect(await lastSmsTo('inspector1')).toMatch(TEMP_RE);
      expect((await loginFrom('10.6.0.1', 'inspector1', DEMO_PASSWORD)).statusCode).toBe(401);

      for (const checker of ['approver1', 'admin2']) {
        const r = await admin.post(`/api/v1/staff/${ids[checker]}/reset-password`);
        expect(r.statusCode, checker).toBe(202);
        expect(r.json()).toMatchObject({ status: 'PENDING' });
      }
      const pending = (await admin2.get('/api/v1/review/requests?status=PENDING&type=PASSWORD_RESET')).json().items as Array<{
        id: number;
        title: string;
      }>;
      const own = pending.find((p) => p.title.includes('admin2'))!;
      const selfCheck = await admin2.post(`/api/v1/review/requests/${own.id}/approve`, {});
      expect(selfCheck.statusCode).toBe(403);
      expect(selfCheck.json().code).toBe('REVIEW_SUBJECT_CONFLICT');
      expect((await loginFrom('10.6.0.1', 'admin2', DEMO_PASSWORD)).statusCode).toBe(200);
    } finally {
      const on = await admin2.put('/api/v1/review/policies/PASSWORD_RESET', { reviewRequired: true });
      expect((await admin.post(`/api/v1/review/requests/${on.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    }
  });

  it('the subject of a change can neither make nor check it: a checker cannot grant a role to themselves or approve a grant to themselves', async () => {
    const self = await admin2.post(`/api/v1/staff/${ids.admin2}/roles`, { role: 'approver' });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('REVIEW_SUBJECT_CONFLICT');

    const grant = await admin.post(`/api/v1/staff/${ids.admin2}/roles`, { role: 'approver' });
    expect(grant.statusCode).toBe(202);
    const rid = grant.json().reviewRequestId;
    const listed = (await admin2.get('/api/v1/review/requests?status=PENDING&pageSize=200'))
      .json()
      .items.find((r: { id: number }) => r.id === rid);
    expect(listed).toMatchObject({ type: 'ROLE_GRANT', canCheck: false });
    const approve = await admin2.post(`/api/v1/review/requests/${rid}/approve`, { comment: '同意' });
    expect(approve.statusCode).toBe(403);
    expect(approve.json().code).toBe('REVIEW_SUBJECT_CONFLICT');
    const reject = await admin2.post(`/api/v1/review/requests/${rid}/reject`, { comment: '不同意' });
    expect(reject.json().code).toBe('REVIEW_SUBJECT_CONFLICT');
    expect((await admin.get(`/api/v1/staff/${ids.admin2}`)).json().roles).toEqual(['admin']);
    await admin.post(`/api/v1/review/requests/${rid}/reject`, { comment: 'x' }); // the maker cannot either
    expect((await admin.get(`/api/v1/review/requests/${rid}`)).json().status).toBe('PENDING');
    // and the database refuses it too, whatever the application does
    await expect(
      app.ctx.db.execute(
        sql`UPDATE review_requests SET status = 'APPROVED', checker_id = ${ids.admin2}, checker_username = 'admin2', decided_at = ${new Date().toISOString()}::timestamptz WHERE id = ${rid}`,
      ),
    ).rejects.toThrow();
  });

  it('an import is made only by someone who may write what it carries: a parameter manager cannot upload a staff list', async () => {
    const csv = Buffer.from('\uFEFF用户名,姓名,机构代码,手机号,角色\r\nsneaky,张某,YZ-GL,13805379999,系统管理员\r\n', 'utf8');
    const batches = async () => Number((await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*) AS n FROM import_batches`))!.n);
    const before = await batches();
    const param1 = client(app.server, await loginAs(app.server, 'param1'));
    const refused = await param1.post('/api/v1/imports?type=STAFF&filename=staff.csv', csv, { 'content-type': 'text/csv' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('IMPORT_MAKER_FORBIDDEN');
    expect(await batches()).toBe(before);
    // an administrator, who may create staff, may upload it (for a second person to approve)
    const ok = await admin.post('/api/v1/imports?type=STAFF&filename=staff.csv', csv, { 'content-type': 'text/csv' });
    expect(ok.statusCode).toBeLessThan(300);
    expect(ok.json()).toMatchObject({ status: 'PENDING_REVIEW' });
  });

  it('disabling staff and creating or disabling a branch wait for a second person, reviewed by default in the policy', async () => {
    const policies = (await admin.get('/api/v1/review/policies')).json().items as Array<{ changeType: string; reviewRequired: boolean }>;
    for (const t of ['PASSWORD_RESET', 'STAFF_UNLOCK', 'STAFF_STATUS', 'BRANCH_CREATE', 'BRANCH_STATUS']) {
      expect(policies.find((p) => p.changeType === t)).toMatchObject({ reviewRequired: true });
    }

    const disable = await admin.patch(`/api/v1/staff/${ids.exec1}`, { status: 'DISABLED' });
    expect(disable.statusCode).toBe(202);
    expect((await loginFrom('10.2.0.1', 'exec1', DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await admin2.post(`/api/v1/review/requests/${disable.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    expect((await loginFrom('10.2.0.1', 'exec1', DEMO_PASSWORD)).json().code).toBe('AUTH_ACCOUNT_DISABLED');
    // nobody disables (or enables) themselves
    const selfDisable = await admin.patch(`/api/v1/staff/${ids.admin}`, { status: 'DISABLED' });
    expect(selfDisable.statusCode).toBe(403);
    expect(selfDisable.json().code).toBe('REVIEW_SUBJECT_CONFLICT');

    const branches = async () =>
      (await admin.get('/api/v1/branches')).json().items as Array<{ id: number; code: string; kind: string; status: string }>;
    const head = (await branches()).find((b) => b.kind === 'HEAD_OFFICE')!;
    const create = await admin.post('/api/v1/branches', { code: 'YZ-TEST', name: '测试支行', kind: 'BRANCH', parentId: head.id });
    expect(create.statusCode).toBe(202);
    expect((await branches()).some((b) => b.code === 'YZ-TEST')).toBe(false);
    expect((await admin2.post(`/api/v1/review/requests/${create.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    const created = (await branches()).find((b) => b.code === 'YZ-TEST')!;
    expect(created.status).toBe('ACTIVE');

    const close = await admin.patch(`/api/v1/branches/${created.id}`, { status: 'DISABLED' });
    expect(close.statusCode).toBe(202);
    expect((await branches()).find((b) => b.code === 'YZ-TEST')!.status).toBe('ACTIVE');
    expect((await admin2.post(`/api/v1/review/requests/${close.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    expect((await branches()).find((b) => b.code === 'YZ-TEST')!.status).toBe('DISABLED');
    // a new name alone needs nobody else
    expect((await admin.patch(`/api/v1/branches/${created.id}`, { name: '测试支行（撤并）' })).statusCode).toBe(204);
  });

  it('answers an unknown username exactly like a known one, and throttles a name from one address only', async () => {
    const strip = (r: { statusCode: number; json: () => unknown }) => ({ status: r.statusCode, body: r.json() });
    for (let i = 0; i < 5; i++) {
      const known = await loginFrom('10.3.0.1', 'head1', `Wrong-guess-${i}-xx`);
      const unknown = await loginFrom('10.3.0.1', 'nobody-here', `Wrong-guess-${i}-xx`);
      expect(strip(unknown)).toEqual(strip(known));
      expect(known.statusCode).toBe(401);
    }
    const knownBlocked = await loginFrom('10.3.0.1', 'head1', DEMO_PASSWORD);
    const unknownBlocked = await loginFrom('10.3.0.1', 'nobody-here', DEMO_PASSWORD);
    expect(strip(knownBlocked)).toEqual(strip(unknownBlocked));
    expect(knownBlocked.statusCode).toBe(429);
    expect(knownBlocked.json().code).toBe('AUTH_THROTTLED');
    // the attacker's address does not lock the real user out elsewhere
    expect((await loginFrom('10.3.0.2', 'head1', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('counts a wrong current password on change-password as a failed login', async () => {
    const session = await loginFrom('10.4.0.1', 'head1', DEMO_PASSWORD);
    const c = client(app.server, session.json().token);
    for (let i = 0; i < 5; i++) {
      const r = await app.server.inject({
        method: 'POST',
        url: '/api/v1/auth/change-password',
        headers: { authorization: `Bearer ${session.json().token}` },
        payload: { currentPassword: `Not-the-one-${i}`, newPassword: 'Sorghum-Bridge-Kettle-91' },
        remoteAddress: '10.4.0.1',
      });
      expect(r.statusCode).toBe(401);
    }
    expect((await loginFrom('10.4.0.1', 'head1', DEMO_PASSWORD)).json().code).toBe('AUTH_THROTTLED');
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('refuses new passwords that contain the username, repeat the current one, or are common or weak, and accepts a strong one', async () => {
    const c = client(app.server, await loginAs(app.server, 'auditor1'));
    const change = (newPassword: string) => c.post('/api/v1/auth/change-password', { currentPassword: DEMO_PASSWORD, newPassword });
    expect((await change('Auditor1-Harbor-77')).json().code).toBe('PASSWORD_CONTAINS_USERNAME');
    expect((await change(DEMO_PASSWORD)).json().code).toBe('PASSWORD_REUSED');
    for (const weak of ['Password123!', 'Qwerty12345', 'aaaaaaaaaa1', '1234567890ab']) {
      const r = await change(weak);
      expect(r.statusCode, weak).toBe(400);
      expect(r.json().code, weak).toBe('PASSWORD_TOO_WEAK');
    }
    expect((await change('Tianqi-Wheat-Harbor-42')).statusCode).toBe(204);
  });

  it('tells staff and customer tokens apart by an explicit type, so a staff token that begins like a customer one still works', async () => {
    const login = await loginFrom('10.5.0.1', 'approver1', DEMO_PASSWORD);
    expect(login.json().token).toMatch(/^s\.[A-Za-z0-9_-]{40,}$/);
    // a staff session whose token starts with "c_", as one in 4,096 random tokens did
    const token = `c_${randomBytes(30).toString('base64url')}`;
    await app.ctx.db.execute(
      sql`INSERT INTO sessions (token_hash, staff_id, expires_at) VALUES (${hashToken(token)}, ${ids.approver1}, ${new Date(Date.now() + 3_600_000).toISOString()}::timestamptz)`,
    );
    const r = await client(app.server, token).get('/api/v1/loans/999999999');
    expect(r.json().code).not.toBe('CUSTOMER_SESSION_REQUIRED');
    expect(r.statusCode).toBe(404);
  });

  it('counts the day’s total of staff repayments on a loan against the review threshold, so splitting does not evade it', async () => {
    const officer = client(app.server, await loginAs(app.server, 'officer1', 'Millet-Harvest-Lantern-26'));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const loanId = await openXinEDaiLoan(
      officer,
      approver,
      {
        name: '卫十一',
        idNumber: makeIdNumber('370812198801017' + String(kind === 'pglite' ? 11 : 12)),
        mobile: kind === 'pglite' ? '13753709911' : '13753709912',
      },
      '60000.00',
      'draw-split',
    );
    const pay = (key: string) =>
      officer.post(
        `/api/v1/loans/${loanId}/repayments`,
        { amount: '30000.00', mode: 'EARLY_PARTIAL', prepaymentChoice: 'SHORTEN_TERM' },
        { 'idempotency-key': key },
      );
    expect((await pay('split-1')).statusCode).toBe(201);
    const second = await pay('split-2');
    expect(second.statusCode).toBe(202);
    expect(second.json()).toMatchObject({ status: 'PENDING' });
  });
});

describe.each(testEngines())('sandbox money on %s', (kind) => {
  it('exists only in demo mode', async () => {
    const prod = await createTestApp(kind, { demo: false });
    try {
      for (const kindOf of ['deposits', 'withdrawals']) {
        const r = await prod.server.inject({
          method: 'POST',
          url: `/api/v1/sandbox/${kindOf}`,
          payload: { customerId: 1, amount: '100.00' },
        });
        expect(r.statusCode).toBe(404);
        expect(r.json().code).toBe('ROUTE_NOT_FOUND');
      }
    } finally {
      await prod.close();
    }
  });
});
