/**
 * The remaining console lists export: branches (the tree's order, parent names), end-of-day runs
 * (paged like every list, newest first) and the trial balance as shown (accounts, then the totals
 * and whether they balance) answer ?format=xlsx with Chinese headers and the JSON list's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { buildServer } from '../../src/http/server.js';
import { XLSX_CONTENT_TYPE } from '../../src/http/export.js';
import { addDays } from '../../src/kernel/dates.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { eodRoutes } from '../../src/modules/eod/index.js';
import { ledgerRoutes } from '../../src/modules/ledger/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { readSheet } from '../support/xlsx.js';
import { testEngines, type Database } from '../support/db.js';

describe.each(testEngines())('remaining list exports on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    server = await buildServer({ ctx, authenticate: (t) => authenticate(ctx.db, t), modules: [accessRoutes, eodRoutes, ledgerRoutes] });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('exports the branches in the tree order with Chinese kinds, parent names and statuses', async () => {
    const admin = client(server, await loginAs(server, 'admin'));
    const items = (await admin.get('/api/v1/branches')).json().items as Array<{
      id: number;
      code: string;
      name: string;
      parentId: number | null;
    }>;
    const res = await admin.get('/api/v1/branches?format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('机构列表.xlsx'));
    const rows = await readSheet(res.rawPayload);
    expect(rows[0]).toEqual(['机构编码', '机构名称', '机构类型', '上级机构', '员工人数', '状态']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(items.map((b) => b.code));
    const names = new Map(items.map((b) => [b.id, b.name]));
    expect(rows.slice(1).map((r) => r[3])).toEqual(items.map((b) => (b.parentId === null ? '' : names.get(b.parentId))));
    expect(rows[1][2]).toBe('总行');
    for (const r of rows.slice(1)) expect(['正常', '已停用']).toContain(r[5]);
    expect((await admin.get('/api/v1/branches?format=csv')).statusCode).toBe(400);
  });

  it('pages the end-of-day runs like every list and exports them all, newest first, in Chinese', async () => {
    const admin = client(server, await loginAs(server, 'admin'));
    const start = await getBusinessDate(ctx.db);
    const run = await admin.post('/api/v1/eod/run', { to: addDays(start, 3) });
    expect(run.statusCode, run.body).toBe(200);
    const all = (await admin.get('/api/v1/eod/runs')).json() as { items: Array<{ businessDate: string }>; total: number };
    expect(all.total).toBe(3);
    const page2 = (await admin.get('/api/v1/eod/runs?page=2&pageSize=2')).json() as {
      items: Array<{ businessDate: string }>;
      total: number;
    };
    expect(page2.items.map((r) => r.businessDate)).toEqual(all.items.slice(2).map((r) => r.businessDate));
    expect(page2.total).toBe(3);
    const byLimit = (await admin.get('/api/v1/eod/runs?limit=1&offset=1')).json() as { items: Array<{ businessDate: string }> };
    expect(byLimit.items.map((r) => r.businessDate)).toEqual([all.items[1].businessDate]);

    const res = await admin.get('/api/v1/eod/runs?format=xlsx');
    expect(res.statusCode).toBe(200);
    const rows = await readSheet(res.rawPayload);
    expect(rows[0].slice(0, 3)).toEqual(['营业日期', '状态', '分片数']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(all.items.map((r) => r.businessDate));
    for (const r of rows.slice(1)) expect(r[1]).toBe('已完成');
  });

  it('exports the trial balance as shown: every account with its Chinese name, then the totals and 借贷平衡', async () => {
    const api = client(server, await loginAs(server, 'auditor1'));
    const tb = (await api.get('/api/v1/ledger/trial-balance')).json() as {
      date: string;
      accounts: Array<{ code: string; nameZh: string; debit: string; credit: string; balance: string }>;
      totalDebit: string;
      totalCredit: string;
      balanced: boolean;
    };
    const res = await api.get(`/api/v1/ledger/trial-balance?format=xlsx&date=${tb.date}`);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent(`试算平衡表_${tb.date}.xlsx`));
    const rows = await readSheet(res.rawPayload);
    expect(rows[0]).toEqual(['科目代码', '科目名称', '类别', '余额方向', '借方合计（元）', '贷方合计（元）', '余额（元）']);
    const body = rows.slice(1);
    expect(body.slice(0, -1).map((r) => [r[0], r[1], r[4], r[5], r[6]])).toEqual(
      tb.accounts.map((a) => [a.code, a.nameZh, a.debit, a.credit, a.balance]),
    );
    expect(body.at(-1)).toEqual([`合计（${tb.date}）`, '', '', '', tb.totalDebit, tb.totalCredit, tb.balanced ? '借贷平衡' : '借贷不平衡']);
    expect((await client(server, await loginAs(server, 'officer1')).get('/api/v1/ledger/trial-balance?format=xlsx')).statusCode).toBe(403);
  });
});
