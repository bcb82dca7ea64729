/**
 * SMS: the embedded gateway's outbox and one-time codes — single use, five tries, one code per
 * mobile and purpose a minute, stored hashed; the outbox shows the code only in demo mode.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { queryOne, queryRows, sql, withTx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { clock } from '../../src/kernel/clock.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { issueOtp, listOutbox, sendSms, smsRoutes, verifyOtp, type OtpPurpose } from '../../src/modules/sms/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

const OTP_TEXT = /^【兖州农商银行】您的验证码为 (\d{6})，5 分钟内有效。请勿泄露。$/;

describe.each(testEngines())('sms on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;

  const issue = (mobile: string, purpose: OtpPurpose = 'IDENTIFY') => withTx(ctx.db, (tx) => issueOtp(tx, ctx.crypto, { mobile, purpose }));
  /** Each try in its own transaction, which rolls back when the check throws (as a route's would). */
  const verify = (challengeId: string, mobile: string, code: string) =>
    withTx(ctx.db, (tx) => verifyOtp(tx, ctx.crypto, { challengeId, mobile, code }));
  /** The code of the newest message to this mobile, read from the outbox as staff would. */
  const codeFor = async (mobile: string) => {
    const page = await listOutbox(ctx.db, ctx.crypto, { page: 1, pageSize: 1, mobile, demo: true });
    const m = OTP_TEXT.exec(page.items[0]?.text ?? '');
    if (!m) throw new Error(`no code in the outbox for ${mobile}`);
    return m[1];
  };
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  /**
   * A challenge's instants in epoch milliseconds (the domain clock's precision), for a test to move
   * them in TypeScript and write them back as parameters: Citus refuses interval arithmetic on a
   * column and clock_timestamp() in an UPDATE of a distributed table.
   */
  const instantsOf = async (challengeId: string) => {
    const row = await queryOne<{ created: string; expires: string }>(
      ctx.db,
      sql`SELECT round(extract(epoch FROM created_at) * 1000)::bigint::text AS created,
                 round(extract(epoch FROM expires_at) * 1000)::bigint::text AS expires
            FROM otp_challenges WHERE id = ${challengeId}`,
    );
    if (!row) throw new Error(`no challenge ${challengeId}`);
    return { created: Number(row.created), expires: Number(row.expires) };
  };
  const shifted = (epochMs: number, byMs: number) => new Date(epochMs + byMs).toISOString();

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    server = await buildServer({ ctx, authenticate: (t) => authenticate(ctx.db, t), modules: [accessRoutes, smsRoutes] });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('sends a 6-digit code through the outbox and keeps only its hash', async () => {
    const mobile = '13800000001';
    const { challengeId, expiresInSeconds } = await issue('+86 138-0000-0001');
    expect(challengeId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(expiresInSeconds).toBe(300);
    const code = await codeFor(mobile);
    const row = await queryOne<{ j: string; ttl: string | number }>(
      ctx.db,
      sql`SELECT row_to_json(o)::text AS j, round(extract(epoch FROM expires_at - created_at)) AS ttl FROM otp_challenges o WHERE id = ${challengeId}`,
    );
    expect(Number(row?.ttl)).toBe(300);
    expect(row?.j).not.toContain(code);
    expect(row?.j).not.toContain(mobile);
    const outbox = await queryRows<{ j: string }>(ctx.db, sql`SELECT row_to_json(s)::text AS j FROM sms_outbox s`);
    expect(outbox.length).toBeGreaterThan(0);
    for (const { j } of outbox) expect(j).not.toContain(mobile);
  });

  it('accepts the right code once; using it again is OTP_EXPIRED', async () => {
    const mobile = '13800000002';
    const { challengeId } = await issue(mobile, 'DRAWDOWN');
    const code = await codeFor(mobile);
    await expect(verify(challengeId, mobile, code)).resolves.toBeUndefined();
    await expect(verify(challengeId, mobile, code)).rejects.toMatchObject({ code: 'OTP_EXPIRED' });
  });

  it('counts wrong codes even when the caller rolls back: the fifth is OTP_TOO_MANY_ATTEMPTS, then even the right code fails', async () => {
    const mobile = '13800000003';
    const { challengeId } = await issue(mobile);
    const code = await codeFor(mobile);
    for (let i = 1; i <= 4; i++) {
      await expect(verify(challengeId, mobile, wrong(code))).rejects.toMatchObject({
        code: 'OTP_INVALID',
        details: { remainingAttempts: 5 - i },
      });
    }
    await expect(verify(challengeId, mobile, '12')).rejects.toMatchObject({ code: 'OTP_TOO_MANY_ATTEMPTS' });
    await expect(verify(challengeId, mobile, code)).rejects.toMatchObject({ code: 'OTP_TOO_MANY_ATTEMPTS' });
  });

  it('keeps the count in the row when the caller commits after a wrong code', async () => {
    const mobile = '13800000004';
    const { challengeId } = await issue(mobile, 'GUARANTEE');
    const code = await codeFor(mobile);
    const caught = await withTx(ctx.db, async (tx) => {
      try {
        await verifyOtp(tx, ctx.crypto, { challengeId, mobile, code: wrong(code) });
        return null;
      } catch (e) {
        return (e as { code: string }).code;
      }
    });
    expect(caught).toBe('OTP_INVALID');
    const row = await queryOne<{ attempts: number }>(ctx.db, sql`SELECT attempts FROM otp_challenges WHERE id = ${challengeId}`);
    expect(Number(row?.attempts)).toBe(1);
    await expect(verify(challengeId, mobile, code)).resolves.toBeUndefined();
  });

  it('refuses a second code for the same mobile and purpose within 60 s; after that the new code replaces the old', async () => {
    const mobile = '13800000005';
    const first = await issue(mobile);
    const firstCode = await codeFor(mobile);
    await expect(issue(mobile)).rejects.toMatchObject({ code: 'OTP_TOO_FREQUENT', details: { retryAfterSeconds: expect.any(Number) } });
    // another purpose is another code
    await expect(issue(mobile, 'GUARANTEE')).resolves.toMatchObject({ expiresInSeconds: 300 });
    // 61 seconds later (moved back in time by hand)
    const issued = await instantsOf(first.challengeId);
    await ctx.db.execute(
      sql`UPDATE otp_challenges SET created_at = ${shifted(issued.created, -61_000)}::timestamptz,
                 expires_at = ${shifted(issued.expires, -61_000)}::timestamptz
          WHERE id = ${first.challengeId}`,
    );
    const second = await issue(mobile);
    const secondCode = await codeFor(mobile);
    await expect(verify(first.challengeId, mobile, firstCode)).rejects.toMatchObject({ code: 'OTP_EXPIRED' });
    await expect(verify(second.challengeId, mobile, secondCode)).resolves.toBeUndefined();
  });

  it('lets only one of two simultaneous requests for the same mobile through', async () => {
    const mobile = '13800000006';
    const results = await Promise.allSettled([issue(mobile), issue(mobile)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'OTP_TOO_FREQUENT' });
  });

  it('answers OTP_EXPIRED for an expired code, another mobile or an unknown challenge, and names bad input', async () => {
    const mobile = '13800000007';
    const { challengeId } = await issue(mobile);
    const code = await codeFor(mobile);
    await expect(verify(challengeId, '13800000008', code)).rejects.toMatchObject({ code: 'OTP_EXPIRED' });
    await expect(verify('A'.repeat(24), mobile, code)).rejects.toMatchObject({ code: 'OTP_EXPIRED' });
    await expect(verify("x' OR 1=1 --", mobile, code)).rejects.toMatchObject({ code: 'OTP_EXPIRED' });
    await expect(verify(challengeId, 'not-a-mobile', code)).rejects.toMatchObject({ code: 'INVALID_MOBILE' });
    const issued = await instantsOf(challengeId);
    await ctx.db.execute(
      sql`UPDATE otp_challenges SET created_at = ${shifted(issued.created, -600_000)}::timestamptz,
                 expires_at = ${shifted(clock.now().getTime(), -1_000)}::timestamptz
          WHERE id = ${challengeId}`,
    );
    await expect(verify(challengeId, mobile, code)).rejects.toMatchObject({ code: 'OTP_EXPIRED' });
    await expect(issue('1380000000', 'IDENTIFY')).rejects.toMatchObject({ code: 'INVALID_MOBILE' });
    await expect(issue('13800000009', 'LOGIN' as OtpPurpose)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('sends notices with a customer id and refuses empty or malformed messages', async () => {
    const send = (msg: Parameters<typeof sendSms>[2]) => withTx(ctx.db, (tx) => sendSms(tx, ctx.crypto, msg));
    const { messageId } = await send({
      mobile: '13800000010',
      template: 'REPAYMENT_DUE',
      text: '【兖州农商银行】您的贷款将于 1 月 20 日到期。',
      customerId: 42,
    });
    const row = await queryOne<{ customer_id: string | number; status: string; mobile_masked: string }>(
      ctx.db,
      sql`SELECT customer_id, status, mobile_masked FROM sms_outbox WHERE id = ${messageId}`,
    );
    expect(row).toMatchObject({ status: 'SENT', mobile_masked: '138****0010' });
    expect(Number(row?.customer_id)).toBe(42);
    await expect(send({ mobile: '13800000010', template: 'REPAYMENT_DUE', text: '   ' })).rejects.toMatchObject({
      code: 'SMS_MESSAGE_INVALID',
    });
    await expect(send({ mobile: '13800000010', template: 'bad template', text: 'x' })).rejects.toMatchObject({
      code: 'SMS_MESSAGE_INVALID',
    });
    await expect(send({ mobile: '13800000010', template: 'NOTICE', text: '长'.repeat(501) })).rejects.toMatchObject({
      code: 'SMS_MESSAGE_INVALID',
    });
    await expect(send({ mobile: '110', template: 'NOTICE', text: 'x' })).rejects.toMatchObject({ code: 'INVALID_MOBILE' });
  });

  it('shows staff the outbox newest first, with the code only in demo mode', async () => {
    const mobile = '13800000011';
    await issue(mobile);
    const code = await codeFor(mobile);
    const officer = client(server, await loginAs(server, 'officer1'));
    const res = await officer.get('/api/v1/sms/outbox?pageSize=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.demo).toBe(true);
    expect(body.items[0]).toMatchObject({
      mobileMasked: '138****0011',
      template: 'OTP_IDENTIFY',
      text: expect.stringContaining(code),
      status: 'SENT',
    });
    const ids = body.items.map((i: { id: number }) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(res.body).not.toContain(mobile);
    // by mobile, in the body of a search: a mobile never goes into a URL (URLs are logged)
    const one = await officer.post('/api/v1/sms/outbox/search', { mobile });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ total: 1, page: 1, pageSize: 20, demo: true });
    expect(one.json().items[0]).toMatchObject({ mobileMasked: '138****0011', text: expect.stringContaining(code) });
    expect((await officer.post('/api/v1/sms/outbox/search', { mobile: '123' })).json().code).toBe('INVALID_MOBILE');
    expect((await officer.post('/api/v1/sms/outbox/search', { page: 1, pageSize: 5 })).json().items).toHaveLength(5);
    const inUrl = await officer.get(`/api/v1/sms/outbox?mobile=${mobile}`);
    expect(inUrl.statusCode).toBe(400);
    expect(inUrl.json().code).toBe('VALIDATION_FAILED');
    // outside demo mode the digits are hidden
    const hidden = await listOutbox(ctx.db, ctx.crypto, { page: 1, pageSize: 1, mobile, demo: false });
    expect(hidden.items[0].text).toBe('【兖州农商银行】您的验证码为 ******，5 分钟内有效。请勿泄露。');
    // without sms:outbox: 403
    const head = client(server, await loginAs(server, 'head1'));
    expect((await head.get('/api/v1/sms/outbox')).statusCode).toBe(403);
    expect((await head.post('/api/v1/sms/outbox/search', { mobile })).statusCode).toBe(403);
  });
});
