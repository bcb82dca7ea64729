/**
 * Lists sort by a whitelisted column: `sort=field` ascending, `sort=-field` descending, then by id in
 * the same direction so equal values keep one order across pages. An unknown field is refused as bad
 * input (400 VALIDATION_FAILED), never put into SQL, and the Excel export follows the same sort.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/context.js';
import { queryRows, withTx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { customerRoutes, ensureCustomer } from '../../src/modules/customers/index.js';
import { loanRoutes, openLoan, type OpenLoanInput } from '../../src/modules/loans/index.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

/** The first column of the first worksheet, below the header row. */
async function firstColumn(body: Buffer): Promise<number[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ids: number[] = [];
  wb.worksheets[0].eachRow({ includeEmpty: false }, (row, n) => {
    if (n > 1) ids.push(Number(row.getCell(1).value));
  });
  return ids;
}

type LoanItem = { id: number; principal: string; startDate: string; maturityDate: string; dpd: number };
type CustomerItem = { id: number; age: number; firstSeenDate: string };

/** Orders rows by a key then id, both ascending or both descending: what the list must answer. */
function expectedOrder<T extends { id: number }>(rows: T[], key: (r: T) => number | string, descending: boolean): number[] {
  const sign = descending ? -1 : 1;
  return [...rows]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
      return (a.id - b.id) * sign;
    })
    .map((r) => r.id);
}

describe.each(testEngines())('list sort on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;
  const staff: Record<string, number> = {};
  const branch: Record<string, number> = {};

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
    server = await buildServer({ ctx, authenticate: (t) => authenticate(ctx.db, t), modules: [accessRoutes, loanRoutes, customerRoutes] });
    for (const r of await queryRows<{ id: string; username: string }>(ctx.db, sql`SELECT id::text AS id, username FROM staff`))
      staff[r.username] = Number(r.id);
    for (const r of await queryRows<{ id: string; code: string }>(ctx.db, sql`SELECT id::text AS id, code FROM branches`))
      branch[r.code] = Number(r.id);

    const person = (name: string, birth: string, seq: string, mobile: string) =>
      withTx(ctx.db, (tx) =>
        ensureCustomer(tx, ctx.crypto, {
          name,
          idNumber: makeIdNumber(`370812${birth}${seq}`),
          mobile,
          branchId: branch['YZ-GL'],
          officerId: staff.officer1,
        }),
      );
    const a = (await person('韩梅梅', '19880306', '412', '13905376641')).customer.id;
    const b = (await person('李雷', '19750511', '433', '13905376642')).customer.id;
    await person('王芳', '19990101', '424', '13905376643');
    await person('赵强', '19750511', '455', '13905376644'); // the same age as 李雷: ordered by id

    // equal principals (the tiebreak) and start dates out of id order
    await open({ customerId: a, principalFen: 5_000_000n, startDate: '2026-02-01' });
    await open({ customerId: a, principalFen: 1_000_000n, startDate: '2026-01-15' });
    await open({ customerId: b, principalFen: 5_000_000n, startDate: '2026-03-01' });
    await open({ customerId: b, principalFen: 2_000_000n, startDate: '2026-01-01' });
    await open({ customerId: b, principalFen: 5_000_000n, startDate: '2026-01-20', termMonths: 6 });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const loansOf = async (query: string): Promise<LoanItem[]> => {
    const res = await client(server, await loginAs(server, 'head1')).get(`/api/v1/loans?pageSize=200${query}`);
    expect(res.statusCode, query).toBe(200);
    return (res.json() as { items: LoanItem[] }).items;
  };

  it('sorts the loans list ascending and descending by amount, dates and id, equal amounts by id', async () => {
    const all = await loansOf('');
    expect(all).toHaveLength(5);
    expect(all.map((l) => l.id)).toEqual(expectedOrder(all, (l) => l.id, true)); // no sort: newest first, as before
    const fen = (l: LoanItem) => Math.round(Number(l.principal) * 100);
    for (const [sort, key, descending] of [
      ['principal', fen, false],
      ['-principal', fen, true],
      ['startDate', (l: LoanItem) => l.startDate, false],
      ['-startDate', (l: LoanItem) => l.startDate, true],
      ['maturityDate', (l: LoanItem) => l.maturityDate, false],
      ['-dpd', (l: LoanItem) => l.dpd, true],
      ['id', (l: LoanItem) => l.id, false],
    ] as const) {
      const items = await loansOf(`&sort=${encodeURIComponent(sort)}`);
      expect(
        items.map((l) => l.id),
        sort,
      ).toEqual(expectedOrder(all, key as (l: LoanItem) => number | string, descending));
    }
    const amounts = (await loansOf('&sort=-principal')).map((l) => l.principal);
    expect(amounts).toEqual(['50000.00', '50000.00', '50000.00', '20000.00', '10000.00']);
  });

  it('pages of a sorted list join up: each loan once, in the order of the whole list', async () => {
    const whole = (await loansOf('&sort=principal')).map((l) => l.id);
    const api = client(server, await loginAs(server, 'head1'));
    const paged: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await api.get(`/api/v1/loans?sort=principal&pageSize=2&page=${page}`);
      paged.push(...(res.json() as { items: LoanItem[] }).items.map((l) => l.id));
    }
    expect(paged).toEqual(whole);
  });

  it('sorts the customers list by age (birth date reversed), first-seen date and id', async () => {
    const api = client(server, await loginAs(server, 'head1'));
    const list = async (query: string) => {
      const res = await api.get(`/api/v1/customers?pageSize=200${query}`);
      expect(res.statusCode, query).toBe(200);
      return (res.json() as { items: CustomerItem[] }).items;
    };
    const all = await list('');
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all.map((c) => c.id)).toEqual(expectedOrder(all, (c) => c.id, true));
    for (const [sort, key, descending] of [
      ['age', (c: CustomerItem) => c.age, false],
      ['-age', (c: CustomerItem) => c.age, true],
      ['id', (c: CustomerItem) => c.id, false],
      ['-firstSeenDate', (c: CustomerItem) => c.firstSeenDate, true],
    ] as const) {
      const items = await list(`&sort=${encodeURIComponent(sort)}`);
      const ids = items.map((c) => c.id);
      if (sort === 'age' || sort === '-age') {
        // ages in the right order; a tie in whole years may still differ by birth date, so only the ages are compared
        const ages = items.map((c) => c.age);
        expect(ages, sort).toEqual([...ages].sort((x, y) => (descending ? y - x : x - y)));
      } else {
        expect(ids, sort).toEqual(expectedOrder(all, key as (c: CustomerItem) => number | string, descending));
      }
    }
  });

  it('refuses an unknown sort field, a bare minus and SQL in the sort with 400 VALIDATION_FAILED, on the list and its export', async () => {
    const api = client(server, await loginAs(server, 'head1'));
    for (const path of ['/api/v1/loans', '/api/v1/customers']) {
      for (const sort of ['nameEnc', '-', '--principal', 'principal desc', 'id;drop table loans', 'ID', '']) {
        for (const format of ['', '&format=xlsx']) {
          const res = await api.get(`${path}?sort=${encodeURIComponent(sort)}${format}`);
          expect(res.statusCode, `${path} ${sort} ${format}`).toBe(400);
          expect(res.json().code).toBe('VALIDATION_FAILED');
        }
      }
    }
    expect((await api.get('/api/v1/customers?sort=principal')).statusCode).toBe(400);
    expect((await api.get('/api/v1/loans?sort=age')).statusCode).toBe(400);
  });

  it('the export follows the sort: the same rows in the same order as the sorted JSON list', async () => {
    const api = client(server, await loginAs(server, 'head1'));
    for (const [path, sort] of [
      ['/api/v1/loans', '-principal'],
      ['/api/v1/loans', 'startDate'],
      ['/api/v1/customers', 'age'],
      ['/api/v1/customers', '-id'],
    ] as const) {
      const json = (await api.get(`${path}?pageSize=200&sort=${sort}`)).json() as { items: Array<{ id: number }> };
      const res = await api.get(`${path}?format=xlsx&sort=${sort}`);
      expect(res.statusCode).toBe(200);
      expect(await firstColumn(res.rawPayload), `${path} ${sort}`).toEqual(json.items.map((i) => i.id));
    }
    const filtered = (await api.get('/api/v1/loans?pageSize=200&status=ACTIVE&sort=principal')).json() as { items: Array<{ id: number }> };
    expect(await firstColumn((await api.get('/api/v1/loans?format=xlsx&status=ACTIVE&sort=principal')).rawPayload)).toEqual(
      filtered.items.map((i) => i.id),
    );
  });

  it('documents the sort parameter and its fields in the OpenAPI document', async () => {
    const res = await server.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      paths: Record<
        string,
        { get?: { parameters?: Array<{ name: string; in: string; description?: string; schema?: { enum?: string[] } }> } }
      >;
    };
    for (const [path, fields] of [
      ['/api/v1/loans', ['principal', '-principal', 'maturityDate', '-dpd']],
      ['/api/v1/customers', ['age', '-age', 'firstSeenDate']],
    ] as const) {
      const sort = doc.paths[path].get?.parameters?.find((p) => p.name === 'sort' && p.in === 'query');
      expect(sort, path).toBeDefined();
      expect(sort?.description ?? '').toContain('-field descending');
      for (const f of fields) expect(sort?.schema?.enum ?? []).toContain(f);
    }
  });
});
