/**
 * Key customer groups (重点客群, issue 14 §5), on every engine: a branch head names a group with its key
 * person and officer (bad branch or officer refused with nothing written; an officer may not name one);
 * its code, share link and QR code; members added one by one, de-duplicated by ID number; the figures
 * (members, applied, approved, disbursed, balance) computed from the members' applications and loans,
 * a member who applied after being added included; the list under data scope with its Excel export;
 * an audited edit; the figures per branch; an application through the group's link (channel GROUP with
 * the code) making the applicant a member, an unknown code refused with nothing written; and the branches
 * that name no group yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/index.js';
import { staffIdByUsername } from '../../src/modules/access/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { CONSENTS, openXinEDaiLoan } from '../support/lending.js';
import { readSheet } from '../support/xlsx.js';

type Client = ReturnType<typeof client>;

const PEOPLE = {
  borrower: { name: '孙借款', idNumber: makeIdNumber('37081219850101771'), mobile: '13905378101' },
  applicant: { name: '钱申请', idNumber: makeIdNumber('37081219900202772'), mobile: '13905378102' },
  person: { name: '周村民', idNumber: makeIdNumber('37081219910303773'), mobile: '13905378103' },
  linked: { name: '吴扫码', idNumber: makeIdNumber('37081219920404774'), mobile: '13905378104' },
};

describe.each(testEngines())('key customer groups on %s', (kind) => {
  let app: HuinongApp;
  let head: Client;
  let officer: Client;
  let approver: Client;
  let exec: Client;
  let glId: number;
  let officerId: number;
  let groupId: number;
  let borrowerId: number;

  const groupsCount = async () =>
    Number((await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM customer_groups`))!.n);

  beforeAll(async () => {
    app = await createTestApp(kind);
    head = client(app.server, await loginAs(app.server, 'head1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    glId = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    officerId = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    // a customer with a ¥10,000 loan, who will be a member
    const loanId = await openXinEDaiLoan(officer, approver, PEOPLE.borrower, '10000.00', 'grp');
    borrowerId = (await officer.get(`/api/v1/loans/${loanId}`)).json().customerId;
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('names a group with its key person and officer, and gives it a code, a share link and a QR code', async () => {
    const res = await head.post('/api/v1/groups', {
      kind: 'VILLAGE',
      name: '大屯村',
      branchId: glId,
      officerId,
      keyPerson: { name: '刘支书', mobile: '13905378199' },
      note: '村两委推荐',
    });
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json();
    groupId = g.id;
    expect(g).toMatchObject({
      kind: 'VILLAGE',
      name: '大屯村',
      branch: { id: glId, name: '鼓楼支行' },
      officer: { id: officerId, name: '周伟' },
      keyPerson: { customerId: null, nameMasked: '刘**', mobileMasked: '139****8199' },
      members: 0,
    });
    expect(g.code).toMatch(/^G[A-Z2-9]{8}$/);
    expect(g.share.code).toBe(g.code);
    expect(g.share.link).toMatch(new RegExp(`/m/\\?group=${g.code}$`));
    expect(g.share.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(g.figures).toEqual({
      members: 0,
      customers: 0,
      applied: 0,
      approved: 0,
      disbursedCount: 0,
      disbursedAmount: '0.00',
      balance: '0.00',
      preCredited: 0,
      activated: 0,
    });
    const audit = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'group.create' AND target_id = ${String(groupId)}`,
    );
    expect(audit!.n).toBe('1');
  });

  it('refuses a branch outside scope, an officer who is not a loan officer of the branch, or an officer naming a group — nothing written', async () => {
    const before = await groupsCount();
    const lq = Number((await branchByCode(app.ctx.db, 'YZ-LQ'))!.id);
    const outside = await head.post('/api/v1/groups', {
      kind: 'MARKET',
      name: '龙桥市场',
      branchId: lq,
      officerId,
      keyPerson: { customerId: borrowerId },
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().code).toBe('GROUP_BRANCH_INVALID');
    const approverId = (await staffIdByUsername(app.ctx.db, 'approver1'))!;
    const notOfficer = await head.post('/api/v1/groups', {
      kind: 'MARKET',
      name: '鼓楼市场',
      branchId: glId,
      officerId: approverId,
      keyPerson: { customerId: borrowerId },
    });
    expect(notOfficer.statusCode).toBe(422);
    expect(notOfficer.json().code).toBe('GROUP_OFFICER_INVALID');
    const badMobile = await head.post('/api/v1/groups', {
      kind: 'MARKET',
      name: '鼓楼市场',
      branchId: glId,
      officerId,
      keyPerson: { name: '某', mobile: '123' },
    });
    expect(badMobile.statusCode).toBe(400);
    const byOfficer = await officer.post('/api/v1/groups', {
      kind: 'MARKET',
      name: '鼓楼市场',
      branchId: glId,
      officerId,
      keyPerson: { customerId: borrowerId },
    });
    expect(byOfficer.statusCode).toBe(403);
    const unknownKind = await head.post('/api/v1/groups', {
      kind: 'CLUB',
      name: '俱乐部',
      branchId: glId,
      officerId,
      keyPerson: { customerId: borrowerId },
    });
    expect(unknownKind.statusCode).toBe(400);
    expect(await groupsCount()).toBe(before);
  });

  it('adds members one by one — a customer, or a person by name, ID number and mobile — once per ID number', async () => {
    const a = await officer.post(`/api/v1/groups/${groupId}/members`, { customerId: borrowerId });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ added: true, member: { customerId: borrowerId, nameMasked: '孙**', source: 'ADDED' } });
    // the same person again, by ID number: no second member
    const again = await officer.post(`/api/v1/groups/${groupId}/members`, PEOPLE.borrower);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ added: false, member: { customerId: borrowerId } });
    for (const p of [PEOPLE.applicant, PEOPLE.person]) {
      const res = await officer.post(`/api/v1/groups/${groupId}/members`, p);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().member.customerId).toBeNull();
    }
    const bad = await officer.post(`/api/v1/groups/${groupId}/members`, { ...PEOPLE.person, idNumber: '370812199103037739' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('INVALID_ID_NUMBER');
    const members = await head.get(`/api/v1/groups/${groupId}/members`);
    expect(members.statusCode, members.body).toBe(200);
    expect(members.json().total).toBe(3);
    expect(members.json().items.map((m: { nameMasked: string }) => m.nameMasked)).toEqual(['孙**', '钱**', '周**']);
    expect((await officer.post('/api/v1/groups/999999/members', PEOPLE.person)).statusCode).toBe(404);
  });

  it('computes the figures from the members’ applications and loans, a member who applied after being added included', async () => {
    const res = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...PEOPLE.applicant, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '20000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(res.statusCode, res.body).toBe(201);
    const approvedNow = res.json().status === 'APPROVED' ? 1 : 0;
    const g = (await head.get(`/api/v1/groups/${groupId}`)).json();
    expect(g.members).toBe(3);
    expect(g.figures).toEqual({
      members: 3,
      customers: 2,
      applied: 2,
      approved: 1 + approvedNow,
      disbursedCount: 1,
      disbursedAmount: '10000.00',
      balance: '10000.00',
      preCredited: 0,
      activated: 0,
    });
    const byBranch = await exec.get('/api/v1/groups/branch-figures');
    expect(byBranch.statusCode, byBranch.body).toBe(200);
    expect(byBranch.json().items).toEqual([{ branch: { id: glId, name: '鼓楼支行' }, groups: 1, ...g.figures }]);
  });

  it('lists the groups in scope, with an Excel export, and records an edit in the audit log', async () => {
    const list = await head.get('/api/v1/groups?kind=VILLAGE');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, page: 1, items: [{ id: groupId, members: 3 }] });
    expect((await officer.get('/api/v1/groups')).json().total).toBe(1);
    expect((await head.get('/api/v1/groups?kind=MARKET')).json().total).toBe(0);
    const xlsx = await exec.get('/api/v1/groups?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const rows = await readSheet(xlsx.rawPayload);
    expect(rows[0].slice(0, 5)).toEqual(['编号', '客群码', '类型', '客群名称', '所属机构']);
    expect(rows[1].slice(2, 5)).toEqual(['行政村', '大屯村', '鼓楼支行']);
    const edit = await head.patch(`/api/v1/groups/${groupId}`, { name: '大屯村（整村授信）', keyPerson: { customerId: borrowerId } });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ name: '大屯村（整村授信）', keyPerson: { customerId: borrowerId, nameMasked: '孙**' } });
    const audit = await queryOne<{ summary: Record<string, unknown> }>(
      app.ctx.db,
      sql`SELECT summary FROM audit_log WHERE action = 'group.update' AND target_id = ${String(groupId)}`,
    );
    expect(audit!.summary).toMatchObject({ name: { from: '大屯村', to: '大屯村（整村授信）' } });
    expect((await head.patch(`/api/v1/groups/${groupId}`, { branchId: glId })).statusCode).toBe(400);
  });

  it('takes an application through the group link as channel GROUP with the code, and makes the applicant a member; an unknown code writes nothing', async () => {
    const { code } = (await head.get(`/api/v1/groups/${groupId}`)).json();
    const apply = (extra: Record<string, unknown>) =>
      officer.post('/api/v1/applications', {
        productCode: 'XIN_E_DAI',
        channel: 'GROUP',
        applicant: { ...PEOPLE.linked, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
        requestedAmount: '20000.00',
        termMonths: 12,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        consents: CONSENTS,
        ...extra,
      });
    const apps = async () => Number((await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM applications`))!.n);
    const before = await apps();
    const unknown = await apply({ groupCode: 'GZZZZZZZZ' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('GROUP_CODE_UNKNOWN');
    expect(unknown.json().message).toMatch(/客群/);
    const without = await apply({});
    expect(without.statusCode).toBe(422);
    expect(without.json().code).toBe('GROUP_CODE_UNKNOWN');
    expect(await apps()).toBe(before);
    expect((await head.get(`/api/v1/groups/${groupId}/members`)).json().total).toBe(3);

    const ok = await apply({ groupCode: code.toLowerCase() });
    expect(ok.statusCode, ok.body).toBe(201);
    const row = await queryOne<{ channel: string; group_code: string; customer_id: string }>(
      app.ctx.db,
      sql`SELECT channel, group_code, customer_id::text AS customer_id FROM applications WHERE id = ${ok.json().id}`,
    );
    expect(row).toMatchObject({ channel: 'GROUP', group_code: code });
    const members = (await head.get(`/api/v1/groups/${groupId}/members`)).json();
    expect(members.total).toBe(4);
    expect(members.items[3]).toMatchObject({ nameMasked: '吴**', customerId: Number(row!.customer_id), source: 'GROUP_LINK' });
    const figures = (await head.get(`/api/v1/groups/${groupId}`)).json().figures;
    expect(figures).toMatchObject({ members: 4, customers: 3, applied: 3 });
  });

  it('lists the branches in scope that name no group yet', async () => {
    const own = await head.get('/api/v1/groups/branch-coverage');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({
      branches: 2,
      covered: 1,
      total: 1,
      items: [{ branch: { name: '鼓楼支行新村分理处' }, kind: 'SUB_BRANCH' }],
    });
    const bank = (await exec.get('/api/v1/groups/branch-coverage?pageSize=200')).json();
    expect(bank.covered).toBe(1);
    expect(bank.total).toBe(bank.branches - 1);
    expect(bank.items.map((i: { branch: { name: string } }) => i.branch.name)).toContain('龙桥支行');
    expect(bank.items.map((i: { branch: { name: string } }) => i.branch.name)).not.toContain('鼓楼支行');
  });
});
