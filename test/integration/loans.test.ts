import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/context.js';
import { queryOne, queryRows, withTx } from '../../src/db/client.js';
import { buildServer, CUSTOMER_TOKEN_PREFIX } from '../../src/http/server.js';
import { AppError, formatYuan } from '../../src/kernel/index.js';
import { accessRoutes, authenticate, loadActor } from '../../src/modules/access/index.js';
import type { Actor } from '../../src/modules/org/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import { ledgerRoutes, loanAccountBalanceFen, postLoanDisbursement } from '../../src/modules/ledger/index.js';
import { getLoanForCustomer, getLoanForStaff, listLoans, loanRoutes, openLoan, type OpenLoanInput } from '../../src/modules/loans/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { buildSchedule } from '../../src/modules/products/schedule/index.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';
import { loanIndexDisagreements } from '../support/loan-index.js';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

function dbMessage(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 5; e = (e as { cause?: unknown }).cause) parts.push(String((e as Error).message ?? e));
  return parts.join(' | ');
}

/** Customer sessions of the mobile page, stubbed with the customer token type: the origination module provides the real ones. */
const CUSTOMER_201 = `${CUSTOMER_TOKEN_PREFIX}customer_201`;
const CUSTOMER_202 = `${CUSTOMER_TOKEN_PREFIX}customer_202`;
const CUSTOMER_TOKENS: Record<string, number> = { [CUSTOMER_201]: 201, [CUSTOMER_202]: 202 };

describe.each(testEngines())('loans on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;
  const staff: Record<string, number> = {};
  const branch: Record<string, number> = {};
  let loanCount: () => Promise<{ loans: number; index: number; schedule: number }>;

  const base = (over: Partial<OpenLoanInput> = {}): OpenLoanInput => ({
    customerId: 201,
    creditLineId: 31,
    productCode: 'XIN_E_DAI',
    principalFen: 5_000_000n,
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
  });
  const open = (over: Partial<OpenLoanInput> = {}) => withTx(ctx.db, (tx) => openLoan(tx, base(over)));
  const actor = async (username: string): Promise<Actor> => {
    const a = await loadActor(ctx.db, staff[username], 0);
    if (!a) throw new Error(`no actor ${username}`);
    return a;
  };

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      authenticateCustomer: async (t) => (CUSTOMER_TOKENS[t] ? { customerId: CUSTOMER_TOKENS[t], sessionId: 1 } : null),
      modules: [accessRoutes, reviewRoutes, importRoutes, ledgerRoutes, loanRoutes],
    });
    for (const r of await queryRows<{ id: string; username: string }>(ctx.db, sql`SELECT id::text AS id, username FROM staff`)) {
      staff[r.username] = Number(r.id);
    }
    for (const r of await queryRows<{ id: string; code: string }>(ctx.db, sql`SELECT id::text AS id, code FROM branches`)) {
      branch[r.code] = Number(r.id);
    }
    loanCount = async () => {
      const row = await queryOne<{ loans: string; idx: string; sched: string }>(
        ctx.db,
        sql`SELECT (SELECT count(*) FROM loans)::text AS loans, (SELECT count(*) FROM loan_index)::text AS idx,
                   (SELECT count(*) FROM loan_schedule)::text AS sched`,
      );
      return { loans: Number(row!.loans), index: Number(row!.idx), schedule: Number(row!.sched) };
    };
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const methods = [
    { name: '等额本息 12 months', over: { method: 'EQUAL_INSTALLMENT', termMonths: 12 } },
    {
      name: '等额本金 6 months on repayment day 20 (stub first period)',
      over: { method: 'EQUAL_PRINCIPAL', termMonths: 6, repaymentDay: 20 },
    },
    { name: '按月付息到期还本 24 months, 365-day basis', over: { method: 'MONTHLY_INTEREST', termMonths: 24, dayCountBasis: 365 } },
    { name: '利随本清 90 days', over: { method: 'BULLET', termMonths: undefined, termDays: 90 } },
    { name: '利随本清 12 months, odd principal', over: { method: 'BULLET', termMonths: 12, principalFen: 1_234_567n } },
    {
      name: '等额本息 1 month, one fen at 0 %',
      over: { method: 'EQUAL_INSTALLMENT', termMonths: 1, principalFen: 1n, annualRatePct: '0' },
    },
  ] as const;

  it.each(methods)('opens a loan ($name): schedule stored, principal sums to the loan, maturity = last due date', async ({ over }) => {
    const input = base(over as Partial<OpenLoanInput>);
    const opened = await withTx(ctx.db, (tx) => openLoan(tx, input));
    const expected = buildSchedule({
      principalFen: input.principalFen,
      annualRatePct: input.annualRatePct,
      method: input.method,
      startDate: input.startDate,
      termMonths: input.termMonths,
      termDays: input.termDays,
      repaymentDay: input.repaymentDay,
      dayCountBasis: input.dayCountBasis,
    });
    expect(opened.schedule).toEqual(expected);
    const last = expected.installments[expected.installments.length - 1];
    expect(opened.maturityDate).toBe(last.dueDate);

    const stored = await queryRows<{
      period: number;
      start: string;
      due: string;
      days: number;
      p: string;
      i: string;
      pay: string;
      rem: string;
      status: string;
    }>(
      ctx.db,
      sql`SELECT period, start_date::text AS start, due_date::text AS due, days, principal_fen::text AS p, interest_fen::text AS i,
                 payment_fen::text AS pay, remaining_principal_fen::text AS rem, status
            FROM loan_schedule WHERE customer_id = ${input.customerId} AND loan_id = ${opened.loanId} ORDER BY period`,
    );
    expect(stored).toEqual(
      expected.installments.map((r) => ({
        period: r.period,
        start: r.startDate,
        due: r.dueDate,
        days: r.days,
        p: String(r.principalFen),
        i: String(r.interestFen),
        pay: String(r.paymentFen),
        rem: String(r.remainingPrincipalFen),
        status: 'PENDING',
      })),
    );
    expect(stored.reduce((s, r) => s + BigInt(r.p), 0n)).toBe(input.principalFen);

    const loan = await getLoanForCustomer(ctx.db, input.customerId, opened.loanId);
    expect(loan).toMatchObject({
      id: opened.loanId,
      customerId: input.customerId,
      principal: formatYuan(input.principalFen),
      outstandingPrincipal: formatYuan(input.principalFen),
      repaymentMethod: input.method,
      startDate: '2026-01-01',
      maturityDate: last.dueDate,
      status: 'ACTIVE',
      termMonths: input.termMonths ?? null,
      termDays: input.termDays ?? null,
      dayCountBasis: input.dayCountBasis,
    });
    expect(loan.schedule).toHaveLength(expected.installments.length);
    expect(loan.schedule[loan.schedule.length - 1].remainingPrincipal).toBe('0.00');
  });

  it('refuses bad loan terms and writes nothing: amount, rate, term, repayment day, method mix', async () => {
    const before = await loanCount();
    const cases: Array<[Partial<OpenLoanInput>, string]> = [
      [{ principalFen: 0n }, 'INVALID_AMOUNT'],
      [{ principalFen: -100n }, 'INVALID_AMOUNT'],
      [{ annualRatePct: '4.12345' }, 'INVALID_RATE'], // numeric(9,4) could not store it exactly
      [{ annualRatePct: '-1' }, 'INVALID_RATE'],
      [{ annualRatePct: '36.01' }, 'INVALID_RATE'],
      [{ penaltyUpliftPct: 'fifty' }, 'INVALID_RATE'],
      [{ termMonths: 0 }, 'INVALID_TERM'],
      [{ termMonths: 361 }, 'INVALID_TERM'],
      [{ termMonths: undefined, termDays: 30 }, 'INVALID_TERM'], // days only for BULLET
      [{ method: 'BULLET', termMonths: undefined, termDays: 3661 }, 'INVALID_TERM'],
      [{ repaymentDay: 29 }, 'INVALID_REPAYMENT_DAY'],
      [{ method: 'BULLET', repaymentDay: 5 }, 'INVALID_REPAYMENT_DAY'],
      [{ method: 'REVOLVING' as never }, 'UNSUPPORTED_METHOD'],
      [{ startDate: '2026-02-30' }, 'INVALID_DATE'],
    ];
    for (const [over, code] of cases) {
      const err = await rejection(open(over));
      expect(
        err,
        JSON.stringify(over, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
      ).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(code);
    }
    // programming errors (ids, missing account) fail loudly
    for (const over of [
      { customerId: 0 },
      { branchId: -1 },
      { disbursementAccountNo: ' ' },
      { productCode: '' },
    ] as Partial<OpenLoanInput>[]) {
      expect((await rejection(open(over))) as Error).toMatchObject({ name: 'InvariantError' });
    }
    expect(await loanCount()).toEqual(before);
  });

  it('rolls the loan back with the rest of the drawdown when a later step fails', async () => {
    const before = await loanCount();
    const err = await rejection(
      withTx(ctx.db, async (tx) => {
        await openLoan(tx, base({ customerId: 250 }));
        throw new AppError('CREDIT_LIMIT_EXCEEDED');
      }),
    );
    expect((err as AppError).code).toBe('CREDIT_LIMIT_EXCEEDED');
    expect(await loanCount()).toEqual(before);
  });

  it('keeps the database invariants: outstanding within 0..principal, payment = principal + interest, index agrees', async () => {
    const { loanId } = await open({ customerId: 251 });
    for (const stmt of [
      sql`UPDATE loans SET outstanding_principal_fen = -1 WHERE customer_id = 251 AND id = ${loanId}`,
      sql`UPDATE loans SET outstanding_principal_fen = principal_fen + 1 WHERE customer_id = 251 AND id = ${loanId}`,
      sql`UPDATE loans SET status = 'SETTLED' WHERE customer_id = 251 AND id = ${loanId}`,
      sql`UPDATE loan_schedule SET payment_fen = payment_fen + 1 WHERE customer_id = 251 AND loan_id = ${loanId}`,
    ]) {
      expect(dbMessage(await rejection(ctx.db.execute(stmt)))).toMatch(/violates (check|foreign key) constraint/);
    }
    // The index row names the loan's customer and stays: on PGlite/PostgreSQL the foreign key loans → loan_index
    // refuses moving or removing it; on Citus (0046: distributed by loan_id, no foreign key) the write-once trigger.
    for (const [op, stmt] of [
      ['UPDATE', sql`UPDATE loan_index SET customer_id = 252 WHERE loan_id = ${loanId}`],
      ['DELETE', sql`DELETE FROM loan_index WHERE loan_id = ${loanId}`],
    ] as const) {
      expect(dbMessage(await rejection(ctx.db.execute(stmt)))).toMatch(
        kind === 'citus'
          ? new RegExp(`loan_index rows are written once, by the loan-opening statement: ${op} refused`)
          : /violates foreign key constraint "loans_index_fkey"/,
      );
    }
    expect(await loanIndexDisagreements(ctx.db)).toEqual([]);
  });

  it('gives every loan a bank-wide unique id and finds it by id alone', async () => {
    const a = await open({ customerId: 260 });
    const b = await open({ customerId: 261 });
    expect(b.loanId).toBeGreaterThan(a.loanId);
    const exec = await actor('exec1');
    expect((await getLoanForStaff(ctx.db, exec, a.loanId)).customerId).toBe(260);
    expect((await getLoanForStaff(ctx.db, exec, b.loanId)).customerId).toBe(261);
    const missing = await rejection(getLoanForStaff(ctx.db, exec, 99_999_999));
    expect((missing as AppError).code).toBe('LOAN_NOT_FOUND');
  });

  it('limits staff to their data scope: officer → own loans, branch → its subtree, head office → all', async () => {
    const own = await open({ customerId: 270, officerId: staff.officer1, branchId: branch['YZ-GL'] });
    const colleague = await open({ customerId: 271, officerId: staff.head1, branchId: branch['YZ-GL'] });
    const subBranch = await open({ customerId: 272, officerId: null, branchId: branch['YZ-GL-XC'] });
    const otherBranch = await open({ customerId: 273, officerId: staff.admin, branchId: branch['YZ-JXQ'] });
    const officer = await actor('officer1');
    const head = await actor('head1');
    const exec = await actor('exec1');

    expect((await getLoanForStaff(ctx.db, officer, own.loanId)).id).toBe(own.loanId);
    for (const id of [colleague.loanId, subBranch.loanId, otherBranch.loanId]) {
      const err = await rejection(getLoanForStaff(ctx.db, officer, id));
      expect((err as AppError).code).toBe('LOAN_NOT_FOUND');
    }
    for (const id of [own.loanId, colleague.loanId, subBranch.loanId]) expect((await getLoanForStaff(ctx.db, head, id)).id).toBe(id);
    expect(((await rejection(getLoanForStaff(ctx.db, head, otherBranch.loanId))) as AppError).code).toBe('LOAN_NOT_FOUND');
    expect((await getLoanForStaff(ctx.db, exec, otherBranch.loanId)).id).toBe(otherBranch.loanId);

    const officerList = await listLoans(ctx.db, officer, { page: 1, pageSize: 200 });
    expect(officerList.items.every((l) => l.officerId === staff.officer1)).toBe(true);
    expect(officerList.items.map((l) => l.id)).toContain(own.loanId);
    const headList = await listLoans(ctx.db, head, { page: 1, pageSize: 200 });
    expect(headList.items.map((l) => l.id)).toEqual(expect.arrayContaining([own.loanId, colleague.loanId, subBranch.loanId]));
    expect(headList.items.map((l) => l.id)).not.toContain(otherBranch.loanId);
    const execList = await listLoans(ctx.db, exec, { page: 1, pageSize: 200 });
    expect(execList.total).toBe((await loanCount()).loans);
  });

  it('shows a customer only their own loans', async () => {
    const mine = await open({ customerId: 280 });
    expect((await getLoanForCustomer(ctx.db, 280, mine.loanId)).id).toBe(mine.loanId);
    const err = await rejection(getLoanForCustomer(ctx.db, 281, mine.loanId));
    expect((err as AppError).code).toBe('LOAN_NOT_FOUND');
  });

  it('GET /api/v1/loans/:id returns the loan with its schedule as yuan strings', async () => {
    const { loanId, schedule } = await open({ customerId: 290, principalFen: 5_000_000n, annualRatePct: '4.35', termMonths: 12 });
    const exec = client(server, await loginAs(server, 'exec1'));
    const res = await exec.get(`/api/v1/loans/${loanId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: loanId,
      customerId: 290,
      creditLineId: 31,
      productCode: 'XIN_E_DAI',
      principal: '50000.00',
      outstandingPrincipal: '50000.00',
      annualRatePct: '4.35',
      penaltyUpliftPct: '50.00',
      repaymentMethod: 'EQUAL_INSTALLMENT',
      termMonths: 12,
      termDays: null,
      startDate: '2026-01-01',
      maturityDate: '2027-01-01',
      status: 'ACTIVE',
      branchId: branch['YZ-GL'],
      officerId: staff.officer1,
      disbursementAccountMasked: '6230********2345',
    });
    expect(body.schedule).toHaveLength(12);
    expect(body.schedule[0]).toEqual({
      period: 1,
      startDate: '2026-01-01',
      dueDate: '2026-02-01',
      days: 31,
      principal: formatYuan(schedule.installments[0].principalFen),
      interest: formatYuan(schedule.installments[0].interestFen),
      payment: formatYuan(schedule.installments[0].paymentFen),
      remainingPrincipal: formatYuan(schedule.installments[0].remainingPrincipalFen),
      status: 'PENDING',
      paidPrincipal: '0.00',
      paidInterest: '0.00',
    });
    expect(body.schedule[0].interest).toBe('181.25'); // 50,000 × 4.35 % / 12
    expect(body).not.toHaveProperty('disbursementAccountNo');

    expect((await exec.get('/api/v1/loans/99999999')).json().code).toBe('LOAN_NOT_FOUND');
    expect((await exec.get('/api/v1/loans/99999999')).statusCode).toBe(404);
    expect((await exec.get('/api/v1/loans/abc')).statusCode).toBe(400);
    expect((await exec.get('/api/v1/loans/0')).statusCode).toBe(400);
    expect((await client(server, null).get(`/api/v1/loans/${loanId}`)).statusCode).toBe(401);
    expect((await client(server, await loginAs(server, 'param1')).get(`/api/v1/loans/${loanId}`)).statusCode).toBe(403);
  });

  it('GET /api/v1/loans/:id admits a customer session for their own loans only', async () => {
    const mine = await open({ customerId: 201 });
    const theirs = await open({ customerId: 202 });
    const customer = client(server, CUSTOMER_201);
    const ok = await customer.get(`/api/v1/loans/${mine.loanId}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: mine.loanId, customerId: 201 });
    const other = await customer.get(`/api/v1/loans/${theirs.loanId}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('LOAN_NOT_FOUND');
    // unknown customer session; and the staff-only list and journal do not admit customers
    expect((await client(server, `${CUSTOMER_TOKEN_PREFIX}unknown`).get(`/api/v1/loans/${mine.loanId}`)).json().code).toBe(
      'CUSTOMER_SESSION_REQUIRED',
    );
    expect((await customer.get('/api/v1/loans')).statusCode).toBe(401);
    expect((await customer.get(`/api/v1/loans/${mine.loanId}/journal`)).statusCode).toBe(401);
  });

  it('documents the loan and ledger routes in the OpenAPI document', async () => {
    const res = await server.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/loans',
        '/api/v1/loans/{id}',
        '/api/v1/loans/{id}/journal',
        '/api/v1/ledger/accounts',
        '/api/v1/ledger/trial-balance',
      ]),
    );
  });

  it('GET /api/v1/loans lists loans in scope, filtered and paginated', async () => {
    await open({ customerId: 300 });
    await open({ customerId: 300, method: 'BULLET', termMonths: undefined, termDays: 30 });
    await open({ customerId: 300, officerId: staff.head1 });
    const officer = client(server, await loginAs(server, 'officer1'));
    const mine = await officer.get('/api/v1/loans?customerId=300&pageSize=1&page=1');
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(mine.json().items).toHaveLength(1);
    const second = (await officer.get('/api/v1/loans?customerId=300&pageSize=1&page=2')).json();
    expect(second.items[0].id).not.toBe(mine.json().items[0].id);
    expect(second.items[0]).not.toHaveProperty('schedule');

    const head = client(server, await loginAs(server, 'head1'));
    expect((await head.get('/api/v1/loans?customerId=300')).json().total).toBe(3);
    expect((await head.get('/api/v1/loans?customerId=300&status=ACTIVE')).json().total).toBe(3);
    expect((await head.get('/api/v1/loans?customerId=300&status=SETTLED')).json().total).toBe(0);

    for (const q of ['pageSize=0', 'pageSize=201', 'page=0', 'status=CLOSED', 'customerId=-1', 'customerId=x']) {
      const res = await head.get(`/api/v1/loans?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await client(server, await loginAs(server, 'param1')).get('/api/v1/loans')).statusCode).toBe(403);
  });

  it('GET /api/v1/loans/:id/journal shows the disbursement entry; the ledger agrees with the loan', async () => {
    const businessDate = '2026-01-01';
    const { loanId } = await withTx(ctx.db, async (tx) => {
      const opened = await openLoan(tx, base({ customerId: 310, principalFen: 2_000_000n }));
      await postLoanDisbursement(tx, {
        customerId: 310,
        loanId: opened.loanId,
        amountFen: 2_000_000n,
        businessDate,
        reference: 'drawdown-310-1',
        productCode: 'XIN_E_DAI',
      });
      return opened;
    });
    const loan = await getLoanForCustomer(ctx.db, 310, loanId);
    const ledgerFen = await loanAccountBalanceFen(ctx.db, { customerId: 310, loanId, accountCode: '1301' });
    expect(formatYuan(ledgerFen)).toBe(loan.outstandingPrincipal);

    const officer = client(server, await loginAs(server, 'officer1'));
    const res = await officer.get(`/api/v1/loans/${loanId}/journal`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.loanId).toBe(loanId);
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({
      businessDate,
      eventType: 'DISBURSEMENT',
      reference: 'drawdown-310-1',
      productCode: 'XIN_E_DAI',
      reversesEntryId: null,
    });
    expect(body.entries[0].lines).toEqual([
      { lineNo: 1, accountCode: '1301', accountName: '贷款本金', loanId, debit: '20000.00', credit: '0.00' },
      { lineNo: 2, accountCode: '2001', accountName: '客户存款（结算）', loanId, debit: '0.00', credit: '20000.00' },
    ]);
    const en = await officer.get(`/api/v1/loans/${loanId}/journal`, { 'accept-language': 'en' });
    expect(en.json().entries[0].lines[0].accountName).toBe('Loans receivable (principal)');

    // another officer's loan is out of scope for the journal too
    const { loanId: foreign } = await open({ customerId: 311, officerId: staff.head1 });
    const out = await officer.get(`/api/v1/loans/${foreign}/journal`);
    expect(out.statusCode).toBe(404);
    expect(out.json().code).toBe('LOAN_NOT_FOUND');
    // a loan without entries has an empty journal
    const head = client(server, await loginAs(server, 'head1'));
    expect((await head.get(`/api/v1/loans/${foreign}/journal`)).json()).toEqual({ loanId: foreign, entries: [] });
  });

  it('lists and shows a loan with its customer masked, its branch and officer by name, days past due and class', async () => {
    const { customer } = await withTx(ctx.db, (tx) =>
      ensureCustomer(tx, ctx.crypto, {
        name: '韩梅梅',
        idNumber: makeIdNumber('37081219880306412'),
        mobile: '13905376641',
        branchId: branch['YZ-GL'],
        officerId: staff.officer1,
      }),
    );
    const { loanId } = await open({ customerId: customer.id });
    // end-of-day's aging and classification, as they would stand 95 days past due
    await ctx.db.execute(
      sql`UPDATE loans SET dpd = 95, classification = 'SUBSTANDARD' WHERE customer_id = ${customer.id} AND id = ${loanId}`,
    );
    const names = await queryOne<{ branch: string; officer: string }>(
      ctx.db,
      sql`SELECT (SELECT name FROM branches WHERE id = ${branch['YZ-GL']}) AS branch, (SELECT name FROM staff WHERE id = ${staff.officer1}) AS officer`,
    );
    const expected = {
      id: loanId,
      customerId: customer.id,
      customerNameMasked: '韩**',
      branchId: branch['YZ-GL'],
      branchName: names!.branch,
      officerId: staff.officer1,
      officerName: names!.officer,
      status: 'ACTIVE',
      dpd: 95,
      classification: 'SUBSTANDARD',
    };

    const officer = client(server, await loginAs(server, 'officer1'));
    const list = await officer.get(`/api/v1/loans?customerId=${customer.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining(expected)]);
    const detail = await officer.get(`/api/v1/loans/${loanId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject(expected);

    // a loan without an officer and a customer unknown to the customers module: names are null, not ids
    const orphan = await open({ customerId: 330, officerId: null });
    const head = client(server, await loginAs(server, 'head1'));
    expect((await head.get(`/api/v1/loans/${orphan.loanId}`)).json()).toMatchObject({
      customerNameMasked: null,
      officerName: null,
      branchName: names!.branch,
      dpd: 0,
      classification: 'NORMAL',
    });
    // the customer's own view carries no staff names
    const own = await getLoanForCustomer(ctx.db, customer.id, loanId);
    expect(own).toMatchObject({ dpd: 95, classification: 'SUBSTANDARD', customerNameMasked: null, branchName: null, officerName: null });
  });
});
