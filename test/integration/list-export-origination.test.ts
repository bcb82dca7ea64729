/**
 * The origination lists (applications, the referral queue, credit lines) answer `?format=xlsx` with a
 * workbook holding exactly the rows of the JSON list under the same filters and data scope: Chinese
 * headers, the customer's name masked as in the list, no ID or mobile number, and nothing from a
 * branch outside the reader's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, withTx } from '../../src/db/client.js';
import { XLSX_CONTENT_TYPE } from '../../src/http/export.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import {
  APPLICATION_EXPORT_COLUMNS,
  CREDIT_LINE_EXPORT_COLUMNS,
  REFERRAL_EXPORT_COLUMNS,
} from '../../src/modules/origination/origination.exports.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { readSheet } from '../support/xlsx.js';
import { testEngines } from '../support/db.js';
import { CONSENTS, type Applicant } from '../support/lending.js';

type Api = ReturnType<typeof client>;
type Row = { id: number; customerId: number; customerNameMasked: string | null; overdue?: boolean; limit?: string };

/** The JSON list (one page holding everything) and the workbook of the same list under the same filter. */
async function both(api: Api, path: string, filter: string, filename: string) {
  const json = await api.get(`${path}?pageSize=200&${filter}`);
  expect(json.statusCode, `${path} ${filter}`).toBe(200);
  const list = json.json() as { items: Row[]; total: number };
  expect(list.items.length).toBe(list.total);
  const res = await api.get(`${path}?format=xlsx&${filter}`);
  expect(res.statusCode, `${path} ${filter} xlsx`).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
  expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent(`${filename}.xlsx`)}`);
  return { items: list.items, rows: await readSheet(res.rawPayload) };
}

describe.each(testEngines())('origination list export on %s', (kind) => {
  let app: HuinongApp;
  let officer: Api;
  const people: Record<string, Applicant> = {};
  const apps: Record<string, { id: number; status: string; creditLineId: number | null }> = {};
  const customerOf: Record<string, number> = {};

  const person = (key: string, name: string, idBody: string, mobile: string): Applicant =>
    (people[key] = { name, idNumber: makeIdNumber(idBody), mobile });

  const apply = async (key: string, productCode: string, requestedAmount: string, extra: Record<string, unknown> = {}) => {
    const res = await officer.post('/api/v1/applications', {
      productCode,
      channel: 'OFFICER_ASSISTED',
      applicant: { ...people[key], occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '8000.00', ...extra },
      requestedAmount,
      termMonths: 12,
      repaymentMethod: productCode === 'JI_E_DAI' ? 'MONTHLY_INTEREST' : 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(res.statusCode, `${key}: ${res.body}`).toBe(201);
    apps[key] = res.json();
    const detail = (await officer.get(`/api/v1/applications/${apps[key].id}`)).json();
    customerOf[key] = detail.customerId;
  };

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    // A branch outside 鼓楼支行's subtree: its customers' applications and lines are out of head1's scope.
    const other = await queryOne<{ id: string }>(
      app.ctx.db,
      sql`SELECT id::text AS id FROM branches
          WHERE path NOT LIKE (SELECT path FROM branches WHERE code = 'YZ-GL') || '%' AND code <> 'YZ-HO'
          ORDER BY id LIMIT 1`,
    );
    person('gl1', '魏思远', '37081219880312401', '13905378801');
    person('gl2', '蒋雨桐', '37081219890514402', '13905378802');
    person('gl3', '沈嘉禾', '37081219870716403', '13905378803');
    person('far', '韦一鸣', '11010119880312404', '13905378804');
    person('ob1', '褚明轩', '37081219860918405', '13905378805');
    person('ob2', '卫书言', '37081219851120406', '13905378806');
    for (const key of ['ob1', 'ob2']) {
      await withTx(app.ctx.db, (tx) =>
        ensureCustomer(tx, app.ctx.crypto, { ...people[key], branchId: Number(other!.id), officerId: null }),
      );
    }

    await apply('gl1', 'XIN_E_DAI', '30000.00');
    await apply('gl2', 'JI_E_DAI', '20000.00');
    await apply('gl3', 'XIN_E_DAI', '60000.00', { occupation: 'CIVIL_SERVANT', monthlyIncome: '15000.00' });
    await apply('far', 'XIN_E_DAI', '30000.00');
    await apply('ob1', 'XIN_E_DAI', '30000.00');
    await apply('ob2', 'XIN_E_DAI', '60000.00', { occupation: 'CIVIL_SERVANT', monthlyIncome: '15000.00' });
    expect(Object.fromEntries(Object.entries(apps).map(([k, a]) => [k, a.status]))).toEqual({
      gl1: 'APPROVED',
      gl2: 'APPROVED',
      gl3: 'REFERRED',
      far: 'DECLINED',
      ob1: 'APPROVED',
      ob2: 'REFERRED',
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const noPersonalData = (rows: string[][]) => {
    const text = JSON.stringify(rows);
    for (const p of Object.values(people)) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.idNumber);
      expect(text).not.toContain(p.mobile);
    }
  };

  it('exports the applications under the applied filter and scope: the JSON list’s rows, Chinese headers, names masked', async () => {
    const head = client(app.server, await loginAs(app.server, 'head1'));
    const exec = client(app.server, await loginAs(app.server, 'exec1'));
    for (const [api, who, filter, expected] of [
      [head, 'head1', 'status=APPROVED', ['gl2', 'gl1']],
      [exec, 'exec1', 'status=APPROVED', ['ob1', 'gl2', 'gl1']],
      [head, 'head1', 'productCode=XIN_E_DAI', ['far', 'gl3', 'gl1']],
      [head, 'head1', 'productCode=XIN_E_DAI&status=REFERRED', ['gl3']],
      [officer, 'officer1', 'productCode=JI_E_DAI', ['gl2']],
    ] as const) {
      const { items, rows } = await both(api, '/api/v1/applications', filter, '贷款申请');
      // only this test file's applications are in the bank, so the list is exactly these
      expect(
        items.map((i) => i.id),
        `${who} ${filter}`,
      ).toEqual(expected.map((k) => apps[k].id));
      expect(rows[0]).toEqual(APPLICATION_EXPORT_COLUMNS.map((c) => c.header));
      expect(rows[0].slice(0, 4)).toEqual(['申请编号', '客户', '客户编号', '产品']);
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
      expect(rows.slice(1).map((r) => r[1])).toEqual(items.map((i) => i.customerNameMasked));
      noPersonalData(rows);
    }
    const { rows } = await both(head, '/api/v1/applications', 'productCode=XIN_E_DAI&status=REFERRED', '贷款申请');
    const col = (h: string) => rows[0].indexOf(h);
    expect([
      rows[1][col('客户')],
      rows[1][col('渠道')],
      rows[1][col('申请金额（元）')],
      rows[1][col('状态')],
      rows[1][col('决策结果')],
    ]).toEqual(['沈**', '客户经理协办', '60000.00', '转人工审批', '转人工']);
    // out of scope: a branch head sees nothing of another branch, in the list or in the file
    const outside = await both(head, '/api/v1/applications', `status=APPROVED`, '贷款申请');
    expect(outside.rows.slice(1).map((r) => Number(r[0]))).not.toContain(apps.ob1.id);
    const empty = await both(head, '/api/v1/applications', 'status=CANCELLED', '贷款申请');
    expect(empty.rows).toEqual([APPLICATION_EXPORT_COLUMNS.map((c) => c.header)]);
  });

  it('exports the referral queue under its filter, oldest deadline first, as the JSON queue', async () => {
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    for (const [filter, expected] of [
      ['productCode=XIN_E_DAI', ['gl3', 'ob2']],
      ['status=REFERRED', ['gl3', 'ob2']],
      ['status=MANUAL_REVIEW', []],
      ['productCode=JI_E_DAI', []],
    ] as const) {
      const { items, rows } = await both(approver, '/api/v1/referrals', filter, '人工审批');
      expect(
        items.map((i) => i.id),
        filter,
      ).toEqual(expected.map((k) => apps[k].id));
      expect(rows[0]).toEqual(REFERRAL_EXPORT_COLUMNS.map((c) => c.header));
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
      expect(rows.slice(1).map((r) => r[1])).toEqual(items.map((i) => i.customerNameMasked));
      noPersonalData(rows);
    }
    const { items, rows } = await both(approver, '/api/v1/referrals', 'status=REFERRED', '人工审批');
    const col = (h: string) => rows[0].indexOf(h);
    const overdue = items.map((i) => (i.overdue ? '已超时' : '未超时'));
    expect(rows.slice(1).map((r) => [r[col('来源')], r[col('状态')], r[col('是否超时')]])).toEqual([
      ['引擎转人工', '转人工审批', overdue[0]],
      ['引擎转人工', '转人工审批', overdue[1]],
    ]);
    // the queue's own filter is checked like the list's: a status that never waits is refused
    expect((await approver.get('/api/v1/referrals?format=xlsx&status=APPROVED')).statusCode).toBe(400);
    // and only an approver reads the queue, as a file too
    expect((await officer.get('/api/v1/referrals?format=xlsx')).statusCode).toBe(403);
  });

  it('exports the credit lines under the applied filter and scope, as the JSON list', async () => {
    const head = client(app.server, await loginAs(app.server, 'head1'));
    const exec = client(app.server, await loginAs(app.server, 'exec1'));
    const line = (k: string) => apps[k].creditLineId!;
    for (const [api, who, filter, expected] of [
      [head, 'head1', 'status=ACTIVE', [line('gl2'), line('gl1')]],
      [exec, 'exec1', 'status=ACTIVE', [line('ob1'), line('gl2'), line('gl1')]],
      [exec, 'exec1', `customerId=${customerOf.ob1}`, [line('ob1')]],
      [head, 'head1', `customerId=${customerOf.ob1}`, []],
      [officer, 'officer1', `customerId=${customerOf.gl1}&status=ACTIVE`, [line('gl1')]],
      [head, 'head1', 'status=FROZEN', []],
    ] as const) {
      const { items, rows } = await both(api, '/api/v1/credit-lines', filter, '授信额度');
      expect(
        items.map((i) => i.id),
        `${who} ${filter}`,
      ).toEqual(expected);
      expect(rows[0]).toEqual(CREDIT_LINE_EXPORT_COLUMNS.map((c) => c.header));
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
      expect(rows.slice(1).map((r) => r[1])).toEqual(items.map((i) => i.customerNameMasked));
      noPersonalData(rows);
    }
    const { items, rows } = await both(head, '/api/v1/credit-lines', `customerId=${customerOf.gl1}`, '授信额度');
    const limit = items[0].limit;
    expect(limit).toMatch(/^\d+\.\d{2}$/);
    const col = (h: string) => rows[0].indexOf(h);
    expect([
      rows[1][col('额度编号')],
      rows[1][col('客户')],
      rows[1][col('申请编号')],
      rows[1][col('授信额度（元）')],
      rows[1][col('状态')],
    ]).toEqual([String(line('gl1')), '魏**', String(apps.gl1.id), limit, '正常']);
  });
});
