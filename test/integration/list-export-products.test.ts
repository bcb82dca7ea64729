/** The products list exports: ?format=xlsx answers the same products as the JSON list, with the parameters in force, Chinese headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.js';
import { XLSX_CONTENT_TYPE } from '../../src/http/export.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { productRoutes } from '../../src/modules/products/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

describe.each(testEngines())('products export on %s', (kind) => {
  let database: Database;
  let server: FastifyInstance;

  beforeAll(async () => {
    const ctx = await createTestContext(kind);
    database = ctx.database;
    server = await buildServer({ ctx, authenticate: (t) => authenticate(ctx.db, t), modules: [accessRoutes, productRoutes] });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('exports every product of the JSON list with its parameters in force, Chinese headers and words', async () => {
    const api = client(server, await loginAs(server, 'param1'));
    const json = (await api.get('/api/v1/products')).json() as {
      items: Array<{ code: string; nameZh: string; version: number; params: { minAmount: string; maxAmount: string } }>;
    };
    expect(json.items.length).toBeGreaterThan(0);
    const res = await api.get('/api/v1/products?format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
    );
    expect(rows[0]).toEqual([
      '产品代码',
      '产品名称',
      '担保方式',
      '金额区间（元）',
      '期限（月）',
      '还款方式',
      '年利率区间（%）',
      '参数版本',
      '生效日期',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3], r[7]])).toEqual(
      json.items.map((p) => [p.code, p.nameZh, `${p.params.minAmount} – ${p.params.maxAmount}`, String(p.version)]),
    );
    for (const r of rows.slice(1)) expect(['信用', '保证', '质押']).toContain(r[2]);
    expect((await api.get('/api/v1/products?format=pdf')).statusCode).toBe(400);
  });
});
