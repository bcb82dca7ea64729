/**
 * Servicing parameters (贷款五级分类阈值与停息天数) as a reviewed, dated bank parameter, on both
 * databases: the seeded regulatory values, a stricter change through review (AB角) that takes effect
 * the next business date, looser proposals refused with nothing changed, re-validation at approval,
 * and end-of-day's CLASSIFY and NON_ACCRUAL steps (the real pipeline) using the values in effect on D.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx, type Tx } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { loansPipeline, type EodPipeline } from '../../src/modules/eod/index.js';
import { getServicingParams } from '../../src/modules/servicing-params/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

type Client = ReturnType<typeof client>;

const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };
const REGULATORY = { specialMentionDpd: 1, substandardDpd: 91, doubtfulDpd: 271, lossDpd: 361, nonAccrualDpd: 90 };
const STRICTER = { specialMentionDpd: 1, substandardDpd: 61, doubtfulDpd: 271, lossDpd: 361, nonAccrualDpd: 60 };

class Rollback extends Error {}

describe.each(testEngines())('servicing parameters on %s', (kind) => {
  let app: HuinongApp;
  let param1: Client;
  let param1Token: string;
  let param2: Client;
  let admin: Client;
  let approver: Client;
  let officer: Client;
  let pipeline: EodPipeline;
  const loans: Record<'classified' | 'nonAccrual', { loanId: number; customerId: number }> = {} as never;

  async function servicingRequests(): Promise<number> {
    const row = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM review_requests WHERE change_type = 'SERVICING_PARAMS'`,
    );
    return Number(row?.n);
  }
  async function versions(): Promise<number> {
    const row = await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM servicing_param_versions`);
    return Number(row?.n);
  }
  /** Runs one step of the real end-of-day pipeline for D over one loan after setting its dpd. */
  async function stepAtDpd(tx: Tx, step: 'CLASSIFY' | 'NON_ACCRUAL', D: string, loanId: number, dpd: number): Promise<void> {
    await tx.execute(sql`UPDATE loans SET dpd = ${dpd} WHERE id = ${loanId}`);
    const def = pipeline.steps.find((s) => s.name === step);
    expect(def).toBeDefined();
    // the loan's customer as a partition of its own (one shard on Citus)
    const owner = await queryOne<{ c: string }>(tx, sql`SELECT customer_id::text AS c FROM loans WHERE id = ${loanId}`);
    const c = Number(owner!.c);
    await def!.run(tx, D, { fromCustomerId: c, toCustomerId: c + 1, customerIds: [c], bankKey: -1 });
  }
  async function loanState(loanId: number) {
    const rows = await queryRows<{ dpd: number; classification: string; non_accrual: boolean; off: string; accrued: string }>(
      app.ctx.db,
      sql`SELECT dpd, classification, l.non_accrual, off_balance_interest_fen::text AS off, accrued_interest_fen::text AS accrued
            FROM loans l JOIN loan_accrual_state a ON a.customer_id = l.customer_id AND a.loan_id = l.id WHERE l.id = ${loanId}`,
    );
    return rows[0];
  }
  /** What a step would do for D, in a transaction rolled back afterwards. */
  async function dryRun(step: 'CLASSIFY' | 'NON_ACCRUAL', D: string, loanId: number, dpd: number) {
    let seen: { classification: string; non_accrual: boolean } | undefined;
    await withTx(app.ctx.db, async (tx) => {
      await stepAtDpd(tx, step, D, loanId, dpd);
      seen = (
        await queryRows<{ classification: string; non_accrual: boolean }>(
          tx,
          sql`SELECT classification, non_accrual FROM loans WHERE id = ${loanId}`,
        )
      )[0];
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
    return seen!;
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    param1Token = await loginAs(app.server, 'param1');
    param1 = client(app.server, param1Token);
    param2 = client(app.server, await loginAs(app.server, 'param2'));
    admin = client(app.server, await loginAs(app.server, 'admin'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    pipeline = await loansPipeline(app.ctx.hooks);
    for (const [key, first17, mobile, name] of [
      ['classified', '37081219880311441', '13905376601', '孙丽'],
      ['nonAccrual', '37081219870412552', '13905376602', '周强'],
    ] as const) {
      const a = await officer.post('/api/v1/applications', {
        productCode: 'XIN_E_DAI',
        channel: 'OFFICER_ASSISTED',
        applicant: { name, idNumber: makeIdNumber(first17), mobile, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
        requestedAmount: '20000.00',
        termMonths: 12,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        consents: CONSENTS,
      });
      expect(a.json().status).toBe('APPROVED');
      const d = await officer.post(
        `/api/v1/credit-lines/${a.json().creditLineId}/drawdowns`,
        { amount: '20000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
        { 'idempotency-key': `sp-${key}` },
      );
      expect(d.statusCode, d.body).toBe(201);
      const loan = (await officer.get(`/api/v1/loans/${d.json().loanId}`)).json();
      loans[key] = { loanId: loan.id, customerId: loan.customerId };
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('starts with the regulatory values, in effect since 2025-01-01, readable by any staff member', async () => {
    expect(await getBusinessDate(app.ctx.db)).toBe('2026-01-01');
    const res = await officer.get('/api/v1/servicing-params');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      businessDate: '2026-01-01',
      regulatory: REGULATORY,
      current: { version: 1, effectiveDate: '2025-01-01', ...REGULATORY },
      history: [
        {
          version: 1,
          effectiveDate: '2025-01-01',
          state: 'IN_EFFECT',
          reviewRequestId: null,
          createdAt: expect.any(String),
          ...REGULATORY,
        },
      ],
    });
    expect(await getServicingParams(app.ctx.db, '2026-01-01')).toEqual({
      version: 1,
      effectiveDate: '2025-01-01',
      thresholds: { specialMentionDpd: 1, substandardDpd: 91, doubtfulDpd: 271, lossDpd: 361 },
      nonAccrualDpd: 90,
    });
    expect((await client(app.server, null).get('/api/v1/servicing-params')).statusCode).toBe(401);
    // under the regulatory values dpd 61 is only 关注 and still accruing
    expect(await dryRun('CLASSIFY', '2026-01-01', loans.classified.loanId, 61)).toMatchObject({ classification: 'SPECIAL_MENTION' });
    expect(await dryRun('NON_ACCRUAL', '2026-01-01', loans.nonAccrual.loanId, 61)).toMatchObject({ non_accrual: false });
    expect(await dryRun('CLASSIFY', '2026-01-01', loans.classified.loanId, 91)).toMatchObject({ classification: 'SUBSTANDARD' });
    expect(await dryRun('NON_ACCRUAL', '2026-01-01', loans.nonAccrual.loanId, 91)).toMatchObject({ non_accrual: true });
  });

  it('refuses looser or inconsistent values with 422 and a clear code, and nothing changes', async () => {
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['substandard later than 91 days', { ...REGULATORY, substandardDpd: 120 }, 'substandardDpd', 'LOOSER_THAN_REGULATORY'],
      ['loss later than 361 days', { ...REGULATORY, lossDpd: 400 }, 'lossDpd', 'LOOSER_THAN_REGULATORY'],
      ['special mention from day 0', { ...REGULATORY, specialMentionDpd: 0 }, 'specialMentionDpd', 'BELOW_ONE'],
      ['non-accrual later than 90 days', { ...REGULATORY, nonAccrualDpd: 120 }, 'nonAccrualDpd', 'LOOSER_THAN_REGULATORY'],
      ['non-accrual at 0 days', { ...REGULATORY, nonAccrualDpd: 0 }, 'nonAccrualDpd', 'BELOW_ONE'],
      ['thresholds not increasing', { ...REGULATORY, substandardDpd: 61, doubtfulDpd: 61 }, 'doubtfulDpd', 'NOT_INCREASING'],
    ];
    for (const [what, values, field, code] of cases) {
      const res = await param1.post('/api/v1/servicing-params/changes', { ...values, effectiveDate: '2026-01-02' });
      expect(res.statusCode, what).toBe(422);
      expect(res.json().code, what).toBe('SERVICING_PARAMS_INVALID');
      expect(res.json().message, what).toContain('只能比监管标准更严格');
      expect(res.json().details, what).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    }
    const loose = await param1.post('/api/v1/servicing-params/changes', {
      ...REGULATORY,
      substandardDpd: 120,
      effectiveDate: '2026-01-02',
    });
    expect(loose.json().details).toEqual([
      { field: 'substandardDpd', code: 'LOOSER_THAN_REGULATORY', message: '次级类逾期天数只能收紧不能放宽：不得超过监管标准 91 天' },
    ]);
    // in English on request
    const en = await app.server.inject({
      method: 'POST',
      url: '/api/v1/servicing-params/changes',
      headers: { authorization: `Bearer ${param1Token}`, 'accept-language': 'en' },
      payload: { ...REGULATORY, nonAccrualDpd: 91, effectiveDate: '2026-01-02' },
    });
    expect(en.statusCode).toBe(422);
    expect(en.json().details[0].message).toBe('nonAccrualDpd may only be made stricter: at most the regulatory 90 days');

    // the effective date must be at least the next business date
    const today = await param1.post('/api/v1/servicing-params/changes', { ...STRICTER, effectiveDate: '2026-01-01' });
    expect(today.statusCode).toBe(422);
    expect(today.json().details).toEqual([expect.objectContaining({ field: 'effectiveDate', code: 'EFFECTIVE_DATE_TOO_EARLY' })]);
    // the same values as in effect: nothing to review
    const same = await param1.post('/api/v1/servicing-params/changes', { ...REGULATORY, effectiveDate: '2026-01-02' });
    expect(same.statusCode).toBe(422);
    expect(same.json().details).toEqual([expect.objectContaining({ code: 'NO_CHANGE' })]);
    // shape errors and people without the parameter permission
    expect(
      (await param1.post('/api/v1/servicing-params/changes', { ...STRICTER, substandardDpd: 61.5, effectiveDate: '2026-01-02' }))
        .statusCode,
    ).toBe(400);
    expect((await officer.post('/api/v1/servicing-params/changes', { ...STRICTER, effectiveDate: '2026-01-02' })).statusCode).toBe(403);
    expect((await admin.post('/api/v1/servicing-params/changes', { ...STRICTER, effectiveDate: '2026-01-02' })).statusCode).toBe(403);

    expect(await servicingRequests()).toBe(0);
    expect(await versions()).toBe(1);
    expect((await officer.get('/api/v1/servicing-params')).json().current).toEqual({
      version: 1,
      effectiveDate: '2025-01-01',
      ...REGULATORY,
    });
  });

  it('takes a stricter change only after a second parameter manager approves it, from the next business date', async () => {
    const res = await param1.post('/api/v1/servicing-params/changes', { ...STRICTER, effectiveDate: '2026-01-02' });
    expect(res.statusCode).toBe(202);
    const { reviewRequestId, status } = res.json();
    expect(status).toBe('PENDING');

    const request = await param2.get(`/api/v1/review/requests/${reviewRequestId}`);
    expect(request.statusCode).toBe(200);
    expect(request.json()).toMatchObject({
      type: 'SERVICING_PARAMS',
      typeName: '贷款分类与停息参数变更',
      title: '五级分类阈值（关注 1 / 次级 61 / 可疑 271 / 损失 361 天）及停息天数（60 天）调整，2026-01-02 起生效',
      canCheck: true,
    });
    // field by field, only what changes, in Chinese
    expect(request.json().diff).toEqual([
      { field: 'substandardDpd', label: '次级类：逾期天数达到', before: '91 天', after: '61 天（严于监管标准 91 天）' },
      { field: 'nonAccrualDpd', label: '停止计息（转非应计）：逾期天数超过', before: '90 天', after: '60 天（严于监管标准 90 天）' },
      { field: 'effectiveDate', label: '生效日期', before: null, after: '2026-01-02' },
    ]);

    const self = await param1.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('REVIEW_SELF_APPROVAL');
    const noPermission = await approver.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {});
    expect(noPermission.statusCode).toBe(403);
    expect(noPermission.json().code).toBe('REVIEW_CHECKER_FORBIDDEN');
    expect(await versions()).toBe(1);

    const ok = await param2.post(`/api/v1/review/requests/${reviewRequestId}/approve`, { comment: '同意收紧' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('APPROVED');

    // approved but scheduled: today's values are still the regulatory ones
    const view = (await officer.get('/api/v1/servicing-params')).json();
    expect(view.current).toEqual({ version: 1, effectiveDate: '2025-01-01', ...REGULATORY });
    expect(
      view.history.map((v: { version: number; state: string; reviewRequestId: number | null; effectiveDate: string }) => [
        v.version,
        v.effectiveDate,
        v.state,
        v.reviewRequestId,
      ]),
    ).toEqual([
      [2, '2026-01-02', 'SCHEDULED', reviewRequestId],
      [1, '2025-01-01', 'IN_EFFECT', null],
    ]);
    expect((await getServicingParams(app.ctx.db, '2026-01-01')).version).toBe(1);
    expect(await getServicingParams(app.ctx.db, '2026-01-02')).toEqual({
      version: 2,
      effectiveDate: '2026-01-02',
      thresholds: { specialMentionDpd: 1, substandardDpd: 61, doubtfulDpd: 271, lossDpd: 361 },
      nonAccrualDpd: 60,
    });

    // the apply was audited
    const audited = await queryRows<{ action: string }>(
      app.ctx.db,
      sql`SELECT action FROM audit_log WHERE action = 'servicing-params.apply'`,
    );
    expect(audited).toHaveLength(1);
  });

  it('checks a change again at approval: one whose date has been reached by then is refused and stays pending', async () => {
    const res = await param1.post('/api/v1/servicing-params/changes', { ...STRICTER, doubtfulDpd: 181, effectiveDate: '2026-01-02' });
    expect(res.statusCode).toBe(202);
    const { reviewRequestId } = res.json();

    const eod = await admin.post('/api/v1/eod/run', { to: '2026-01-02' });
    expect(eod.statusCode).toBe(200);
    expect(eod.json().businessDate).toBe('2026-01-02');

    const late = await param2.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {});
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('SERVICING_PARAMS_INVALID');
    expect(late.json().details).toEqual([expect.objectContaining({ field: 'effectiveDate', code: 'EFFECTIVE_DATE_TOO_EARLY' })]);
    expect((await param2.get(`/api/v1/review/requests/${reviewRequestId}`)).json().status).toBe('PENDING');
    expect(await versions()).toBe(2);

    // the approved change is now in effect
    const view = (await officer.get('/api/v1/servicing-params')).json();
    expect(view.businessDate).toBe('2026-01-02');
    expect(view.current).toEqual({ version: 2, effectiveDate: '2026-01-02', ...STRICTER });
    expect(view.history.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [2, 'IN_EFFECT'],
      [1, 'SUPERSEDED'],
    ]);
    await param2.post(`/api/v1/review/requests/${reviewRequestId}/reject`, { comment: '生效日期已过，驳回' });
  }, 120_000);

  it("end-of-day's CLASSIFY step classifies a loan at dpd 61 as 次级 under the bank's stricter thresholds", async () => {
    const { loanId } = loans.classified;
    expect((await officer.get(`/api/v1/loans/${loanId}`)).json().classification).toBe('NORMAL');
    // the day before the change took effect: still the regulatory floors
    expect(await dryRun('CLASSIFY', '2026-01-01', loanId, 61)).toMatchObject({ classification: 'SPECIAL_MENTION' });
    await withTx(app.ctx.db, (tx) => stepAtDpd(tx, 'CLASSIFY', '2026-01-02', loanId, 61));
    expect(await loanState(loanId)).toMatchObject({ dpd: 61, classification: 'SUBSTANDARD' });
    const view = (await officer.get(`/api/v1/loans/${loanId}`)).json();
    expect(view.classification).toBe('SUBSTANDARD');
    const history = await queryRows<{ from_class: string | null; to_class: string; business_date: string }>(
      app.ctx.db,
      sql`SELECT from_class, to_class, business_date::text AS business_date FROM loan_classification_history WHERE loan_id = ${loanId} ORDER BY seq`,
    );
    expect(history.at(-1)).toMatchObject({ to_class: 'SUBSTANDARD', business_date: '2026-01-02' });
    // one day short of the bank's threshold: 关注
    expect(await dryRun('CLASSIFY', '2026-01-02', loanId, 60)).toMatchObject({ classification: 'SPECIAL_MENTION' });
  });

  it("end-of-day's NON_ACCRUAL step stops accrual at dpd 61 once the non-accrual days are 60", async () => {
    const { loanId } = loans.nonAccrual;
    expect(await dryRun('NON_ACCRUAL', '2026-01-01', loanId, 61)).toMatchObject({ non_accrual: false });
    expect(await dryRun('NON_ACCRUAL', '2026-01-02', loanId, 60)).toMatchObject({ non_accrual: false });
    const before = await loanState(loanId);
    await withTx(app.ctx.db, (tx) => stepAtDpd(tx, 'NON_ACCRUAL', '2026-01-02', loanId, 61));
    const state = await loanState(loanId);
    expect(state.non_accrual).toBe(true);
    // whatever interest was receivable on balance moved off balance
    expect(BigInt(state.off)).toBe(BigInt(before.off) + BigInt(before.accrued));
    expect(state.accrued).toBe('0');
    expect((await officer.get(`/api/v1/loans/${loanId}`)).json().nonAccrual).toBe(true);
  });
});
