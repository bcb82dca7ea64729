/**
 * Review (AB角): a change is applied only when a different person with the checker permission,
 * inside their data scope, approves it; the database itself refuses self-approval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows, sql, withTx, type Tx } from '../../src/db/client.js';
import { AppError } from '../../src/kernel/errors.js';
import { wireModules } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { FieldCrypto } from '../../src/kernel/crypto.js';
import { buildServer } from '../../src/http/server.js';
import {
  approveRequest,
  getRequest,
  listPolicies,
  listRequests,
  rejectRequest,
  requestPolicyChange,
  reviewRoutes,
  submitChange,
  type ChangeTypeSpec,
} from '../../src/modules/review/index.js';
import { BRANCH_A, BRANCH_B, cmdOf, makeActor, seedBranches, seedStaff } from '../fixtures/access.js';
import { createMigratedDatabase, testEngines, type Database } from '../support/db.js';

interface NotePayload {
  text: string;
  branchId: number | null;
  /** Makes apply fail after it has written, to prove the approval rolls back. */
  failOnApply?: boolean;
}

/** A change type of this test only, added to the context's registry (as a module's door would hand it over). */
const noteChange: ChangeTypeSpec<NotePayload> = {
  type: 'TEST_NOTE',
  nameZh: '测试便签',
  nameEn: 'Test note',
  checkerPermission: 'review:check:STAFF_CREATE',
  titleZh: (p) => `新增便签：${p.text}`,
  titleEn: (p) => `New note: ${p.text}`,
  branchId: (p) => p.branchId,
  describe: async (_tx, p) => [{ field: 'text', label: '内容', before: null, after: p.text }],
  apply: async (tx: Tx, p, ctx) => {
    await tx.execute(
      sql`INSERT INTO review_test_notes (text, request_id, maker_id, checker_id)
          VALUES (${p.text}, ${ctx.requestId}, ${ctx.makerId}, ${ctx.checkerId})`,
    );
    if (p.failOnApply) throw new AppError('CONFLICT', { reason: 'planted failure' });
  },
};

const maker = makeActor({
  id: 11,
  username: 'maker',
  name: '制单人',
  permissions: ['review:read', 'staff:write', 'review:check:STAFF_CREATE'],
});
const checker = makeActor({ id: 12, username: 'checker', name: '复核人', permissions: ['review:read', 'review:check:STAFF_CREATE'] });
const reader = makeActor({ id: 13, username: 'reader', permissions: ['review:read'] });
const checkerA = makeActor({
  id: 14,
  username: 'checker_a',
  permissions: ['review:read', 'review:check:STAFF_CREATE'],
  scope: 'BRANCH',
  branch: BRANCH_A,
});
const checkerB = makeActor({
  id: 15,
  username: 'checker_b',
  permissions: ['review:read', 'review:check:STAFF_CREATE'],
  scope: 'BRANCH',
  branch: BRANCH_B,
});
const readerB = makeActor({ id: 16, username: 'reader_b', permissions: ['review:read'], scope: 'BRANCH', branch: BRANCH_B });

describe('the change-type registry the composition root builds', () => {
  it("holds every module's types and the ones a context is given", () => {
    const { changeTypes } = wireModules({ changeTypes: [noteChange] });
    const types = changeTypes.list().map((t) => t.type);
    expect(types).toEqual(expect.arrayContaining(['REVIEW_POLICY', 'IMPORT', 'STAFF_CREATE', 'REPAYMENT', 'DECISION_POLICY', 'TEST_NOTE']));
    expect(types).toEqual([...types].sort());
    expect(changeTypes.nameOf('TEST_NOTE', 'en')).toBe('Test note');
    expect(changeTypes.nameOf('NO_SUCH_TYPE', 'zh')).toBe('NO_SUCH_TYPE');
    // a context built without the test type does not know it: nothing is registered process-wide
    expect(wireModules().changeTypes.get('TEST_NOTE')).toBeUndefined();
  });

  it('refuses a type name listed twice, whether another spec or the same one again', () => {
    expect(() => wireModules({ changeTypes: [{ ...noteChange, type: 'REPAYMENT' }] })).toThrow(/REPAYMENT/);
    expect(() => wireModules({ changeTypes: [noteChange, noteChange] })).toThrow(/TEST_NOTE/);
  });
});

describe.each(testEngines())('review (AB角) on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  const db = () => database.db;

  const submit = (p: NotePayload, who = maker) =>
    withTx(db(), (tx) => submitChange<NotePayload>(ctx, tx, cmdOf(who), { type: 'TEST_NOTE', payload: p, targetType: 'note' }));
  const notes = () =>
    queryRows<{ text: string; request_id: string | number; maker_id: string | number; checker_id: string | number | null }>(
      db(),
      sql`SELECT text, request_id, maker_id, checker_id FROM review_test_notes ORDER BY id`,
    );
  const noteCount = async (text: string) =>
    Number((await queryOne<{ n: number }>(db(), sql`SELECT count(*) AS n FROM review_test_notes WHERE text = ${text}`))?.n);
  const statusOf = async (id: number) =>
    (await queryOne<{ status: string }>(db(), sql`SELECT status FROM review_requests WHERE id = ${id}`))?.status;
  const auditActions = async (id: number) =>
    (
      await queryRows<{ action: string }>(
        db(),
        sql`SELECT action FROM audit_log WHERE target_type = 'review_request' AND target_id = ${String(id)} ORDER BY at, chain, seq`,
      )
    ).map((r) => r.action);

  beforeAll(async () => {
    database = await createMigratedDatabase(kind);
    ctx = { config: testConfig(), database, db: database.db, crypto: {} as FieldCrypto, ...wireModules({ changeTypes: [noteChange] }) };
    await seedBranches(db());
    await seedStaff(db(), [maker, checker, reader, checkerA, checkerB, readerB]);
    await db().execute(sql`CREATE TABLE review_test_notes (
      id serial PRIMARY KEY, text text NOT NULL UNIQUE, request_id bigint, maker_id bigint, checker_id bigint)`);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('submit → listed as pending → approved by another person applies it and records both', async () => {
    const res = await submit({ text: 'first', branchId: null });
    expect(res.status).toBe('PENDING');
    expect(await noteCount('first')).toBe(0);

    const pending = await listRequests(ctx, checker, { status: 'PENDING', type: 'TEST_NOTE', page: 1, pageSize: 20 });
    const item = pending.items.find((i) => i.id === res.requestId);
    expect(item).toMatchObject({
      type: 'TEST_NOTE',
      typeName: '测试便签',
      title: '新增便签：first',
      status: 'PENDING',
      maker: { id: maker.staffId, username: 'maker', name: '制单人' },
      checker: null,
      diff: [{ field: 'text', label: '内容', before: null, after: 'first' }],
      importId: null,
      canCheck: true,
    });
    expect(pending.total).toBeGreaterThanOrEqual(1);
    // The maker sees their own request but may not check it.
    const mine = await getRequest(ctx, maker, res.requestId);
    expect(mine.canCheck).toBe(false);
    // English titles and type names on request.
    const en = await getRequest(ctx, checker, res.requestId, 'en');
    expect(en).toMatchObject({ title: 'New note: first', typeName: 'Test note' });

    const approved = await approveRequest(ctx, cmdOf(checker), res.requestId, '  同意  ');
    expect(approved).toMatchObject({
      status: 'APPROVED',
      maker: { id: maker.staffId },
      checker: { id: checker.staffId, username: 'checker' },
      comment: '同意',
      canCheck: false,
    });
    expect(approved.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const applied = (await notes()).find((n) => n.text === 'first');
    expect(applied).toBeDefined();
    expect(Number(applied!.request_id)).toBe(res.requestId);
    expect(Number(applied!.maker_id)).toBe(maker.staffId);
    expect(Number(applied!.checker_id)).toBe(checker.staffId);
    expect(await auditActions(res.requestId)).toEqual(['review.submit', 'review.approve']);
  });

  it("refuses approval of one's own request, applies nothing, and the database refuses it too", async () => {
    const res = await submit({ text: 'self', branchId: null });
    await expect(approveRequest(ctx, cmdOf(maker), res.requestId)).rejects.toMatchObject({ code: 'REVIEW_SELF_APPROVAL' });
    await expect(rejectRequest(ctx, cmdOf(maker), res.requestId, 'no')).rejects.toMatchObject({
      code: 'REVIEW_SELF_APPROVAL',
    });
    expect(await statusOf(res.requestId)).toBe('PENDING');
    expect(await noteCount('self')).toBe(0);

    // Even a direct UPDATE cannot make the maker the checker.
    await expect(
      db().execute(
        sql`UPDATE review_requests SET status = 'APPROVED', checker_id = maker_id, checker_username = maker_username,
              decided_at = now() WHERE id = ${res.requestId}`,
      ),
    ).rejects.toSatisfy((e: unknown) =>
      /review_requests_four_eyes/.test(String((e as Error).message) + String((e as { cause?: Error }).cause?.message)),
    );
    // …and a decided row must name its checker.
    await expect(
      db().execute(sql`UPDATE review_requests SET status = 'APPROVED', decided_at = now() WHERE id = ${res.requestId}`),
    ).rejects.toThrow();
    expect(await statusOf(res.requestId)).toBe('PENDING');
  });

  it('refuses a checker without the type’s checker permission', async () => {
    const res = await submit({ text: 'no-permission', branchId: null });
    await expect(approveRequest(ctx, cmdOf(reader), res.requestId)).rejects.toMatchObject({
      code: 'REVIEW_CHECKER_FORBIDDEN',
    });
    const seen = await getRequest(ctx, reader, res.requestId);
    expect(seen.canCheck).toBe(false);
    expect(await noteCount('no-permission')).toBe(0);
    expect(await statusOf(res.requestId)).toBe('PENDING');
  });

  it('hides a branch’s request from a checker of another branch and refuses their decision', async () => {
    const res = await submit({ text: 'branch-a', branchId: BRANCH_A.id });
    await expect(approveRequest(ctx, cmdOf(checkerB), res.requestId)).rejects.toMatchObject({ code: 'REVIEW_NOT_FOUND' });
    await expect(rejectRequest(ctx, cmdOf(checkerB), res.requestId, 'no')).rejects.toMatchObject({
      code: 'REVIEW_NOT_FOUND',
    });
    await expect(getRequest(ctx, checkerB, res.requestId)).rejects.toMatchObject({ code: 'REVIEW_NOT_FOUND' });
    const listB = await listRequests(ctx, checkerB, { page: 1, pageSize: 100 });
    expect(listB.items.map((i) => i.id)).not.toContain(res.requestId);
    expect(await noteCount('branch-a')).toBe(0);

    // Bank-wide requests: visible to branch-scope checkers of the type, not to branch readers.
    const bankWide = await submit({ text: 'bank-wide', branchId: null });
    expect((await listRequests(ctx, checkerB, { page: 1, pageSize: 100 })).items.map((i) => i.id)).toContain(bankWide.requestId);
    expect((await listRequests(ctx, readerB, { page: 1, pageSize: 100 })).items.map((i) => i.id)).not.toContain(bankWide.requestId);

    // The checker of branch A may decide it.
    const listA = await listRequests(ctx, checkerA, { status: 'PENDING', page: 1, pageSize: 100 });
    expect(listA.items.find((i) => i.id === res.requestId)?.canCheck).toBe(true);
    await approveRequest(ctx, cmdOf(checkerA), res.requestId);
    expect(await noteCount('branch-a')).toBe(1);
  });

  it('rejection needs a comment, applies nothing, and closes the request', async () => {
    const res = await submit({ text: 'rejected', branchId: null });
    await expect(rejectRequest(ctx, cmdOf(checker), res.requestId, '')).rejects.toMatchObject({
      code: 'REVIEW_COMMENT_REQUIRED',
    });
    await expect(rejectRequest(ctx, cmdOf(checker), res.requestId, '   ')).rejects.toMatchObject({
      code: 'REVIEW_COMMENT_REQUIRED',
    });
    expect(await statusOf(res.requestId)).toBe('PENDING');

    const rejected = await rejectRequest(ctx, cmdOf(checker), res.requestId, '内容有误');
    expect(rejected).toMatchObject({ status: 'REJECTED', comment: '内容有误', checker: { id: checker.staffId } });
    expect(await noteCount('rejected')).toBe(0);
    expect(await auditActions(res.requestId)).toEqual(['review.submit', 'review.reject']);
    await expect(approveRequest(ctx, cmdOf(checker), res.requestId)).rejects.toMatchObject({ code: 'REVIEW_NOT_PENDING' });
  });

  it('refuses a second approval', async () => {
    const res = await submit({ text: 'twice', branchId: null });
    await approveRequest(ctx, cmdOf(checker), res.requestId);
    await expect(approveRequest(ctx, cmdOf(checker), res.requestId)).rejects.toMatchObject({ code: 'REVIEW_NOT_PENDING' });
    await expect(approveRequest(ctx, cmdOf(checkerA), res.requestId)).rejects.toMatchObject({ code: 'REVIEW_NOT_PENDING' });
    expect(await noteCount('twice')).toBe(1);
  });

  it('rolls the whole approval back when apply fails, leaving the request pending', async () => {
    const res = await submit({ text: 'fails', branchId: null, failOnApply: true });
    const err = await approveRequest(ctx, cmdOf(checker), res.requestId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect(await noteCount('fails')).toBe(0);
    expect(await statusOf(res.requestId)).toBe('PENDING');
    expect(await auditActions(res.requestId)).toEqual(['review.submit']);
    const view = await getRequest(ctx, checker, res.requestId);
    expect(view).toMatchObject({ status: 'PENDING', checker: null, decidedAt: null, canCheck: true });
  });

  it('maps a constraint violation during apply to REVIEW_APPLY_FAILED and rolls back', async () => {
    const res = await submit({ text: 'dup', branchId: null });
    await db().execute(sql`INSERT INTO review_test_notes (text) VALUES ('dup')`); // planted after submission
    await expect(approveRequest(ctx, cmdOf(checker), res.requestId)).rejects.toMatchObject({
      code: 'REVIEW_APPLY_FAILED',
    });
    expect(await statusOf(res.requestId)).toBe('PENDING');
    expect(await noteCount('dup')).toBe(1);
  });

  it('applies directly when the (reviewed) policy says the type needs no review', async () => {
    const policy = await withTx(db(), (tx) => requestPolicyChange(ctx, tx, cmdOf(maker), 'TEST_NOTE', false));
    expect(await statusOf(policy.reviewRequestId)).toBe('PENDING');
    const view = await getRequest(ctx, checker, policy.reviewRequestId);
    expect(view).toMatchObject({
      type: 'REVIEW_POLICY',
      diff: [{ field: 'reviewRequired', before: '需要复核', after: '无需复核（提交即生效）' }],
      canCheck: true,
    });
    // Still pending: the next TEST_NOTE is reviewed.
    expect((await submit({ text: 'before-policy', branchId: null })).status).toBe('PENDING');
    await expect(approveRequest(ctx, cmdOf(maker), policy.reviewRequestId)).rejects.toMatchObject({
      code: 'REVIEW_SELF_APPROVAL',
    });
    await approveRequest(ctx, cmdOf(checker), policy.reviewRequestId);
    expect((await listPolicies(ctx)).find((p) => p.changeType === 'TEST_NOTE')).toMatchObject({
      reviewRequired: false,
      configurable: true,
    });

    const direct = await submit({ text: 'direct', branchId: null });
    expect(direct.status).toBe('APPLIED_DIRECTLY');
    expect(await noteCount('direct')).toBe(1);
    const row = await getRequest(ctx, maker, direct.requestId);
    expect(row).toMatchObject({ status: 'APPLIED_DIRECTLY', maker: { id: maker.staffId }, checker: null, canCheck: false });
    expect(row.decidedAt).not.toBeNull();
    const applied = (await notes()).find((n) => n.text === 'direct');
    expect(Number(applied!.maker_id)).toBe(maker.staffId);
    expect(applied!.checker_id).toBeNull();

    // The review policy itself can never be exempted, in code and in the database.
    await expect(withTx(db(), (tx) => requestPolicyChange(ctx, tx, cmdOf(maker), 'REVIEW_POLICY', false))).rejects.toMatchObject({
      code: 'REVIEW_POLICY_LOCKED',
    });
    await expect(
      db().execute(sql`INSERT INTO review_policies (change_type, review_required) VALUES ('REVIEW_POLICY', false)`),
    ).rejects.toThrow();
    await expect(withTx(db(), (tx) => requestPolicyChange(ctx, tx, cmdOf(maker), 'NO_SUCH_TYPE', false))).rejects.toMatchObject({
      code: 'REVIEW_TYPE_UNKNOWN',
    });

    // Back to reviewed, for the HTTP test below.
    const back = await withTx(db(), (tx) => requestPolicyChange(ctx, tx, cmdOf(maker), 'TEST_NOTE', true));
    await approveRequest(ctx, cmdOf(checker), back.reviewRequestId);
    expect((await submit({ text: 'after-policy', branchId: null })).status).toBe('PENDING');
  });

  it('serves the routes: list, detail in English, approve, reject, policies', async () => {
    const tokens = new Map([
      ['t-maker', maker],
      ['t-checker', checker],
      ['t-reader', reader],
    ]);
    const app = await buildServer({
      ctx,
      authenticate: async (t) => tokens.get(t) ?? null,
      modules: [reviewRoutes],
      logger: false,
    });
    try {
      const res = await submit({ text: 'http', branchId: null });
      const auth = (t: string) => ({ authorization: `Bearer ${t}` });

      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/review/requests?status=PENDING&page=1&pageSize=5',
        headers: auth('t-checker'),
      });
      expect(list.statusCode).toBe(200);
      const body = list.json();
      expect(body).toMatchObject({ page: 1, pageSize: 5 });
      expect(body.items.length).toBeLessThanOrEqual(5);
      expect(body.items[0]).toMatchObject({ id: res.requestId, canCheck: true, title: '新增便签：http' });

      const en = await app.inject({
        method: 'GET',
        url: `/api/v1/review/requests/${res.requestId}`,
        headers: { ...auth('t-checker'), 'accept-language': 'en-US,en;q=0.9' },
      });
      expect(en.json()).toMatchObject({ title: 'New note: http', typeName: 'Test note' });

      const self = await app.inject({
        method: 'POST',
        url: `/api/v1/review/requests/${res.requestId}/approve`,
        headers: auth('t-maker'),
        payload: {},
      });
      expect(self.statusCode).toBe(403);
      expect(self.json()).toMatchObject({ code: 'REVIEW_SELF_APPROVAL' });

      const noComment = await app.inject({
        method: 'POST',
        url: `/api/v1/review/requests/${res.requestId}/reject`,
        headers: auth('t-checker'),
        payload: { comment: ' ' },
      });
      expect(noComment.statusCode).toBe(400);
      expect(noComment.json()).toMatchObject({ code: 'REVIEW_COMMENT_REQUIRED' });

      const ok = await app.inject({
        method: 'POST',
        url: `/api/v1/review/requests/${res.requestId}/approve`,
        headers: auth('t-checker'),
        payload: { comment: 'ok' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'APPROVED', checker: { username: 'checker' } });

      const policies = await app.inject({ method: 'GET', url: '/api/v1/review/policies', headers: auth('t-reader') });
      expect(policies.statusCode).toBe(200);
      expect(policies.json().items).toEqual(
        expect.arrayContaining([expect.objectContaining({ changeType: 'REVIEW_POLICY', reviewRequired: true, configurable: false })]),
      );
      const put = await app.inject({
        method: 'PUT',
        url: '/api/v1/review/policies/TEST_NOTE',
        headers: auth('t-maker'),
        payload: { reviewRequired: false },
      });
      expect(put.statusCode).toBe(202);
      expect(await statusOf(put.json().reviewRequestId)).toBe('PENDING');
      const forbidden = await app.inject({
        method: 'PUT',
        url: '/api/v1/review/policies/TEST_NOTE',
        headers: auth('t-reader'),
        payload: { reviewRequired: false },
      });
      expect(forbidden.statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});
