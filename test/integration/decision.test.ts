/**
 * Credit-policy versions and decision records on both databases: the bundled default, recorded
 * decisions, a new version through review (AB角) with a rule-level diff, effective dates, and the
 * editor's dry run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { queryOne, queryRows, sql, withTx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { AppError } from '../../src/kernel/errors.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import {
  activePolicy,
  decisionInputFromApi,
  decisionInputToApi,
  decisionRecordByApplication,
  decisionRoutes,
  evaluatePolicy,
  getDecision,
  loadDefaultPolicy,
  recordDecision,
  refreshPolicyStatuses,
  seedDecision,
  SAMPLE_INPUTS,
  type DecisionInput,
  type PolicyDocument,
} from '../../src/modules/decision/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

const BUSINESS_DATE = '2026-01-01';
const AGE_RULE = 'knockout.AGE_OUT_OF_RANGE';

/** The default policy with the age knock-out capped at 50 (was: the product's maximum, 55 for 信e贷). */
function ageCappedAt50(version: string): PolicyDocument {
  const doc = structuredClone(loadDefaultPolicy()) as PolicyDocument;
  doc.version = version;
  const knockout = doc.nodes.find((n) => n.id === 'knockout')!.content as { rules: Array<Record<string, string>> };
  knockout.rules.find((r) => r._id === AGE_RULE)!['knockout.in.condition'] =
    'applicant.age < product.minAge or applicant.age > min([product.maxAge, 50])';
  return doc;
}

const aged = (age: number): DecisionInput => ({ ...SAMPLE_INPUTS[0].input, applicant: { ...SAMPLE_INPUTS[0].input.applicant, age } });

async function appErrorOf(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe.each(testEngines())('decision on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;
  let param1: ReturnType<typeof client>;
  let param2: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  let officer: ReturnType<typeof client>;

  const pendingPolicyRequests = async () =>
    (await param1.get('/api/v1/review/requests?type=DECISION_POLICY&status=PENDING')).json().total as number;
  const recordCount = async () => Number((await queryOne<{ n: string }>(ctx.db, sql`SELECT count(*)::text AS n FROM decision_records`))!.n);

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    await seedDecision(ctx);
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [accessRoutes, reviewRoutes, importRoutes, decisionRoutes],
    });
    param1 = client(server, await loginAs(server, 'param1'));
    param2 = client(server, await loginAs(server, 'param2'));
    approver = client(server, await loginAs(server, 'approver1'));
    officer = client(server, await loginAs(server, 'officer1'));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('seeds the bundled policy as default-v1, in force from 2000-01-01, once however often start-up runs', async () => {
    await seedDecision(ctx);
    const policy = await activePolicy(ctx.db, BUSINESS_DATE);
    expect(policy.version).toBe('default-v1');
    expect(policy).toBe(loadDefaultPolicy()); // the engine's compiled object, not a re-parsed copy
    expect((await activePolicy(ctx.db, '2000-01-01')).version).toBe('default-v1');
    expect((await appErrorOf(() => activePolicy(ctx.db, '1999-12-31'))).code).toBe('POLICY_NOT_FOUND');
    expect((await appErrorOf(() => activePolicy(ctx.db, '2026-02-30'))).code).toBe('INVALID_DATE');

    const list = await param1.get('/api/v1/decision/policies');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      businessDate: BUSINESS_DATE,
      items: [
        {
          version: 'default-v1',
          name: expect.stringContaining('默认授信策略'),
          effectiveDate: '2000-01-01',
          status: 'ACTIVE',
          createdBy: null,
          approvedBy: null,
          reviewRequestId: null,
          createdAt: expect.any(String),
        },
      ],
    });
    const audit = await queryRows(ctx.db, sql`SELECT 1 FROM audit_log WHERE action = 'decision.policy.seed'`);
    expect(audit).toHaveLength(1);
  });

  it('shows a version with its decision tables flattened for the editor; only to holders of decision-policy:read', async () => {
    const res = await approver.get('/api/v1/decision/policies/default-v1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.document.version).toBe('default-v1');
    expect(body.tables.map((t: { nodeId: string }) => t.nodeId)).toEqual(['scorecard', 'grade', 'knockout', 'referral']);
    const knockout = body.tables.find((t: { nodeId: string }) => t.nodeId === 'knockout');
    expect(knockout.rules.find((r: { id: string }) => r.id === AGE_RULE).cells['knockout.in.condition']).toBe(
      'applicant.age < product.minAge or applicant.age > product.maxAge',
    );
    expect(body.expressions.map((e: { nodeId: string }) => e.nodeId)).toContain('limit');

    expect((await approver.get('/api/v1/decision/policies/no-such-version')).json().code).toBe('POLICY_NOT_FOUND');
    expect((await approver.get('/api/v1/decision/policies/no-such-version')).statusCode).toBe(404);
    const forbidden = await officer.get('/api/v1/decision/policies');
    expect(forbidden.statusCode).toBe(403);
    expect((await client(server, null).get('/api/v1/decision/policies')).statusCode).toBe(401);
  });

  it('records a decision and reads it back with the same input, bilingual reasons and fired rules', async () => {
    const policy = await activePolicy(ctx.db, BUSINESS_DATE);
    // 2^53 + 1 fen of existing debt: exact only if no amount ever passes through a JavaScript number
    const input: DecisionInput = { ...aged(30), bureau: { ...aged(30).bureau, existingDebtFen: 9_007_199_254_740_993n } };
    const declined: DecisionInput = { ...aged(30), applicant: { ...aged(30).applicant, regionCode: '110101' } };
    const approved = await evaluatePolicy(policy, aged(30));
    const refused = await evaluatePolicy(policy, declined);
    expect(refused.outcome).toBe('DECLINE');

    const ids = await withTx(ctx.db, async (tx) => ({
      first: (await recordDecision(tx, { customerId: 901, applicationId: 77, input, result: approved })).decisionId,
      second: (await recordDecision(tx, { customerId: 901, applicationId: 77, input: declined, result: refused })).decisionId,
    }));

    const view = await getDecision(ctx.db, 901, ids.first);
    expect(view).toMatchObject({
      id: ids.first,
      customerId: 901,
      applicationId: 77,
      policyVersion: 'default-v1',
      outcome: 'APPROVE',
      score: approved.score,
      grade: approved.grade,
      limit: '98000.00',
      annualRatePct: '3.95',
      reasons: [],
      durationMicros: approved.durationMicros,
    });
    expect(view.input.bureau.existingDebt).toBe('90071992547409.93');
    expect(decisionInputFromApi(view.input)).toEqual(input);
    expect(view.firedRules).toEqual(approved.firedRules);
    expect(view.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view); // JSON-safe as it is

    const stored = await queryOne<{ t: string; v: string }>(
      ctx.db,
      sql`SELECT jsonb_typeof(input -> 'bureau' -> 'existingDebtFen') AS t, input -> 'bureau' ->> 'existingDebtFen' AS v
          FROM decision_records WHERE customer_id = 901 AND id = ${ids.first}`,
    );
    expect(stored).toEqual({ t: 'string', v: '9007199254740993' });

    const latest = await decisionRecordByApplication(ctx.db, 901, 77);
    expect(latest?.id).toBe(ids.second);
    expect(latest?.outcome).toBe('DECLINE');
    expect(latest?.limit).toBe('0.00');
    expect(latest?.annualRatePct).toBe('0.00');
    expect(latest?.reasons).toEqual([
      {
        code: 'OUT_OF_REGION',
        messageZh: '申请人身份证归属地不在本行服务区域（济宁市）',
        messageEn: "The applicant's ID is registered outside the bank's service region (Jining)",
      },
    ]);
    expect(latest?.firedRules).toContainEqual(
      expect.objectContaining({ nodeId: 'knockout', ruleId: 'knockout.OUT_OF_REGION', output: { code: 'OUT_OF_REGION' } }),
    );

    expect(await decisionRecordByApplication(ctx.db, 901, 78)).toBeNull();
    expect((await appErrorOf(() => getDecision(ctx.db, 902, ids.first))).code).toBe('DECISION_NOT_FOUND'); // another customer's id
    expect((await appErrorOf(() => getDecision(ctx.db, 901, 999_999))).code).toBe('DECISION_NOT_FOUND');
  });

  it('refuses a decision under a policy version that was never stored', async () => {
    const draft = { ...ageCappedAt50('never-stored'), version: 'never-stored' };
    const result = await evaluatePolicy(draft, aged(30));
    await expect(
      withTx(ctx.db, (tx) => recordDecision(tx, { customerId: 903, applicationId: 1, input: aged(30), result })),
    ).rejects.toThrow();
    expect(await decisionRecordByApplication(ctx.db, 903, 1)).toBeNull();
  });

  it('refuses an invalid policy with 422 and readable details, and submits nothing', async () => {
    const broken = structuredClone(loadDefaultPolicy()) as PolicyDocument;
    broken.version = 'broken-v2';
    const knockout = broken.nodes.find((n) => n.id === 'knockout')!.content as { rules: Array<Record<string, string>> };
    knockout.rules[1]['knockout.in.condition'] = 'applicant.age >';
    knockout.rules[2]['knockout.out.code'] = '"NO_SUCH_REASON"';
    const res = await param1.post('/api/v1/decision/policies', { version: 'broken-v2', effectiveDate: '2026-02-01', document: broken });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('POLICY_INVALID');
    expect(body.details.errors).toEqual([
      {
        path: 'nodes[7].content.rules[1].knockout.in.condition',
        message: expect.stringContaining('syntax error in "applicant.age >"'),
        location: '准入拒绝规则 Knock-outs · 第 2 行（knockout.AGE_OUT_OF_RANGE） · 条件 Condition',
      },
      {
        path: 'nodes[7].content.rules[2].knockout.out.code',
        message: 'reason code "NO_SUCH_REASON" has no text in the reason table (reasons.ts)',
        location: '准入拒绝规则 Knock-outs · 第 3 行（knockout.COURT_ENFORCEMENT_LIST） · 原因代码 Reason code',
      },
    ]);

    // a graph that parses but produces no valid decision fails the sample applications
    const failing = ageCappedAt50('failing-v2');
    const decision = failing.nodes.find((n) => n.id === 'decision')!.content as { expressions: Array<{ key: string; value: string }> };
    decision.expressions.find((e) => e.key === 'decision.outcome')!.value = '"MAYBE"';
    const smoke = await param1.post('/api/v1/decision/policies', { version: 'failing-v2', effectiveDate: '2026-02-01', document: failing });
    expect(smoke.statusCode).toBe(422);
    expect(smoke.json().details.errors[0].message).toContain('fails on the sample application');

    const mismatch = await param1.post('/api/v1/decision/policies', {
      version: 'other-v2',
      effectiveDate: '2026-02-01',
      document: ageCappedAt50('age-v2'),
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().details.errors[0]).toMatchObject({ path: 'version', location: '版本号' });

    const badVersion = await param1.post('/api/v1/decision/policies', {
      version: 'has space',
      effectiveDate: '2026-02-01',
      document: { ...ageCappedAt50('x'), version: undefined },
    });
    expect(badVersion.statusCode).toBe(422);
    expect(badVersion.json().details.errors[0].message).toContain('version must be');

    const past = await param1.post('/api/v1/decision/policies', {
      version: 'past-v2',
      effectiveDate: '2025-12-31',
      document: ageCappedAt50('past-v2'),
    });
    expect(past.statusCode).toBe(422);
    expect(past.json()).toMatchObject({
      code: 'EFFECTIVE_DATE_IN_PAST',
      details: { effectiveDate: '2025-12-31', businessDate: BUSINESS_DATE },
    });

    const taken = await param1.post('/api/v1/decision/policies', {
      version: 'default-v1',
      effectiveDate: '2026-02-01',
      document: ageCappedAt50('default-v1'),
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('POLICY_VERSION_TAKEN');

    const notADate = await param1.post('/api/v1/decision/policies', {
      version: 'date-v2',
      effectiveDate: '2026-02-30',
      document: ageCappedAt50('date-v2'),
    });
    expect(notADate.json().code).toBe('INVALID_DATE');
    const noDocument = await param1.post('/api/v1/decision/policies', { version: 'doc-v2', effectiveDate: '2026-02-01' });
    expect(noDocument.statusCode).toBe(400);
    expect(noDocument.json().code).toBe('VALIDATION_FAILED');
    const notAllowed = await approver.post('/api/v1/decision/policies', {
      version: 'appr-v2',
      effectiveDate: '2026-02-01',
      document: ageCappedAt50('appr-v2'),
    });
    expect(notAllowed.statusCode).toBe(403);

    expect(await pendingPolicyRequests()).toBe(0);
    expect((await param1.get('/api/v1/decision/policies')).json().items).toHaveLength(1);
  });

  it('puts a new version with a lower age limit through review: the maker cannot approve, a second person can, and it applies from its effective date', async () => {
    const submitted = await param1.post('/api/v1/decision/policies', {
      version: 'age50-v2',
      effectiveDate: '2026-02-01',
      document: ageCappedAt50('age50-v2'),
    });
    expect(submitted.statusCode).toBe(202);
    const { reviewRequestId, status } = submitted.json();
    expect(status).toBe('PENDING');

    // the checker sees the changed rule, readable, against the version it replaces
    const request = (await param2.get(`/api/v1/review/requests/${reviewRequestId}`)).json();
    expect(request).toMatchObject({ type: 'DECISION_POLICY', title: '授信策略新版本 age50-v2（2026-02-01 起生效）', canCheck: true });
    expect(request.diff).toEqual([
      { field: 'effectiveDate', label: '生效日期（被替代版本 → 新版本）', before: '2000-01-01', after: '2026-02-01' },
      { field: 'version', label: '策略版本（被替代 → 新）', before: 'default-v1', after: 'age50-v2' },
      {
        field: `nodes.knockout.rules.${AGE_RULE}`,
        label: `准入拒绝规则 Knock-outs · 修改规则 ${AGE_RULE}`,
        before: expect.stringContaining('applicant.age > product.maxAge → 原因代码 Reason code = "AGE_OUT_OF_RANGE"'),
        after: expect.stringContaining('applicant.age > min([product.maxAge, 50]) → 原因代码 Reason code = "AGE_OUT_OF_RANGE"'),
      },
    ]);

    // nothing applies before approval
    expect((await param1.get('/api/v1/decision/policies/age50-v2')).statusCode).toBe(404);
    expect((await activePolicy(ctx.db, '2026-02-01')).version).toBe('default-v1');

    const self = await param1.post(`/api/v1/review/requests/${reviewRequestId}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('REVIEW_SELF_APPROVAL');
    const ok = await param2.post(`/api/v1/review/requests/${reviewRequestId}/approve`, { comment: '年龄上限收紧至50岁' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('APPROVED');

    const tighter = await activePolicy(ctx.db, '2026-02-01');
    expect(tighter.version).toBe('age50-v2');
    expect((await activePolicy(ctx.db, '2026-03-15')).version).toBe('age50-v2');
    const before = await activePolicy(ctx.db, '2026-01-31');
    expect(before.version).toBe('default-v1');
    expect(await activePolicy(ctx.db, '2026-02-01')).toBe(tighter); // parsed once, then cached

    const at52 = await evaluatePolicy(tighter, aged(52));
    expect(at52.outcome).toBe('DECLINE');
    expect(at52.reasons.map((r) => r.code)).toEqual(['AGE_OUT_OF_RANGE']);
    expect((await evaluatePolicy(tighter, aged(50))).outcome).toBe('APPROVE');
    expect((await evaluatePolicy(before, aged(52))).outcome).toBe('APPROVE');

    // listed as scheduled today, with who made and checked it
    const ids = await queryRows<{ id: string; username: string }>(
      ctx.db,
      sql`SELECT id::text AS id, username FROM staff WHERE username IN ('param1', 'param2')`,
    );
    const idOf = (u: string) => Number(ids.find((r) => r.username === u)!.id);
    const items = (await param1.get('/api/v1/decision/policies')).json().items;
    expect(items.map((i: { version: string; status: string }) => [i.version, i.status])).toEqual([
      ['age50-v2', 'PENDING'],
      ['default-v1', 'ACTIVE'],
    ]);
    expect(items[0]).toMatchObject({ effectiveDate: '2026-02-01', createdBy: idOf('param1'), approvedBy: idOf('param2'), reviewRequestId });

    // the stored status follows the business date when refreshed (end-of-day)
    const stored = async () =>
      Object.fromEntries(
        (await queryRows<{ version: string; status: string }>(ctx.db, sql`SELECT version, status FROM decision_policies`)).map((r) => [
          r.version,
          r.status,
        ]),
      );
    expect(await stored()).toEqual({ 'default-v1': 'ACTIVE', 'age50-v2': 'PENDING' });
    await withTx(ctx.db, (tx) => refreshPolicyStatuses(tx, '2026-02-01'));
    expect(await stored()).toEqual({ 'default-v1': 'RETIRED', 'age50-v2': 'ACTIVE' });
    await withTx(ctx.db, (tx) => refreshPolicyStatuses(tx, BUSINESS_DATE));
    expect(await stored()).toEqual({ 'default-v1': 'ACTIVE', 'age50-v2': 'PENDING' });

    const applied = await queryRows(ctx.db, sql`SELECT 1 FROM audit_log WHERE action = 'decision.policy.apply' AND target_id = 'age50-v2'`);
    expect(applied).toHaveLength(1);
    const again = await param1.post('/api/v1/decision/policies', {
      version: 'age50-v2',
      effectiveDate: '2026-02-01',
      document: ageCappedAt50('age50-v2'),
    });
    expect(again.statusCode).toBe(409);
  });

  it('lets only the first of two pending submissions of one version be approved; the second stays pending', async () => {
    const submit = () =>
      param1.post('/api/v1/decision/policies', { version: 'twin-v3', effectiveDate: '2026-03-01', document: ageCappedAt50('twin-v3') });
    const first = (await submit()).json().reviewRequestId;
    const second = (await submit()).json().reviewRequestId;
    expect((await param2.post(`/api/v1/review/requests/${first}/approve`, {})).statusCode).toBe(200);
    const clash = await param2.post(`/api/v1/review/requests/${second}/approve`, {});
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('POLICY_VERSION_TAKEN');
    expect((await param2.get(`/api/v1/review/requests/${second}`)).json().status).toBe('PENDING');
    expect((await param2.post(`/api/v1/review/requests/${second}/reject`, { comment: '版本号重复' })).statusCode).toBe(200);
    expect((await activePolicy(ctx.db, '2026-03-01')).version).toBe('twin-v3');
  });

  it('dry-runs a stored version, the policy in force, or an unsaved draft, and records nothing', async () => {
    const records = await recordCount();
    const input = decisionInputToApi(aged(52));

    const today = await approver.post('/api/v1/decision/evaluate', { input });
    expect(today.statusCode).toBe(200);
    expect(today.json()).toMatchObject({
      policyVersion: 'default-v1',
      draft: false,
      outcome: 'APPROVE',
      grade: 'B',
      limit: '98000.00',
      annualRatePct: '3.95',
      reasons: [],
    });

    const tighter = await approver.post('/api/v1/decision/evaluate', { version: 'age50-v2', input });
    expect(tighter.json()).toMatchObject({ policyVersion: 'age50-v2', outcome: 'DECLINE', limit: '0.00', annualRatePct: '0.00' });
    expect(tighter.json().reasons).toEqual([
      {
        code: 'AGE_OUT_OF_RANGE',
        messageZh: '申请人年龄不在本产品的准入年龄范围内',
        messageEn: "The applicant's age is outside the product's eligible age range",
      },
    ]);
    expect(tighter.json().firedRules).toContainEqual(expect.objectContaining({ nodeId: 'knockout', ruleId: AGE_RULE }));

    const draftDoc = ageCappedAt50('my-draft');
    const grade = draftDoc.nodes.find((n) => n.id === 'grade')!.content as { rules: Array<Record<string, string>> };
    grade.rules.find((r) => r._id === 'gr.B')!['gr.out.spread'] = '1.05';
    const draft = await param1.post('/api/v1/decision/evaluate', { document: draftDoc, input: decisionInputToApi(aged(40)) });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ policyVersion: 'my-draft', draft: true, outcome: 'APPROVE', annualRatePct: '4.05' });

    const badDraft = await param1.post('/api/v1/decision/evaluate', { document: { ...draftDoc, edges: [] }, input });
    expect(badDraft.statusCode).toBe(422);
    expect(badDraft.json().code).toBe('POLICY_INVALID');
    const both = await param1.post('/api/v1/decision/evaluate', { version: 'default-v1', document: draftDoc, input });
    expect(both.statusCode).toBe(400);
    const unknown = await param1.post('/api/v1/decision/evaluate', { version: 'nope-v9', input });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('POLICY_NOT_FOUND');

    const badAmount = await param1.post('/api/v1/decision/evaluate', {
      input: { ...input, request: { amount: '30000.001', termMonths: 12 } },
    });
    expect(badAmount.statusCode).toBe(400);
    expect(badAmount.json().details.errors).toEqual([{ path: 'request.amount', message: expect.any(String) }]);
    const badAge = await param1.post('/api/v1/decision/evaluate', { input: { ...input, applicant: { ...input.applicant, age: 200 } } });
    expect(badAge.statusCode).toBe(400);
    expect(badAge.json().details.errors.map((e: { path: string }) => e.path)).toEqual(['applicant.age']);
    const boundary = await param1.post('/api/v1/decision/evaluate', {
      input: { ...input, request: { amount: '50000.00', termMonths: 12 } },
    });
    expect(boundary.json().outcome).toBe('APPROVE'); // exactly the auto-approve maximum
    const over = await param1.post('/api/v1/decision/evaluate', { input: { ...input, request: { amount: '50000.01', termMonths: 12 } } });
    expect(over.json()).toMatchObject({ outcome: 'REFER', reasons: [expect.objectContaining({ code: 'HIGH_AMOUNT' })] });

    expect((await officer.post('/api/v1/decision/evaluate', { input })).statusCode).toBe(403);
    expect(await recordCount()).toBe(records);
  });
});
