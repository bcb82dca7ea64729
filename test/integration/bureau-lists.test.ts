/**
 * The embedded credit bureau and the external lists: bureau summaries (thin file, latest report,
 * inquiries counted over six months including this system's), list hits on dates (listed / removed),
 * the BUREAU_SUMMARY and EXTERNAL_LIST imports (bad rows reported, approved files applied) and the
 * masked external-list page.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { queryOne, queryRows, sql, withTx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { bureauSummary } from '../../src/modules/bureau/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { externalListRoutes, listHits } from '../../src/modules/lists/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

const TEST_KEY = 'b2'.repeat(32);
const BUSINESS_DATE = '2026-01-01';

interface Harness {
  ctx: AppContext;
  server: FastifyInstance;
  close(): Promise<void>;
}

async function startApp(kind: 'pglite' | 'postgres' | 'citus'): Promise<Harness> {
  const ctx = await createTestContext(kind, { secretKey: TEST_KEY });
  const database: Database = ctx.database;
  try {
    const server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [accessRoutes, reviewRoutes, importRoutes, externalListRoutes],
    });
    return {
      ctx,
      server,
      close: async () => {
        await server.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}

function csv(lines: string[][]): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return '\uFEFF' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}

let seq = 0;
/** A fresh valid ID number (born 1985, Jining). */
function nextIdNumber(): string {
  seq += 1;
  const month = String(((seq - 1) % 12) + 1).padStart(2, '0');
  const day = String((Math.floor((seq - 1) / 12) % 28) + 1).padStart(2, '0');
  return makeIdNumber(`3708821985${month}${day}${String(300 + seq).slice(-3)}`);
}

/** The same number with a wrong check character. */
function badCheck(idNumber: string): string {
  return idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
}

describe.each(testEngines())('bureau and external lists on %s', (kind) => {
  let h: Harness;
  const branch: Record<string, number> = {};
  const staffIds: Record<string, number> = {};

  async function newCustomer(name: string): Promise<{ id: number; idNumber: string; hash: string }> {
    const idNumber = nextIdNumber();
    const { customer } = await withTx(h.ctx.db, (tx) =>
      ensureCustomer(tx, h.ctx.crypto, {
        name,
        idNumber,
        mobile: `1390537${String(1000 + seq).slice(-4)}`,
        branchId: branch['YZ-GL'],
        officerId: staffIds.officer1,
      }),
    );
    return { id: customer.id, idNumber, hash: h.ctx.crypto.lookupHash(idNumber) };
  }

  const summary = (c: { id: number; hash: string }, businessDate = BUSINESS_DATE, purpose = '贷前审查') =>
    withTx(h.ctx.db, (tx) => bureauSummary(tx, { customerId: c.id, idNumberHash: c.hash, businessDate, purpose }));
  const hits = (hash: string, date: string) => withTx(h.ctx.db, (tx) => listHits(tx, hash, date));

  async function uploadAndApprove(type: string, body: string, maker = 'param1', checker = 'param2') {
    const makerToken = await loginAs(h.server, maker);
    const res = await h.server.inject({
      method: 'POST',
      url: `/api/v1/imports?type=${type}&filename=${type}.csv`,
      headers: { authorization: `Bearer ${makerToken}`, 'content-type': 'text/csv' },
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    const batch = res.json();
    if (batch.status !== 'PENDING_REVIEW') return { batch, errors: await errorsOf(makerToken, batch.id) };
    const approve = await client(h.server, await loginAs(h.server, checker)).post(
      `/api/v1/review/requests/${batch.reviewRequestId}/approve`,
      {},
    );
    expect(approve.statusCode).toBe(200);
    return { batch, errors: [] as string[] };
  }

  async function errorsOf(token: string, batchId: number): Promise<string[]> {
    const res = await client(h.server, token).get(`/api/v1/imports/${batchId}/errors?pageSize=200`);
    return res.json().items.map((e: { row: number; field: string; code: string }) => `${e.row}:${e.field}:${e.code}`);
  }

  beforeAll(async () => {
    h = await startApp(kind);
    for (const r of await queryRows<{ id: string | number; code: string }>(h.ctx.db, sql`SELECT id, code FROM branches`)) {
      branch[r.code] = Number(r.id);
    }
    for (const r of await queryRows<{ id: string | number; username: string }>(h.ctx.db, sql`SELECT id, username FROM staff`)) {
      staffIds[r.username] = Number(r.id);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  // -------------------------------------------------------------------------------------------
  // bureau

  describe('bureau', () => {
    const header = [
      '身份证号',
      '姓名',
      '报告日期',
      '现有负债(元)',
      '当前逾期(元)',
      '近24个月最差状态(0–7)',
      '近6个月查询次数',
      '月收入(元)',
    ];

    it('answers a thin file with zeros and no report date, counting this system’s inquiries (this one included)', async () => {
      const c = await newCustomer('白纸张');
      const first = await summary(c);
      expect(first).toEqual({
        existingDebtFen: 0n,
        currentOverdueFen: 0n,
        worstStatus24m: 0,
        inquiries6m: 1,
        reportedMonthlyIncomeFen: null,
        reportDate: null,
      });
      expect((await summary(c)).inquiries6m).toBe(2);
      const rows = await queryRows<{ purpose: string; business_date: string }>(
        h.ctx.db,
        sql`SELECT purpose, business_date::text AS business_date FROM bureau_inquiries WHERE customer_id = ${c.id}`,
      );
      expect(rows).toEqual([
        { purpose: '贷前审查', business_date: BUSINESS_DATE },
        { purpose: '贷前审查', business_date: BUSINESS_DATE },
      ]);
    });

    it('counts only inquiries of the last six months: the day six months back is out, the day after is in', async () => {
      const c = await newCustomer('窗口期');
      await summary(c, '2025-05-15');
      await summary(c, '2025-07-01');
      await summary(c, '2025-07-02');
      // window (2025-07-01, 2026-01-01]: 07-02 and today's
      expect((await summary(c)).inquiries6m).toBe(2);
    });

    it('reports bad rows of a BUREAU_SUMMARY file and applies nothing', async () => {
      const good = nextIdNumber();
      const future = nextIdNumber();
      const { batch, errors } = await uploadAndApprove(
        'BUREAU_SUMMARY',
        csv([
          header,
          [good, '张三', '2025-12-20', '35000.00', '0.00', '0', '2', '6500.00'],
          [badCheck(nextIdNumber()), '李四', '2025-12-20', '1.00', '0', '0', '0', ''],
          [future, '王五', '2026-01-02', '1.00', '0', '0', '0', ''],
          [nextIdNumber(), '', '2025-12-01', '-1.00', 'x', '8', '1.5', 'abc'],
          [good, '张三', '2025-12-20', '35000.00', '0.00', '0', '2', '6500.00'],
        ]),
      );
      expect(batch).toMatchObject({ status: 'INVALID', totalRows: 5, errorRows: 4 });
      expect(errors).toEqual([
        '3:idNumber:INVALID_ID_NUMBER',
        '4:reportDate:INVALID_DATE',
        '5:name:INVALID_NAME',
        '5:debt:INVALID_AMOUNT',
        '5:overdue:INVALID_AMOUNT',
        '5:income:INVALID_AMOUNT',
        '5:worstStatus:INVALID_STATUS',
        '5:inquiries:INVALID_COUNT',
        '6:reportDate:DUPLICATE_IN_FILE',
      ]);
      const n = await queryOne<{ n: string | number }>(h.ctx.db, sql`SELECT count(*) AS n FROM bureau_reports`);
      expect(Number(n?.n)).toBe(0);
    });

    it('uses the latest approved report, adding inquiries made here after its date', async () => {
      const c = await newCustomer('有报告');
      const prospect = nextIdNumber(); // not a customer: reports can arrive before the customer does
      await summary(c, '2025-12-10'); // before the report: the report already lists it
      const { batch } = await uploadAndApprove(
        'BUREAU_SUMMARY',
        csv([
          header,
          [c.idNumber, '有报告', '2025-06-30', '90000.00', '500.00', '3', '9', '3000.00'],
          [c.idNumber, '有报告', '2025-12-20', '35,000.00', '0', '1', '2', '6500'],
          [prospect, '潜在客', '2025-11-11', '0', '0', '0', '0', ''],
        ]),
      );
      expect(batch.status).toBe('PENDING_REVIEW');
      await summary(c, '2025-12-25');
      const s = await summary(c);
      expect(s).toEqual({
        existingDebtFen: 35_000_00n,
        currentOverdueFen: 0n,
        worstStatus24m: 1,
        // 2 in the report + 2025-12-25 + today's
        inquiries6m: 4,
        reportedMonthlyIncomeFen: 6_500_00n,
        reportDate: '2025-12-20',
      });
      // on an earlier business date the earlier report is the latest one
      const earlier = await summary(c, '2025-07-01');
      expect(earlier).toMatchObject({ existingDebtFen: 90_000_00n, worstStatus24m: 3, reportDate: '2025-06-30' });
      const stored = await queryOne<{ name_masked: string; id_number_masked: string }>(
        h.ctx.db,
        sql`SELECT name_masked, id_number_masked FROM bureau_reports WHERE id_number_hash = ${h.ctx.crypto.lookupHash(prospect)}`,
      );
      expect(stored).toEqual({ name_masked: '潜**', id_number_masked: `${prospect.slice(0, 6)}********${prospect.slice(14)}` });
      // a re-import of the same person and date replaces the report
      await uploadAndApprove('BUREAU_SUMMARY', csv([header, [c.idNumber, '有报告', '2025-12-20', '36000.00', '100.00', '2', '3', '']]));
      expect(await summary(c)).toMatchObject({
        existingDebtFen: 36_000_00n,
        currentOverdueFen: 100_00n,
        inquiries6m: 3 + 3,
        reportedMonthlyIncomeFen: null,
      });
    });

    it('requires the bureau checker permission to approve and import:create to upload', async () => {
      const officer = await loginAs(h.server, 'officer1');
      const res = await h.server.inject({
        method: 'POST',
        url: '/api/v1/imports?type=BUREAU_SUMMARY',
        headers: { authorization: `Bearer ${officer}`, 'content-type': 'text/csv' },
        payload: csv([header, [nextIdNumber(), '某某', '2025-12-01', '0', '0', '0', '0', '']]),
      });
      expect(res.statusCode).toBe(403);
      const param = await loginAs(h.server, 'param1');
      const up = await h.server.inject({
        method: 'POST',
        url: '/api/v1/imports?type=BUREAU_SUMMARY',
        headers: { authorization: `Bearer ${param}`, 'content-type': 'text/csv' },
        payload: csv([header, [nextIdNumber(), '某某', '2025-12-01', '0', '0', '0', '0', '']]),
      });
      // the approver role holds no review:check:IMPORT_BUREAU
      const approver = client(h.server, await loginAs(h.server, 'approver1'));
      const denied = await approver.post(`/api/v1/review/requests/${up.json().reviewRequestId}/approve`, {});
      expect(denied.statusCode).toBe(403);
    });
  });

  // -------------------------------------------------------------------------------------------
  // external lists

  describe('external lists', () => {
    const header = ['名单类型', '姓名', '身份证号', '案号', '来源', '列入日期', '移出日期'];
    const people = { enforced: '', dishonest: '', black: '', clean: '' };

    beforeAll(() => {
      people.enforced = nextIdNumber();
      people.dishonest = nextIdNumber();
      people.black = nextIdNumber();
      people.clean = nextIdNumber();
    });

    it('reports bad rows of an EXTERNAL_LIST file and applies nothing', async () => {
      const { batch, errors } = await uploadAndApprove(
        'EXTERNAL_LIST',
        csv([
          header,
          ['被执行人', '王五', people.enforced, '(2025)鲁0812执1234号', '中国执行信息公开网', '2025-08-15', ''],
          ['限高', '赵六', people.dishonest, '(2024)鲁0882执567号', '', '2024-11-02', ''],
          ['失信被执行人', '赵六', people.dishonest, '', '', '2024-11-02', ''],
          ['本行黑名单', '钱七', badCheck(nextIdNumber()), '', '', '2025-03-01', ''],
          ['本行黑名单', '', people.black, '', '', '2026-01-02', '2025-01-01'],
          ['失信被执行人', '赵六', people.dishonest, '(2024)鲁0882执567号', '', '2024-11-02', '2024-11-02'],
          ['被执行人', '王五', people.enforced, '(2025)鲁0812执1234号', '', '2025-08-15', ''],
        ]),
      );
      expect(batch).toMatchObject({ status: 'INVALID', totalRows: 7, errorRows: 6 });
      expect(errors).toEqual([
        '3:listType:INVALID_LIST_TYPE',
        '4:caseNo:CASE_NO_REQUIRED',
        '5:idNumber:INVALID_ID_NUMBER',
        '6:name:INVALID_NAME',
        '6:listedOn:INVALID_DATE',
        '7:removedOn:REMOVED_BEFORE_LISTED',
        '8:idNumber:DUPLICATE_IN_FILE',
      ]);
      const n = await queryOne<{ n: string | number }>(h.ctx.db, sql`SELECT count(*) AS n FROM external_list_entries`);
      expect(Number(n?.n)).toBe(0);
    });

    it('hits an ID number from its listing date until the day before its removal date', async () => {
      const { batch } = await uploadAndApprove(
        'EXTERNAL_LIST',
        csv([
          header,
          ['被执行人', '王五', people.enforced, '(2025)鲁0812执1234号', '中国执行信息公开网', '2025-08-15', ''],
          ['失信被执行人', '赵六', people.dishonest, '(2024)鲁0882执567号', '', '2024-11-02', '2025-11-30'],
          ['本行黑名单', '钱七', people.black, '', '本行风险管理部', '2025/3/1', ''],
        ]),
        // lists are uploaded by a parameter manager (list:import) and checked by another
        'param1',
        'param2',
      );
      expect(batch.status).toBe('PENDING_REVIEW');
      const enforced = h.ctx.crypto.lookupHash(people.enforced);
      expect((await hits(enforced, '2025-08-14')).courtEnforcement).toBe(false);
      expect(await hits(enforced, '2025-08-15')).toEqual({
        courtEnforcement: true,
        dishonest: false,
        bankBlacklist: false,
        entries: [{ listType: 'COURT_ENFORCEMENT', caseNo: '(2025)鲁0812执1234号', source: '中国执行信息公开网', listedOn: '2025-08-15' }],
      });
      const dishonest = h.ctx.crypto.lookupHash(people.dishonest);
      expect((await hits(dishonest, '2025-11-29')).dishonest).toBe(true);
      expect(await hits(dishonest, '2025-11-30')).toEqual({ courtEnforcement: false, dishonest: false, bankBlacklist: false, entries: [] });
      expect(await hits(h.ctx.crypto.lookupHash(people.black), BUSINESS_DATE)).toMatchObject({
        bankBlacklist: true,
        entries: [{ listType: 'BANK_BLACKLIST', caseNo: null, source: '本行风险管理部', listedOn: '2025-03-01' }],
      });
      expect((await hits(h.ctx.crypto.lookupHash(people.clean), BUSINESS_DATE)).entries).toEqual([]);
    });

    it('updates a listing when a later file brings its removal date, without duplicating it', async () => {
      await uploadAndApprove(
        'EXTERNAL_LIST',
        csv([header, ['被执行人', '王五', people.enforced, '(2025)鲁0812执1234号', '中国执行信息公开网', '2025-08-15', '2025-12-31']]),
      );
      const enforced = h.ctx.crypto.lookupHash(people.enforced);
      const rows = await queryRows(h.ctx.db, sql`SELECT id FROM external_list_entries WHERE id_number_hash = ${enforced}`);
      expect(rows).toHaveLength(1);
      expect((await hits(enforced, '2025-12-30')).courtEnforcement).toBe(true);
      expect((await hits(enforced, BUSINESS_DATE)).courtEnforcement).toBe(false);
    });

    it('lists entries masked, filtered by type and by whether they are in force', async () => {
      const officer = client(h.server, await loginAs(h.server, 'officer1'));
      const all = await officer.get('/api/v1/external-lists');
      expect(all.statusCode).toBe(200);
      const body = all.json();
      expect(body).toMatchObject({ total: 3, page: 1, pageSize: 20, businessDate: BUSINESS_DATE });
      const text = JSON.stringify(body);
      for (const id of [people.enforced, people.dishonest, people.black]) expect(text).not.toContain(id);
      expect(body.items.map((i: { nameMasked: string }) => i.nameMasked).sort()).toEqual(['王*', '赵*', '钱*']);
      const black = body.items.find((i: { listType: string }) => i.listType === 'BANK_BLACKLIST');
      expect(black).toMatchObject({
        idNumberMasked: `${people.black.slice(0, 6)}********${people.black.slice(14)}`,
        caseNo: null,
        listedOn: '2025-03-01',
        removedOn: null,
        active: true,
      });
      const dishonest = await officer.get('/api/v1/external-lists?listType=DISHONEST');
      expect(dishonest.json().items).toHaveLength(1);
      expect(dishonest.json().items[0]).toMatchObject({ removedOn: '2025-11-30', active: false });
      const active = await officer.get('/api/v1/external-lists?active=true');
      expect(active.json().items.map((i: { listType: string }) => i.listType)).toEqual(['BANK_BLACKLIST']);
      const page2 = await officer.get('/api/v1/external-lists?page=2&pageSize=2');
      expect(page2.json()).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page2.json().items).toHaveLength(1);
      expect((await officer.get('/api/v1/external-lists?listType=WHATEVER')).statusCode).toBe(400);
      expect((await officer.get('/api/v1/external-lists?pageSize=500')).statusCode).toBe(400);
      const param = client(h.server, await loginAs(h.server, 'param1'));
      expect((await param.get('/api/v1/external-lists')).statusCode).toBe(403);
      expect((await client(h.server, null).get('/api/v1/external-lists')).statusCode).toBe(401);
    });
  });
});
