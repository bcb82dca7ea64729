/**
 * Hardening: client addresses from trusted proxies only, the mobile page's code step telling a
 * stranger nothing about who is a customer, security headers, no caching of personal data, an
 * owner-only data folder, and logs without ID numbers, mobiles or names.
 */
import type { FastifyInstance } from 'fastify';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase, type HuinongApp } from '../../src/app.js';
import { loadConfig, testConfig, type Config } from '../../src/config.js';
import { queryOne, sql } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { loggerOptions } from '../../src/http/security.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { loadOrCreateMasterKey } from '../../src/kernel/crypto.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { customerRoutes, findCustomerByIdNumber } from '../../src/modules/customers/index.js';
import { listOutbox, smsRoutes } from '../../src/modules/sms/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

const ZHANG = { name: '张伟', idNumber: '370812198503152110', mobile: '13905371001' };
const CHEN = { name: '陈静怡', idNumber: '370882199209084026', mobile: '13905371003' };
const OTP_TEXT = /验证码为 (\d{6})/;

let serial = 0;
/** A fresh valid local ID number and mobile for each call. */
function stranger() {
  serial += 1;
  const n = String(serial).padStart(3, '0');
  return { name: '路人甲', idNumber: makeIdNumber(`37081219900101${n}`), mobile: `1370537${String(1000 + serial).slice(-4)}` };
}

describe.each(testEngines())('hardening on %s', (kind) => {
  let app: HuinongApp;
  let server: FastifyInstance;

  beforeAll(async () => {
    app = await createTestApp(kind, { loginRateLimitPerMinute: 5 });
    server = app.server;
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (url: string, payload: unknown, from: string, headers: Record<string, string> = {}) =>
    server.inject({ method: 'POST', url, payload: payload as object, remoteAddress: from, headers });
  const codeFor = async (mobile: string) => {
    const page = await listOutbox(app.ctx.db, app.ctx.crypto, { page: 1, pageSize: 1, mobile, demo: true });
    const m = OTP_TEXT.exec(page.items[0]?.text ?? '');
    if (!m) throw new Error('no code in the outbox');
    return m[1];
  };
  /** A server over the same context with other settings and extra routes. */
  const serverWith = async (config: Partial<Config>, extra?: (a: FastifyInstance) => Promise<void>, logger?: object) => {
    const ctx = { ...app.ctx, config: { ...app.ctx.config, ...config } };
    const s = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [accessRoutes, customerRoutes, smsRoutes, ...(extra ? [extra] : [])],
      ...(logger ? { logger } : {}),
    });
    await s.ready();
    return s;
  };

  // ----- 4.1 forwarded addresses -----

  it('limits logins per socket address however many X-Forwarded-For addresses a caller claims', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await post('/api/v1/auth/login', { username: `nobody${i}`, password: 'wrong-password-1' }, '198.51.100.7', {
        'x-forwarded-for': `203.0.113.${i + 1}`,
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('limits code requests per socket address however many X-Forwarded-For addresses a caller claims', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await post('/api/v1/portal/otp', stranger(), '198.51.100.8', { 'x-forwarded-for': `203.0.113.${i + 1}` });
      codes.push(res.statusCode === 200 ? 'OK' : res.json().code);
    }
    expect(codes.slice(0, 20)).toEqual(Array(20).fill('OK'));
    expect(codes.slice(20)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('writes the socket address into the audit log, not a forged X-Forwarded-For', async () => {
    const res = await post('/api/v1/portal/otp', stranger(), '198.51.100.9', { 'x-forwarded-for': '203.0.113.99' });
    expect(res.statusCode).toBe(200);
    const row = await queryOne<{ client_ip: string }>(
      app.ctx.db,
      sql`SELECT client_ip FROM audit_log WHERE action = 'portal.otp' ORDER BY at DESC, chain DESC, seq DESC LIMIT 1`,
    );
    expect(row?.client_ip).toBe('198.51.100.9');
  });

  it('believes X-Forwarded-For from a configured proxy only', async () => {
    const echo = async (a: FastifyInstance) => {
      a.get('/api/v1/test/ip', { config: { permission: 'public' } }, async (req) => ({ ip: req.ip }));
    };
    const behindProxy = await serverWith({ trustProxy: ['10.0.0.0/8'] }, echo);
    try {
      const ip = async (from: string) =>
        (
          await behindProxy.inject({
            method: 'GET',
            url: '/api/v1/test/ip',
            remoteAddress: from,
            headers: { 'x-forwarded-for': '203.0.113.5' },
          })
        ).json().ip;
      expect(await ip('10.1.2.3')).toBe('203.0.113.5');
      expect(await ip('198.51.100.10')).toBe('198.51.100.10');
    } finally {
      await behindProxy.close();
    }
  });

  // ----- 4.2 the code step tells a stranger nothing -----

  it('answers a code request alike for a customer, a wrong name, a wrong mobile and an unknown ID number', async () => {
    const from = '198.51.100.20';
    const asks = [
      ZHANG,
      { ...ZHANG, name: '张三', mobile: '13905379901' },
      { ...ZHANG, mobile: '13905379902' },
      { ...stranger(), mobile: '13905379903' },
    ];
    const answers = [];
    for (const who of asks) answers.push(await post('/api/v1/portal/otp', who, from));
    for (const res of answers) {
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json()).sort()).toEqual(['challengeId', 'expiresInSeconds']);
      expect(res.json().expiresInSeconds).toBe(300);
    }
  });

  it('checks the identity after the code: a wrong code is OTP_INVALID, a mismatch is CUSTOMER_IDENTITY_MISMATCH and spends the code', async () => {
    const from = '198.51.100.21';
    const who = { ...ZHANG, mobile: '13905379911' };
    const { challengeId } = (await post('/api/v1/portal/otp', who, from)).json();
    const code = await codeFor(who.mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await post('/api/v1/portal/sessions', { ...who, challengeId, code: wrong }, from)).json().code).toBe('OTP_INVALID');
    const mismatch = await post('/api/v1/portal/sessions', { ...who, challengeId, code }, from);
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().code).toBe('CUSTOMER_IDENTITY_MISMATCH');
    expect((await post('/api/v1/portal/sessions', { ...who, challengeId, code }, from)).json().code).toBe('OTP_EXPIRED');

    const wrongName = { ...ZHANG, name: '张三', mobile: '13905379912' };
    const second = (await post('/api/v1/portal/otp', wrongName, from)).json();
    const res = await post(
      '/api/v1/portal/sessions',
      { ...wrongName, challengeId: second.challengeId, code: await codeFor(wrongName.mobile) },
      from,
    );
    expect(res.json().code).toBe('CUSTOMER_IDENTITY_MISMATCH');

    // a customer with their own mobile gets in
    const own = (await post('/api/v1/portal/otp', CHEN, '198.51.100.22')).json();
    const ok = await post('/api/v1/portal/sessions', { ...CHEN, challengeId: own.challengeId, code: await codeFor(CHEN.mobile) }, from);
    expect(ok.statusCode).toBe(200);
  });

  it('limits code requests per ID number across addresses and mobiles, for known and unknown ID numbers alike', async () => {
    for (const idNumber of [makeIdNumber('37081219851111001'), '370811198006203013']) {
      const codes: string[] = [];
      for (let i = 0; i < 11; i++) {
        const res = await post(
          '/api/v1/portal/otp',
          { name: '刘洋', idNumber, mobile: `1360537${String(2000 + i + (idNumber.startsWith('3708111') ? 50 : 0))}` },
          `198.51.101.${i + 1}`,
        );
        codes.push(res.statusCode === 200 ? 'OK' : res.json().code);
      }
      expect(codes).toEqual([...Array(10).fill('OK'), 'RATE_LIMITED']);
    }
  });

  it('limits sign-in tries per mobile across addresses and ID numbers', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) {
      const who = { ...stranger(), mobile: '13605373333' };
      const res = await post('/api/v1/portal/sessions', { ...who, challengeId: 'A'.repeat(24), code: '123456' }, `198.51.102.${i + 1}`);
      codes.push(res.json().code);
    }
    expect(codes).toEqual([...Array(20).fill('OTP_EXPIRED'), 'RATE_LIMITED']);
  });

  // ----- 4.5 headers -----

  it('sends security headers: a content security policy without framing, nosniff, no referrer; no HSTS over plain HTTP', async () => {
    const res = await server.inject({ method: 'GET', url: '/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('behind an https public address sends HSTS and Secure cookies', async () => {
    const https = loadConfig({ HUINONG_PUBLIC_URL: 'https://dai.example.cn' });
    const s = await serverWith({ publicBaseUrl: https.publicBaseUrl, hsts: https.hsts, secureCookies: https.secureCookies });
    try {
      const res = await s.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'auditor1', password: 'Huinong@2026' },
        remoteAddress: '198.51.100.30',
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
      expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    } finally {
      await s.close();
    }
  });

  it('marks answers with unmasked personal data, and every API answer, Cache-Control: no-store', async () => {
    const officer = client(server, await loginAs(server, 'officer1'));
    const zhang = await findCustomerByIdNumber(app.ctx.db, app.ctx.crypto, ZHANG.idNumber);
    const pii = await officer.get(`/api/v1/customers/${zhang!.id}/pii`);
    expect(pii.statusCode).toBe(200);
    expect(pii.json().mobile).toBe(ZHANG.mobile);
    expect(pii.headers['cache-control']).toBe('no-store');
    expect((await officer.get(`/api/v1/customers/${zhang!.id}`)).headers['cache-control']).toBe('no-store');
    expect((await officer.get('/api/v1/sms/outbox')).headers['cache-control']).toBe('no-store');
  });

  // ----- 4.7 logs -----

  it('logs request URLs and database errors without mobiles, ID numbers or names', async () => {
    const lines: string[] = [];
    const failing = async (a: FastifyInstance) => {
      a.get('/api/v1/test/db-error', { config: { permission: 'public' } }, async () => {
        // the value lands in PostgreSQL's own message too: value "…" is out of range for type integer
        await app.ctx.db.execute(sql`SELECT ${ZHANG.mobile}::int AS x, ${ZHANG.name}::text AS n, ${ZHANG.idNumber}::text AS i`);
        return {};
      });
    };
    const s = await serverWith({}, failing, { ...loggerOptions('info'), stream: { write: (l: string) => lines.push(l) } });
    try {
      const token = await loginAs(s, 'officer1');
      const officer = client(s, token);
      expect((await officer.get(`/api/v1/sms/outbox?mobile=${ZHANG.mobile}`)).statusCode).toBe(400);
      const found = await officer.post('/api/v1/sms/outbox/search', { mobile: ZHANG.mobile });
      expect(found.statusCode).toBe(200);
      await officer.get(`/api/v1/customers?q=${encodeURIComponent(ZHANG.name)}`);
      await officer.get(`/api/v1/customers?q=${ZHANG.idNumber}&page=2`);
      const failed = await s.inject({ method: 'GET', url: '/api/v1/test/db-error' });
      expect(failed.statusCode).toBe(500);
    } finally {
      await s.close();
    }
    const log = lines.join('');
    expect(log).toContain('/api/v1/sms/outbox/search');
    expect(log).toContain('page=2');
    expect(log).toContain('unhandled error');
    expect(log).toContain('SELECT $1::int');
    for (const secret of [ZHANG.mobile, ZHANG.idNumber, ZHANG.name, encodeURIComponent(ZHANG.name)]) expect(log).not.toContain(secret);
  });
});

// ----- 4.6 the data folder -----

describe('the embedded database folder', () => {
  const modes = async (root: string) => {
    const out: Array<{ rel: string; dir: boolean; mode: number }> = [];
    const walk = async (p: string) => {
      const st = await stat(p);
      out.push({ rel: path.relative(root, p), dir: st.isDirectory(), mode: st.mode & 0o777 });
      if (st.isDirectory()) for (const n of await readdir(p)) await walk(path.join(p, n));
    };
    await walk(root);
    return out;
  };
  const loose = (list: Awaited<ReturnType<typeof modes>>) => list.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600));

  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hn-data-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is the owner’s alone from the first start (folders 0700, files 0600, the key file too), and is corrected on the next start', async () => {
    const dataDir = path.join(root, 'data');
    const config = testConfig({ dataDir });
    const db = await openConfiguredDatabase(config);
    await loadOrCreateMasterKey({ dataDir });
    const first = await modes(dataDir);
    expect(first.length).toBeGreaterThan(100);
    expect(loose(first)).toEqual([]);
    await db.close();
    expect(loose(await modes(dataDir))).toEqual([]);

    // a folder left world-readable and -writable (an older version, a copy) is put right on start-up
    await chmod(dataDir, 0o777);
    await chmod(path.join(dataDir, 'pgdata'), 0o755);
    await chmod(path.join(dataDir, 'pgdata', 'PG_VERSION'), 0o666);
    await chmod(path.join(dataDir, 'secret.key'), 0o644);
    await writeFile(path.join(dataDir, 'pgdata', 'stray.txt'), 'x', { mode: 0o666 });
    await chmod(path.join(dataDir, 'pgdata', 'stray.txt'), 0o666);
    const again = await openConfiguredDatabase(config);
    try {
      await loadOrCreateMasterKey({ dataDir });
      expect(loose(await modes(dataDir))).toEqual([]);
    } finally {
      await again.close();
    }
  });
});
