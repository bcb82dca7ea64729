/**
 * NPL collection 一户一策 and write-off over HTTP, on every engine (docs/risk.md "NPL collection and
 * write-off"): a loan reaching 次级 opens a case led by the branch head; plans approved by an approver
 * and by a branch head, never by their maker; promises kept and broken; recoveries linked to the
 * repayments that made them; a write-off through review with balanced entries, after which end-of-day
 * leaves the loan alone and still reconciles; recoveries after write-off capped at the claim; the NPL
 * reduction by method. One application, three end-of-day days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HuinongApp } from '../../src/app.js';
import { addDays } from '../../src/kernel/index.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { loanAccountBalanceFen } from '../../src/modules/ledger/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

type Client = ReturnType<typeof client>;

describe.each(testEngines())('NPL collection and write-off on %s', (kind) => {
  let app: HuinongApp;
  let officer: Client;
  let approver: Client;
  let head: Client;
  let inspector: Client;
  let admin: Client;
  let headId = 0;
  let loanId = 0;
  let otherLoanId = 0;
  let customerId = 0;
  let caseId = 0;
  let d0 = '';
  let d1 = '';

  async function trialBalanced(): Promise<void> {
    const tb = await admin.get('/api/v1/ledger/trial-balance');
    expect(tb.statusCode, tb.body).toBe(200);
    expect(tb.json().balanced).toBe(true);
    expect(tb.json().totalDebit).toBe(tb.json().totalCredit);
  }

  async function runEodTo(to: string): Promise<void> {
    const eod = await admin.post('/api/v1/eod/run', { to });
    expect(eod.statusCode, eod.body).toBe(200);
    expect(eod.json().businessDate).toBe(to);
  }

  async function approve(who: Client, requestId: number): Promise<void> {
    const ok = await who.post(`/api/v1/review/requests/${requestId}/approve`, { comment: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    head = client(app.server, await loginAs(app.server, 'head1'));
    inspector = client(app.server, await loginAs(app.server, 'inspector1'));
    admin = client(app.server, await loginAs(app.server, 'admin'));
    headId = (await head.get('/api/v1/auth/me')).json().user.id;
    d0 = await getBusinessDate(app.ctx.db);
    d1 = addDays(d0, 1);
    const applicant = { name: '钱清收', idNumber: makeIdNumber('37081219790305111'), mobile: '13953761101' };
    loanId = await openXinEDaiLoan(officer, approver, applicant, '20000.00', `coll-${kind}`);
    customerId = (await officer.get(`/api/v1/loans/${loanId}`)).json().customerId;
    // a second loan of another customer that is downgraded and later upgraded back? (kept NORMAL: no case)
    otherLoanId = await openXinEDaiLoan(
      officer,
      approver,
      { name: '孙正常', idNumber: makeIdNumber('37081219800406222'), mobile: '13953761102' },
      '5000.00',
      `coll2-${kind}`,
    );
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('opens a case led by the branch head at the end of the day a loan reaches 次级, one per customer, and none for a performing loan', async () => {
    await trialBalanced();
    const sub = await inspector.post(`/api/v1/loans/${loanId}/classification-downgrade`, {
      to: 'SUBSTANDARD',
      reason: '借款人经营停滞，涉诉',
    });
    expect(sub.statusCode, sub.body).toBe(202);
    await approve(approver, sub.json().reviewRequestId);
    // not before end-of-day
    expect((await head.get(`/api/v1/collection/cases?customerId=${customerId}`)).json().total).toBe(0);
    await runEodTo(d1);
    const list = await head.get(`/api/v1/collection/cases?customerId=${customerId}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(1);
    const c = list.json().items[0];
    expect(c).toMatchObject({
      customerId,
      status: 'OPEN',
      openedOn: d0,
      leadStaffId: headId,
      nplLoans: 1,
      nplBalance: '20000.00',
      planStatus: null,
    });
    caseId = c.id;
    const other = (await officer.get(`/api/v1/loans/${otherLoanId}`)).json().customerId;
    expect((await head.get(`/api/v1/collection/cases?customerId=${other}`)).json().total).toBe(0);
    // inspectors read, the list exports
    expect((await inspector.get(`/api/v1/collection/cases/${caseId}`)).statusCode).toBe(200);
    const xlsx = await head.get(`/api/v1/collection/cases?customerId=${customerId}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    // a customer without an NPL loan has no case to see, and nobody may read outside their scope
    expect((await head.get('/api/v1/collection/cases/999999999')).statusCode).toBe(404);
  }, 180_000);

  it('takes a plan only after an approver or a branch head approves it, never its maker; the newer plan supersedes the older', async () => {
    const plan = {
      summary: '先电话、上门催收，不成则起诉',
      methods: [
        { method: 'CASH_COLLECTION', targetAmount: '5000.00', targetDate: addDays(d1, 30) },
        { method: 'LITIGATION', targetAmount: '15000.00', targetDate: addDays(d1, 180), note: '向基层法院起诉' },
      ],
    };
    const byOfficer = await officer.post(`/api/v1/collection/cases/${caseId}/plans`, plan);
    expect(byOfficer.statusCode, byOfficer.body).toBe(202);
    expect(byOfficer.json().status).toBe('PENDING');
    // one pending plan at a time
    expect((await head.post(`/api/v1/collection/cases/${caseId}/plans`, plan)).json().code).toBe('COLLECTION_PLAN_PENDING');
    const req = (await head.get(`/api/v1/review/requests/${byOfficer.json().reviewRequestId}`)).json();
    expect(req).toMatchObject({ type: 'COLLECTION_PLAN', status: 'PENDING' });
    expect(req.diff).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'methods[1]', after: expect.stringContaining('诉讼清收') })]),
    );
    // an officer cannot check, the branch head can
    expect((await officer.post(`/api/v1/review/requests/${byOfficer.json().reviewRequestId}/approve`, {})).statusCode).toBe(403);
    await approve(head, byOfficer.json().reviewRequestId);
    let view = (await head.get(`/api/v1/collection/cases/${caseId}`)).json();
    expect(view.plans).toEqual([
      expect.objectContaining({ status: 'APPROVED', approvedBy: headId, methods: expect.any(Array), submittedOn: d1, decidedOn: d1 }),
    ]);
    expect(view.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'PLAN_APPROVED', date: d1 })]));

    const byHead = await head.post(`/api/v1/collection/cases/${caseId}/plans`, {
      summary: '改为重组并向保证人追偿',
      methods: [{ method: 'RESTRUCTURING', targetAmount: '20000.00', targetDate: addDays(d1, 60) }],
    });
    expect(byHead.statusCode, byHead.body).toBe(202);
    // the maker may not check their own plan
    expect((await head.post(`/api/v1/review/requests/${byHead.json().reviewRequestId}/approve`, {})).statusCode).toBe(403);
    await approve(approver, byHead.json().reviewRequestId);
    view = (await head.get(`/api/v1/collection/cases/${caseId}`)).json();
    expect(view.plans.map((p: { status: string }) => p.status)).toEqual(['SUPERSEDED', 'APPROVED']);
    expect(view.planStatus).toBe('APPROVED');
    // bad input: a target before the business date, an unknown method
    const past = await head.post(`/api/v1/collection/cases/${caseId}/plans`, {
      summary: '错误的日期',
      methods: [{ method: 'CASH_COLLECTION', targetAmount: '1.00', targetDate: d0 }],
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('COLLECTION_DATE_INVALID');
    expect(
      (
        await head.post(`/api/v1/collection/cases/${caseId}/plans`, {
          summary: '未知方式',
          methods: [{ method: 'MAGIC', targetAmount: '1.00', targetDate: d1 }],
        })
      ).statusCode,
    ).toBe(400);
  });

  it('records actions and promises; end-of-day marks a promise kept when repayments reach it and broken after its date, and links the repayment as a recovery', async () => {
    const call = await officer.post(`/api/v1/collection/cases/${caseId}/actions`, {
      kind: 'CALL',
      actionDate: d1,
      text: '电话联系借款人',
      outcome: '承诺当日还款 300 元',
    });
    expect(call.statusCode, call.body).toBe(201);
    const future = await officer.post(`/api/v1/collection/cases/${caseId}/actions`, {
      kind: 'VISIT',
      actionDate: addDays(d1, 1),
      text: '上门',
      outcome: '—',
    });
    expect(future.json().code).toBe('COLLECTION_DATE_INVALID');
    const kept = await officer.post(`/api/v1/collection/cases/${caseId}/promises`, { amount: '300.00', dueDate: d1 });
    expect(kept.statusCode, kept.body).toBe(201);
    const broken = await officer.post(`/api/v1/collection/cases/${caseId}/promises`, { amount: '5000.00', dueDate: d1 });
    expect(broken.statusCode).toBe(201);
    const paid = await officer.post(
      `/api/v1/loans/${loanId}/repayments`,
      { amount: '300.00', mode: 'EARLY_PARTIAL' },
      { 'idempotency-key': `coll-rp-${kind}` },
    );
    expect(paid.statusCode, paid.body).toBe(201);
    const repaymentId = paid.json().repaymentId;
    const d2 = addDays(d1, 1);
    await runEodTo(d2);
    const view = (await head.get(`/api/v1/collection/cases/${caseId}`)).json();
    expect(view.promises).toEqual([
      expect.objectContaining({ id: kept.json().id, status: 'KEPT', paid: '300.00', resolvedOn: d1 }),
      expect.objectContaining({ id: broken.json().id, status: 'PENDING', paid: '300.00' }),
    ]);
    expect(view.recoveries).toEqual([
      expect.objectContaining({ kind: 'REPAYMENT', repaymentId, loanId, amount: '300.00', businessDate: d1 }),
    ]);
    expect(view.actions).toEqual([expect.objectContaining({ kind: 'CALL', outcome: '承诺当日还款 300 元' })]);
    expect(view.timeline.map((t: { kind: string }) => t.kind)).toEqual(
      expect.arrayContaining(['CASE_OPENED', 'PLAN_SUBMITTED', 'PLAN_APPROVED', 'ACTION', 'PROMISE', 'PROMISE_KEPT', 'RECOVERY']),
    );
  }, 180_000);

  it('writes the loan off only when an approver approves, with balanced entries: 1301 and 1302 zero, the claim kept off balance to the fen', async () => {
    await trialBalanced();
    const before = (await head.get(`/api/v1/loans/${loanId}`)).json();
    const principalFen = BigInt(Math.round(Number(before.outstandingPrincipal) * 100));
    const interestFen = [
      before.accruedInterest,
      before.overdueInterest,
      before.penaltyInterestAccrued,
      before.compoundInterestAccrued,
    ].reduce((a: bigint, y: string) => a + BigInt(Math.round(Number(y) * 100)), 0n);
    expect(
      (await officer.post(`/api/v1/collection/cases/${caseId}/write-offs`, { loanId, reason: '借款人失联，执行不能' })).statusCode,
    ).toBe(403);
    const req = await head.post(`/api/v1/collection/cases/${caseId}/write-offs`, { loanId, reason: '借款人失联，执行不能' });
    expect(req.statusCode, req.body).toBe(202);
    expect(req.json().status).toBe('PENDING');
    const rid = req.json().reviewRequestId;
    // the branch head holds no write-off checker permission; nothing changed yet
    expect((await head.post(`/api/v1/review/requests/${rid}/approve`, {})).statusCode).toBe(403);
    expect((await head.get(`/api/v1/loans/${loanId}`)).json().status).toBe('ACTIVE');
    const diff = (await approver.get(`/api/v1/review/requests/${rid}`)).json().diff;
    expect(diff).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'principal', before: before.outstandingPrincipal, after: '0.00' })]),
    );
    await approve(approver, rid);

    const after = (await head.get(`/api/v1/loans/${loanId}`)).json();
    expect(after).toMatchObject({ status: 'WRITTEN_OFF', outstandingPrincipal: '0.00' });
    const bal = (code: string) => loanAccountBalanceFen(app.ctx.db, { customerId, loanId, accountCode: code });
    expect(await bal('1301')).toBe(0n);
    expect(await bal('1302')).toBe(0n);
    expect(await bal('7001')).toBe(0n);
    expect(await bal('7101')).toBe(principalFen + interestFen);
    const view = (await head.get(`/api/v1/collection/cases/${caseId}`)).json();
    const loan = view.loans.find((l: { loanId: number }) => l.loanId === loanId);
    expect(BigInt(Math.round(Number(loan.writtenOffClaim) * 100))).toBe(principalFen + interestFen);
    expect(loan).toMatchObject({ status: 'WRITTEN_OFF', writtenOffPrincipal: before.outstandingPrincipal });
    await trialBalanced();
    // a written-off loan is not written off twice
    const again = await head.post(`/api/v1/collection/cases/${caseId}/write-offs`, { loanId, reason: '重复提交核销' });
    expect(again.statusCode).toBe(409);
  });

  it('leaves a written-off loan alone at end-of-day, which still reconciles, and closes the case as written off', async () => {
    const before = (await head.get(`/api/v1/loans/${loanId}`)).json();
    const d3 = addDays(d1, 2);
    await runEodTo(d3);
    const after = (await head.get(`/api/v1/loans/${loanId}`)).json();
    expect(after).toMatchObject({ status: 'WRITTEN_OFF', accruedInterest: '0.00', dpd: before.dpd, outstandingPrincipal: '0.00' });
    expect(await loanAccountBalanceFen(app.ctx.db, { customerId, loanId, accountCode: '1302' })).toBe(0n);
    const c = (await head.get(`/api/v1/collection/cases/${caseId}`)).json();
    expect(c).toMatchObject({ status: 'CLOSED', closeReason: 'WRITTEN_OFF', closedOn: addDays(d1, 1), nplBalance: '0.00' });
    // the promise not kept by its date is broken
    expect(c.promises[1]).toMatchObject({ status: 'BROKEN', resolvedOn: addDays(d1, 1) });
    await trialBalanced();
  }, 180_000);

  it('records a recovery after write-off from the demand account, never more than the claim (422), once per key', async () => {
    const claimBefore = await loanAccountBalanceFen(app.ctx.db, { customerId, loanId, accountCode: '7101' });
    const over = await head.post(
      `/api/v1/collection/cases/${caseId}/recoveries`,
      { loanId, amount: ((Number(claimBefore) + 1) / 100).toFixed(2), source: 'CASH' },
      { 'idempotency-key': `coll-over-${kind}` },
    );
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('WRITE_OFF_RECOVERY_EXCEEDS_CLAIM');
    expect(await loanAccountBalanceFen(app.ctx.db, { customerId, loanId, accountCode: '7101' })).toBe(claimBefore);
    expect((await head.post(`/api/v1/collection/cases/${caseId}/recoveries`, { loanId, amount: '1.00', source: 'CASH' })).json().code).toBe(
      'IDEMPOTENCY_KEY_REQUIRED',
    );

    const ok = await head.post(
      `/api/v1/collection/cases/${caseId}/recoveries`,
      { loanId, amount: '1000.00', source: 'DEMAND_ACCOUNT' },
      { 'idempotency-key': `coll-rec-${kind}` },
    );
    expect(ok.statusCode, ok.body).toBe(201);
    const left = claimBefore - 100000n;
    expect(ok.json()).toMatchObject({ recovery: { kind: 'AFTER_WRITE_OFF', amount: '1000.00', source: 'DEMAND_ACCOUNT' } });
    expect(BigInt(Math.round(Number(ok.json().claimLeft) * 100))).toBe(left);
    const retry = await head.post(
      `/api/v1/collection/cases/${caseId}/recoveries`,
      { loanId, amount: '1000.00', source: 'DEMAND_ACCOUNT' },
      { 'idempotency-key': `coll-rec-${kind}` },
    );
    expect(retry.statusCode).toBe(201);
    expect(retry.json().recovery.id).toBe(ok.json().recovery.id);
    expect(await loanAccountBalanceFen(app.ctx.db, { customerId, loanId, accountCode: '7101' })).toBe(left);
    expect(await loanAccountBalanceFen(app.ctx.db, { customerId, loanId, accountCode: '6701' })).toBeGreaterThan(0n);
    await trialBalanced();
    // the rest of the claim, to the fen, and not a fen more
    const rest = await head.post(
      `/api/v1/collection/cases/${caseId}/recoveries`,
      { loanId, amount: (Number(left) / 100).toFixed(2), source: 'CASH' },
      { 'idempotency-key': `coll-rest-${kind}` },
    );
    expect(rest.statusCode, rest.body).toBe(201);
    expect(rest.json().claimLeft).toBe('0.00');
    const more = await head.post(
      `/api/v1/collection/cases/${caseId}/recoveries`,
      { loanId, amount: '0.01', source: 'CASH' },
      { 'idempotency-key': `coll-more-${kind}` },
    );
    expect(more.json().code).toBe('WRITE_OFF_RECOVERY_EXCEEDS_CLAIM');
    await trialBalanced();
  });

  it('reports the NPL reduction by method and branch for a period: the repayment as restructuring-free cash, the write-off by its principal', async () => {
    const r = await head.get(`/api/v1/collection/npl-reduction?from=${d0}&to=${addDays(d1, 2)}`);
    expect(r.statusCode, r.body).toBe(200);
    const loan = (await head.get(`/api/v1/collection/cases/${caseId}`)).json().loans.find((l: { loanId: number }) => l.loanId === loanId);
    const repayment = (await head.get(`/api/v1/loans/${loanId}/repayments`)).json().items[0];
    expect(r.json().total).toMatchObject({
      writeOff: loan.writtenOffPrincipal,
      upgrade: '0.00',
      restructuring: '0.00',
      cash: repayment.principal,
      loans: 1,
    });
    expect(r.json().rows).toHaveLength(1);
    const xlsx = await head.get(`/api/v1/collection/npl-reduction?from=${d0}&to=${d1}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const bad = await head.get(`/api/v1/collection/npl-reduction?from=${d1}&to=${d0}`);
    expect(bad.statusCode).toBe(400);
  });
});
