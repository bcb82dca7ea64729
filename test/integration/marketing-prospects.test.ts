/**
 * Prospect lists (客户清单, issue 14 §1) on every engine: a list uploaded as multipart CSV (UTF-8 and
 * GBK) or XLSX is validated and de-duplicated into its report, goes to review, and after a second
 * person approves lists as prospects with their officer under data scope; assignment round robin and
 * by load, and reassignment; contacts that move the pipeline; the officer's work list; and an
 * application, its decision and its disbursement by the same ID number moving the prospect.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_COMMAND, type HuinongApp } from '../../src/app.js';
import { queryRows } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { createStaffDirect, staffIdByUsername } from '../../src/modules/access/index.js';
import { PROSPECT_STATUSES } from '../../src/modules/marketing/marketing.contract.js';
import { client, createTestApp, DEMO_PASSWORD, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

type Client = ReturnType<typeof client>;
const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };

function multipart(filename: string, bytes: Buffer, field = 'file'): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----huinongProspects7d1';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const body = Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const ID = {
  a: makeIdNumber('37081219850101001'),
  b: makeIdNumber('37081219860202002'),
  c: makeIdNumber('37081219870303003'),
  customer: makeIdNumber('37081219880404004'),
  gbk: makeIdNumber('37081219890505005'),
  xlsx: makeIdNumber('37081219900606006'),
};

describe.each(testEngines())('prospect lists on %s', (kind) => {
  let app: HuinongApp;
  let head: Client;
  let exec: Client;
  let officer: Client;
  let officer2: Client;
  let officerId: number;
  let officer2Id: number;
  let headToken: string;
  let reviewRequestId: number;

  async function upload(token: string, filename: string, bytes: Buffer) {
    const { body, headers } = multipart(filename, bytes);
    return app.server.inject({
      method: 'POST',
      url: '/api/v1/marketing/prospect-imports',
      payload: body,
      headers: { ...headers, authorization: `Bearer ${token}` },
    });
  }
  async function prospectByVillage(village: string) {
    const res = await head.get(`/api/v1/marketing/prospects?village=${encodeURIComponent(village)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items[0];
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer2Id = await createStaffDirect(app.ctx, SYSTEM_COMMAND, {
      username: 'officer9',
      name: '冯九',
      branchCode: 'YZ-GL',
      mobile: '13805377901',
      roles: ['loan_officer'],
      password: DEMO_PASSWORD,
    });
    officerId = (await staffIdByUsername(app.ctx.db, 'officer1'))!;
    headToken = await loginAs(app.server, 'head1');
    head = client(app.server, headToken);
    exec = client(app.server, await loginAs(app.server, 'exec1'));
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    officer2 = client(app.server, await loginAs(app.server, 'officer9'));
    // an existing customer: a list naming them is a duplicate
    const a = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: {
        name: '老客户',
        idNumber: ID.customer,
        mobile: '13905376701',
        occupation: 'ENTERPRISE_EMPLOYEE',
        monthlyIncome: '9000.00',
      },
      requestedAmount: '20000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(a.statusCode, a.body).toBe(201);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it('validates and de-duplicates a CSV list into its report, and sends only the valid rows to review', async () => {
    const bad = ID.b.slice(0, 17) + (ID.b[17] === '0' ? '1' : '0');
    const csv = [
      '姓名,身份证号,手机号,客户经理,村/社区,备注',
      `张一,${ID.a},13805371001,officer1,大屯村,老客户介绍`,
      `李二,${ID.b},13805371002,${officer2Id},大屯村,`,
      `王三,${ID.c},13805371003,OFFICER1,龙桥社区,`,
      `赵四,${bad},13805371004,officer1,大屯村,`,
      `钱五,${makeIdNumber('37081219910707007')},1380537,officer1,大屯村,`,
      `孙六,${makeIdNumber('37081219920808008')},13805371006,nobody,大屯村,`,
      `周七,${ID.a},13805371007,officer1,大屯村,`,
      `吴八,${ID.customer},13805371008,officer1,大屯村,`,
      `郑九,${makeIdNumber('37081219930909009')},13805371002,officer1,大屯村,`,
    ].join('\r\n');
    const res = await upload(headToken, '客户清单.csv', Buffer.from(csv, 'utf8'));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ rows: 9, valid: 3, invalid: 3, duplicates: 3, encoding: 'UTF-8' });
    expect(body.report).toMatchObject({ rows: 9, valid: 3, invalid: 3, duplicates: 3 });
    expect(body.reviewRequestId).toEqual(expect.any(Number));
    expect(body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [5, 'INVALID_ID_NUMBER'],
      [6, 'INVALID_MOBILE'],
      [7, 'OFFICER_NOT_FOUND'],
      [8, 'DUPLICATE_IN_FILE'],
      [9, 'PROSPECT_EXISTING_CUSTOMER'],
      [10, 'DUPLICATE_IN_FILE'],
    ]);
    expect(body.errors[0].message).toContain('身份证号码无效');
    reviewRequestId = body.reviewRequestId;
    // nothing is a prospect before the second person approves
    expect((await head.get('/api/v1/marketing/prospects')).json().total).toBe(0);
  });

  it('makes the rows prospects with their officer once a second person approves', async () => {
    const self = await head.post(`/api/v1/review/requests/${reviewRequestId}/approve`, { comment: '自己复核' });
    expect(self.statusCode).toBeGreaterThanOrEqual(400);
    const ok = await exec.post(`/api/v1/review/requests/${reviewRequestId}/approve`, { comment: '同意导入' });
    expect(ok.statusCode, ok.body).toBe(200);
    const list = await head.get('/api/v1/marketing/prospects');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(3);
    const items = list.json().items as Array<{
      id: number;
      officer: { id: number; name: string };
      status: string;
      mobileMasked: string;
      village: string;
    }>;
    expect(items.map((p) => p.officer.name).sort()).toEqual(['冯九', '周伟', '周伟']);
    expect(items.every((p) => p.status === 'NEW' && /^138\*{4}\d{4}$/.test(p.mobileMasked))).toBe(true);
    // an officer sees only their own prospects; filters by village and officer
    expect((await officer.get('/api/v1/marketing/prospects')).json().total).toBe(2);
    expect((await officer2.get('/api/v1/marketing/prospects')).json().total).toBe(1);
    expect((await head.get('/api/v1/marketing/prospects?village=大屯')).json().total).toBe(2);
    expect((await head.get(`/api/v1/marketing/prospects?officerId=${officer2Id}`)).json().total).toBe(1);
    expect((await head.get('/api/v1/marketing/prospects?status=CONTACTED')).json().total).toBe(0);
    const xlsx = await head.get('/api/v1/marketing/prospects?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0].getRow(1).getCell(2).value).toBe('姓名');
    expect(wb.worksheets[0].rowCount).toBe(4);
    const detail = await head.get(`/api/v1/marketing/prospects/${items[0].id}`);
    expect(detail.json().events[0]).toMatchObject({ kind: 'IMPORTED', toStatus: 'NEW' });
  });

  it('reads a GBK CSV and an XLSX list, and reports a person of an earlier list as a duplicate', async () => {
    const gbk = Buffer.concat([
      Buffer.from('d0d5c3fb2cc9edb7ddd6a4bac52ccad6bbfabac52cbfcdbba7beadc0ed2cb4e52fc9e7c7f8', 'hex'),
      Buffer.from(`\r\n`),
      Buffer.from('c7aeb6e0b6e0', 'hex'),
      Buffer.from(`,${ID.gbk},13805372001,officer1,`),
      Buffer.from('b4f3cdcdb4e5', 'hex'),
      Buffer.from(`\r\n`),
      Buffer.from('c7aeb6e0b6e0', 'hex'),
      Buffer.from(`,${ID.a},13805372002,officer1,\r\n`),
    ]);
    const g = await upload(headToken, 'gbk.csv', gbk);
    expect(g.statusCode, g.body).toBe(201);
    expect(g.json()).toMatchObject({ encoding: 'GBK', rows: 2, valid: 1, duplicates: 1, invalid: 0 });
    expect(g.json().errors).toEqual([expect.objectContaining({ row: 3, code: 'PROSPECT_EXISTING', field: 'idNumber' })]);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['姓名', '身份证号', '手机号', '客户经理', '村/社区']);
    ws.addRow(['陈表格', ID.xlsx, '13805373001', 'officer9', '表格村']);
    ws.addRow(['何重复', makeIdNumber('37081219940101010'), '13805371003', 'officer9', '表格村']);
    const x = await upload(headToken, 'list.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(x.statusCode, x.body).toBe(201);
    expect(x.json()).toMatchObject({ encoding: 'XLSX', rows: 2, valid: 1, duplicates: 1 });
    expect(x.json().errors[0]).toMatchObject({ row: 3, field: 'mobile', code: 'PROSPECT_EXISTING' });
    for (const r of [g.json().reviewRequestId, x.json().reviewRequestId]) {
      expect((await exec.post(`/api/v1/review/requests/${r}/approve`, { comment: '同意' })).statusCode).toBe(200);
    }
    expect((await head.get('/api/v1/marketing/prospects')).json().total).toBe(5);
    expect((await prospectByVillage('大屯村')).officer.id).toBeGreaterThan(0);
  });

  it('refuses a body that is not a multipart form, a file with no valid row, and a maker without the right', async () => {
    const raw = await head.post('/api/v1/marketing/prospect-imports', 'a,b', { 'content-type': 'text/csv' });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().code).toBe('PROSPECT_IMPORT_MULTIPART');
    const none = await upload(headToken, 'bad.csv', Buffer.from(`姓名,身份证号,手机号,客户经理\r\n无效,123,456,officer1\r\n`));
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe('PROSPECT_IMPORT_NO_VALID_ROWS');
    expect(none.json().details.report).toMatchObject({ rows: 1, valid: 0, invalid: 1 });
    const missing = await upload(headToken, 'cols.csv', Buffer.from(`姓名,身份证号,手机号\r\n张,${ID.a},13805371001\r\n`));
    expect(missing.statusCode).toBe(422);
    expect(missing.json().code).toBe('IMPORT_MISSING_COLUMNS');
    const officerToken = await loginAs(app.server, 'officer1');
    const forbidden = await upload(
      officerToken,
      'x.csv',
      Buffer.from(`姓名,身份证号,手机号,客户经理\r\n张,${ID.a},13805371001,officer1\r\n`),
    );
    expect(forbidden.statusCode).toBe(403);
  });

  it('reports a duplicate by the first rule it meets: the file, then a customer (ID or mobile), then an earlier list (ID or mobile)', async () => {
    const csv = [
      '姓名,身份证号,手机号,客户经理',
      `客户手机,${makeIdNumber('37081219950202011')},13905376701,officer1`,
      `旧清单证件,${ID.a},13805378002,officer1`,
      `旧清单手机,${makeIdNumber('37081219960303012')},13805371002,officer1`,
      `文件内重复,${ID.customer},13905376701,officer1`,
      `证件文件内重复,${ID.customer},13805378005,officer1`,
    ].join('\r\n');
    const res = await upload(headToken, 'dups.csv', Buffer.from(csv, 'utf8'));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('PROSPECT_IMPORT_NO_VALID_ROWS');
    const report = res.json().details.report;
    expect(report).toMatchObject({ rows: 5, valid: 0, invalid: 0, duplicates: 5, errorsTotal: 5 });
    expect(report.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
      [2, 'mobile', 'PROSPECT_EXISTING_CUSTOMER'],
      [3, 'idNumber', 'PROSPECT_EXISTING'],
      [4, 'mobile', 'PROSPECT_EXISTING'],
      [5, 'mobile', 'DUPLICATE_IN_FILE'],
      [6, 'idNumber', 'DUPLICATE_IN_FILE'],
    ]);
    expect(report.errors[3].message).toContain('第 2 行');
    expect(report.errors[4].message).toContain('第 5 行');
  });

  it('assigns round robin and by load, reassigns one prospect, and keeps each move on the timeline', async () => {
    const rr = await head.post('/api/v1/marketing/prospect-assignments', {
      village: '大屯村',
      officerIds: [officerId, officer2Id],
      rule: 'ROUND_ROBIN',
    });
    expect(rr.statusCode, rr.body).toBe(200);
    expect(rr.json()).toEqual({
      assigned: 3,
      byOfficer: [
        { officerId, assigned: 2 },
        { officerId: officer2Id, assigned: 1 },
      ],
    });
    // by load: officer9 holds fewer open prospects, so the one moved goes to them
    const loadBefore = (await head.get(`/api/v1/marketing/prospects?officerId=${officer2Id}`)).json().total as number;
    const one = (await head.get(`/api/v1/marketing/prospects?officerId=${officerId}&village=龙桥社区`)).json().items[0];
    const bl = await head.post('/api/v1/marketing/prospect-assignments', {
      prospectIds: [one.id],
      officerIds: [officerId, officer2Id],
      rule: 'BY_LOAD',
    });
    expect(bl.statusCode, bl.body).toBe(200);
    const loadAfter = (await head.get(`/api/v1/marketing/prospects?officerId=${officer2Id}`)).json().total as number;
    expect(loadAfter - loadBefore).toBe(bl.json().byOfficer.find((b: { officerId: number }) => b.officerId === officer2Id).assigned);
    // reassignment to the other officer, audited and on the timeline
    const now = (await head.get(`/api/v1/marketing/prospects/${one.id}`)).json().officer.id as number;
    const other = now === officerId ? officer2Id : officerId;
    const re = await head.post('/api/v1/marketing/prospect-assignments', { prospectIds: [one.id], officerIds: [other], note: '就近服务' });
    expect(re.statusCode).toBe(200);
    const detail = (await head.get(`/api/v1/marketing/prospects/${one.id}`)).json();
    expect(detail.officer.id).toBe(other);
    expect(detail.events.filter((e: { kind: string }) => e.kind === 'ASSIGNED').at(-1)).toMatchObject({
      officerId: other,
      note: '就近服务',
    });
    const audit = await queryRows<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM audit_log WHERE action = 'prospect.assign'`,
    );
    expect(Number(audit[0].n)).toBe(3);
    // an officer outside the scope or not an officer is refused, nothing moved
    const badOfficer = await head.post('/api/v1/marketing/prospect-assignments', { prospectIds: [one.id], officerIds: [999999] });
    expect(badOfficer.statusCode).toBe(422);
    expect(
      (await officer.post('/api/v1/marketing/prospect-assignments', { prospectIds: [one.id], officerIds: [officerId] })).statusCode,
    ).toBe(403);
  });

  it('logs contacts that move NEW → CONTACTED → INTERESTED, and the work list shows new and due prospects in order', async () => {
    const before = (await officer.get('/api/v1/marketing/work-list')).json();
    expect(before.total).toBeGreaterThan(0);
    expect(before.items.every((p: { status: string }) => p.status === 'NEW')).toBe(true);
    const target = before.items[0];
    const c1 = await officer.post(`/api/v1/marketing/prospects/${target.id}/contacts`, {
      channel: 'PHONE',
      note: '已电话介绍信e贷',
      nextStep: '上门采集资料',
      nextContactDate: '2026-01-05',
    });
    expect(c1.statusCode, c1.body).toBe(201);
    expect(c1.json()).toMatchObject({ status: 'CONTACTED', nextStep: '上门采集资料', nextContactDate: '2026-01-05' });
    // contacted with a later next date: off today's list
    const after = (await officer.get('/api/v1/marketing/work-list')).json();
    expect(after.total).toBe(before.total - 1);
    expect(after.items.some((p: { id: number }) => p.id === target.id)).toBe(false);
    const c2 = await officer.post(`/api/v1/marketing/prospects/${target.id}/contacts`, {
      channel: 'VISIT',
      outcome: 'INTERESTED',
      nextContactDate: '2026-01-01',
    });
    expect(c2.json().status).toBe('INTERESTED');
    // due today: first on the list, ahead of the new ones
    expect((await officer.get('/api/v1/marketing/work-list')).json().items[0].id).toBe(target.id);
    const detail = c2.json();
    expect(detail.contacts.map((c: { channel: string }) => c.channel)).toEqual(['VISIT', 'PHONE']);
    expect(detail.events.filter((e: { kind: string }) => e.kind === 'CONTACTED').map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'CONTACTED',
      'INTERESTED',
    ]);
    // bad input: an unknown channel, a past next date, another officer's prospect
    expect((await officer.post(`/api/v1/marketing/prospects/${target.id}/contacts`, { channel: 'FAX' })).statusCode).toBe(400);
    expect(
      (await officer.post(`/api/v1/marketing/prospects/${target.id}/contacts`, { channel: 'SMS', nextContactDate: '2025-12-01' }))
        .statusCode,
    ).toBe(400);
    expect((await officer2.post(`/api/v1/marketing/prospects/${target.id}/contacts`, { channel: 'SMS' })).statusCode).toBe(404);
    // the whole mobile for one-tap call, audited
    const m = await officer.get(`/api/v1/marketing/prospects/${target.id}/mobile`);
    expect(m.statusCode).toBe(200);
    expect(m.json().mobile).toMatch(/^1\d{10}$/);
  });

  it('moves a prospect to APPLIED and APPROVED on the application by their ID, and to DISBURSED on the drawdown', async () => {
    const p = (await head.get(`/api/v1/marketing/prospects?village=${encodeURIComponent('表格村')}`)).json().items[0];
    const a = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { name: '陈表格', idNumber: ID.xlsx, mobile: '13805373001', occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '9000.00' },
      requestedAmount: '20000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().status).toBe('APPROVED');
    let detail = (await head.get(`/api/v1/marketing/prospects/${p.id}`)).json();
    expect(detail.status).toBe('APPROVED');
    expect(detail.events.slice(-2).map((e: { kind: string; toStatus: string }) => [e.kind, e.toStatus])).toEqual([
      ['APPLICATION', 'APPLIED'],
      ['DECISION', 'APPROVED'],
    ]);
    const d = await officer.post(
      `/api/v1/credit-lines/${a.json().creditLineId}/drawdowns`,
      { amount: '20000.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
      { 'idempotency-key': `prospect-${kind}` },
    );
    expect(d.statusCode, d.body).toBe(201);
    detail = (await head.get(`/api/v1/marketing/prospects/${p.id}`)).json();
    expect(detail.status).toBe('DISBURSED');
    expect(detail.events.at(-1)).toMatchObject({ kind: 'DISBURSEMENT', fromStatus: 'APPROVED', toStatus: 'DISBURSED' });
    // off the work list for good
    const officerOf = detail.officer.id === officerId ? officer : officer2;
    expect((await officerOf.get('/api/v1/marketing/work-list?pageSize=200')).json().items.some((x: { id: number }) => x.id === p.id)).toBe(
      false,
    );
  });

  it('counts the pipeline per state within the data scope, agreeing with the list under the same filters', async () => {
    type Pipeline = { states: Array<{ status: string; count: number }>; total: number };
    const pipeline = async (c: Client, query = ''): Promise<Pipeline> => {
      const res = await c.get(`/api/v1/marketing/prospects/pipeline${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const listTotal = async (c: Client, query: string) => (await c.get(`/api/v1/marketing/prospects?${query}`)).json().total as number;
    const all = await pipeline(head);
    expect(all.states.map((s) => s.status)).toEqual([...PROSPECT_STATUSES]);
    expect(all.total).toBe(await listTotal(head, ''));
    for (const s of all.states) expect([s.status, s.count]).toEqual([s.status, await listTotal(head, `status=${s.status}`)]);
    const count = Object.fromEntries(all.states.map((s) => [s.status, s.count]));
    // the contacts and the lending events above moved some along; nothing stands in an unused state
    expect(count).toMatchObject({ INTERESTED: 1, DISBURSED: 1, DECLINED: 0 });
    // an officer counts only their own; the list's filters apply
    const mine = await pipeline(officer);
    expect(mine.total).toBe(await listTotal(officer, ''));
    expect(mine.total).toBeLessThan(all.total);
    expect((await pipeline(head, `?officerId=${officer2Id}`)).total).toBe(await listTotal(head, `officerId=${officer2Id}`));
    expect((await pipeline(head, `?village=${encodeURIComponent('大屯')}`)).total).toBe(
      await listTotal(head, `village=${encodeURIComponent('大屯')}`),
    );
    expect((await head.get('/api/v1/marketing/prospects/pipeline?officerId=abc')).statusCode).toBe(400);
  });
});
