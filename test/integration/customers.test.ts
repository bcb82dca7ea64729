/**
 * Customers: one per resident ID number (also under concurrent first registrations), personal data
 * encrypted at rest, masked and scoped for staff, unmasked only with pii:unmask and audited, and the
 * CUSTOMERS import (row report or all-or-nothing application after a second person's approval).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { queryOne, queryRows, sql, withTx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { idCheckChar, makeIdNumber } from '../../src/kernel/idcard.js';
import { makeCreditCode, orgCodeCheckChar } from '../../src/kernel/uscc.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import {
  customerRoutes,
  ensureCustomer,
  findCustomerByIdNumber,
  getCustomer,
  setIndividualBusiness,
  type EnsureCustomerInput,
} from '../../src/modules/customers/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

/** A valid ID number of Yanzhou (370812) with the given birth date (YYYYMMDD) and 3-digit sequence. */
const idn = (birth: string, seq: string) => makeIdNumber(`370812${birth}${seq}`);

/** An ID number whose check character is X (a boundary of the format). */
function idWithX(): string {
  for (let s = 100; s < 1000; s++) {
    const first17 = `37081219770707${s}`;
    if (idCheckChar(first17) === 'X') return first17 + 'X';
  }
  throw new Error('no X check character found');
}

/** A valid unified social credit code of an individual business (92…). */
function creditCode(): string {
  const body = '3C4D5E6F';
  return makeCreditCode(`92370812${body}${orgCodeCheckChar(body)}`);
}

describe.each(testEngines())('customers on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;
  const staffIds: Record<string, number> = {};
  const branch: Record<string, number> = {};

  const ensure = (input: Partial<EnsureCustomerInput> & { idNumber: string }) =>
    withTx(ctx.db, (tx) =>
      ensureCustomer(tx, ctx.crypto, {
        name: '张三丰',
        mobile: '13805371234',
        branchId: branch['YZ-GL'],
        officerId: null,
        ...input,
      }),
    );
  const count = async (q: ReturnType<typeof sql>) => Number((await queryOne<{ n: string | number }>(ctx.db, q))?.n);
  const as = async (username: string) => client(server, await loginAs(server, username));

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [accessRoutes, reviewRoutes, importRoutes, customerRoutes],
    });
    for (const r of await queryRows<{ id: string | number; username: string }>(ctx.db, sql`SELECT id, username FROM staff`)) {
      staffIds[r.username] = Number(r.id);
    }
    for (const code of ['YZ-GL', 'YZ-GL-XC', 'YZ-JXQ', 'YZ-YYB', 'YZ-SJKJB']) branch[code] = Number((await branchByCode(ctx.db, code))!.id);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('registers a customer on first sight, deriving birth date, sex and region from the ID number', async () => {
    const idNumber = idn('19850312', '101');
    const { customer, created } = await ensure({
      idNumber,
      name: ' 张三丰 ',
      mobile: '+86 138-0537-1234',
      residence: '山东省济宁市兖州区鼓楼街道 1 号',
      monthlyIncomeFen: 850000n,
      officerId: staffIds.officer1,
    });
    expect(created).toBe(true);
    expect(customer).toMatchObject({
      kind: 'INDIVIDUAL',
      name: '张三丰',
      idNumber,
      mobile: '13805371234',
      birthDate: '1985-03-12',
      sex: 'M',
      regionCode: '370812',
      residence: '山东省济宁市兖州区鼓楼街道 1 号',
      occupation: null,
      monthlyIncomeFen: 850000n,
      creditCode: null,
      officerId: staffIds.officer1,
      branchId: branch['YZ-GL'],
      yearsAsCustomer: 0,
    });
    const female = await ensure({ idNumber: idn('19900215', '202'), name: '李秀英', mobile: '13905375678' });
    expect(female.customer).toMatchObject({ sex: 'F', birthDate: '1990-02-15' });
    // the first business date is remembered; years as customer derive from it
    const row = await queryOne<{ d: string }>(ctx.db, sql`SELECT first_seen_date::text AS d FROM customers WHERE id = ${customer.id}`);
    expect(row?.d).toBe('2026-01-01');
  });

  it('keeps no name, ID number or mobile in clear in the database', async () => {
    const idNumber = idn('19791111', '313');
    const { customer } = await ensure({ idNumber, name: '王守仁', mobile: '13705379876' });
    const dump = await queryRows<{ j: string }>(
      ctx.db,
      sql`SELECT row_to_json(c)::text AS j FROM customers c WHERE id = ${customer.id}
          UNION ALL SELECT row_to_json(i)::text FROM customer_identities i WHERE customer_id = ${customer.id}`,
    );
    expect(dump).toHaveLength(2);
    for (const { j } of dump) {
      expect(j).not.toContain('王守仁');
      expect(j).not.toContain(idNumber);
      expect(j).not.toContain('13705379876');
      expect(j).not.toContain('5379876');
    }
    const stored = await queryOne<{ name_masked: string; name_enc: string }>(
      ctx.db,
      sql`SELECT name_masked, name_enc FROM customers WHERE id = ${customer.id}`,
    );
    expect(stored?.name_masked).toBe('王**');
    expect(stored?.name_enc).toMatch(/^v1:/);
  });

  it('gives one customer for the same ID number, filling empty fields but never moving officer or branch', async () => {
    const idNumber = idWithX();
    const first = await ensure({ idNumber, name: '赵小军', mobile: '13605371111', branchId: branch['YZ-YYB'] });
    expect(first.created).toBe(true);
    expect(first.customer.idNumber).toBe(idNumber);
    const again = await ensure({
      idNumber: idNumber.toLowerCase(),
      name: '赵小军',
      mobile: '136 0537 1111',
      branchId: branch['YZ-GL'],
      officerId: staffIds.officer1,
      occupation: '个体经营',
      monthlyIncomeFen: 0n,
    });
    expect(again.created).toBe(false);
    expect(again.customer).toMatchObject({
      id: first.customer.id,
      occupation: '个体经营',
      monthlyIncomeFen: 0n,
      branchId: branch['YZ-YYB'],
      officerId: null,
    });
    // filled fields are not overwritten later
    const third = await ensure({ idNumber, name: '赵小军', mobile: '13605371111', branchId: branch['YZ-YYB'], occupation: '教师' });
    expect(third.customer.occupation).toBe('个体经营');
    expect(await count(sql`SELECT count(*) AS n FROM customers WHERE id_number_hash = ${ctx.crypto.lookupHash(idNumber)}`)).toBe(1);
    const found = await withTx(ctx.db, (tx) => findCustomerByIdNumber(tx, ctx.crypto, idNumber.toLowerCase()));
    expect(found?.id).toBe(first.customer.id);
  });

  it('refuses another name or another mobile for a registered ID number, writing nothing', async () => {
    const idNumber = idn('19820808', '415');
    await ensure({ idNumber, name: '孙建华', mobile: '13505372222' });
    await expect(ensure({ idNumber, name: '孙建国', mobile: '13505372222', occupation: '农户' })).rejects.toMatchObject({
      code: 'CUSTOMER_NAME_MISMATCH',
    });
    await expect(ensure({ idNumber, name: '孙建华', mobile: '13505373333', occupation: '农户' })).rejects.toMatchObject({
      code: 'CUSTOMER_MOBILE_MISMATCH',
    });
    const c = await withTx(ctx.db, (tx) => findCustomerByIdNumber(tx, ctx.crypto, idNumber));
    expect(c?.occupation).toBeNull();
  });

  it('rejects bad input with named codes and writes nothing', async () => {
    const before = await count(sql`SELECT count(*) AS n FROM customers`);
    const good = idn('19880101', '517');
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    await expect(ensure({ idNumber: badCheck })).rejects.toMatchObject({ code: 'INVALID_ID_NUMBER', details: { reason: 'CHECKSUM' } });
    // born after the business date (2026-01-01)
    await expect(ensure({ idNumber: idn('20260102', '517') })).rejects.toMatchObject({
      code: 'INVALID_ID_NUMBER',
      details: { reason: 'BIRTH_DATE' },
    });
    await expect(ensure({ idNumber: '37081219880101' })).rejects.toMatchObject({ code: 'INVALID_ID_NUMBER' });
    await expect(ensure({ idNumber: good, mobile: '12345678901' })).rejects.toMatchObject({ code: 'INVALID_MOBILE' });
    await expect(ensure({ idNumber: good, name: '   ' })).rejects.toMatchObject({ code: 'CUSTOMER_NAME_INVALID' });
    await expect(ensure({ idNumber: good, name: '张3' })).rejects.toMatchObject({ code: 'CUSTOMER_NAME_INVALID' });
    await expect(ensure({ idNumber: good, name: '张'.repeat(51) })).rejects.toMatchObject({ code: 'CUSTOMER_NAME_INVALID' });
    await expect(ensure({ idNumber: good, monthlyIncomeFen: -1n })).rejects.toMatchObject({ code: 'CUSTOMER_PROFILE_INVALID' });
    await expect(ensure({ idNumber: good, residence: '街'.repeat(201) })).rejects.toMatchObject({ code: 'CUSTOMER_PROFILE_INVALID' });
    await expect(ensure({ idNumber: good, branchId: 999_999 })).rejects.toMatchObject({ code: 'BRANCH_NOT_FOUND' });
    expect(await count(sql`SELECT count(*) AS n FROM customers`)).toBe(before);
    expect(await count(sql`SELECT count(*) AS n FROM customer_identities WHERE id_number_hash = ${ctx.crypto.lookupHash(good)}`)).toBe(0);
    // a 50-character name is the longest accepted; a middle dot is part of many names
    const ok = await ensure({ idNumber: good, name: '阿'.repeat(48) + '·木' });
    expect(ok.customer.name).toHaveLength(50);
  });

  it('ends five simultaneous first registrations of one ID number with one customer', async () => {
    const idNumber = idn('19750505', '619');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ensure({ idNumber, name: '钱多多', mobile: '13405374444', officerId: staffIds.officer1 })),
    );
    expect(new Set(results.map((r) => r.customer.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await count(sql`SELECT count(*) AS n FROM customers WHERE id_number_hash = ${ctx.crypto.lookupHash(idNumber)}`)).toBe(1);
    expect(await count(sql`SELECT count(*) AS n FROM customer_identities WHERE id_number_hash = ${ctx.crypto.lookupHash(idNumber)}`)).toBe(
      1,
    );
  });

  it('finds by ID number and by id, with named errors for unknown and malformed input', async () => {
    await expect(withTx(ctx.db, (tx) => findCustomerByIdNumber(tx, ctx.crypto, idn('19600101', '011')))).resolves.toBeNull();
    await expect(withTx(ctx.db, (tx) => findCustomerByIdNumber(tx, ctx.crypto, '123'))).rejects.toMatchObject({
      code: 'INVALID_ID_NUMBER',
    });
    await expect(withTx(ctx.db, (tx) => getCustomer(tx, ctx.crypto, 987_654_321))).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    await expect(withTx(ctx.db, (tx) => getCustomer(tx, ctx.crypto, 0))).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
  });

  it('records an individual business with a valid unified social credit code only', async () => {
    const { customer } = await ensure({ idNumber: idn('19830303', '733'), name: '周大福', mobile: '13305375555' });
    const code = creditCode();
    await expect(
      withTx(ctx.db, (tx) =>
        setIndividualBusiness(tx, customer.id, {
          creditCode: code.slice(0, 17) + (code[17] === '1' ? '2' : '1'),
          businessName: '兖州区大福五金店',
        }),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_CREDIT_CODE' });
    await expect(
      withTx(ctx.db, (tx) => setIndividualBusiness(tx, customer.id, { creditCode: code, businessName: '  ' })),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_PROFILE_INVALID',
    });
    await expect(
      withTx(ctx.db, (tx) => setIndividualBusiness(tx, 987_654_321, { creditCode: code, businessName: '店' })),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
    });
    await withTx(ctx.db, (tx) =>
      setIndividualBusiness(tx, customer.id, { creditCode: code.toLowerCase(), businessName: '兖州区大福五金店' }),
    );
    const after = await withTx(ctx.db, (tx) => getCustomer(tx, ctx.crypto, customer.id));
    expect(after).toMatchObject({ kind: 'INDIVIDUAL_BUSINESS', creditCode: code, businessName: '兖州区大福五金店' });
  });

  describe('staff API', () => {
    let mine: number; // YZ-GL, officer1
    let branchOnly: number; // YZ-GL-XC (under YZ-GL), no officer
    let elsewhere: number; // YZ-JXQ
    const mineId = idn('19870709', '811');
    const elsewhereId = idn('19920220', '822');

    beforeAll(async () => {
      mine = (
        await ensure({
          idNumber: mineId,
          name: '欧阳明',
          mobile: '13205376666',
          officerId: staffIds.officer1,
          occupation: '农户',
          monthlyIncomeFen: 620050n,
        })
      ).customer.id;
      branchOnly = (await ensure({ idNumber: idn('19891010', '833'), name: '何小英', mobile: '13105377777', branchId: branch['YZ-GL-XC'] }))
        .customer.id;
      elsewhere = (await ensure({ idNumber: elsewhereId, name: '马建业', mobile: '13005378888', branchId: branch['YZ-JXQ'] })).customer.id;
    });

    it('shows a loan officer only the customers assigned to them, masked', async () => {
      const officer = await as('officer1');
      const res = await officer.get('/api/v1/customers?pageSize=200');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const ids = body.items.map((c: { id: number }) => c.id);
      expect(ids).toContain(mine);
      expect(ids).not.toContain(branchOnly);
      expect(ids).not.toContain(elsewhere);
      expect(body.items.every((c: { officerId: number }) => c.officerId === staffIds.officer1)).toBe(true);
      expect(body.total).toBe(body.items.length);
      const item = body.items.find((c: { id: number }) => c.id === mine);
      expect(item).toEqual({
        id: mine,
        kind: 'INDIVIDUAL',
        nameMasked: '欧**',
        idNumberMasked: `370812********${mineId.slice(14)}`,
        mobileMasked: '132****6666',
        age: 38,
        sex: 'M',
        regionCode: '370812',
        branchId: branch['YZ-GL'],
        branchName: '鼓楼支行',
        officerId: staffIds.officer1,
        officerName: '周伟',
        firstSeenDate: '2026-01-01',
        createdAt: expect.any(String),
      });
      expect(res.body).not.toContain('欧阳明');
      expect(res.body).not.toContain(mineId);
      // by id: their own customer yes, the branch's unassigned one no
      const detail = await officer.get(`/api/v1/customers/${mine}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({ occupation: '农户', monthlyIncome: '6200.50', yearsAsCustomer: 0, nameMasked: '欧**' });
      const other = await officer.get(`/api/v1/customers/${branchOnly}`);
      expect(other.statusCode).toBe(404);
      expect(other.json().code).toBe('CUSTOMER_NOT_FOUND');
    });

    it('shows a branch head the branch and its sub-branches, and nothing of another branch', async () => {
      const head = await as('head1');
      const list = (await head.get('/api/v1/customers?pageSize=200')).json();
      const ids = list.items.map((c: { id: number }) => c.id);
      expect(ids).toEqual(expect.arrayContaining([mine, branchOnly]));
      expect(ids).not.toContain(elsewhere);
      expect(list.items.every((c: { branchId: number }) => [branch['YZ-GL'], branch['YZ-GL-XC']].includes(c.branchId))).toBe(true);
      const other = await head.get(`/api/v1/customers/${elsewhere}`);
      expect(other.statusCode).toBe(404);
      expect(other.json().code).toBe('CUSTOMER_NOT_FOUND');
      // the bank-wide executive sees it; an unknown id is the same 404
      const exec = await as('exec1');
      expect((await exec.get(`/api/v1/customers/${elsewhere}`)).statusCode).toBe(200);
      expect((await exec.get('/api/v1/customers/987654321')).json().code).toBe('CUSTOMER_NOT_FOUND');
      expect((await exec.get('/api/v1/customers/abc')).statusCode).toBe(400);
    });

    it('searches by exact ID number, mobile or full name, within the scope only', async () => {
      const exec = await as('exec1');
      const search = async (c: Awaited<ReturnType<typeof as>>, q: string) =>
        (await c.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)).json().items.map((x: { id: number }) => x.id);
      expect(await search(exec, mineId)).toEqual([mine]);
      expect(await search(exec, mineId.toLowerCase())).toEqual([mine]);
      expect(await search(exec, '132 0537 6666')).toEqual([mine]);
      expect(await search(exec, '欧阳明')).toEqual([mine]);
      expect(await search(exec, '欧阳')).toEqual([]);
      expect(await search(exec, '13205')).toEqual([]);
      const officer = await as('officer1');
      expect(await search(officer, elsewhereId)).toEqual([]);
      const bad = await exec.get('/api/v1/customers?pageSize=201');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    });

    it('unmasks name, ID number and mobile for pii:unmask holders within scope, and audits every view', async () => {
      const auditCount = () =>
        count(
          sql`SELECT count(*) AS n FROM audit_log WHERE action = 'pii.unmask' AND target_type = 'customer' AND target_id = ${String(mine)}`,
        );
      const before = await auditCount();
      const officer = await as('officer1');
      const res = await officer.get(`/api/v1/customers/${mine}/pii`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ name: '欧阳明', idNumber: mineId, mobile: '13205376666' });
      expect(await auditCount()).toBe(before + 1);
      const entry = await queryOne<{ actor_username: string; summary: { fields: string[] } }>(
        ctx.db,
        sql`SELECT actor_username, summary FROM audit_log WHERE action = 'pii.unmask' AND target_id = ${String(mine)} ORDER BY seq DESC LIMIT 1`,
      );
      expect(entry).toMatchObject({ actor_username: 'officer1', summary: { fields: ['name', 'idNumber', 'mobile'] } });
      // no permission: 403; out of scope: 404 and nothing audited
      const exec = await as('exec1');
      expect((await exec.get(`/api/v1/customers/${mine}/pii`)).json().code).toBe('FORBIDDEN');
      const head = await as('head1');
      const out = await head.get(`/api/v1/customers/${elsewhere}/pii`);
      expect(out.statusCode).toBe(404);
      expect(await count(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'pii.unmask' AND target_id = ${String(elsewhere)}`)).toBe(
        0,
      );
      expect(await auditCount()).toBe(before + 1);
    });
  });

  describe('CUSTOMERS import', () => {
    const upload = async (csv: string) => {
      const admin = await as('admin');
      return admin.post(
        `/api/v1/imports?type=CUSTOMERS&filename=${encodeURIComponent('客户名单.csv')}`,
        Buffer.from('\uFEFF' + csv, 'utf8'),
        {
          'content-type': 'text/csv',
        },
      );
    };
    const header = '姓名,身份证号,手机号,居住地址,职业,月收入(元),客户经理工号,所属机构代码,统一社会信用代码,个体工商户名称\r\n';

    it('reports bad rows one by one, masked, and applies nothing', async () => {
      const customersBefore = await count(sql`SELECT count(*) AS n FROM customers`);
      const dup = idn('19910101', '915');
      const known = idn('19850312', '101'); // 张三丰, registered by the first test
      const csv =
        header +
        `吴用,${dup},13812340001,,,1000,,YZ-GL,,\r\n` + // row 2: fine
        `吴用二,${dup},13812340002,,,,,YZ-GL,,\r\n` + // 3: duplicate ID in the file
        `林冲,370812198501011230,13812340003,,,,,YZ-GL,,\r\n` + // 4: bad check character
        `宋江,${idn('19700101', '921')},1381234,,,,,YZ-GL,,\r\n` + // 5: bad mobile
        `卢俊义,${idn('19700102', '931')},13812340005,,,-1,,YZ-GL,,\r\n` + // 6: negative income
        `公孙胜,${idn('19700103', '941')},13812340006,,,,99999,,,\r\n` + // 7: unknown officer
        `关胜,${idn('19700104', '951')},13812340007,,,,,NOPE,,\r\n` + // 8: unknown branch
        `张三,${known},13805371234,,,,,YZ-GL,,\r\n` + // 9: another name for a registered ID
        `秦明,${idn('19700105', '961')},13812340009,,,,,,,\r\n` + // 10: neither branch nor officer
        `呼延灼,${idn('19700106', '971')},13812340010,,,,${staffIds.officer1},YZ-JXQ,,\r\n` + // 11: officer of another branch
        `花荣,${idn('19700107', '981')},13812340011,,,,,YZ-GL,${creditCode()},\r\n`; // 12: credit code without a name
      const res = await upload(csv);
      expect(res.statusCode).toBe(201);
      const batch = res.json();
      expect(batch).toMatchObject({ status: 'INVALID', totalRows: 11, errorRows: 10, reviewRequestId: null });
      const admin = await as('admin');
      const report = (await admin.get(`/api/v1/imports/${batch.id}/errors?pageSize=100`)).json();
      const byRow = new Map<number, string[]>();
      for (const e of report.items as Array<{ row: number; code: string }>) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.code]);
      expect(Object.fromEntries(byRow)).toEqual({
        3: ['DUPLICATE_IN_FILE'],
        4: ['INVALID_ID_NUMBER'],
        5: ['INVALID_MOBILE'],
        6: ['INVALID_INCOME'],
        7: ['OFFICER_NOT_FOUND'],
        8: ['BRANCH_NOT_FOUND'],
        9: ['CUSTOMER_NAME_MISMATCH'],
        10: ['BRANCH_REQUIRED'],
        11: ['OFFICER_BRANCH_MISMATCH'],
        12: ['BUSINESS_INCOMPLETE'],
      });
      // personal data in the report is masked
      expect(JSON.stringify(report)).not.toContain(dup);
      expect(JSON.stringify(report)).not.toContain('1381234');
      expect(report.items.find((e: { row: number }) => e.row === 3).value).toBe(`370812********${dup.slice(14)}`);
      expect(await count(sql`SELECT count(*) AS n FROM customers`)).toBe(customersBefore);
    });

    it('applies every row only after a second person approves, keeping the staged rows encrypted', async () => {
      const newId = idn('19860606', '017');
      const bizId = idn('19810418', '023');
      const existing = idn('19791111', '313'); // 王守仁, registered earlier without occupation
      const code = creditCode();
      const csv =
        header +
        `武松,${newId},13912340001,兖州区新驿镇,农户,"8,500.50",${staffIds.officer1},,,\r\n` +
        `鲁智深,${bizId},13912340002,,个体经营,0,,YZ-JXQ,${code},兖州区智深农资店\r\n` +
        `王守仁,${existing},13705379876,,教师,,,YZ-YYB,,\r\n`;
      const res = await upload(csv);
      expect(res.statusCode).toBe(201);
      const batch = res.json();
      expect(batch).toMatchObject({ status: 'PENDING_REVIEW', totalRows: 3, errorRows: 0 });
      const staged = await queryRows<{ data: unknown }>(ctx.db, sql`SELECT data FROM import_rows WHERE batch_id = ${batch.id}`);
      expect(staged).toHaveLength(3);
      const stagedText = JSON.stringify(staged);
      for (const secret of [newId, bizId, '13912340001', '武松', '鲁智深']) expect(stagedText).not.toContain(secret);
      expect(await withTx(ctx.db, (tx) => findCustomerByIdNumber(tx, ctx.crypto, newId))).toBeNull();

      // the checker sees masked samples; the maker cannot approve
      const admin = await as('admin');
      const admin2 = await as('admin2');
      const request = (await admin2.get(`/api/v1/review/requests/${batch.reviewRequestId}`)).json();
      const diffText = JSON.stringify(request.diff);
      expect(diffText).toContain('武*');
      expect(diffText).not.toContain(newId);
      expect((await admin.post(`/api/v1/review/requests/${batch.reviewRequestId}/approve`, {})).json().code).toBe('REVIEW_SELF_APPROVAL');
      const approved = await admin2.post(`/api/v1/review/requests/${batch.reviewRequestId}/approve`, {});
      expect(approved.statusCode).toBe(200);

      const wusong = await withTx(ctx.db, (tx) => findCustomerByIdNumber(tx, ctx.crypto, newId));
      expect(wusong).toMatchObject({
        name: '武松',
        mobile: '13912340001',
        residence: '兖州区新驿镇',
        occupation: '农户',
        monthlyIncomeFen: 850050n,
        officerId: staffIds.officer1,
        branchId: branch['YZ-GL'],
      });
      const biz = await withTx(ctx.db, (tx) => findCustomerByIdNumber(tx, ctx.crypto, bizId));
      expect(biz).toMatchObject({
        kind: 'INDIVIDUAL_BUSINESS',
        creditCode: code,
        businessName: '兖州区智深农资店',
        branchId: branch['YZ-JXQ'],
        monthlyIncomeFen: 0n,
      });
      const wang = await withTx(ctx.db, (tx) => findCustomerByIdNumber(tx, ctx.crypto, existing));
      expect(wang).toMatchObject({ occupation: '教师', branchId: branch['YZ-GL'] });
      expect((await admin.get(`/api/v1/imports/${batch.id}`)).json().status).toBe('APPLIED');
    });

    it('applies a file larger than one chunk in row order, leaving a known customer with nothing to fill untouched', async () => {
      const known = idn('19850312', '101'); // 张三丰, registered by the first test
      const before = await queryOne<{ updated_at: string }>(
        ctx.db,
        sql`SELECT updated_at::text AS updated_at FROM customers WHERE id_number_hash = ${ctx.crypto.lookupHash(known)}`,
      );
      const customersBefore = await count(sql`SELECT count(*) AS n FROM customers`);
      const rows = Array.from({ length: 1_200 }, (_, i) => {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
        return `批量${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(i / 10) % 12]},${idn(`1975${month}${day}`, String(500 + Math.floor(i / 336)).padStart(3, '0'))},139${String(20_000_000 + i)},,,,,YZ-GL,,\r\n`;
      });
      rows.splice(600, 0, `张三丰,${known},13805371234,,,,,YZ-GL,,\r\n`);
      const res = await upload(header + rows.join(''));
      expect(res.statusCode).toBe(201);
      const batch = res.json();
      expect(batch).toMatchObject({ status: 'PENDING_REVIEW', totalRows: 1_201, errorRows: 0 });
      const admin2 = await as('admin2');
      expect((await admin2.post(`/api/v1/review/requests/${batch.reviewRequestId}/approve`, {})).statusCode).toBe(200);

      expect(await count(sql`SELECT count(*) AS n FROM customers`)).toBe(customersBefore + 1_200);
      const after = await queryOne<{ updated_at: string }>(
        ctx.db,
        sql`SELECT updated_at::text AS updated_at FROM customers WHERE id_number_hash = ${ctx.crypto.lookupHash(known)}`,
      );
      expect(after).toEqual(before);
      // new customers take ids in the file's order, across the chunk boundary
      const mobiles = await queryRows<{ mobile_enc: string }>(
        ctx.db,
        sql`SELECT mobile_enc FROM customers WHERE name_masked LIKE '批%' ORDER BY customers.id`,
      );
      expect(mobiles.map((r) => ctx.crypto.decrypt(r.mobile_enc))).toEqual(
        Array.from({ length: 1_200 }, (_, i) => `139${String(20_000_000 + i)}`),
      );
    });
  });
});
