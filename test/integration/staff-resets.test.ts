/**
 * Resets and account changes of staff, as the demo bank runs them: a temporary password expires by
 * the domain clock, and the demo bank has enough administrators that a reset or disabling of any one
 * of them has a maker and a checker who are not its subject.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows } from '../../src/db/client.js';
import { clock } from '../../src/kernel/clock.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { installTestClock } from '../support/clock.js';
import { testEngines } from '../support/db.js';

const TEMP_RE = /\d{4}-\d{4}-\d{4}-\d{4}/;
const HOUR = 3_600_000;

describe.each(testEngines())('staff resets on %s', (kind) => {
  let app: HuinongApp;
  const ids: Record<string, number> = {};

  const login = (username: string, password: string) =>
    app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  /** The temporary password in the latest SMS to a staff member's registered mobile. */
  async function temporaryPasswordOf(username: string): Promise<{ text: string; temp: string }> {
    const row = await queryOne<{ mobile_enc: string }>(app.ctx.db, sql`SELECT mobile_enc FROM staff WHERE username = ${username}`);
    const mobile = app.ctx.crypto.decrypt(row!.mobile_enc);
    const sms = await queryOne<{ text: string }>(
      app.ctx.db,
      sql`SELECT text FROM sms_outbox WHERE mobile_hash = ${app.ctx.crypto.lookupHash(mobile)} ORDER BY id DESC LIMIT 1`,
    );
    const temp = sms?.text.match(TEMP_RE)?.[0];
    if (!temp) throw new Error(`no temporary password sent to ${username}`);
    return { text: sms!.text, temp };
  }

  /** A reset made by one administrator and approved by another. */
  async function reset(maker: ReturnType<typeof client>, checker: ReturnType<typeof client>, username: string) {
    const r = await maker.post(`/api/v1/staff/${ids[username]}/reset-password`);
    expect(r.statusCode, `reset of ${username}`).toBe(202);
    const ok = await checker.post(`/api/v1/review/requests/${r.json().reviewRequestId}/approve`, {});
    expect(ok.statusCode, `approval of the reset of ${username}`).toBe(200);
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    const rows = await queryRows<{ id: string | number; username: string }>(app.ctx.db, sql`SELECT id, username FROM staff`);
    for (const r of rows) ids[r.username] = Number(r.id);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the demo bank has three administrators, so a reset or a disabling of either of the others is made and checked by two people who are not its subject; the review tells each viewer why they may not check it', async () => {
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const admin2 = client(app.server, await loginAs(app.server, 'admin2'));
    const admin3 = client(app.server, await loginAs(app.server, 'admin3'));
    const me = await admin3.get('/api/v1/auth/me');
    expect(me.json().user).toMatchObject({ username: 'admin3', roles: ['admin'] });

    // disabling admin: made by admin3, checked by admin2; enabling again: made by admin2, checked by admin3
    const off = await admin3.patch(`/api/v1/staff/${ids.admin}`, { status: 'DISABLED' });
    expect(off.statusCode).toBe(202);
    expect((await admin.post(`/api/v1/review/requests/${off.json().reviewRequestId}/approve`, {})).json().code).toBe(
      'REVIEW_SUBJECT_CONFLICT',
    );
    expect((await admin2.post(`/api/v1/review/requests/${off.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    expect((await login('admin', DEMO_PASSWORD)).json().code).toBe('AUTH_ACCOUNT_DISABLED');
    const on = await admin2.patch(`/api/v1/staff/${ids.admin}`, { status: 'ACTIVE' });
    expect(on.statusCode).toBe(202);
    expect((await admin3.post(`/api/v1/review/requests/${on.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);

    // resetting admin2: made by admin (logged in again), checked by admin3
    const again = client(app.server, await loginAs(app.server, 'admin'));
    const r = await again.post(`/api/v1/staff/${ids.admin2}/reset-password`);
    expect(r.statusCode).toBe(202);
    // the review list and detail tell each viewer why they may not check it
    const reasonFor = async (who: ReturnType<typeof client>) => {
      const one = (await who.get(`/api/v1/review/requests/${r.json().reviewRequestId}`)).json();
      const listed = (
        (await who.get('/api/v1/review/requests?status=PENDING&type=PASSWORD_RESET')).json().items as Array<{
          id: number;
          cannotCheckReason: string | null;
        }>
      ).find((i) => i.id === r.json().reviewRequestId);
      expect(listed?.cannotCheckReason).toBe(one.cannotCheckReason);
      return { canCheck: one.canCheck, reason: one.cannotCheckReason };
    };
    expect(await reasonFor(admin2)).toEqual({ canCheck: false, reason: 'SUBJECT' });
    expect(await reasonFor(again)).toEqual({ canCheck: false, reason: 'MAKER' });
    expect(await reasonFor(admin3)).toEqual({ canCheck: true, reason: null });
    expect(await reasonFor(client(app.server, await loginAs(app.server, 'approver1')))).toEqual({
      canCheck: false,
      reason: 'NO_PERMISSION',
    });
    expect((await admin2.post(`/api/v1/review/requests/${r.json().reviewRequestId}/approve`, {})).json().code).toBe(
      'REVIEW_SUBJECT_CONFLICT',
    );
    expect((await admin3.post(`/api/v1/review/requests/${r.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
    const { temp } = await temporaryPasswordOf('admin2');
    expect((await login('admin2', temp)).statusCode).toBe(200);
  });

  it('a temporary password from a reset expires 24 hours after the reset by the domain clock; a login with it then is refused with AUTH_TEMP_PASSWORD_EXPIRED, and a new reset helps', async () => {
    const c = installTestClock(clock.now());
    try {
      const admin = client(app.server, await loginAs(app.server, 'admin'));
      const admin3 = client(app.server, await loginAs(app.server, 'admin3'));
      await reset(admin, admin3, 'officer1');
      await reset(admin, admin3, 'inspector1');
      const officer = await temporaryPasswordOf('officer1');
      const inspector = await temporaryPasswordOf('inspector1');
      expect(officer.text).toContain('24 小时内有效');

      c.advance(24 * HOUR - 60_000);
      const inTime = await login('inspector1', inspector.temp);
      expect(inTime.statusCode).toBe(200);
      expect(inTime.json().user.mustChangePassword).toBe(true);
      const changed = await client(app.server, inTime.json().token).post('/api/v1/auth/change-password', {
        currentPassword: inspector.temp,
        newPassword: 'Orchard-Kettle-Meadow-73',
      });
      expect(changed.statusCode).toBe(204);

      c.advance(60_000);
      const late = await login('officer1', officer.temp);
      expect(late.statusCode).toBe(401);
      expect(late.json().code).toBe('AUTH_TEMP_PASSWORD_EXPIRED');
      expect(late.json().message).toContain('重置');
      // only someone who knows the temporary password learns that it expired
      expect((await login('officer1', '0000-0000-0000-0000')).json().code).toBe('AUTH_INVALID_CREDENTIALS');
      // a password the person set themselves does not expire
      c.advance(48 * HOUR);
      expect((await login('inspector1', 'Orchard-Kettle-Meadow-73')).statusCode).toBe(200);

      // a new reset sends a new temporary password, good for another 24 hours
      const adminNextDay = client(app.server, await loginAs(app.server, 'admin'));
      const admin3NextDay = client(app.server, await loginAs(app.server, 'admin3'));
      await reset(adminNextDay, admin3NextDay, 'officer1');
      const fresh = await temporaryPasswordOf('officer1');
      expect(fresh.temp).not.toBe(officer.temp);
      c.advance(23 * HOUR);
      expect((await login('officer1', fresh.temp)).statusCode).toBe(200);
    } finally {
      c.restore();
    }
  });
});
