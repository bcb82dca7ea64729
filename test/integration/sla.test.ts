/**
 * The "543" service standard (issue 14 §8) on every engine: stages measured by the end-of-day step SLA
 * from service events recorded at set clock times (exactly at the limit is no breach, one second over
 * is), a re-run adding nothing, breaches listed in scope and exported, the branch head's confirmation and
 * waiver through review (four eyes, a waiver's reason), compliance per officer and branch, an officer's
 * own timings, and the parameters changed through review from a business date on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, withTx } from '../../src/db/client.js';
import { useClock, settableClock } from '../../src/kernel/clock.js';
import { loansPipeline } from '../../src/modules/eod/index.js';
import { recordServiceEvents, type ServiceEventInput } from '../../src/modules/origination/events.service.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

type Client = ReturnType<typeof client>;
const D1 = '2026-01-01';
const D2 = '2026-01-02';
const D3 = '2026-01-03';
const C = { a: 9_100_001, b: 9_100_002, c: 9_100_003, d: 9_100_004, e: 9_100_005 };

describe.each(testEngines())('the 543 standard on %s', (kind) => {
  let app: HuinongApp;
  let officer: Client;
  let head: Client;
  let approver: Client;
  let param1: Client;
  let param2: Client;
  let inspector: Client;
  let officerId: number;
  let branchId: number;
  const clockAt = settableClock('2026-01-01T09:00:00+08:00');
  let previous: ReturnType<typeof useClock>;

  /** Records one event at a China-time instant of the day. */
  async function at(time: string, e: Omit<ServiceEventInput, 'officerId' | 'branchId' | 'businessDate'> & { businessDate?: string }) {
    const date = e.businessDate ?? D1;
    clockAt.set(new Date(`${date}T${time}+08:00`));
    await withTx(app.ctx.db, (tx) => recordServiceEvents(tx, [{ officerId, branchId, businessDate: date, ...e }]));
  }
  async function runSla(D: string, customerIds: number[]): Promise<number> {
    const step = loansPipeline(app.ctx.hooks).steps.find((s) => s.name === 'SLA')!;
    const ids = [...customerIds].sort((x, y) => x - y);
    return withTx(app.ctx.db, (tx) =>
      step.run(tx, D, {
        fromCustomerId: ids[0],
        toCustomerId: ids[ids.length - 1] + 1,
        customerIds: kind === 'citus' ? ids : null,
        bankKey: -1,
      }),
    );
  }
  const approve = (c: Client, id: number) => c.post(`/api/v1/review/requests/${id}/approve`, {});

  beforeAll(async () => {
    previous = useClock(clockAt);
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    head = client(app.server, await loginAs(app.server, 'head1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    param1 = client(app.server, await loginAs(app.server, 'param1'));
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    const me = await queryOne<{ id: string; branch_id: string }>(
      app.ctx.db,
      sql`SELECT id::text AS id, branch_id::text AS branch_id FROM staff WHERE username = 'officer1'`,
    );
    officerId = Number(me!.id);
    branchId = Number(me!.branch_id);
    // A: a self-service application through the officer's QR code, locked exactly at 5 minutes,
    // recommended 4 minutes and 1 second after, disbursed 12 minutes after submission
    await at('09:00:00', { customerId: C.a, kind: 'SUBMIT', applicationId: 9001 });
    await at('09:05:00', { customerId: C.a, kind: 'LOCK', onlyIfFirst: true });
    await at('09:09:01', { customerId: C.a, kind: 'RECOMMEND', productCode: 'XIN_E_DAI' });
    await at('09:09:30', { customerId: C.a, kind: 'RECOMMEND', productCode: 'JI_E_DAI' });
    await at('09:12:00', { customerId: C.a, kind: 'DISBURSE', applicationId: 9001 });
    // B: the officer makes the contact (a lock is its own first contact), every stage exactly at its limit
    await at('10:00:00', { customerId: C.b, kind: 'LOCK', onlyIfFirst: true });
    await at('10:04:00', { customerId: C.b, kind: 'RECOMMEND', productCode: 'XIN_E_DAI' });
    await at('10:05:00', { customerId: C.b, kind: 'SUBMIT', applicationId: 9002 });
    await at('10:08:00', { customerId: C.b, kind: 'DISBURSE', applicationId: 9002 });
    // C: locked one second late; never recommended (an open stage is not measured)
    await at('10:50:00', { customerId: C.c, kind: 'SUBMIT', applicationId: 9003 });
    await at('10:55:01', { customerId: C.c, kind: 'LOCK', onlyIfFirst: true });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    useClock(previous);
  });

  it('measures every ended stage once: exactly at the limit is no breach, one second over is', async () => {
    expect(await runSla(D1, [C.a, C.b, C.c])).toBe(7);
    expect(await runSla(D1, [C.a, C.b, C.c])).toBe(0); // a re-run of the step finds every stage measured
    const res = await head.get(`/api/v1/sla/breaches?from=${D1}&to=${D1}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.total).toBe(3);
    const got = page.items
      .map((i: { customerId: number; stage: string; overrunSeconds: number; penalty: string; officerId: number; status: string }) => ({
        customerId: i.customerId,
        stage: i.stage,
        overrunSeconds: i.overrunSeconds,
        penalty: i.penalty,
        officerId: i.officerId,
        status: i.status,
      }))
      .sort(
        (x: { customerId: number; stage: string }, y: { customerId: number; stage: string }) =>
          x.customerId - y.customerId || x.stage.localeCompare(y.stage),
      );
    expect(got).toEqual([
      { customerId: C.a, stage: 'DISBURSE', overrunSeconds: 540, penalty: '100.00', officerId, status: 'PROPOSED' },
      { customerId: C.a, stage: 'RECOMMEND', overrunSeconds: 1, penalty: '100.00', officerId, status: 'PROPOSED' },
      { customerId: C.c, stage: 'LOCK', overrunSeconds: 1, penalty: '100.00', officerId, status: 'PROPOSED' },
    ]);
    expect(page.items[0]).toMatchObject({ kind: 'SLA_543', officerName: '周伟', branchId, businessDate: D1 });
  });

  it('lists breaches in scope, filtered, and as a workbook; others are refused', async () => {
    expect((await officer.get('/api/v1/sla/breaches')).json().total).toBe(3);
    expect((await param1.get('/api/v1/sla/breaches?stage=LOCK')).json().total).toBe(1);
    expect((await head.get(`/api/v1/sla/breaches?from=${D2}`)).json().total).toBe(0);
    expect((await inspector.get('/api/v1/sla/breaches')).statusCode).toBe(403);
    expect((await head.get('/api/v1/sla/breaches?stage=SUBMIT')).statusCode).toBe(400);
    expect((await head.get('/api/v1/sla/breaches?from=2026-02-30')).statusCode).toBe(400);
    expect((await head.get('/api/v1/sla/compliance?to=2026-13-01')).statusCode).toBe(400);
    const xlsx = await head.get('/api/v1/sla/breaches?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('the branch head confirms and waives through review: a second person approves, a waiver needs its reason', async () => {
    const list = (await head.get('/api/v1/sla/breaches')).json().items as Array<{ id: number; stage: string; customerId: number }>;
    const disburse = list.find((i) => i.stage === 'DISBURSE')!;
    const lock = list.find((i) => i.stage === 'LOCK')!;

    const noReason = await head.post(`/api/v1/sla/breaches/${lock.id}/decision`, { decision: 'WAIVE', reason: '  ' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().code).toBe('SLA_WAIVER_REASON_REQUIRED');
    expect((await officer.post(`/api/v1/sla/breaches/${lock.id}/decision`, { decision: 'CONFIRM' })).statusCode).toBe(403);
    expect((await head.post('/api/v1/sla/breaches/999999999/decision', { decision: 'CONFIRM' })).statusCode).toBe(404);

    const confirm = await head.post(`/api/v1/sla/breaches/${disburse.id}/decision`, { decision: 'CONFIRM' });
    expect(confirm.statusCode, confirm.body).toBe(202);
    expect(confirm.json().status).toBe('PENDING');
    const again = await head.post(`/api/v1/sla/breaches/${disburse.id}/decision`, { decision: 'WAIVE', reason: '系统故障' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SLA_BREACH_DECISION_PENDING');
    expect((await approve(head, confirm.json().reviewRequestId)).statusCode).toBe(403); // the maker never checks
    const ok = await approve(approver, confirm.json().reviewRequestId);
    expect(ok.statusCode, ok.body).toBe(200);
    const confirmed = (await head.get('/api/v1/sla/breaches?status=CONFIRMED')).json();
    expect(confirmed.items).toEqual([
      expect.objectContaining({
        id: disburse.id,
        status: 'CONFIRMED',
        pendingReviewId: null,
        reviewRequestId: confirm.json().reviewRequestId,
      }),
    ]);
    const decided = await head.post(`/api/v1/sla/breaches/${disburse.id}/decision`, { decision: 'WAIVE', reason: '再议' });
    expect(decided.statusCode).toBe(409);
    expect(decided.json().code).toBe('SLA_BREACH_DECIDED');

    const waive = await head.post(`/api/v1/sla/breaches/${lock.id}/decision`, {
      decision: 'WAIVE',
      reason: '客户当时未接电话，已多次联系',
    });
    expect(waive.statusCode).toBe(202);
    const review = (await approver.get(`/api/v1/review/requests/${waive.json().reviewRequestId}`)).json();
    expect(review.diff).toEqual(
      expect.arrayContaining([
        { field: 'status', label: '问责状态', before: '待确认', after: '已免责' },
        { field: 'reason', label: '理由', before: null, after: '客户当时未接电话，已多次联系' },
      ]),
    );
    expect((await approve(approver, waive.json().reviewRequestId)).statusCode).toBe(200);
    expect((await head.get('/api/v1/sla/breaches?status=WAIVED')).json().items).toEqual([
      expect.objectContaining({ id: lock.id, status: 'WAIVED', reason: '客户当时未接电话，已多次联系' }),
    ]);
  });

  it('rates compliance per officer and branch, a waived breach as compliant, and shows the daily trend', async () => {
    const byOfficer = await head.get(`/api/v1/sla/compliance?from=${D1}&to=${D1}&by=officer`);
    expect(byOfficer.statusCode, byOfficer.body).toBe(200);
    expect(byOfficer.json()).toMatchObject({
      from: D1,
      to: D1,
      total: 1,
      items: [
        { by: 'officer', id: officerId, name: '周伟', measured: 7, breaches: 2, confirmed: 1, waived: 1, rate: '71.43', penalty: '100.00' },
      ],
    });
    const byBranch = (await param1.get(`/api/v1/sla/compliance?from=${D1}&to=${D1}&by=branch`)).json();
    expect(byBranch.items).toEqual([expect.objectContaining({ by: 'branch', id: branchId, measured: 7, breaches: 2, rate: '71.43' })]);
    expect((await head.get(`/api/v1/sla/compliance?from=${D1}&to=${D1}&format=xlsx`)).headers['content-type']).toContain('spreadsheetml');
    expect((await head.get(`/api/v1/sla/compliance?from=${D2}&to=${D1}`)).statusCode).toBe(400);
    const trend = (await head.get(`/api/v1/sla/compliance/trend?from=${D1}&to=${D1}`)).json();
    expect(trend.items).toEqual([{ date: D1, measured: 7, breaches: 2, rate: '71.43' }]);
  });

  it('shows an officer their own stages and timings, and nobody else’s', async () => {
    const mine = await officer.get(`/api/v1/sla/my-events?from=${D1}&to=${D1}&pageSize=50`);
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as Array<{
      customerId: number;
      stage: string;
      durationSeconds: number;
      overrunSeconds: number;
      breach: boolean;
      status: string | null;
    }>;
    expect(items).toHaveLength(7);
    const a = items.filter((i) => i.customerId === C.a);
    expect(a.find((i) => i.stage === 'LOCK')).toMatchObject({
      durationSeconds: 300,
      limitSeconds: 300,
      overrunSeconds: 0,
      breach: false,
      status: null,
    });
    expect(a.find((i) => i.stage === 'RECOMMEND')).toMatchObject({
      durationSeconds: 241,
      overrunSeconds: 1,
      breach: true,
      status: 'PROPOSED',
    });
    expect(a.find((i) => i.stage === 'DISBURSE')).toMatchObject({ durationSeconds: 720, overrunSeconds: 540, status: 'CONFIRMED' });
    expect(items.find((i) => i.customerId === C.c)).toMatchObject({ stage: 'LOCK', durationSeconds: 301, status: 'WAIVED' });
    const headOwn = (await head.get(`/api/v1/sla/my-events?from=${D1}&to=${D1}`)).json();
    expect(headOwn.total).toBe(0);
    expect((await param1.get('/api/v1/sla/my-events')).statusCode).toBe(403);
  });

  it('changes the limits and the penalty through review from a business date on', async () => {
    const view = (await officer.get('/api/v1/sla/params')).json();
    expect(view.current).toMatchObject({ version: 1, lockSeconds: 300, recommendSeconds: 240, disburseSeconds: 180, penalty: '100.00' });
    const proposal = { effectiveFrom: D2, lockSeconds: 600, recommendSeconds: 240, disburseSeconds: 180, penalty: '50' };
    const early = await param1.post('/api/v1/sla/params/changes', { ...proposal, effectiveFrom: '2025-12-31' });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('SLA_PARAMS_INVALID');
    expect((await param1.post('/api/v1/sla/params/changes', { ...proposal, lockSeconds: 0 })).statusCode).toBe(400);
    expect((await param1.post('/api/v1/sla/params/changes', { ...proposal, effectiveFrom: '2026-02-30' })).statusCode).toBe(422);
    expect((await param1.post('/api/v1/sla/params/changes', { ...proposal, penalty: '1.234' })).statusCode).toBe(422);
    expect((await head.post('/api/v1/sla/params/changes', proposal)).statusCode).toBe(403);
    const same = await param1.post('/api/v1/sla/params/changes', { ...proposal, lockSeconds: 300, penalty: '100.00' });
    expect(same.statusCode).toBe(422);

    const sub = await param1.post('/api/v1/sla/params/changes', proposal);
    expect(sub.statusCode, sub.body).toBe(202);
    expect((await approve(param1, sub.json().reviewRequestId)).statusCode).toBe(403);
    expect((await approve(param2, sub.json().reviewRequestId)).statusCode).toBe(200);
    const after = (await officer.get('/api/v1/sla/params')).json();
    expect(after.current.version).toBe(1); // D2 has not come yet
    expect(after.history[0]).toMatchObject({ version: 2, effectiveFrom: D2, lockSeconds: 600, penalty: '50.00' });

    // on D2 an 8-minute lock keeps the new 10-minute limit; a 4-minute-1-second recommendation still breaches, at ¥50
    await at('12:00:00', { customerId: C.d, kind: 'SUBMIT', applicationId: 9004, businessDate: D2 });
    await at('12:08:00', { customerId: C.d, kind: 'LOCK', onlyIfFirst: true, businessDate: D2 });
    await at('12:12:01', { customerId: C.d, kind: 'RECOMMEND', productCode: 'XIN_E_DAI', businessDate: D2 });
    expect(await runSla(D2, [C.d])).toBe(2);
    head = client(app.server, await loginAs(app.server, 'head1')); // a day later on the clock: a new session
    const d2res = await head.get(`/api/v1/sla/breaches?from=${D2}&to=${D2}`);
    expect(d2res.statusCode, d2res.body).toBe(200);
    const d2 = d2res.json();
    expect(d2.items).toEqual([expect.objectContaining({ customerId: C.d, stage: 'RECOMMEND', overrunSeconds: 1, penalty: '50.00' })]);
  });

  it('does not time a first drawdown on a later business day: when to draw was the customer’s choice', async () => {
    await at('13:00:00', { customerId: C.e, kind: 'SUBMIT', applicationId: 9005, businessDate: D2 });
    await at('09:00:30', { customerId: C.e, kind: 'DISBURSE', applicationId: 9005, businessDate: D3 });
    expect(await runSla(D3, [C.e])).toBe(0);
    const timed = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM sla_stage_timings WHERE customer_id = ${C.e}`,
    );
    expect(timed!.n).toBe('0');
  });
});
