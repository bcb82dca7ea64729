/**
 * The operations lists export too: import batches and a batch's error report, external lists,
 * review requests and the SMS outbox answer `format=xlsx` with exactly the rows of the JSON list
 * under the same filter and scope, Chinese headers, personal data masked as in the JSON. The outbox
 * is searched by mobile through a POST body, and its export is too: the number never sits in a URL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { withTx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { XLSX_CONTENT_TYPE } from '../../src/http/export.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { externalListRoutes } from '../../src/modules/lists/index.js';
import { EXTERNAL_LIST_EXPORT_COLUMNS } from '../../src/modules/lists/lists.routes.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import { REVIEW_EXPORT_COLUMNS } from '../../src/modules/review/review.routes.js';
import { sendSms, smsRoutes } from '../../src/modules/sms/index.js';
import { OUTBOX_EXPORT_COLUMNS } from '../../src/modules/sms/sms.routes.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { readSheet } from '../support/xlsx.js';
import { testEngines, type Database } from '../support/db.js';

function csv(lines: string[][]): string {
  return '\uFEFF' + lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}

const IMPORT_HEADERS = [
  '批次号',
  '文件名',
  '导入类型',
  '编码',
  '总行数',
  '有效行数',
  '错误行数',
  '状态',
  '上传人',
  '上传时间（UTC）',
  '生效时间（UTC）',
  '复核申请编号',
];
const LIST_HEADER = ['名单类型', '姓名', '身份证号', '案号', '来源', '列入日期', '移出日期'];

describe.each(testEngines())('operations list export on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;
  const ids = {
    enforced: makeIdNumber('37081219850301101'),
    dishonest: makeIdNumber('37081219850302102'),
    black: makeIdNumber('37081219850303103'),
  };
  let badBatch = 0;

  type Api = ReturnType<typeof client>;
  const as = async (username: string): Promise<Api> => client(server, await loginAs(server, username));

  /** The JSON list's ids and the workbook's first column, under one filter. */
  async function both(api: Api, path: string, filter: string) {
    const sep = path.includes('?') ? '&' : '?';
    const json = await api.get(`${path}${sep}pageSize=200${filter ? `&${filter}` : ''}`);
    expect(json.statusCode, `${path} ${filter}`).toBe(200);
    const page = json.json() as { items: Array<Record<string, unknown>>; total: number };
    expect(page.items.length).toBe(page.total);
    const res = await api.get(`${path}${sep}format=xlsx${filter ? `&${filter}` : ''}`);
    expect(res.statusCode, `${path} ${filter}`).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    const rows = await readSheet(res.rawPayload);
    return {
      items: page.items,
      header: rows[0],
      body: rows.slice(1),
      text: JSON.stringify(rows),
      disposition: String(res.headers['content-disposition']),
    };
  }

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [accessRoutes, reviewRoutes, importRoutes, externalListRoutes, smsRoutes],
    });
    const param1 = await as('param1');
    const upload = async (rows: string[][], name: string) => {
      const res = await server.inject({
        method: 'POST',
        url: `/api/v1/imports?type=EXTERNAL_LIST&filename=${encodeURIComponent(name)}`,
        headers: { authorization: `Bearer ${await loginAs(server, 'param1')}`, 'content-type': 'text/csv' },
        payload: csv([LIST_HEADER, ...rows]),
      });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: number; status: string; reviewRequestId: number | null };
    };
    const good = await upload(
      [
        ['被执行人', '王五', ids.enforced, '(2025)鲁0812执1234号', '中国执行信息公开网', '2025-08-15', ''],
        ['失信被执行人', '赵六', ids.dishonest, '(2024)鲁0882执567号', '', '2024-11-02', '2025-11-30'],
        ['本行黑名单', '钱七', ids.black, '', '本行风险管理部', '2025-03-01', ''],
      ],
      'lists-good.csv',
    );
    expect(good.status).toBe('PENDING_REVIEW');
    expect((await (await as('param2')).post(`/api/v1/review/requests/${good.reviewRequestId}/approve`, {})).statusCode).toBe(200);
    const pending = await upload(
      [['本行黑名单', '孙八', makeIdNumber('37081219850304104'), '', '本行风险管理部', '2025-08-15', '']],
      'lists-pending.csv',
    );
    expect(pending.status).toBe('PENDING_REVIEW');
    const bad = await upload(
      [
        ['被执行人', '周九', '370812198503019999', '', '', '2025-08-15', ''],
        ['什么名单', '吴十', ids.enforced, '', '', '2025-13-01', ''],
      ],
      'lists-bad.csv',
    );
    expect(bad.status).toBe('INVALID');
    badBatch = bad.id;
    expect(param1).toBeTruthy();

    await withTx(ctx.db, async (tx) => {
      await sendSms(tx, ctx.crypto, {
        mobile: '13905376601',
        template: 'REPAYMENT_DUE',
        text: '【兖州农商银行】您的贷款将于 1 月 20 日到期。',
        customerId: 7,
      });
      await sendSms(tx, ctx.crypto, {
        mobile: '13905376602',
        template: 'STAFF_TEMP_PASSWORD',
        text: '【兖州农商银行】您的临时密码为 1234 5678 9012 3456。',
      });
      await sendSms(tx, ctx.crypto, {
        mobile: '13905376601',
        template: 'STAFF_TEMP_PASSWORD',
        text: '【兖州农商银行】您的临时密码为 4321 8765 2109 6543。',
      });
    });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('exports import batches under a status filter and the uploader scope, with Chinese headers', async () => {
    const param1 = await as('param1');
    for (const filter of ['', 'status=INVALID', 'status=PENDING_REVIEW', 'status=APPLIED&type=EXTERNAL_LIST', 'type=STAFF']) {
      const { items, header, body, disposition } = await both(param1, '/api/v1/imports', filter);
      expect(header).toEqual(IMPORT_HEADERS);
      expect(disposition).toContain(encodeURIComponent('导入批次.xlsx'));
      expect(body.map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
    }
    const { body } = await both(param1, '/api/v1/imports', 'status=INVALID');
    expect(body.map((r) => [r[1], r[2], r[7], r[8]])).toEqual([['lists-bad.csv', '外部名单', '校验未通过', 'param1']]);
    expect((await both(param1, '/api/v1/imports', '')).body).toHaveLength(3);
    expect((await both(param1, '/api/v1/imports', 'status=PENDING_REVIEW')).body.map((r) => r[1])).toEqual(['lists-pending.csv']);
    expect((await both(param1, '/api/v1/imports', 'type=STAFF')).body).toHaveLength(0);
    // without import:read or import:create the export is refused like the list
    const officer = await as('officer1');
    expect((await officer.get('/api/v1/imports?format=xlsx')).statusCode).toBe(403);
    expect((await param1.get('/api/v1/imports?format=xlsx&status=DONE')).statusCode).toBe(400);
  });

  it("exports a batch's error report row by row, values masked as in the JSON report", async () => {
    const param1 = await as('param1');
    const { items, header, body, text } = await both(param1, `/api/v1/imports/${badBatch}/errors`, '');
    expect(header).toEqual(['行号', '字段', '值', '错误码', '错误说明']);
    expect(items.length).toBeGreaterThan(0);
    expect(body.map((r) => [Number(r[0]), r[1], r[2] || null, r[3]])).toEqual(items.map((i) => [i.row, i.field, i.value, i.code]));
    expect(text).not.toContain('370812198503019999');
    expect(text).not.toContain(ids.enforced);
    expect((await (await as('officer1')).get(`/api/v1/imports/${badBatch}/errors?format=xlsx`)).statusCode).toBe(403);
  });

  it('exports the external lists under type and status filters, names and ID numbers masked', async () => {
    const officer = await as('officer1');
    for (const filter of ['', 'listType=COURT_ENFORCEMENT', 'active=true', 'active=false', 'listType=BANK_BLACKLIST&active=true']) {
      const { items, header, body, text, disposition } = await both(officer, '/api/v1/external-lists', filter);
      expect(header).toEqual(EXTERNAL_LIST_EXPORT_COLUMNS.map((c) => c.header));
      expect(disposition).toContain(encodeURIComponent('外部名单.xlsx'));
      expect(body.map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
      expect(body.map((r) => [r[2], r[3]])).toEqual(items.map((i) => [i.nameMasked, i.idNumberMasked]));
      for (const whole of [...Object.values(ids), '王五', '赵六', '钱七']) expect(text).not.toContain(whole);
    }
    const { body } = await both(officer, '/api/v1/external-lists', 'active=false');
    expect(body.map((r) => [r[1], r[8]])).toEqual([['失信被执行人', '已移出']]);
    // the list needs customer:read, the export too
    expect((await (await as('param1')).get('/api/v1/external-lists?format=xlsx')).statusCode).toBe(403);
  });

  it('exports review requests under status and type filters and the viewer scope', async () => {
    const param2 = await as('param2');
    for (const filter of ['', 'status=PENDING', 'status=APPROVED', 'type=IMPORT_LISTS', 'status=REJECTED']) {
      const { items, header, body } = await both(param2, '/api/v1/review/requests', filter);
      expect(header).toEqual(REVIEW_EXPORT_COLUMNS.map((c) => c.header));
      expect(body.map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
      expect(body.map((r) => r[2])).toEqual(items.map((i) => i.title));
    }
    const approved = await both(param2, '/api/v1/review/requests', 'status=APPROVED');
    expect(approved.body.length).toBeGreaterThan(0);
    expect(approved.body.every((r) => r[7] === '已通过')).toBe(true);
    expect(approved.body.some((r) => r[5] === 'param2')).toBe(true);
    // a branch head sees (and exports) only what their scope holds: not the bank-wide list imports
    const head = await both(await as('head1'), '/api/v1/review/requests', '');
    expect(head.body.map((r) => Number(r[0]))).toEqual(head.items.map((i) => i.id));
    const bankWide = new Set(approved.items.map((i) => i.id));
    expect(head.body.some((r) => bankWide.has(Number(r[0])))).toBe(false);
    // (a loan officer checks customer-profile changes (AB角) since issue 13; an inspector holds no review permission)
    expect((await (await as('inspector1')).get('/api/v1/review/requests?format=xlsx')).statusCode).toBe(403);
  });

  it('exports the SMS outbox by POST with the mobile in the body, digits hidden as in the JSON', async () => {
    const officer = await as('officer1');
    const mobile = '13905376601';
    const json = await officer.post('/api/v1/sms/outbox/search', { mobile, pageSize: 200 });
    expect(json.statusCode).toBe(200);
    const items = json.json().items as Array<{ id: number; mobileMasked: string; text: string }>;
    expect(items).toHaveLength(2);

    const url = '/api/v1/sms/outbox/search?format=xlsx';
    expect(url).not.toContain(mobile);
    const res = await officer.post(url, { mobile });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('短信发件箱.xlsx'));
    const rows = await readSheet(res.rawPayload);
    expect(rows[0]).toEqual(OUTBOX_EXPORT_COLUMNS.map((c) => c.header));
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
    expect(rows.slice(1).map((r) => [r[2], r[4]])).toEqual(items.map((i) => [i.mobileMasked, i.text]));
    const text = JSON.stringify(rows);
    expect(text).not.toContain(mobile);
    // a staff member's temporary password stays hidden, in the JSON and the workbook alike
    expect(text).not.toContain('4321');
    expect(text).toContain('**** **** **** ****');
    expect(text).toContain('1 月 20 日到期');

    // the whole outbox without a filter, by GET or by an empty search, is the JSON list
    const all = await both(officer, '/api/v1/sms/outbox', '');
    expect(all.body.map((r) => Number(r[0]))).toEqual(all.items.map((i) => i.id));
    const empty = await readSheet((await officer.post(url, {})).rawPayload);
    expect(empty.slice(1).map((r) => Number(r[0]))).toEqual(all.items.map((i) => i.id));
    // a mobile in a query string is still refused, export or not
    expect((await officer.get(`/api/v1/sms/outbox?format=xlsx&mobile=${mobile}`)).statusCode).toBe(400);
    expect((await officer.post(`/api/v1/sms/outbox/search?format=xlsx&mobile=${mobile}`, {})).statusCode).toBe(400);
    expect((await officer.post(url, { mobile: '110' })).statusCode).toBe(400);
    expect((await (await as('param1')).post(url, { mobile })).statusCode).toBe(403);
  });
});
