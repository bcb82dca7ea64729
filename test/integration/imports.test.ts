/**
 * File imports: CSV (UTF-8 with BOM, GBK) and XLSX are read into rows; a file with bad rows gets a
 * row-by-row report and goes nowhere; a valid file becomes an IMPORT review request whose approval
 * applies every row or none.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows, sql, type Tx } from '../../src/db/client.js';
import { wireModules } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { FieldCrypto } from '../../src/kernel/crypto.js';
import { buildServer } from '../../src/http/server.js';
import {
  getImport,
  importRoutes,
  importTemplate,
  listImportErrors,
  listImports,
  uploadImport,
  type ImportTypeSpec,
  type RowError,
} from '../../src/modules/imports/index.js';
import { approveRequest, getRequest, rejectRequest } from '../../src/modules/review/index.js';
import { cmdOf, makeActor, seedBranches, seedStaff } from '../fixtures/access.js';
import { createMigratedDatabase, testEngines, type Database } from '../support/db.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

interface Person {
  code: string;
  name: string;
  mobile: string | null;
  joinDate: string | null;
  note: string | null;
}

/** An import type of this test only, added to the context's registry (as a module's door would hand it over). */
const peopleImport: ImportTypeSpec<Person> = {
  type: 'TEST_PEOPLE',
  nameZh: '测试人员',
  nameEn: 'Test people',
  checkerPermission: 'review:check:IMPORT_STAFF',
  columns: [
    { key: 'code', headers: ['工号', 'Code'], required: true, labelZh: '工号' },
    { key: 'name', headers: ['姓名', 'Name'], required: true, labelZh: '姓名' },
    { key: 'mobile', headers: ['手机号', 'Mobile'], required: false, labelZh: '手机号', pii: 'mobile' },
    { key: 'joinDate', headers: ['入职日期', 'Join date'], required: false, labelZh: '入职日期' },
    { key: 'note', headers: ['备注', 'Note'], required: false, labelZh: '备注' },
  ],
  templateRows: [['A001', '张三', '13800138000', '2024-01-02', '']],
  validate: async (tx: Tx, rows) => {
    const errors: RowError[] = [];
    const err = (rowNo: number, field: string, value: string | null, code: string, zh: string, en: string) =>
      errors.push({ rowNo, field, value, code, messageZh: zh, messageEn: en });
    const codes = rows.map((r) => r.values.code);
    const existing = new Set(
      (
        await queryRows<{ code: string }>(
          tx,
          sql`SELECT code FROM test_people WHERE code IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`,
        )
      ).map((r) => r.code),
    );
    const seen = new Set<string>();
    for (const { rowNo, values: v } of rows) {
      if (!/^[A-Z][0-9]{3,8}$/.test(v.code)) err(rowNo, 'code', v.code, 'CODE_INVALID', '工号格式有误', 'Invalid code');
      else if (seen.has(v.code)) err(rowNo, 'code', v.code, 'CODE_DUPLICATE', '工号在文件中重复', 'Duplicate code in the file');
      else if (existing.has(v.code)) err(rowNo, 'code', v.code, 'CODE_EXISTS', '工号已存在', 'Code already exists');
      seen.add(v.code);
      if (!v.name) err(rowNo, 'name', null, 'REQUIRED', '姓名不能为空', 'Name is required');
      if (v.mobile && !/^1\d{10}$/.test(v.mobile)) err(rowNo, 'mobile', v.mobile, 'MOBILE_INVALID', '手机号码无效', 'Invalid mobile');
      if (v.joinDate && !/^\d{4}-\d{2}-\d{2}$/.test(v.joinDate)) {
        err(rowNo, 'joinDate', v.joinDate, 'DATE_INVALID', '日期格式应为 YYYY-MM-DD', 'Use YYYY-MM-DD');
      }
    }
    if (errors.length > 0) return { errors, records: [] };
    return {
      errors,
      records: rows.map(({ values: v }) => ({
        code: v.code,
        name: v.name,
        mobile: v.mobile || null,
        joinDate: v.joinDate || null,
        note: v.note || null,
      })),
    };
  },
  apply: async (tx, records, ctx) => {
    for (let i = 0; i < records.length; i += 1000) {
      await tx.execute(
        sql`INSERT INTO test_people (code, name, mobile, join_date, note, batch_id)
            SELECT code, name, mobile, "joinDate"::date, note, ${ctx.batchId}
            FROM jsonb_to_recordset(${JSON.stringify(records.slice(i, i + 1000))}::jsonb)
              AS x(code text, name text, mobile text, "joinDate" text, note text)`,
      );
    }
    return { applied: records.length };
  },
};

const uploader = makeActor({ id: 21, username: 'uploader', permissions: ['import:create', 'review:read'] });
const checker = makeActor({ id: 22, username: 'checker', permissions: ['review:read', 'review:check:IMPORT_STAFF', 'import:read'] });
const outsider = makeActor({ id: 23, username: 'outsider', permissions: ['review:read'] });

const BOM = '\uFEFF';
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

describe('the import-type registry the composition root builds', () => {
  it("holds every module's types and the ones a context is given, and refuses a type listed twice", () => {
    const { importTypes } = wireModules({ importTypes: [peopleImport] });
    expect(importTypes.list().map((t) => t.type)).toEqual([
      'BUREAU_SUMMARY',
      'CORE_DEPOSITS',
      'CUSTOMERS',
      'DEVICES',
      'EXTERNAL_LIST',
      'GROUP_MEMBERS',
      'ONLINE_LOANS',
      'PRE_CREDIT',
      'PROSPECTS',
      'STAFF',
      'TEST_PEOPLE',
    ]);
    expect(wireModules().importTypes.get('TEST_PEOPLE')).toBeUndefined();
    expect(() => wireModules({ importTypes: [{ ...peopleImport, type: 'STAFF' }] })).toThrow(/STAFF/);
    expect(() => wireModules({ importTypes: [peopleImport, peopleImport] })).toThrow(/TEST_PEOPLE/);
    const twice = { ...peopleImport, type: 'TEST_TWICE', columns: [...peopleImport.columns, peopleImport.columns[0]] };
    expect(() => wireModules({ importTypes: [twice] })).toThrow(/duplicate column keys/);
  });
});

describe.each(testEngines())('imports on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  const db = () => database.db;
  const upload = (filename: string, bytes: Uint8Array, who = uploader) =>
    uploadImport(ctx, cmdOf(who), { type: 'TEST_PEOPLE', filename, bytes });
  const people = () =>
    queryRows<{ code: string; name: string; mobile: string | null; join_date: string | null; note: string | null }>(
      db(),
      sql`SELECT code, name, mobile, join_date::text AS join_date, note FROM test_people ORDER BY code`,
    );
  const count = async (query: ReturnType<typeof sql>) => Number((await queryOne<{ n: number }>(db(), query))?.n);

  beforeAll(async () => {
    database = await createMigratedDatabase(kind);
    ctx = { config: testConfig(), database, db: database.db, crypto: {} as FieldCrypto, ...wireModules({ importTypes: [peopleImport] }) };
    await seedBranches(db());
    await seedStaff(db(), [uploader, checker, outsider]);
    await db().execute(sql`CREATE TABLE test_people (
      code text PRIMARY KEY, name text NOT NULL, mobile text, join_date date, note text, batch_id bigint)`);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('reads a UTF-8 CSV with BOM, submits it for review, and approval applies every row', async () => {
    const csv =
      BOM +
      ' 工号 ,姓名,手机号,入职日期,备注,未知列\r\n' +
      'U001,王五,13800138000,2024-01-02,"备注, 含逗号",x\r\n' +
      '\r\n' +
      ',,,,,\r\n' +
      'U002,"赵""六""",,2024-02-03,"两行\r\n备注",\r\n' +
      'U003,孙七,,,,\r\n';
    const batch = await upload('人员.csv', utf8(csv));
    expect(batch).toMatchObject({
      type: 'TEST_PEOPLE',
      filename: '人员.csv',
      encoding: 'UTF-8',
      status: 'PENDING_REVIEW',
      totalRows: 3,
      validRows: 3,
      errorRows: 0,
      appliedAt: null,
      maker: { id: uploader.staffId, username: 'uploader' },
    });
    expect(batch.reviewRequestId).toEqual(expect.any(Number));
    expect(await people()).toEqual([]);

    const request = await getRequest(ctx, checker, batch.reviewRequestId!);
    expect(request).toMatchObject({
      type: 'IMPORT',
      typeName: '数据导入',
      status: 'PENDING',
      importId: batch.id,
      canCheck: true,
      title: '导入测试人员：人员.csv（3 行）',
    });
    expect(request.diff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'filename', after: '人员.csv' }),
        expect.objectContaining({ field: 'totalRows', after: '3' }),
        // Spreadsheet row numbers: the blank lines count (header 1, U001 2, blanks 3–4, U002 5).
        // Personal data is masked in what the checker sees.
        expect.objectContaining({
          field: 'row.2',
          after: '工号：U001；姓名：王五；手机号：138****8000；入职日期：2024-01-02；备注：备注, 含逗号',
        }),
        expect.objectContaining({ field: 'row.5', after: expect.stringContaining('姓名：赵"六"') }),
      ]),
    );
    // Uploaders and readers see the batch; the audit log has the upload.
    expect((await listImports(db(), checker, { page: 1, pageSize: 10 })).items.map((b) => b.id)).toContain(batch.id);
    await expect(getImport(db(), outsider, batch.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await count(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'import.upload' AND target_id = ${String(batch.id)}`)).toBe(
      1,
    );

    await expect(approveRequest(ctx, cmdOf(uploader), batch.reviewRequestId!)).rejects.toMatchObject({
      code: 'REVIEW_SELF_APPROVAL',
    });
    await approveRequest(ctx, cmdOf(checker), batch.reviewRequestId!);
    const after = await getImport(db(), uploader, batch.id);
    expect(after.status).toBe('APPLIED');
    expect(after.appliedAt).not.toBeNull();
    expect(await people()).toEqual([
      { code: 'U001', name: '王五', mobile: '13800138000', join_date: '2024-01-02', note: '备注, 含逗号' },
      { code: 'U002', name: '赵"六"', mobile: null, join_date: '2024-02-03', note: '两行\r\n备注' },
      { code: 'U003', name: '孙七', mobile: null, join_date: null, note: null },
    ]);
    // The staged copy is not kept once applied.
    expect(await count(sql`SELECT count(*) AS n FROM import_rows WHERE batch_id = ${batch.id}`)).toBe(0);
  });

  it('reads a GBK CSV as saved by Excel on Chinese Windows', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'people-gbk.csv'));
    const batch = await upload('people-gbk.csv', bytes);
    expect(batch).toMatchObject({ encoding: 'GBK', status: 'PENDING_REVIEW', totalRows: 3 });
    await approveRequest(ctx, cmdOf(checker), batch.reviewRequestId!);
    const rows = (await people()).filter((p) => p.code.startsWith('G'));
    expect(rows).toEqual([
      { code: 'G001', name: '张三', mobile: '13800138001', join_date: '2024-01-02', note: null },
      { code: 'G002', name: '李四', mobile: null, join_date: '2024-03-15', note: null },
      { code: 'G003', name: '欧阳, 明', mobile: '13900139003', join_date: null, note: null },
    ]);
  });

  it('reads an XLSX workbook: English headers, dates, numbers without float noise, rich text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(['CODE', 'name ', 'Mobile', 'Join Date', 'Note']);
    ws.addRow(['X001', '周八', 13800138002, new Date(Date.UTC(2023, 11, 31)), 0.1 + 0.2]);
    ws.addRow([]); // an empty row is skipped but keeps the numbering
    ws.addRow(['X002', { richText: [{ text: '吴' }, { text: '九' }] }, '', '2024-05-06', { formula: '1+1', result: 2 }]);
    wb.addWorksheet('ignored').addRow(['not', 'read']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());

    const batch = await upload('people.xlsx', bytes);
    expect(batch).toMatchObject({ encoding: 'XLSX', status: 'PENDING_REVIEW', totalRows: 2 });
    const request = await getRequest(ctx, checker, batch.reviewRequestId!);
    expect(request.diff.map((d) => d.field)).toEqual(expect.arrayContaining(['row.2', 'row.4']));
    await approveRequest(ctx, cmdOf(checker), batch.reviewRequestId!);
    expect((await people()).filter((p) => p.code.startsWith('X'))).toEqual([
      { code: 'X001', name: '周八', mobile: '13800138002', join_date: '2023-12-31', note: '0.3' },
      { code: 'X002', name: '吴九', mobile: null, join_date: '2024-05-06', note: '2' },
    ]);
  });

  it('reports each bad row and field, creates no review request and applies nothing', async () => {
    const before = await count(sql`SELECT count(*) AS n FROM review_requests`);
    const csv = [
      '工号,姓名,入职日期,手机号',
      'B001,好人,2024-01-01',
      'bad,坏工号,2024-01-01',
      'B002,,2024/01/01',
      'B001,重复,',
      'U001,已存在,',
      'B003,号码错,,1381234567x',
    ].join('\n');
    const batch = await upload('bad.csv', utf8(csv));
    expect(batch).toMatchObject({ status: 'INVALID', totalRows: 6, validRows: 1, errorRows: 5, reviewRequestId: null });
    expect(await count(sql`SELECT count(*) AS n FROM review_requests`)).toBe(before);
    expect(await count(sql`SELECT count(*) AS n FROM import_rows WHERE batch_id = ${batch.id}`)).toBe(0);
    expect((await people()).filter((p) => p.code.startsWith('B'))).toEqual([]);

    const report = await listImportErrors(db(), uploader, batch.id, { page: 1, pageSize: 100 });
    expect(report.total).toBe(6);
    expect(report.items).toEqual([
      { row: 3, field: 'code', value: 'bad', code: 'CODE_INVALID', message: '工号格式有误' },
      { row: 4, field: 'name', value: null, code: 'REQUIRED', message: '姓名不能为空' },
      { row: 4, field: 'joinDate', value: '2024/01/01', code: 'DATE_INVALID', message: '日期格式应为 YYYY-MM-DD' },
      { row: 5, field: 'code', value: 'B001', code: 'CODE_DUPLICATE', message: '工号在文件中重复' },
      { row: 6, field: 'code', value: 'U001', code: 'CODE_EXISTS', message: '工号已存在' },
      // personal data is masked in the stored report
      { row: 7, field: 'mobile', value: '138******7x', code: 'MOBILE_INVALID', message: '手机号码无效' },
    ]);
    const en = await listImportErrors(db(), checker, batch.id, { page: 2, pageSize: 2, lang: 'en' });
    expect(en).toEqual({
      total: 6,
      items: [
        expect.objectContaining({ row: 4, message: 'Use YYYY-MM-DD' }),
        expect.objectContaining({ row: 5, message: 'Duplicate code in the file' }),
      ],
    });
  });

  it('applies none of the rows when one fails at approval, and the batch stays pending review', async () => {
    const csv = BOM + 'Code,Name\nP001,甲\nP002,乙\nP003,丙\n';
    const batch = await upload('p.csv', utf8(csv));
    expect(batch.status).toBe('PENDING_REVIEW');
    // Planted after validation: P002 now exists, so the insert of the batch violates the key.
    await db().execute(sql`INSERT INTO test_people (code, name) VALUES ('P002', '抢先')`);

    await expect(approveRequest(ctx, cmdOf(checker), batch.reviewRequestId!)).rejects.toMatchObject({
      code: 'REVIEW_APPLY_FAILED',
    });
    expect((await people()).filter((p) => p.code.startsWith('P'))).toEqual([
      { code: 'P002', name: '抢先', mobile: null, join_date: null, note: null },
    ]);
    expect((await getImport(db(), uploader, batch.id)).status).toBe('PENDING_REVIEW');
    expect((await getRequest(ctx, checker, batch.reviewRequestId!)).status).toBe('PENDING');
    expect(await count(sql`SELECT count(*) AS n FROM import_rows WHERE batch_id = ${batch.id}`)).toBe(3);

    // The checker rejects it instead: the batch is closed, still nothing applied.
    await rejectRequest(ctx, cmdOf(checker), batch.reviewRequestId!, '数据已变化，请重新上传');
    expect((await getImport(db(), uploader, batch.id)).status).toBe('REJECTED');
    expect((await people()).filter((p) => p.code.startsWith('P'))).toHaveLength(1);
  });

  it('uploads and validates 20,000 rows quickly, and approval applies them all', async () => {
    const lines = ['工号,姓名,手机号,入职日期'];
    for (let i = 0; i < 20_000; i++) {
      lines.push(
        `M${String(i).padStart(6, '0')},客户${i},138${String(i).padStart(8, '0')},2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
      );
    }
    const bytes = utf8(BOM + lines.join('\r\n'));
    const t0 = performance.now();
    const batch = await upload('big.csv', bytes);
    const uploadMs = performance.now() - t0;
    expect(batch).toMatchObject({ status: 'PENDING_REVIEW', totalRows: 20_000, validRows: 20_000 });

    const t1 = performance.now();
    await approveRequest(ctx, cmdOf(checker), batch.reviewRequestId!);
    const applyMs = performance.now() - t1;
    expect(await count(sql`SELECT count(*) AS n FROM test_people WHERE batch_id = ${batch.id}`)).toBe(20_000);
    console.info(`[imports/${kind}] 20,000 rows: upload+validate ${uploadMs.toFixed(0)} ms, approve+apply ${applyMs.toFixed(0)} ms`);
  });

  it('refuses files without required columns, without rows, unreadable, too large or of unknown type', async () => {
    const batches = await count(sql`SELECT count(*) AS n FROM import_batches`);
    await expect(upload('m.csv', utf8('工号,手机号\nA1,1\n'))).rejects.toMatchObject({
      code: 'IMPORT_MISSING_COLUMNS',
      details: { missing: ['姓名'] },
    });
    await expect(upload('m.csv', utf8('foo,bar\n1,2\n'))).rejects.toMatchObject({
      code: 'IMPORT_MISSING_COLUMNS',
      details: { missing: ['工号', '姓名'] },
    });
    await expect(upload('e.csv', utf8(BOM + '工号,姓名\r\n\r\n,\r\n'))).rejects.toMatchObject({ code: 'IMPORT_EMPTY' });
    await expect(upload('e.csv', new Uint8Array())).rejects.toMatchObject({ code: 'IMPORT_EMPTY' });
    await expect(upload('x.xlsx', utf8('PK\u0003\u0004 this is no zip'))).rejects.toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
    });
    await expect(upload('q.csv', utf8('工号,姓名\n"A1,未闭合\n'))).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    await expect(uploadImport(ctx, cmdOf(uploader), { type: 'NOPE', filename: 'a.csv', bytes: utf8('a\n1') })).rejects.toMatchObject({
      code: 'IMPORT_TYPE_UNKNOWN',
    });
    expect(await count(sql`SELECT count(*) AS n FROM import_batches`)).toBe(batches);
  });

  it('offers a CSV template in UTF-8 with BOM', () => {
    const t = importTemplate(ctx.importTypes, 'TEST_PEOPLE');
    expect(t.content.startsWith(BOM + '工号,姓名,手机号,入职日期,备注\r\n')).toBe(true);
    expect(t.content).toContain('A001,张三,13800138000,2024-01-02,\r\n');
  });

  it('serves the routes: raw upload, batch, errors in English, template', async () => {
    const tokens = new Map([
      ['t-up', uploader],
      ['t-out', outsider],
    ]);
    const app = await buildServer({
      ctx,
      authenticate: async (t) => tokens.get(t) ?? null,
      modules: [importRoutes],
      logger: false,
    });
    try {
      const auth = (t: string) => ({ authorization: `Bearer ${t}` });
      const post = await app.inject({
        method: 'POST',
        url: `/api/v1/imports?type=TEST_PEOPLE&filename=${encodeURIComponent('错误.csv')}`,
        headers: { ...auth('t-up'), 'content-type': 'text/csv' },
        payload: Buffer.from('工号,姓名\nH001,\n', 'utf8'),
      });
      expect(post.statusCode).toBe(201);
      const batch = post.json();
      expect(batch).toMatchObject({ filename: '错误.csv', status: 'INVALID', errorRows: 1, encoding: 'UTF-8' });

      const one = await app.inject({ method: 'GET', url: `/api/v1/imports/${batch.id}`, headers: auth('t-up') });
      expect(one.json()).toMatchObject({ id: batch.id, status: 'INVALID' });
      const errors = await app.inject({
        method: 'GET',
        url: `/api/v1/imports/${batch.id}/errors?page=1&pageSize=10`,
        headers: { ...auth('t-up'), 'accept-language': 'en' },
      });
      expect(errors.json()).toEqual({
        total: 1,
        items: [{ row: 2, field: 'name', value: null, code: 'REQUIRED', message: 'Name is required' }],
      });
      const list = await app.inject({ method: 'GET', url: '/api/v1/imports?page=1&pageSize=2', headers: auth('t-up') });
      expect(list.json()).toMatchObject({ page: 1, pageSize: 2 });
      expect(list.json().items[0]).toMatchObject({ id: batch.id, maker: { username: 'uploader' } });

      const forbidden = await app.inject({ method: 'GET', url: '/api/v1/imports', headers: auth('t-out') });
      expect(forbidden.statusCode).toBe(403);
      const noUpload = await app.inject({
        method: 'POST',
        url: '/api/v1/imports?type=TEST_PEOPLE',
        headers: { ...auth('t-out'), 'content-type': 'text/csv' },
        payload: 'a,b\n',
      });
      expect(noUpload.statusCode).toBe(403);

      const template = await app.inject({ method: 'GET', url: '/api/v1/imports/templates/TEST_PEOPLE', headers: auth('t-up') });
      expect(template.statusCode).toBe(200);
      expect(template.headers['content-type']).toMatch(/^text\/csv/);
      expect(String(template.headers['content-disposition'])).toMatch(/^attachment; filename="import-template-TEST_PEOPLE\.csv"/);
      expect(template.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    } finally {
      await app.close();
    }
  });
});
