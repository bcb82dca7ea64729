/**
 * The customer profile corrected by hand and cross-checked (AB角, issue 13 §5), on every engine: a
 * submitted change leaves the customer as it was until a second credit staff member approves it; the
 * maker can never approve their own; a rejection changes nothing; bad values are refused with a code;
 * scope limits maker and checker; personal data is masked in the diff and in the history unless the
 * viewer holds pii:unmask; every changed field is kept in the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_COMMAND, type HuinongApp } from '../../src/app.js';
import { queryOne, sql, withTx } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { createStaffDirect, staffIdByUsername } from '../../src/modules/access/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { readSheet } from '../support/xlsx.js';

type Client = ReturnType<typeof client>;

const FULL_CHANGE = {
  mobile: '13905379911',
  residence: '山东省济宁市兖州区鼓楼街道建设路 18 号',
  occupation: '个体经营',
  employer: '兖州区鼓楼农贸市场',
  monthlyIncome: '12500.00',
  maritalStatus: 'MARRIED',
  dependants: 2,
  spouseName: '王秀英',
  collateralNotes: '自有商铺一间，约 40 平方米',
};

describe.each(testEngines())('customer profile cross-check (AB角) on %s', (kind) => {
  let app: HuinongApp;
  let officer1: Client;
  let officer2: Client;
  let officerLq: Client;
  let inspector1: Client;
  let approver: Client;
  let exec: Client;
  let customerId: number;
  const ids: Record<string, number> = {};

  async function detail(c: Client = officer1) {
    const res = await c.get(`/api/v1/customers/${customerId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    const ctx = app.ctx;
    await createStaffDirect(ctx, SYSTEM_COMMAND, {
      username: 'officer2',
      name: '钱程',
      branchCode: 'YZ-GL',
      mobile: '13805370021',
      roles: ['loan_officer'],
      password: DEMO_PASSWORD,
    });
    await createStaffDirect(ctx, SYSTEM_COMMAND, {
      username: 'officerlq',
      name: '冯燕',
      branchCode: 'YZ-LQ',
      mobile: '13805370022',
      roles: ['loan_officer'],
      password: DEMO_PASSWORD,
    });
    for (const u of ['officer1', 'officer2', 'inspector1', 'approver1']) ids[u] = (await staffIdByUsername(ctx.db, u))!;
    const gl = await branchByCode(ctx.db, 'YZ-GL');
    const { customer } = await withTx(ctx.db, (tx) =>
      ensureCustomer(tx, ctx.crypto, {
        name: '李建华',
        idNumber: makeIdNumber('37081219800101301'),
        mobile: '13905371201',
        branchId: gl!.id,
        officerId: ids.officer1,
        occupation: '农户',
        monthlyIncomeFen: 500_000n,
      }),
    );
    customerId = customer.id;
    officer1 = client(app.server, await loginAs(app.server, 'officer1'));
    officer2 = client(app.server, await loginAs(app.server, 'officer2'));
    inspector1 = client(app.server, await loginAs(app.server, 'inspector1'));
    officerLq = client(app.server, await loginAs(app.server, 'officerlq'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    exec = client(app.server, await loginAs(app.server, 'exec1'));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('refuses bad values with 400/422 and a code, and records nothing', async () => {
    const url = `/api/v1/customers/${customerId}/profile-changes`;
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['a malformed mobile', { mobile: '12345' }, 400, 'INVALID_MOBILE'],
      ['a negative income', { monthlyIncome: '-1.00' }, 400, 'CUSTOMER_PROFILE_INVALID'],
      ['an income beyond the cap', { monthlyIncome: '10000000.01' }, 400, 'CUSTOMER_PROFILE_INVALID'],
      ['an employer of 101 characters', { employer: '农'.repeat(101) }, 400, 'CUSTOMER_PROFILE_INVALID'],
      ['a spouse name with digits', { maritalStatus: 'MARRIED', spouseName: '王2' }, 400, 'CUSTOMER_PROFILE_INVALID'],
      ['21 dependants', { dependants: 21 }, 400, 'VALIDATION_FAILED'],
      ['an unknown field', { nickname: '小李' }, 400, 'VALIDATION_FAILED'],
      ['an unknown marital status', { maritalStatus: 'ENGAGED' }, 400, 'VALIDATION_FAILED'],
      ['a spouse of a single customer', { maritalStatus: 'SINGLE', spouseName: '王秀英' }, 422, 'CUSTOMER_PROFILE_INCONSISTENT'],
      ['a spouse with no marital status', { spouseName: '王秀英' }, 422, 'CUSTOMER_PROFILE_INCONSISTENT'],
      ['the values already held', { occupation: '农户', monthlyIncome: '5000.00' }, 422, 'CUSTOMER_PROFILE_NO_CHANGE'],
      ['nothing at all', {}, 422, 'CUSTOMER_PROFILE_NO_CHANGE'],
    ];
    for (const [what, body, status, code] of cases) {
      const res = await officer1.post(url, body);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      expect(res.json().code, what).toBe(code);
    }
    const sub = await officer1.post(url, { residence: '' });
    // an empty text clears a field that is already empty: nothing to review
    expect(sub.json().code).toBe('CUSTOMER_PROFILE_NO_CHANGE');
    const n = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM review_requests WHERE change_type = 'CUSTOMER_PROFILE'`,
    );
    expect(n?.n).toBe('0');
  });

  it('keeps makers to their scope and permission: another officer 404, an approver 403', async () => {
    const other = await officer2.post(`/api/v1/customers/${customerId}/profile-changes`, { occupation: '教师' });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('CUSTOMER_NOT_FOUND');
    const noRight = await approver.post(`/api/v1/customers/${customerId}/profile-changes`, { occupation: '教师' });
    expect(noRight.statusCode).toBe(403);
  });

  let requestId: number;
  it('records a submitted change without changing the customer, with a masked diff', async () => {
    const before = await detail();
    const res = await officer1.post(`/api/v1/customers/${customerId}/profile-changes`, FULL_CHANGE);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ reviewRequestId: expect.any(Number), status: 'PENDING' });
    requestId = res.json().reviewRequestId;

    const after = await detail();
    expect(after).toEqual({ ...before, pendingProfileChangeId: requestId });
    expect(after.occupation).toBe('农户');
    expect(after.mobileMasked).toBe('139****1201');

    // the checker's view of the request: Chinese labels, personal values masked
    const req = await officer2.get(`/api/v1/review/requests/${requestId}`);
    expect(req.statusCode, req.body).toBe(200);
    expect(req.json()).toMatchObject({ type: 'CUSTOMER_PROFILE', status: 'PENDING', canCheck: true });
    expect(req.json().title).toContain('资料变更');
    const diff = req.json().diff as Array<{ field: string; label: string; before: string | null; after: string | null }>;
    expect(diff.map((d) => d.field)).toEqual([
      'mobile',
      'residence',
      'occupation',
      'employer',
      'monthlyIncome',
      'maritalStatus',
      'dependants',
      'spouseName',
      'collateralNotes',
    ]);
    expect(diff[0]).toEqual({ field: 'mobile', label: '手机号', before: '139****1201', after: '139****9911' });
    expect(diff.find((d) => d.field === 'spouseName')).toEqual({ field: 'spouseName', label: '配偶姓名', before: null, after: '王**' });
    expect(diff.find((d) => d.field === 'residence')?.after).toMatch(/^山东省济宁市\*+$/);
    expect(diff.find((d) => d.field === 'monthlyIncome')).toMatchObject({ label: '月收入（元）', before: '5000.00', after: '12500.00' });
    expect(diff.find((d) => d.field === 'maritalStatus')?.after).toBe('已婚');
    expect(diff.find((d) => d.field === 'dependants')?.after).toBe('2 人');
    expect(req.body).not.toContain('13905379911');
    expect(req.body).not.toContain('王秀英');
    // nor in clear in the stored request
    const stored = await queryOne<{ p: string }>(app.ctx.db, sql`SELECT payload::text AS p FROM review_requests WHERE id = ${requestId}`);
    expect(stored?.p).not.toContain('13905379911');
    expect(stored?.p).not.toContain('王秀英');
  });

  it('shows the pending change whole only to a pii:unmask holder, and audits that view', async () => {
    const masked = await exec.get(`/api/v1/customers/${customerId}/profile-changes/pending`);
    expect(masked.statusCode, masked.body).toBe(200);
    expect(masked.json()).toMatchObject({ reviewRequestId: requestId, unmasked: false, makerId: ids.officer1, makerName: '周伟' });
    expect(masked.body).not.toContain('13905379911');
    const audits = async () =>
      Number(
        (
          await queryOne<{ n: string }>(
            app.ctx.db,
            sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'pii.unmask' AND target_id = ${String(customerId)}`,
          )
        )?.n,
      );
    const n0 = await audits();
    const whole = await approver.get(`/api/v1/customers/${customerId}/profile-changes/pending`);
    expect(whole.json().unmasked).toBe(true);
    expect(whole.json().lines[0]).toEqual({ field: 'mobile', label: '手机号', before: '13905371201', after: '13905379911' });
    expect(whole.json().lines.find((l: { field: string }) => l.field === 'spouseName').after).toBe('王秀英');
    expect(await audits()).toBe(n0 + 1);
  });

  it('refuses a second pending change for the customer with 409', async () => {
    const res = await officer1.post(`/api/v1/customers/${customerId}/profile-changes`, { occupation: '教师' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CUSTOMER_PROFILE_CHANGE_PENDING');
  });

  it('never lets the maker approve their own change, nor a checker outside the branch', async () => {
    const own = await officer1.post(`/api/v1/review/requests/${requestId}/approve`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('REVIEW_SELF_APPROVAL');
    // a credit staff member without the checker permission (an inspector collects, does not check)
    expect((await inspector1.post(`/api/v1/review/requests/${requestId}/approve`, {})).statusCode).toBe(403);
    const far = await officerLq.post(`/api/v1/review/requests/${requestId}/approve`, {});
    expect(far.statusCode).toBe(404);
    expect((await officerLq.get(`/api/v1/customers/${customerId}`)).statusCode).toBe(404);
    expect((await detail()).occupation).toBe('农户');
  });

  it('applies the change when a second credit staff member approves it, and keeps each field in the history', async () => {
    const ok = await officer2.post(`/api/v1/review/requests/${requestId}/approve`, { comment: '已电话核实' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('APPROVED');

    const d = await detail();
    expect(d).toMatchObject({
      mobileMasked: '139****9911',
      residence: FULL_CHANGE.residence,
      occupation: '个体经营',
      employer: '兖州区鼓楼农贸市场',
      monthlyIncome: '12500.00',
      maritalStatus: 'MARRIED',
      dependants: 2,
      spouseNameMasked: '王**',
      collateralNotes: FULL_CHANGE.collateralNotes,
      pendingProfileChangeId: null,
    });
    // the new mobile is the one searched by and shown whole
    const found = await officer1.get('/api/v1/customers?q=13905379911');
    expect(found.json().items.map((c: { id: number }) => c.id)).toEqual([customerId]);
    expect((await officer1.get(`/api/v1/customers/${customerId}/pii`)).json().mobile).toBe('13905379911');

    const h = await officer1.get(`/api/v1/customers/${customerId}/profile-history?pageSize=50`);
    expect(h.statusCode, h.body).toBe(200);
    expect(h.json().total).toBe(9);
    const mobile = h.json().items.find((i: { field: string }) => i.field === 'mobile');
    expect(mobile).toMatchObject({
      label: '手机号',
      before: '139****1201',
      after: '139****9911',
      reviewRequestId: requestId,
      makerId: ids.officer1,
      makerName: '周伟',
      checkerId: ids.officer2,
      checkerName: '钱程',
      businessDate: '2026-01-01',
    });
    expect(h.body).not.toContain('王秀英');
    // personal values kept encrypted, never in clear
    const enc = await queryOne<{ a: string | null; d: string | null }>(
      app.ctx.db,
      sql`SELECT after_enc AS a, after_display AS d FROM customer_profile_history WHERE customer_id = ${customerId} AND field = 'mobile'`,
    );
    expect(enc?.a).not.toBeNull();
    expect(enc?.a).not.toContain('13905379911');
    expect(app.ctx.crypto.decrypt(enc!.a!)).toBe('13905379911');
    const income = await officer1.get(`/api/v1/customers/${customerId}/profile-history?field=monthlyIncome`);
    expect(income.json().items).toEqual([expect.objectContaining({ before: '5000.00', after: '12500.00' })]);

    const x = await app.server.inject({
      method: 'GET',
      url: `/api/v1/customers/${customerId}/profile-history?format=xlsx`,
      headers: { authorization: `Bearer ${await loginAs(app.server, 'officer1')}` },
    });
    expect(x.statusCode).toBe(200);
    const rows = await readSheet(x.rawPayload);
    expect(rows[0]).toEqual(['生效时间', '营业日期', '字段', '变更前', '变更后', '经办人（A角）', '复核人（B角）', '复核申请编号']);
    expect(rows).toHaveLength(10);
    expect(rows.flat().join('|')).not.toContain('13905379911');
  });

  it('leaves the customer as it was when the change is rejected, and frees the customer for a new one', async () => {
    // made by an inspector of the branch, rejected by the customer's officer
    const sub = await inspector1.post(`/api/v1/customers/${customerId}/profile-changes`, { occupation: '教师', dependants: null });
    expect(sub.statusCode, sub.body).toBe(201);
    const id = sub.json().reviewRequestId;
    const rej = await officer1.post(`/api/v1/review/requests/${id}/reject`, { comment: '单位证明不符' });
    expect(rej.statusCode, rej.body).toBe(200);
    const d = await detail();
    expect(d).toMatchObject({ occupation: '个体经营', dependants: 2, pendingProfileChangeId: null });
    expect((await officer1.get(`/api/v1/customers/${customerId}/profile-history`)).json().total).toBe(9);
    expect((await officer1.get(`/api/v1/customers/${customerId}/profile-changes/pending`)).statusCode).toBe(404);
    // a later change that clears the spouse with the marriage is consistent and accepted
    const again = await officer1.post(`/api/v1/customers/${customerId}/profile-changes`, { maritalStatus: 'DIVORCED', spouseName: null });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('refuses to apply a change whose fields moved since submission (409), leaving it pending', async () => {
    const pending = (await detail()).pendingProfileChangeId as number;
    await app.ctx.db.execute(sql`UPDATE customers SET marital_status = 'WIDOWED' WHERE id = ${customerId}`);
    const res = await approver.post(`/api/v1/review/requests/${pending}/approve`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CUSTOMER_PROFILE_STALE');
    expect((await detail()).pendingProfileChangeId).toBe(pending);
    expect((await approver.post(`/api/v1/review/requests/${pending}/reject`, { comment: '资料已变，重新提交' })).statusCode).toBe(200);
  });
});
