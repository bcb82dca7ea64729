/**
 * Products: seeded parameters, versions in effect by date, parameter and LPR changes through review
 * (AB角), refusals of bad input, and the public product list — over HTTP on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { buildServer } from '../../src/http/server.js';
import { AppError } from '../../src/kernel/index.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { auditRoutes } from '../../src/modules/audit/index.js';
import { advanceBusinessDate, getBusinessDate } from '../../src/modules/calendar/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { getLprPct, getProductParams, listProducts, productRoutes, type ProductParamsApi } from '../../src/modules/products/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

type Client = ReturnType<typeof client>;

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the promise to reject');
}

const XIN_E_DAI_V1: ProductParamsApi = {
  code: 'XIN_E_DAI',
  nameZh: '信e贷',
  nameEn: 'Xin e-Dai credit line',
  descriptionZh: '纯信用、全线上的个人循环授信额度，一次授信、随借随还，额度有效期内可循环使用。',
  kind: 'CREDIT',
  revolving: true,
  minAmount: '1000.00',
  maxAmount: '200000.00',
  minTermMonths: 1,
  maxTermMonths: 36,
  repaymentMethods: ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET'],
  bulletMaxTermMonths: 12,
  pricing: { spreadPctByGrade: { A: '0.45', B: '0.95', C: '1.65', D: '2.65' }, floorPct: '3.00', ceilingPct: '8.00' },
  penaltyUpliftPct: '50',
  minAge: 25,
  maxAge: 55,
  serviceRegionPrefixes: ['3708'],
  internetLoanCap: '200000.00',
  autoApproveMax: '50000.00',
  pledgeRatePct: null,
  guarantor: null,
  lineValidityMonths: 12,
  dayCountBasis: 360,
  referralDeadlineHours: 24,
  repaymentOrder: ['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL'],
  inspection: { firstAfterDays: 30, everyDays: 90 },
  whiteListOnly: false,
};

describe.each(testEngines())('products on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;
  let param1: Client;
  let param2: Client;
  let officer: Client;
  let approver: Client;

  /** The API-form parameters of a product in effect today, ready to be edited and PUT back. */
  async function currentParams(code: string): Promise<ProductParamsApi> {
    const res = await param1.get(`/api/v1/products/${code}`);
    expect(res.statusCode).toBe(200);
    return res.json().params as ProductParamsApi;
  }

  async function pendingCount(c: Client, type: string): Promise<number> {
    const res = await c.get(`/api/v1/review/requests?status=PENDING&type=${type}`);
    expect(res.statusCode).toBe(200);
    return res.json().total as number;
  }

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [accessRoutes, reviewRoutes, importRoutes, auditRoutes, productRoutes],
    });
    param1 = client(server, await loginAs(server, 'param1'));
    param2 = client(server, await loginAs(server, 'param2'));
    officer = client(server, await loginAs(server, 'officer1'));
    approver = client(server, await loginAs(server, 'approver1'));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('seeds the five products with exact parameters in effect on the business date, and the LPR', async () => {
    expect(await getBusinessDate(ctx.db)).toBe('2026-01-01');
    const res = await officer.get('/api/v1/products');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.businessDate).toBe('2026-01-01');
    expect(body.lpr).toEqual({ '1Y': '3.00', '5Y': '3.50' });
    expect(body.items.map((p: { code: string }) => p.code)).toEqual([
      'XIN_E_DAI',
      'XIN_E_KUAI_DAI',
      'JI_E_DAI',
      'BAOZHENG_E_DAI',
      'ZHIYA_E_DAI',
    ]);
    const byCode = Object.fromEntries(body.items.map((p: { code: string }) => [p.code, p]));
    expect(byCode.XIN_E_DAI).toMatchObject({
      kind: 'CREDIT',
      nameZh: '信e贷',
      status: 'ACTIVE',
      version: 1,
      effectiveDate: '2025-01-01',
      indicativeRate: { minPct: '3.45', maxPct: '5.65' },
      scheduled: null,
    });
    expect(byCode.XIN_E_DAI.params).toEqual(XIN_E_DAI_V1);
    expect(byCode.XIN_E_KUAI_DAI.params).toMatchObject({
      revolving: false,
      minAmount: '1000.00',
      maxAmount: '30000.00',
      maxTermMonths: 12,
      autoApproveMax: '30000.00',
    });
    expect(byCode.JI_E_DAI.params).toMatchObject({
      kind: 'CREDIT',
      minAmount: '5000.00',
      maxAmount: '300000.00',
      maxTermMonths: 36,
      internetLoanCap: '200000.00',
    });
    expect(byCode.BAOZHENG_E_DAI.params).toMatchObject({
      kind: 'GUARANTEE',
      minAmount: '10000.00',
      maxAmount: '300000.00',
      guarantor: { required: true, maxCount: 2 },
      pledgeRatePct: null,
    });
    expect(byCode.ZHIYA_E_DAI.params).toMatchObject({
      kind: 'PLEDGE',
      minAmount: '1000.00',
      maxAmount: '1000000.00',
      pledgeRatePct: '90',
      guarantor: null,
      minAge: 18,
      maxAge: 70,
      pricing: { floorPct: '2.80' },
    });
    // LPR 3.00 + spreads 0.00–0.60 → 3.00–3.60 (the floor 2.80 does not bind)
    expect(byCode.ZHIYA_E_DAI.indicativeRate).toEqual({ minPct: '3.00', maxPct: '3.60' });
  });

  it('answers the contract functions with bigint fen and percent strings', async () => {
    const p = await getProductParams(ctx.db, 'XIN_E_DAI', '2026-01-01');
    expect(p).toMatchObject({
      code: 'XIN_E_DAI',
      minAmountFen: 100_000n,
      maxAmountFen: 20_000_000n,
      internetLoanCapFen: 20_000_000n,
      autoApproveMaxFen: 5_000_000n,
      penaltyUpliftPct: '50',
      dayCountBasis: 360,
    });
    expect((await listProducts(ctx.db, '2026-01-01')).map((x) => x.code)).toEqual([
      'XIN_E_DAI',
      'XIN_E_KUAI_DAI',
      'JI_E_DAI',
      'BAOZHENG_E_DAI',
      'ZHIYA_E_DAI',
    ]);
    expect(await getLprPct(ctx.db, '2026-01-01')).toBe('3.00');
    expect(await getLprPct(ctx.db, '2025-05-20')).toBe('3.00');
    expect(await getLprPct(ctx.db, '2025-05-19')).toBe('3.10');
    expect(await getLprPct(ctx.db, '2026-01-01', '5Y')).toBe('3.50');
    expect((await rejection(getLprPct(ctx.db, '2024-10-20'))).code).toBe('LPR_NOT_FOUND');
    expect((await rejection(getProductParams(ctx.db, 'NO_SUCH', '2026-01-01'))).code).toBe('PRODUCT_NOT_FOUND');
    // the first version took effect on 2025-01-01: nothing before it
    expect((await rejection(getProductParams(ctx.db, 'XIN_E_DAI', '2024-12-31'))).code).toBe('PRODUCT_NOT_FOUND');
    expect((await getProductParams(ctx.db, 'XIN_E_DAI', '2025-01-01')).maxAmountFen).toBe(20_000_000n);
  });

  it('answers 404 for an unknown product or a date before its first version, 400 for a bad date', async () => {
    const unknown = await officer.get('/api/v1/products/NO_SUCH');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('PRODUCT_NOT_FOUND');
    expect((await officer.get('/api/v1/products/XIN_E_DAI?date=2024-12-31')).json().code).toBe('PRODUCT_NOT_FOUND');
    const badFormat = await officer.get('/api/v1/products/XIN_E_DAI?date=2026-1-1');
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json().code).toBe('VALIDATION_FAILED');
    const notADay = await officer.get('/api/v1/products/XIN_E_DAI?date=2026-02-30');
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().code).toBe('INVALID_DATE');
  });

  it('serves the public product list without login, in the requested language, with nothing internal', async () => {
    const res = await client(server, null).get('/api/v1/public/products');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.lprPct).toBe('3.00');
    expect(body.items).toHaveLength(5);
    const xin = body.items[0];
    expect(xin).toEqual({
      code: 'XIN_E_DAI',
      kind: 'CREDIT',
      name: '信e贷',
      nameZh: '信e贷',
      nameEn: 'Xin e-Dai credit line',
      description: XIN_E_DAI_V1.descriptionZh,
      revolving: true,
      minAmount: '1000.00',
      maxAmount: '200000.00',
      minTermMonths: 1,
      maxTermMonths: 36,
      bulletMaxTermMonths: 12,
      repaymentMethods: ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET'],
      indicativeRate: { minPct: '3.45', maxPct: '5.65', text: '年化利率 3.45%–5.65%' },
    });
    const en = await client(server, null).get('/api/v1/public/products', { 'accept-language': 'en' });
    expect(en.json().items[0]).toMatchObject({ name: 'Xin e-Dai credit line', indicativeRate: { text: 'Annual rate 3.45%–5.65%' } });
    // the staff list needs a session
    const anon = await client(server, null).get('/api/v1/products');
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('AUTH_REQUIRED');
  });

  it('refuses parameter and LPR changes to staff without product:write (403)', async () => {
    const body = { ...(await currentParams('XIN_E_DAI')), maxAmount: '100000.00', effectiveDate: '2026-01-01' };
    for (const c of [officer, approver]) {
      const put = await c.put('/api/v1/products/XIN_E_DAI/params', body);
      expect(put.statusCode).toBe(403);
      expect(put.json().code).toBe('FORBIDDEN');
      const lpr = await c.post('/api/v1/lpr', { tenor: '1Y', effectiveDate: '2026-01-20', ratePct: '2.90' });
      expect(lpr.statusCode).toBe(403);
    }
    expect((await officer.get('/api/v1/lpr')).statusCode).toBe(200);
  });

  it('changes parameters only after a second parameter manager approves; the maker cannot approve', async () => {
    const edited = { ...(await currentParams('XIN_E_DAI')) };
    edited.maxAmount = '150000.00';
    edited.pricing = { ...edited.pricing, spreadPctByGrade: { ...edited.pricing.spreadPctByGrade, A: '0.50' } };
    const put = await param1.put('/api/v1/products/XIN_E_DAI/params', { ...edited, effectiveDate: '2026-01-01' });
    expect(put.statusCode).toBe(202);
    const { reviewRequestId, status } = put.json();
    expect(status).toBe('PENDING');

    // nothing changes before approval
    expect((await getProductParams(ctx.db, 'XIN_E_DAI', '2026-01-01')).maxAmountFen).toBe(20_000_000n);

    const request = await param2.get(`/api/v1/review/requests/${reviewRequestId}`);
    expect(request.statusCode).toBe(200);
    expect(request.json()).toMatchObject({
      type: 'PRODUCT_PARAMS',
      typeName: '产品参数变更',
      title: '信e贷（XIN_E_DAI）参数变更，2026-01-01 起生效',
      canCheck: true,
    });
    // a readable diff: only the changed fields, yuan amounts and percent rates
    expect(request.json().diff).toEqual([
      { field: 'maxAmount', label: '最高金额', before: '200,000.00 元', after: '150,000.00 元' },
      { field: 'pricing.spreadPctByGrade.A', label: 'A 级客户利率加点（LPR 基础上）', before: '0.45%', after: '0.50%' },
    ]);

    const self = await param1.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('REVIEW_SELF_APPROVAL');
    // an approver sees it but holds no PRODUCT_PARAMS checker permission
    const noPermission = await approver.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {});
    expect(noPermission.statusCode).toBe(403);
    expect(noPermission.json().code).toBe('REVIEW_CHECKER_FORBIDDEN');
    expect((await getProductParams(ctx.db, 'XIN_E_DAI', '2026-01-01')).maxAmountFen).toBe(20_000_000n);

    const approve = await param2.post(`/api/v1/review/requests/${reviewRequestId}/approve`, { comment: '同意' });
    expect(approve.statusCode).toBe(200);
    expect(approve.json().status).toBe('APPROVED');

    const detail = await officer.get('/api/v1/products/XIN_E_DAI');
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      version: 2,
      effectiveDate: '2026-01-01',
      params: {
        ...XIN_E_DAI_V1,
        maxAmount: '150000.00',
        pricing: { ...XIN_E_DAI_V1.pricing, spreadPctByGrade: { ...XIN_E_DAI_V1.pricing.spreadPctByGrade, A: '0.50' } },
      },
      indicativeRate: { minPct: '3.50', maxPct: '5.65' },
    });
    expect(
      detail
        .json()
        .versions.map((v: { version: number; state: string; reviewRequestId: number | null }) => [v.version, v.state, v.reviewRequestId]),
    ).toEqual([
      [2, 'IN_EFFECT', reviewRequestId],
      [1, 'SUPERSEDED', null],
    ]);
    expect((await getProductParams(ctx.db, 'XIN_E_DAI', '2026-01-01')).maxAmountFen).toBe(15_000_000n);
    // the history keeps the old answer for earlier dates
    expect((await getProductParams(ctx.db, 'XIN_E_DAI', '2025-12-31')).maxAmountFen).toBe(20_000_000n);

    // approving again is refused; the apply was audited
    expect((await param2.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {})).json().code).toBe('REVIEW_NOT_PENDING');
    const auditor = client(server, await loginAs(server, 'auditor1'));
    const audit = await auditor.get('/api/v1/audit/logs?action=product.params.apply');
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items[0]).toMatchObject({ actorUsername: 'param2', targetType: 'product', targetId: 'XIN_E_DAI' });
  });

  it("keeps today's answer when a version takes effect in the future, and switches on its date", async () => {
    const edited = { ...(await currentParams('JI_E_DAI')), minAmount: '10000.00' };
    const put = await param1.put('/api/v1/products/JI_E_DAI/params', { ...edited, effectiveDate: '2026-02-01' });
    expect(put.statusCode).toBe(202);
    const id = put.json().reviewRequestId;
    expect((await param2.post(`/api/v1/review/requests/${id}/approve`, {})).statusCode).toBe(200);

    const today = (await officer.get('/api/v1/products/JI_E_DAI')).json();
    expect(today).toMatchObject({ version: 1, date: '2026-01-01', scheduled: { version: 2, effectiveDate: '2026-02-01' } });
    expect(today.params.minAmount).toBe('5000.00');
    expect(today.versions.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [2, 'SCHEDULED'],
      [1, 'IN_EFFECT'],
    ]);
    expect((await getProductParams(ctx.db, 'JI_E_DAI', '2026-01-31')).minAmountFen).toBe(500_000n);
    expect((await getProductParams(ctx.db, 'JI_E_DAI', '2026-02-01')).minAmountFen).toBe(1_000_000n);
    const onItsDate = (await officer.get('/api/v1/products/JI_E_DAI?date=2026-02-01')).json();
    expect(onItsDate).toMatchObject({ version: 2, scheduled: null, params: { minAmount: '10000.00' } });

    // a later version may not slip in before the scheduled one (it would silently cancel it)
    const before = await param1.put('/api/v1/products/JI_E_DAI/params', { ...edited, minAmount: '8000.00', effectiveDate: '2026-01-15' });
    expect(before.statusCode).toBe(422);
    expect(before.json().code).toBe('PRODUCT_PARAMS_INVALID');
    expect(before.json().details).toEqual([expect.objectContaining({ field: 'effectiveDate', code: 'BEFORE_SCHEDULED_VERSION' })]);

    // when the business date reaches it, the new version is the one in effect
    expect(await advanceBusinessDate(ctx.db, '2026-01-01', '2026-02-01')).toBe(true);
    try {
      const list = (await officer.get('/api/v1/products')).json();
      const ji = list.items.find((p: { code: string }) => p.code === 'JI_E_DAI');
      expect(ji).toMatchObject({ version: 2, effectiveDate: '2026-02-01', params: { minAmount: '10000.00' } });
    } finally {
      expect(await advanceBusinessDate(ctx.db, '2026-02-01', '2026-01-01')).toBe(true);
    }
  });

  it('refuses an inconsistent parameter set with 422 and field-level details, submitting nothing', async () => {
    const pendingBefore = await pendingCount(param1, 'PRODUCT_PARAMS');
    const bad: ProductParamsApi = {
      ...(await currentParams('BAOZHENG_E_DAI')),
      minAmount: '400000.00', // above the maximum 300,000
      bulletMaxTermMonths: 13,
      pricing: { spreadPctByGrade: { A: '0.35', B: '0.30', C: '1.45', D: '2.25' }, floorPct: '9.00', ceilingPct: '7.50' },
      penaltyUpliftPct: '60',
      minAge: 17,
      pledgeRatePct: '90',
      guarantor: { required: true, maxCount: 0 },
      repaymentOrder: ['FEES', 'PENALTY', 'INTEREST'],
    };
    const res = await param1.put('/api/v1/products/BAOZHENG_E_DAI/params', { ...bad, effectiveDate: '2026-01-10' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('PRODUCT_PARAMS_INVALID');
    const details = res.json().details as Array<{ field: string; code: string; message: string }>;
    expect(details.map((d) => `${d.field}:${d.code}`).sort()).toEqual(
      [
        'maxAmount:MIN_GT_MAX',
        'bulletMaxTermMonths:OUT_OF_RANGE',
        'pricing.spreadPctByGrade.B:GRADE_ORDER',
        'pricing.ceilingPct:MIN_GT_MAX',
        'penaltyUpliftPct:OUT_OF_RANGE',
        'minAge:OUT_OF_RANGE',
        'pledgeRatePct:NOT_APPLICABLE',
        'guarantor.maxCount:OUT_OF_RANGE',
        'repaymentOrder:NOT_A_PERMUTATION',
      ].sort(),
    );
    expect(details.find((d) => d.field === 'penaltyUpliftPct')?.message).toBe('罚息上浮比例须为 30%–50%');
    expect(await pendingCount(param1, 'PRODUCT_PARAMS')).toBe(pendingBefore);
    expect((await param1.get('/api/v1/products/BAOZHENG_E_DAI')).json().versions).toHaveLength(1);

    // the boundaries are accepted: uplift 30 %, bullet 12 months, floor = ceiling
    const boundary = {
      ...(await currentParams('BAOZHENG_E_DAI')),
      penaltyUpliftPct: '30',
      pricing: { spreadPctByGrade: { A: '0', B: '0', C: '0', D: '0' }, floorPct: '4.00', ceilingPct: '4.00' },
      effectiveDate: '2026-01-10',
    };
    const ok = await param1.put('/api/v1/products/BAOZHENG_E_DAI/params', boundary);
    expect(ok.statusCode).toBe(202);
    expect(await pendingCount(param1, 'PRODUCT_PARAMS')).toBe(pendingBefore + 1);
  });

  it('refuses a changed kind, a guarantor on a credit product, no change at all, and malformed values', async () => {
    const kuai = await currentParams('XIN_E_KUAI_DAI');
    const kindChange = await param1.put('/api/v1/products/XIN_E_KUAI_DAI/params', {
      ...kuai,
      kind: 'PLEDGE',
      pledgeRatePct: '90',
      effectiveDate: '2026-01-01',
    });
    expect(kindChange.statusCode).toBe(422);
    expect(kindChange.json().details.map((d: { field: string; code: string }) => `${d.field}:${d.code}`)).toEqual([
      'kind:KIND_IMMUTABLE',
      'pledgeRatePct:NOT_APPLICABLE',
    ]);
    const guarantor = await param1.put('/api/v1/products/XIN_E_KUAI_DAI/params', {
      ...kuai,
      guarantor: { required: true, maxCount: 1 },
      effectiveDate: '2026-01-01',
    });
    expect(guarantor.json().details).toEqual([expect.objectContaining({ field: 'guarantor', code: 'NOT_APPLICABLE' })]);
    const zhiya = await currentParams('ZHIYA_E_DAI');
    const noPledgeRate = await param1.put('/api/v1/products/ZHIYA_E_DAI/params', {
      ...zhiya,
      pledgeRatePct: null,
      effectiveDate: '2026-01-01',
    });
    expect(noPledgeRate.json().details).toEqual([expect.objectContaining({ field: 'pledgeRatePct', code: 'REQUIRED' })]);

    const same = await param1.put('/api/v1/products/XIN_E_KUAI_DAI/params', { ...kuai, effectiveDate: '2026-01-01' });
    expect(same.statusCode).toBe(422);
    expect(same.json().details).toEqual([expect.objectContaining({ field: 'params', code: 'NO_CHANGE' })]);

    // format errors are caught by the request schema
    for (const body of [
      { ...kuai, maxAmount: '30000.001' },
      { ...kuai, pricing: { ...kuai.pricing, floorPct: '-1' } },
      { ...kuai, repaymentMethods: ['BALLOON'] },
      { ...kuai, minTermMonths: 1.5 },
    ]) {
      const res = await param1.put('/api/v1/products/XIN_E_KUAI_DAI/params', { ...body, effectiveDate: '2026-01-01' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    const unknown = await param1.put('/api/v1/products/NO_SUCH/params', { ...kuai, effectiveDate: '2026-01-01' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('PRODUCT_NOT_FOUND');
  });

  it('refuses an effective date before the business date, for parameters and for the LPR', async () => {
    const params = { ...(await currentParams('XIN_E_KUAI_DAI')), maxAmount: '20000.00' };
    const past = await param1.put('/api/v1/products/XIN_E_KUAI_DAI/params', { ...params, effectiveDate: '2025-12-31' });
    expect(past.statusCode).toBe(422);
    expect(past.json()).toMatchObject({
      code: 'EFFECTIVE_DATE_IN_PAST',
      details: { effectiveDate: '2025-12-31', businessDate: '2026-01-01' },
    });
    const lpr = await param1.post('/api/v1/lpr', { tenor: '1Y', effectiveDate: '2025-12-31', ratePct: '2.90' });
    expect(lpr.statusCode).toBe(422);
    expect(lpr.json().code).toBe('EFFECTIVE_DATE_IN_PAST');
    const notADay = await param1.put('/api/v1/products/XIN_E_KUAI_DAI/params', { ...params, effectiveDate: '2026-02-30' });
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().code).toBe('INVALID_DATE');
  });

  it('changes the LPR through review, effective on its date, and reprices the rate range from then on', async () => {
    const submit = await param1.post('/api/v1/lpr', { tenor: '1Y', effectiveDate: '2026-01-20', ratePct: '2.90' });
    expect(submit.statusCode).toBe(202);
    const id = submit.json().reviewRequestId;
    const request = (await param2.get(`/api/v1/review/requests/${id}`)).json();
    expect(request).toMatchObject({ type: 'LPR_RATE', title: '1年期 LPR 调整为 2.90%，2026-01-20 起生效', canCheck: true });
    expect(request.diff).toEqual([
      { field: 'ratePct', label: '1年期 LPR', before: '3.00%', after: '2.90%' },
      { field: 'effectiveDate', label: '生效日期', before: null, after: '2026-01-20' },
    ]);
    expect((await param1.post(`/api/v1/review/requests/${id}/approve`, {})).json().code).toBe('REVIEW_SELF_APPROVAL');
    expect(await getLprPct(ctx.db, '2026-01-20')).toBe('3.00');
    expect((await param2.post(`/api/v1/review/requests/${id}/approve`, {})).statusCode).toBe(200);

    const lpr = (await officer.get('/api/v1/lpr')).json();
    expect(lpr.current['1Y']).toEqual({ ratePct: '3.00', effectiveDate: '2025-05-20' });
    expect(lpr.items.slice(0, 2)).toEqual([
      expect.objectContaining({ tenor: '1Y', effectiveDate: '2026-01-20', ratePct: '2.90', state: 'SCHEDULED', reviewRequestId: id }),
      expect.objectContaining({ tenor: '1Y', effectiveDate: '2025-05-20', ratePct: '3.00', state: 'IN_EFFECT' }),
    ]);
    expect(await getLprPct(ctx.db, '2026-01-19')).toBe('3.00');
    expect(await getLprPct(ctx.db, '2026-01-20')).toBe('2.90');
    const later = (await officer.get('/api/v1/products?date=2026-01-20')).json();
    expect(later.lpr['1Y']).toBe('2.90');
    // 2.90 + 0.00–0.60, still above the 2.80 floor
    expect(later.items.find((p: { code: string }) => p.code === 'ZHIYA_E_DAI').indicativeRate).toEqual({ minPct: '2.90', maxPct: '3.50' });
  });

  it('refuses an LPR that is not a sensible rate', async () => {
    for (const ratePct of ['0', '0.0000', '20.01', '3.12345']) {
      const res = await param1.post('/api/v1/lpr', { tenor: '5Y', effectiveDate: '2026-01-20', ratePct });
      expect(res.statusCode, ratePct).toBe(422);
      expect(res.json().code).toBe('LPR_RATE_INVALID');
    }
    const format = await param1.post('/api/v1/lpr', { tenor: '5Y', effectiveDate: '2026-01-20', ratePct: '3,5' });
    expect(format.statusCode).toBe(400);
    expect(format.json().code).toBe('INVALID_RATE');
    const tenor = await param1.post('/api/v1/lpr', { tenor: '10Y', effectiveDate: '2026-01-20', ratePct: '3.50' });
    expect(tenor.statusCode).toBe(400);
    expect(tenor.json().code).toBe('VALIDATION_FAILED');
    // the boundary 20 is accepted
    expect((await param1.post('/api/v1/lpr', { tenor: '5Y', effectiveDate: '2026-03-20', ratePct: '20' })).statusCode).toBe(202);
  });

  it('does not apply a change whose effective date passed while it waited; the request stays pending', async () => {
    const submit = await param1.post('/api/v1/lpr', { tenor: '5Y', effectiveDate: '2026-01-05', ratePct: '3.40' });
    expect(submit.statusCode).toBe(202);
    const id = submit.json().reviewRequestId;
    expect(await advanceBusinessDate(ctx.db, '2026-01-01', '2026-01-06')).toBe(true);
    try {
      const late = await param2.post(`/api/v1/review/requests/${id}/approve`, {});
      expect(late.statusCode).toBe(422);
      expect(late.json().code).toBe('EFFECTIVE_DATE_IN_PAST');
      expect((await param2.get(`/api/v1/review/requests/${id}`)).json().status).toBe('PENDING');
      expect(await getLprPct(ctx.db, '2026-01-06', '5Y')).toBe('3.50');
    } finally {
      expect(await advanceBusinessDate(ctx.db, '2026-01-06', '2026-01-01')).toBe(true);
    }
  });
});
