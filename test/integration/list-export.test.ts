/**
 * Every list can be exported: the same endpoint answers `?format=xlsx` with a workbook holding every
 * row under the same filters and data scope as the JSON list, Chinese headers and masked personal
 * data, streamed page by page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/context.js';
import { queryRows, withTx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { EXPORT_PAGE_SIZE, XLSX_CONTENT_TYPE, sendListExport } from '../../src/http/export.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { auditRoutes } from '../../src/modules/audit/index.js';
import { AUDIT_EXPORT_COLUMNS } from '../../src/modules/audit/audit.routes.js';
import { STAFF_EXPORT_COLUMNS } from '../../src/modules/access/access.routes.js';
import { customerRoutes, ensureCustomer } from '../../src/modules/customers/index.js';
import { CUSTOMER_EXPORT_COLUMNS } from '../../src/modules/customers/customers.routes.js';
import { loanRoutes, openLoan, type OpenLoanInput } from '../../src/modules/loans/index.js';
import { LOAN_EXPORT_COLUMNS } from '../../src/modules/loans/loans.routes.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { readSheet } from '../support/xlsx.js';
import { testEngines, type Database } from '../support/db.js';

describe.each(testEngines())('list export on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;
  const staff: Record<string, number> = {};
  const branch: Record<string, number> = {};
  let han = 0;
  let li = 0;

  const open = (over: Partial<OpenLoanInput>) =>
    withTx(ctx.db, (tx) =>
      openLoan(tx, {
        customerId: 0,
        creditLineId: 41,
        productCode: 'XIN_E_DAI',
        principalFen: 3_000_000n,
        annualRatePct: '4.35',
        termMonths: 12,
        method: 'EQUAL_INSTALLMENT',
        startDate: '2026-01-01',
        branchId: branch['YZ-GL'],
        officerId: staff.officer1,
        disbursementAccountNo: '6230910000012345',
        dayCountBasis: 360,
        penaltyUpliftPct: '50',
        ...over,
      }),
    );

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [accessRoutes, loanRoutes, customerRoutes, auditRoutes],
    });
    for (const r of await queryRows<{ id: string; username: string }>(ctx.db, sql`SELECT id::text AS id, username FROM staff`))
      staff[r.username] = Number(r.id);
    for (const r of await queryRows<{ id: string; code: string }>(ctx.db, sql`SELECT id::text AS id, code FROM branches`))
      branch[r.code] = Number(r.id);

    const person = (name: string, seq: string, mobile: string) =>
      withTx(ctx.db, (tx) =>
        ensureCustomer(tx, ctx.crypto, {
          name,
          idNumber: makeIdNumber(`3708121988030${seq}`),
          mobile,
          branchId: branch['YZ-GL'],
          officerId: staff.officer1,
        }),
      );
    han = (await person('韩梅梅', '6412', '13905376641')).customer.id;
    li = (await person('李雷', '6433', '13905376642')).customer.id;
    await open({ customerId: han });
    await open({ customerId: han, method: 'BULLET', termMonths: undefined, termDays: 90 });
    await open({ customerId: li });
    await open({ customerId: li, officerId: staff.head1 }); // outside officer1's scope
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('answers ?format=xlsx with every row of the JSON list under the same filter and scope, Chinese headers, names masked', async () => {
    for (const [username, filter, count] of [
      ['officer1', `customerId=${han}`, 2],
      ['officer1', `customerId=${li}`, 1],
      ['head1', `customerId=${li}&status=ACTIVE`, 2],
      ['head1', '', 4],
    ] as const) {
      const api = client(server, await loginAs(server, username));
      const json = await api.get(`/api/v1/loans?pageSize=200&${filter}`);
      expect(json.statusCode).toBe(200);
      const { items, total } = json.json() as {
        items: Array<{ id: number; customerNameMasked: string; outstandingPrincipal: string }>;
        total: number;
      };
      expect(items.length).toBe(total);
      expect(total, `${username} ${filter}`).toBe(count);

      const res = await api.get(`/api/v1/loans?format=xlsx&${filter}`);
      expect(res.statusCode, `${username} ${filter}`).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
      expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('贷款列表.xlsx')}`);
      const rows = await readSheet(res.rawPayload);
      expect(rows[0]).toEqual(LOAN_EXPORT_COLUMNS.map((c) => c.header));
      expect(rows[0]).toContain('贷款余额（元）');
      const body = rows.slice(1);
      expect(body.map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
      expect(body.map((r) => r[1])).toEqual(items.map((i) => i.customerNameMasked));
      expect(body.map((r) => r[5])).toEqual(items.map((i) => i.outstandingPrincipal));
      const text = JSON.stringify(rows);
      expect(text).not.toContain('韩梅梅');
      expect(text).not.toContain('李雷');
      expect(text).not.toContain('6230910000012345');
    }
    const officer = client(server, await loginAs(server, 'officer1'));
    const mine = await readSheet((await officer.get(`/api/v1/loans?format=xlsx&customerId=${han}`)).rawPayload);
    expect(mine.slice(1).map((r) => [r[1], r[10], r[11], r[14], r[15]])).toEqual([
      ['韩**', '利随本清', '90天', '正常', '正常'],
      ['韩**', '等额本息', '12个月', '正常', '正常'],
    ]);
    const none = await readSheet((await officer.get('/api/v1/loans?format=xlsx&status=SETTLED')).rawPayload);
    expect(none).toEqual([LOAN_EXPORT_COLUMNS.map((c) => c.header)]);
  });

  it('exports the customers list: the same customers as the JSON list under the same search and scope, masked', async () => {
    type Item = { id: number; nameMasked: string; idNumberMasked: string; mobileMasked: string };
    for (const [username, filter] of [
      ['officer1', ''],
      ['officer1', 'q=13905376641'],
      ['head1', ''],
      ['head1', `q=${encodeURIComponent('李雷')}`],
    ] as const) {
      const api = client(server, await loginAs(server, username));
      const json = await api.get(`/api/v1/customers?pageSize=200&${filter}`);
      expect(json.statusCode).toBe(200);
      const { items, total } = json.json() as { items: Item[]; total: number };
      expect(items.length).toBe(total);
      if (filter) expect(total, `${username} ${filter}`).toBe(1);

      const res = await api.get(`/api/v1/customers?format=xlsx&${filter}`);
      expect(res.statusCode, `${username} ${filter}`).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
      expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('客户列表.xlsx')}`);
      const rows = await readSheet(res.rawPayload);
      expect(rows[0]).toEqual(CUSTOMER_EXPORT_COLUMNS.map((c) => c.header));
      expect(rows[0].slice(0, 4)).toEqual(['客户编号', '姓名', '身份证号', '手机号']);
      const body = rows.slice(1);
      expect(body.map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
      expect(body.map((r) => r.slice(1, 4))).toEqual(items.map((i) => [i.nameMasked, i.idNumberMasked, i.mobileMasked]));
      const text = JSON.stringify(rows);
      for (const plain of ['韩梅梅', '李雷', '13905376641', '13905376642', makeIdNumber('37081219880306412')])
        expect(text).not.toContain(plain);
    }
    const officer = client(server, await loginAs(server, 'officer1'));
    const one = await readSheet((await officer.get('/api/v1/customers?format=xlsx&q=13905376641')).rawPayload);
    expect(one.slice(1).map((r) => [r[0], r[1], r[3], r[5], r[7]])).toEqual([[String(han), '韩**', '139****6641', '女', '个人']]);
    const denied = await client(server, await loginAs(server, 'param1')).get('/api/v1/customers?format=xlsx');
    expect(denied.statusCode).toBe(403);
  });

  it('exports the staff list: the same people as the JSON list under the same filters and scope, Chinese role names', async () => {
    type Item = { username: string; name: string; mobileMasked: string | null; roles: string[] };
    for (const [username, filter, count] of [
      // 鼓楼支行: the inspector, the loan officer, the branch head and the lobby staff member (厅堂营销岗)
      ['head1', '', 4],
      ['head1', 'q=officer', 1],
      ['admin', `branchId=${branch['YZ-GL']}`, 4],
      ['admin', 'role=loan_officer', undefined],
      ['admin', '', undefined],
    ] as const) {
      const api = client(server, await loginAs(server, username));
      const json = await api.get(`/api/v1/staff?pageSize=200&${filter}`);
      expect(json.statusCode, `${username} ${filter}`).toBe(200);
      const { items, total } = json.json() as { items: Item[]; total: number };
      expect(items.length).toBe(total);
      if (count !== undefined) expect(total, `${username} ${filter}`).toBe(count);

      const res = await api.get(`/api/v1/staff?format=xlsx&${filter}`);
      expect(res.statusCode, `${username} ${filter}`).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
      expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('员工列表.xlsx')}`);
      const rows = await readSheet(res.rawPayload);
      expect(rows[0]).toEqual(STAFF_EXPORT_COLUMNS.map((c) => c.header));
      expect(rows[0]).toEqual(['用户名', '姓名', '所属机构', '角色', '手机号', '状态', '创建时间']);
      const body = rows.slice(1);
      expect(body.map((r) => r[0])).toEqual(items.map((i) => i.username));
      expect(body.map((r) => r[4])).toEqual(items.map((i) => i.mobileMasked ?? ''));
      for (const r of body) expect(r[3]).not.toMatch(/[a-z_]{4,}/);
    }
    const head = client(server, await loginAs(server, 'head1'));
    const officer = await readSheet((await head.get('/api/v1/staff?format=xlsx&q=officer1')).rawPayload);
    expect(officer.slice(1).map((r) => [r[0], r[5]])).toEqual([['officer1', '正常']]);
    expect(officer[1][3]).toMatch(/客户经理/);
    const denied = await client(server, await loginAs(server, 'officer1')).get('/api/v1/staff?format=xlsx');
    expect(denied.statusCode).toBe(403);
  });

  it('exports the audit log: the same entries as the JSON list under the same filters, Chinese headers', async () => {
    await loginAs(server, 'officer1');
    const auditor = client(server, await loginAs(server, 'auditor1'));
    type Item = { seq: number; action: string; actorUsername: string; summary: unknown };
    for (const filter of ['actor=officer1', 'action=auth.*&actor=head1', 'actor=nobody']) {
      const json = await auditor.get(`/api/v1/audit/logs?pageSize=200&${filter}`);
      expect(json.statusCode, filter).toBe(200);
      const { items, total } = json.json() as { items: Item[]; total: number };
      expect(items.length).toBe(total);
      if (filter !== 'actor=nobody') expect(total, filter).toBeGreaterThan(0);

      const res = await auditor.get(`/api/v1/audit/logs?format=xlsx&${filter}`);
      expect(res.statusCode, filter).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
      expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`);
      const rows = await readSheet(res.rawPayload);
      expect(rows[0]).toEqual(AUDIT_EXPORT_COLUMNS.map((c) => c.header));
      expect(rows[0].slice(0, 5)).toEqual(['序号', '时间（UTC）', '操作人', '操作人角色', '操作']);
      const body = rows.slice(1);
      expect(body.map((r) => Number(r[0]))).toEqual(items.map((i) => i.seq));
      expect(body.map((r) => [r[2], r[4]])).toEqual(items.map((i) => [i.actorUsername, i.action]));
      expect(body.map((r) => r[6])).toEqual(items.map((i) => (i.summary === null ? '' : JSON.stringify(i.summary))));
    }
    expect((await auditor.get('/api/v1/audit/logs?format=xlsx&from=yesterday')).statusCode).toBe(400);
    const denied = await client(server, await loginAs(server, 'officer1')).get('/api/v1/audit/logs?format=xlsx');
    expect(denied.statusCode).toBe(403);
  });

  it('refuses an unknown format, bad filters and callers without the permission as the JSON list does', async () => {
    const head = client(server, await loginAs(server, 'head1'));
    for (const q of ['format=csv', 'format=xlsx&status=CLOSED', 'format=xlsx&customerId=x']) {
      const res = await head.get(`/api/v1/loans?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    const param = client(server, await loginAs(server, 'param1'));
    const denied = await param.get('/api/v1/loans?format=xlsx');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('FORBIDDEN');
    expect((await client(server, null).get('/api/v1/loans?format=xlsx')).statusCode).toBe(401);
  });
});

describe('sendListExport', () => {
  let app: FastifyInstance;
  const calls: Array<[number, number]> = [];
  const TOTAL = EXPORT_PAGE_SIZE * 2 + 345;

  beforeAll(async () => {
    app = Fastify();
    app.get('/rows', async (_req, reply) =>
      sendListExport<{ n: number; name: string }>(reply, {
        filename: '测试 "rows"',
        columns: [
          { key: 'n', header: '序号' },
          { key: 'name', header: '名称', value: (r) => `名${r.name}` },
        ],
        fetchPage: async (page, pageSize) => {
          calls.push([page, pageSize]);
          const from = (page - 1) * pageSize;
          const items = Array.from({ length: Math.max(0, Math.min(pageSize, TOTAL - from)) }, (_, i) => ({
            n: from + i + 1,
            name: String(from + i + 1),
          }));
          return { items, total: TOTAL };
        },
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  it('pages through the query function and streams every row, in order, under the declared headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/rows' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="__ _rows_.xlsx"; filename*=UTF-8''${encodeURIComponent('测试 "rows".xlsx')}`,
    );
    expect(calls).toEqual([
      [1, EXPORT_PAGE_SIZE],
      [2, EXPORT_PAGE_SIZE],
      [3, EXPORT_PAGE_SIZE],
    ]);
    const rows = await readSheet(res.rawPayload);
    expect(rows[0]).toEqual(['序号', '名称']);
    expect(rows).toHaveLength(TOTAL + 1);
    expect(rows[1]).toEqual(['1', '名1']);
    expect(rows[TOTAL]).toEqual([String(TOTAL), `名${TOTAL}`]);
  });
});
