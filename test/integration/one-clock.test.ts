/**
 * One clock: every time the domain records comes from the kernel clock, on both databases. With the
 * clock set to 09:30 in Jining on business day 2026-07-05 (while the machine's clock says something
 * else), an application's created and decided times, its 543 service events, its decision record, the
 * SMS outbox and one-time codes, sessions and audit records carry the set time; the referral deadline
 * is one business day after the business date; and no row written during the run carries the
 * machine's time (a DEFAULT now() or a stray now() would).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { installTestClock, type TestClock } from '../support/clock.js';
import { testEngines } from '../support/db.js';

const BUSINESS_DATE = '2026-07-05';
const AT = '2026-07-05T09:30:00+08:00';
/** An instant in one spelling (the API gives PostgreSQL's text form, e.g. '2026-07-05 01:30:00+00'). */
const iso = (s: string) => new Date(s).toISOString();
const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };

let seq = 500;
function applicant(over: Record<string, unknown> = {}) {
  seq += 1;
  return {
    name: '王芳',
    idNumber: makeIdNumber(`37081219900101${String(seq).padStart(3, '0')}`),
    mobile: `139${String(53800000 + seq).padStart(8, '0')}`,
    occupation: 'ENTERPRISE_EMPLOYEE',
    monthlyIncome: '8000.00',
    ...over,
  };
}
function application(amount: string, who = applicant()) {
  return {
    productCode: 'XIN_E_DAI',
    channel: 'OFFICER_ASSISTED',
    applicant: who,
    requestedAmount: amount,
    termMonths: 12,
    repaymentMethod: 'EQUAL_INSTALLMENT',
    consents: CONSENTS,
  };
}

describe.each(testEngines())('one clock on %s', (kind) => {
  let app: HuinongApp;
  let clock: TestClock;
  /** The machine's clock around the run: no recorded time may fall in it. */
  let wallFrom = 0;
  let officer: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;

  beforeAll(async () => {
    clock = installTestClock(AT);
    app = await createTestApp(kind, { initialBusinessDate: BUSINESS_DATE });
    // Rows the migrations seed (products, LPR, parameter versions) carry the database's time of the
    // migration; wait past the window's one-second margin so that they fall before it.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    wallFrom = Date.now();
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
  });
  afterAll(async () => {
    clock?.restore();
    await app?.close();
  });

  const times = (query: ReturnType<typeof sql>) => queryRows<Record<string, string>>(app.ctx.db, query);
  const utc = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

  it('an approved application, its decision, its 543 events and its drawdown carry the clock’s time', async () => {
    expect((await client(app.server, null).get('/api/v1/business-date')).json()).toEqual({ businessDate: BUSINESS_DATE });
    clock.set(AT);
    const res = await officer.post('/api/v1/applications', application('30000.00'));
    expect(res.statusCode).toBe(201);
    const { id, status, creditLineId } = res.json();
    expect(status).toBe('APPROVED');
    const view = (await officer.get(`/api/v1/applications/${id}`)).json();
    expect(view.businessDate).toBe(BUSINESS_DATE);
    expect(iso(view.createdAt)).toBe(iso(AT));

    const [a] = await times(
      sql`SELECT ${utc('created_at')} AS created, ${utc('updated_at')} AS updated, customer_id FROM applications WHERE id = ${id}`,
    );
    expect(a).toMatchObject({ created: iso(AT), updated: iso(AT) });
    const [d] = await times(sql`SELECT ${utc('created_at')} AS created FROM decision_records WHERE application_id = ${id}`);
    expect(d.created).toBe(iso(AT));
    const [c] = await times(sql`SELECT ${utc('max(granted_at)')} AS granted FROM application_consents WHERE application_id = ${id}`);
    expect(c.granted).toBe(iso(AT));

    // The money three minutes later: the DISBURSE event is at the clock's new time.
    clock.advance(3 * 60_000);
    const draw = await officer.post(
      `/api/v1/credit-lines/${creditLineId}/drawdowns`,
      { amount: '5000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': 'one-clock-1' },
    );
    expect(draw.statusCode).toBe(201);
    const events = await times(
      sql`SELECT kind, ${utc('occurred_at')} AS at, business_date::text AS bd FROM service_events WHERE customer_id = ${a.customer_id} ORDER BY id`,
    );
    expect(events).toEqual([
      { kind: 'LOCK', at: iso(AT), bd: BUSINESS_DATE },
      { kind: 'SUBMIT', at: iso(AT), bd: BUSINESS_DATE },
      { kind: 'DISBURSE', at: iso('2026-07-05T09:33:00+08:00'), bd: BUSINESS_DATE },
    ]);
    const [loan] = await times(sql`SELECT ${utc('created_at')} AS created FROM loans WHERE customer_id = ${a.customer_id}`);
    expect(loan.created).toBe(iso('2026-07-05T09:33:00+08:00'));
  });

  it('a referred application’s deadline is one business day after the business date; overdue follows the clock; the decision time is the clock’s', async () => {
    clock.set('2026-07-05T10:00:00+08:00');
    const r = (await officer.post('/api/v1/applications', application('60000.00'))).json();
    expect(r.status).toBe('REFERRED');
    const referred = (await approver.get(`/api/v1/applications/${r.id}`)).json();
    expect(iso(referred.deadlineAt)).toBe(iso('2026-07-06T10:00:00+08:00'));
    expect(referred.overdue).toBe(false);

    // The machine's date plays no part; past the deadline by the clock, the referral is overdue.
    clock.set('2026-07-06T10:00:00.001+08:00');
    // Staff sessions expire by the clock too (8 hours): the approver signs in again the next day.
    expect((await approver.get(`/api/v1/applications/${r.id}`)).statusCode).toBe(401);
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    expect((await approver.get(`/api/v1/applications/${r.id}`)).json().overdue).toBe(true);

    clock.set('2026-07-06T11:15:00+08:00');
    const ok = await approver.post(`/api/v1/applications/${r.id}/decision`, {
      outcome: 'APPROVE',
      limit: '60000.00',
      comment: '收入稳定，同意',
    });
    expect(ok.statusCode).toBe(200);
    const [a] = await times(
      sql`SELECT ${utc('created_at')} AS created, ${utc('updated_at')} AS decided FROM applications WHERE id = ${r.id}`,
    );
    expect(a).toEqual({ created: iso('2026-07-05T10:00:00+08:00'), decided: iso('2026-07-06T11:15:00+08:00') });
    const [audit] = await times(
      sql`SELECT ${utc('at')} AS at FROM audit_log WHERE action = 'application.decide' AND target_id = ${String(r.id)}`,
    );
    expect(audit.at).toBe(iso('2026-07-06T11:15:00+08:00'));
  });

  it('a declined customer’s manual review is due one business day after today’s business date', async () => {
    clock.set('2026-07-05T16:20:00+08:00');
    const r = (
      await officer.post('/api/v1/applications', application('30000.00', applicant({ idNumber: makeIdNumber('11010119900101777') })))
    ).json();
    expect(r.status).toBe('DECLINED');
    const mr = await officer.post(`/api/v1/applications/${r.id}/manual-review`, { reason: '本人长期在兖州工作' });
    expect(mr.statusCode).toBe(200);
    expect(mr.json()).toMatchObject({ status: 'MANUAL_REVIEW', overdue: false });
    expect(iso(mr.json().deadlineAt)).toBe(iso('2026-07-06T16:20:00+08:00'));
  });

  it('a one-time code’s SMS, challenge and expiry are counted on the clock', async () => {
    clock.set('2026-07-05T09:45:00+08:00');
    const who = applicant();
    const otp = await client(app.server, null).post('/api/v1/portal/otp', { name: who.name, idNumber: who.idNumber, mobile: who.mobile });
    expect(otp.statusCode).toBe(200);
    const [sms] = await times(sql`SELECT ${utc('created_at')} AS created FROM sms_outbox ORDER BY id DESC LIMIT 1`);
    expect(sms.created).toBe(iso('2026-07-05T09:45:00+08:00'));
    const [ch] = await times(
      sql`SELECT ${utc('created_at')} AS created, ${utc('expires_at')} AS expires FROM otp_challenges WHERE id = ${otp.json().challengeId}`,
    );
    expect(ch).toEqual({ created: iso('2026-07-05T09:45:00+08:00'), expires: iso('2026-07-05T09:50:00+08:00') });
    const outbox = (await officer.get('/api/v1/sms/outbox?pageSize=5')).json();
    expect(iso(outbox.items[0].createdAt)).toBe(iso('2026-07-05T09:45:00+08:00'));
  });

  it('no row written during the run carries the machine’s time', async () => {
    const wallTo = Date.now();
    const cols = await queryRows<{ t: string; c: string }>(
      app.ctx.db,
      sql`SELECT table_name AS t, column_name AS c FROM information_schema.columns
           WHERE table_schema = current_schema() AND data_type IN ('timestamp with time zone', 'timestamp without time zone')
           ORDER BY 1, 2`,
    );
    expect(cols.length).toBeGreaterThan(20);
    // Lease expiry between end-of-day processes runs on the database server's clock by design.
    const allowed = new Set(['eod_runs.lease_expires_at', 'schema_migrations.applied_at']);
    const found: string[] = [];
    for (const { t, c } of cols) {
      if (allowed.has(`${t}.${c}`)) continue;
      const row = await queryOne<{ n: string }>(
        app.ctx.db,
        sql`SELECT count(*)::text AS n FROM ${sql.identifier(t)}
             WHERE ${sql.identifier(c)} BETWEEN ${new Date(wallFrom - 1000).toISOString()}::timestamptz AND ${new Date(wallTo + 1000).toISOString()}::timestamptz`,
      );
      if (Number(row!.n) > 0) found.push(`${t}.${c}: ${row!.n}`);
    }
    expect(found).toEqual([]);
  });
});
