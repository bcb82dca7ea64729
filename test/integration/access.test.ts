import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { wireModules, type HuinongApp } from '../../src/app.js';
import { queryRows } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { testConfig } from '../../src/config.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

describe.each(testEngines())('access on %s', (kind) => {
  let app: HuinongApp;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    app = await createTestApp(kind);
    const rows = await queryRows<{ id: string | number; username: string }>(app.ctx.db, sql`SELECT id, username FROM staff`);
    for (const r of rows) ids[r.username] = Number(r.id);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('logs in a demo user and returns a token, the user and an httpOnly session cookie', async () => {
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^s\.[A-Za-z0-9_-]{40,}$/);
    expect(body.user.roles).toEqual(['admin']);
    expect(body.user.scope).toBe('BANK');
    const cookie = res.cookies.find((c) => c.name === 'hn_session');
    expect(cookie?.httpOnly).toBe(true);
    // the cookie alone authenticates the console
    const me = await app.server.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { hn_session: cookie!.value } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('admin');
  });

  it('refuses a wrong password with 401 and a Chinese message, English on request', async () => {
    const zh = await client(app.server, null).post('/api/v1/auth/login', { username: 'exec1', password: 'wrong-password-1' });
    expect(zh.statusCode).toBe(401);
    expect(zh.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const en = await client(app.server, null).post(
      '/api/v1/auth/login',
      { username: 'exec1', password: 'wrong-password-1' },
      { 'accept-language': 'en-US,en;q=0.9' },
    );
    expect(en.json().message).toBe('Wrong username or password');
    // an unknown user gets the same answer
    const unknown = await client(app.server, null).post('/api/v1/auth/login', { username: 'nobody', password: 'x' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('throttles a name after five wrong passwords from one address: even the right one is refused there until an approved unlock', async () => {
    const from = (password: string, remoteAddress = '10.9.0.1') =>
      app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'param2', password }, remoteAddress });
    for (let i = 0; i < 5; i++) {
      const r = await from(`wrong-${i}-password`);
      expect(r.statusCode).toBe(401);
    }
    const locked = await from(DEMO_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('AUTH_THROTTLED');
    // the staff list shows the block to administrators
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    expect((await admin.get(`/api/v1/staff/${ids.param2}`)).json().lockedUntil).toEqual(expect.any(String));
    // unlocking is itself reviewed: nothing changes until a second administrator approves
    const unlock = await admin.post(`/api/v1/staff/${ids.param2}/unlock`);
    expect(unlock.statusCode).toBe(202);
    expect((await from(DEMO_PASSWORD)).statusCode).toBe(429);
    const admin2 = client(app.server, await loginAs(app.server, 'admin2'));
    expect((await admin2.post(`/api/v1/review/requests/${unlock.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    expect((await from(DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/staff/${ids.param2}`)).json().lockedUntil).toBeNull();
  });

  it('requires a session, and the permission a route declares', async () => {
    const anon = await client(app.server, null).get('/api/v1/staff');
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('AUTH_REQUIRED');
    const bogus = await client(app.server, 'not-a-token').get('/api/v1/staff');
    expect(bogus.statusCode).toBe(401);
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const forbidden = await officer.get('/api/v1/staff');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('FORBIDDEN');
  });

  it('ends the session on logout', async () => {
    const token = await loginAs(app.server, 'exec1');
    const c = client(app.server, token);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('limits a branch user to their own branch, by list and by id', async () => {
    const head = client(app.server, await loginAs(app.server, 'head1'));
    const list = await head.get('/api/v1/staff?pageSize=200');
    expect(list.statusCode).toBe(200);
    const names = list
      .json()
      .items.map((s: { username: string }) => s.username)
      .sort();
    expect(names).toEqual(['head1', 'inspector1', 'lobby1', 'officer1']);
    expect((await head.get(`/api/v1/staff/${ids.officer1}`)).statusCode).toBe(200);
    const other = await head.get(`/api/v1/staff/${ids.admin}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('OUT_OF_SCOPE');
    // the bank-wide auditor sees everyone
    const auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    expect((await auditor.get(`/api/v1/staff/${ids.admin}`)).statusCode).toBe(200);
  });

  it('grants a role only after a second administrator approves; the maker cannot approve', async () => {
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const admin2 = client(app.server, await loginAs(app.server, 'admin2'));
    const submit = await admin.post(`/api/v1/staff/${ids.officer1}/roles`, { role: 'inspector' });
    expect(submit.statusCode).toBe(202);
    const { reviewRequestId } = submit.json();
    const officerView = (await admin.get(`/api/v1/staff/${ids.officer1}`)).json();
    expect(officerView.roles).toEqual(['loan_officer']);
    expect(officerView.pendingRequests).toEqual([
      expect.objectContaining({ id: reviewRequestId, type: 'ROLE_GRANT', maker: { username: 'admin', name: '王建国' } }),
    ]);

    const pending = await admin2.get('/api/v1/review/requests?status=PENDING');
    const item = pending.json().items.find((r: { id: number }) => r.id === reviewRequestId);
    expect(item).toMatchObject({ type: 'ROLE_GRANT', canCheck: true });
    expect(item.diff.find((d: { field: string }) => d.field === 'roles')).toMatchObject({
      before: '客户经理 (loan_officer)',
      after: '贷后检查岗 (inspector)、客户经理 (loan_officer)',
    });

    const self = await admin.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('REVIEW_SELF_APPROVAL');
    expect((await admin.get(`/api/v1/staff/${ids.officer1}`)).json().roles).toEqual(['loan_officer']);

    const ok = await admin2.post(`/api/v1/review/requests/${reviewRequestId}/approve`, { comment: '同意' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'APPROVED', maker: { username: 'admin' }, checker: { username: 'admin2' } });
    expect((await admin.get(`/api/v1/staff/${ids.officer1}`)).json().roles).toEqual(['inspector', 'loan_officer']);

    // a decided request cannot be decided again
    const again = await admin2.post(`/api/v1/review/requests/${reviewRequestId}/reject`, { comment: 'x' });
    expect(again.statusCode).toBe(409);
  });

  it('creates staff through review and keeps the mobile number encrypted at rest', async () => {
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const admin2 = client(app.server, await loginAs(app.server, 'admin2'));
    const branches = (await admin.get('/api/v1/branches')).json().items as Array<{ id: number; code: string }>;
    const branchId = branches.find((b) => b.code === 'YZ-DA')!.id;
    const weak = await admin.post('/api/v1/staff', {
      username: 'newbie',
      name: '新员工',
      branchId,
      mobile: '13905371234',
      roles: ['loan_officer'],
      initialPassword: 'short1',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('PASSWORD_TOO_WEAK');
    const badMobile = await admin.post('/api/v1/staff', {
      username: 'newbie',
      name: '新员工',
      branchId,
      mobile: '12345',
      roles: [],
      initialPassword: 'Abcdefgh12',
    });
    expect(badMobile.json().code).toBe('INVALID_MOBILE');

    const submit = await admin.post('/api/v1/staff', {
      username: 'newbie',
      name: '新员工',
      branchId,
      mobile: '13905371234',
      roles: ['loan_officer'],
      initialPassword: 'Abcdefgh12',
    });
    expect(submit.statusCode).toBe(202);
    expect((await admin.get('/api/v1/staff?q=newbie')).json().total).toBe(0);
    const approve = await admin2.post(`/api/v1/review/requests/${submit.json().reviewRequestId}/approve`, {});
    expect(approve.statusCode).toBe(200);
    const list = (await admin.get('/api/v1/staff?q=newbie')).json();
    expect(list.items[0]).toMatchObject({ username: 'newbie', mobileMasked: '139****1234', roles: ['loan_officer'] });

    const raw = await queryRows<Record<string, unknown>>(app.ctx.db, sql`SELECT * FROM staff WHERE username = 'newbie'`);
    const text = JSON.stringify(raw);
    expect(text).not.toContain('13905371234');
    expect(raw[0].mobile_hash).toBe(app.ctx.crypto.lookupHash('13905371234'));
    // the review payload holds no password either
    const payloads = await queryRows<{ p: string }>(app.ctx.db, sql`SELECT payload::text AS p FROM review_requests`);
    expect(payloads.map((r) => r.p).join()).not.toContain('Abcdefgh12');
    expect(payloads.map((r) => r.p).join()).not.toContain('13905371234');

    // the new user must change the initial password
    const login = await client(app.server, null).post('/api/v1/auth/login', { username: 'newbie', password: 'Abcdefgh12' });
    expect(login.json().user.mustChangePassword).toBe(true);

    // unmasking is permitted to the administrator and audited
    const unmask = await admin.get(`/api/v1/staff/${list.items[0].id}/mobile`);
    expect(unmask.json()).toEqual({ mobile: '13905371234' });
    const auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    const logs = (await auditor.get('/api/v1/audit/logs?action=pii.unmask')).json();
    expect(logs.items[0]).toMatchObject({ action: 'pii.unmask', actorUsername: 'admin', targetId: String(list.items[0].id) });
  });

  it('audits logins and verifies the chain for an auditor', async () => {
    const auditor = client(app.server, await loginAs(app.server, 'auditor1'));
    const v = await auditor.get('/api/v1/audit/verify');
    expect(v.statusCode).toBe(200);
    expect(v.json().ok).toBe(true);
    expect(v.json().rows).toBeGreaterThan(10);
    const failures = (await auditor.get('/api/v1/audit/logs?action=auth.login_failed&pageSize=50')).json();
    expect(failures.total).toBeGreaterThanOrEqual(5);
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    expect((await admin.get('/api/v1/audit/verify')).statusCode).toBe(403);
  });

  it('answers the business date, health and the OpenAPI document', async () => {
    const c = client(app.server, null);
    expect((await c.get('/api/v1/business-date')).json()).toEqual({ businessDate: '2026-01-01' });
    expect((await c.get('/health')).json().status).toBe('ok');
    const docs = await c.get('/docs/json');
    expect(docs.statusCode).toBe(200);
    expect(Object.keys(docs.json().paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/review/requests']));
    const missing = await c.get('/api/v1/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ROUTE_NOT_FOUND');
  });

  it('returns field-level details for invalid bodies', async () => {
    const r = await client(app.server, null).post('/api/v1/auth/login', { username: '' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(Array.isArray(r.json().details)).toBe(true);
  });
});

describe('login rate limit', () => {
  it('refuses more logins per minute from one address than configured', async () => {
    const app = await createTestApp('pglite', { loginRateLimitPerMinute: 3 });
    try {
      const c = client(app.server, null);
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await c.post('/api/v1/auth/login', { username: 'exec1', password: 'wrong-pass-12' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429]);
      const last = await c.post('/api/v1/auth/login', { username: 'exec1', password: DEMO_PASSWORD });
      expect(last.statusCode).toBe(429);
      expect(last.json().code).toBe('RATE_LIMITED');
    } finally {
      await app.close();
    }
  });
});

describe('route permissions', () => {
  it('fails start-up when a route declares no permission', async () => {
    const ctx = {
      config: testConfig({ webDir: '/nonexistent' }),
      database: {} as never,
      db: {} as never,
      crypto: {} as never,
      ...wireModules(),
    };
    const build = buildServer({
      ctx,
      authenticate: async () => null,
      modules: [
        async (app) => {
          app.get('/api/v1/forgotten', async () => ({ ok: true }));
        },
      ],
    });
    await expect(build.then((s) => s.ready())).rejects.toThrow(/declares no permission/);
  });
});
