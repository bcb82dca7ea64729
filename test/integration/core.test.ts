/**
 * The embedded core-banking adapter: credits and debits that happen once per reference, never
 * overdraw (also under concurrency), certificate-of-deposit pledges, the deposits view, the sandbox
 * endpoints and the CORE_DEPOSITS import (bad rows reported, approved file applied as a snapshot).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { queryOne, queryRows, sql, withTx, type Tx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import {
  core,
  coreRoutes,
  isEmbeddedCore,
  isLuhnValid,
  seedDemoDeposits,
  setCoreBankingAdapter,
  type CoreBanking,
} from '../../src/modules/core/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

const TEST_KEY = 'a1'.repeat(32);
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
      modules: [accessRoutes, reviewRoutes, importRoutes, coreRoutes],
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

describe.each(testEngines())('core banking on %s', (kind) => {
  let h: Harness;
  const ids: Record<string, number> = {};
  const branch: Record<string, number> = {};
  const people: Record<string, { id: number; idNumber: string }> = {};
  let seq = 0;

  /** A fresh customer of 鼓楼支行 (officer1's, unless told otherwise). */
  async function newCustomer(name: string, opts: { officer?: string | null; branchCode?: string } = {}) {
    seq += 1;
    const month = String(((seq - 1) % 12) + 1).padStart(2, '0');
    const day = String((Math.floor((seq - 1) / 12) % 28) + 1).padStart(2, '0');
    const idNumber = makeIdNumber(`3708821990${month}${day}${String(100 + seq).slice(-3)}`);
    const officer = opts.officer === undefined ? 'officer1' : opts.officer;
    const { customer } = await withTx(h.ctx.db, (tx) =>
      ensureCustomer(tx, h.ctx.crypto, {
        name,
        idNumber,
        mobile: `1380537${String(1000 + seq).slice(-4)}`,
        branchId: branch[opts.branchCode ?? 'YZ-GL'],
        officerId: officer ? ids[officer] : null,
      }),
    );
    return { id: customer.id, idNumber };
  }

  const balanceOf = async (customerId: number, accountNo: string) => {
    const row = await queryOne<{ b: string }>(
      h.ctx.db,
      sql`SELECT balance_fen::text AS b FROM core_demand_accounts WHERE customer_id = ${customerId} AND account_no = ${accountNo}`,
    );
    return row ? BigInt(row.b) : null;
  };
  const txnCount = async (customerId: number, reference?: string) => {
    const row = await queryOne<{ n: string | number }>(
      h.ctx.db,
      sql`SELECT count(*) AS n FROM core_transactions WHERE customer_id = ${customerId}
          ${reference ? sql`AND reference = ${reference}` : sql``}`,
    );
    return Number(row?.n ?? 0);
  };
  const openAccount = (customerId: number) => withTx(h.ctx.db, (tx) => core.ensureDemandAccount(tx, customerId, branch['YZ-GL']));
  const transfer = (customerId: number, accountNo: string, amountFen: bigint, reference: string) => ({
    customerId,
    accountNo,
    amountFen,
    reference,
    businessDate: BUSINESS_DATE,
    memo: 'test',
  });

  beforeAll(async () => {
    h = await startApp(kind);
    for (const r of await queryRows<{ id: string | number; username: string }>(h.ctx.db, sql`SELECT id, username FROM staff`)) {
      ids[r.username] = Number(r.id);
    }
    for (const r of await queryRows<{ id: string | number; code: string }>(h.ctx.db, sql`SELECT id, code FROM branches`)) {
      branch[r.code] = Number(r.id);
    }
    people.wang = await newCustomer('王建国');
    people.li = await newCustomer('李秀英', { officer: null, branchCode: 'YZ-XY' });
  });
  afterAll(async () => {
    setCoreBankingAdapter(null);
    await h?.close();
  });

  // -------------------------------------------------------------------------------------------
  // accounts, credits, debits

  it('opens one 19-digit account (BIN 6223, Luhn check digit) and returns the same one afterwards', async () => {
    const c = await newCustomer('赵大勇');
    const first = await openAccount(c.id);
    expect(first).toMatch(/^6223\d{15}$/);
    expect(isLuhnValid(first)).toBe(true);
    expect(await openAccount(c.id)).toBe(first);
    const accounts = await withTx(h.ctx.db, (tx) => core.demandAccounts(tx, c.id));
    expect(accounts).toEqual([{ accountNo: first, balanceFen: 0n, status: 'ACTIVE' }]);
  });

  it('skips a number another customer already holds, and gives accounts opened at once numbers of their own', async () => {
    const first = await openAccount((await newCustomer('钱一')).id);
    // the number the sequence gives next (same branch), held already by an imported account of someone else
    const body = first.slice(0, 8) + String(Number(first.slice(8, 18)) + 1).padStart(10, '0');
    const next = [...'0123456789'].map((d) => body + d).find(isLuhnValid)!;
    const holder = await newCustomer('孙二');
    await h.ctx.db.execute(sql`INSERT INTO core_account_numbers (account_no, customer_id) VALUES (${next}, ${holder.id})`);
    const c = await newCustomer('李三');
    const opened = await openAccount(c.id);
    expect(opened).not.toBe(next);
    expect(isLuhnValid(opened)).toBe(true);
    const directory = await queryRows<{ account_no: string; customer_id: string }>(
      h.ctx.db,
      sql`SELECT account_no, customer_id::text AS customer_id FROM core_account_numbers WHERE account_no IN (${next}, ${opened}) ORDER BY account_no`,
    );
    expect(directory).toEqual([
      { account_no: next, customer_id: String(holder.id) },
      { account_no: opened, customer_id: String(c.id) },
    ]);

    const customers = [];
    for (let i = 0; i < 6; i++) customers.push(await newCustomer(`周${'一二三四五六'[i]}`));
    const numbers = await Promise.all(customers.map((x) => openAccount(x.id)));
    expect(new Set(numbers).size).toBe(6);
  });

  it('credits once per reference: a retry returns the first transaction and moves no money', async () => {
    const c = await newCustomer('钱多多');
    const acct = await openAccount(c.id);
    const first = await withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 1_000_00n, 'disb:1')));
    const retry = await withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 1_000_00n, 'disb:1')));
    expect(retry.txnId).toBe(first.txnId);
    expect(await balanceOf(c.id, acct)).toBe(1_000_00n);
    expect(await txnCount(c.id, 'disb:1')).toBe(1);
    // the same reference for a different amount is a caller error, not a second credit
    await expect(withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 5_00n, 'disb:1')))).rejects.toMatchObject({
      code: 'CORE_REFERENCE_CONFLICT',
    });
    expect(await balanceOf(c.id, acct)).toBe(1_000_00n);
    // a debit may reuse the reference of a credit (the direction is part of the key)
    const back = await withTx(h.ctx.db, (tx) => core.debit(tx, transfer(c.id, acct, 1_00n, 'disb:1')));
    expect(back.debitedFen).toBe(1_00n);
    expect(await balanceOf(c.id, acct)).toBe(999_00n);
  });

  it('debits once per reference and refuses a debit beyond the balance without writing anything', async () => {
    const c = await newCustomer('孙立平');
    const acct = await openAccount(c.id);
    await withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 500_00n, 'in:1')));
    const d1 = await withTx(h.ctx.db, (tx) => core.debit(tx, transfer(c.id, acct, 200_00n, 'repay:1')));
    const d1again = await withTx(h.ctx.db, (tx) => core.debit(tx, transfer(c.id, acct, 200_00n, 'repay:1')));
    expect(d1again).toEqual(d1);
    expect(d1.debitedFen).toBe(200_00n);
    expect(await balanceOf(c.id, acct)).toBe(300_00n);

    await expect(withTx(h.ctx.db, (tx) => core.debit(tx, transfer(c.id, acct, 300_01n, 'repay:2')))).rejects.toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
    });
    expect(await balanceOf(c.id, acct)).toBe(300_00n);
    expect(await txnCount(c.id, 'repay:2')).toBe(0);
    // exactly the balance is allowed
    const all = await withTx(h.ctx.db, (tx) => core.debit(tx, transfer(c.id, acct, 300_00n, 'repay:3')));
    expect(all.debitedFen).toBe(300_00n);
    expect(await balanceOf(c.id, acct)).toBe(0n);
  });

  it('takes what there is on a partial debit, and nothing (no record) from an empty account', async () => {
    const c = await newCustomer('周小满');
    const acct = await openAccount(c.id);
    await withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 123_45n, 'in:1')));
    const partial = await withTx(h.ctx.db, (tx) => core.debit(tx, { ...transfer(c.id, acct, 500_00n, 'auto:1'), allowPartial: true }));
    expect(partial.debitedFen).toBe(123_45n);
    expect(partial.txnId).toBeGreaterThan(0);
    expect(await balanceOf(c.id, acct)).toBe(0n);
    // the retry reports the first result even though money arrived since
    await withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 1_000_00n, 'in:2')));
    const retry = await withTx(h.ctx.db, (tx) => core.debit(tx, { ...transfer(c.id, acct, 500_00n, 'auto:1'), allowPartial: true }));
    expect(retry).toEqual(partial);
    expect(await balanceOf(c.id, acct)).toBe(1_000_00n);
    // a partial debit within the balance takes the whole amount
    const full = await withTx(h.ctx.db, (tx) => core.debit(tx, { ...transfer(c.id, acct, 400_00n, 'auto:2'), allowPartial: true }));
    expect(full.debitedFen).toBe(400_00n);

    const empty = await newCustomer('吴空空');
    const emptyAcct = await openAccount(empty.id);
    const none = await withTx(h.ctx.db, (tx) => core.debit(tx, { ...transfer(empty.id, emptyAcct, 10_00n, 'auto:1'), allowPartial: true }));
    expect(none).toEqual({ txnId: 0, debitedFen: 0n });
    expect(await txnCount(empty.id)).toBe(0);
  });

  it('refuses bad amounts, unknown and frozen accounts', async () => {
    const c = await newCustomer('郑冻结');
    const acct = await openAccount(c.id);
    await expect(withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 0n, 'z:1')))).rejects.toMatchObject({
      code: 'INVALID_AMOUNT',
    });
    await expect(withTx(h.ctx.db, (tx) => core.debit(tx, transfer(c.id, acct, -1n, 'z:2')))).rejects.toMatchObject({
      code: 'INVALID_AMOUNT',
    });
    await expect(withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, '6223999999999999999', 1n, 'z:3')))).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
    });
    // another customer's account is not found either
    await expect(withTx(h.ctx.db, (tx) => core.credit(tx, transfer(people.wang.id, acct, 1n, 'z:4')))).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
    });
    await h.ctx.db.execute(sql`UPDATE core_demand_accounts SET status = 'FROZEN' WHERE customer_id = ${c.id}`);
    await expect(withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 1_00n, 'z:5')))).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_ACTIVE',
    });
    await expect(
      withTx(h.ctx.db, (tx) => core.debit(tx, { ...transfer(c.id, acct, 1_00n, 'z:6'), allowPartial: true })),
    ).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_ACTIVE',
    });
    // money is not paid around a freeze: no new account is opened
    await expect(openAccount(c.id)).rejects.toMatchObject({ code: 'ACCOUNT_NOT_ACTIVE' });
    expect(await txnCount(c.id)).toBe(0);
  });

  it('a retried credit returns its first result after the account was frozen, and moves nothing more', async () => {
    const c = await newCustomer('孙重试');
    const acct = await openAccount(c.id);
    const first = await withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 88_00n, 'disb:frozen')));
    await h.ctx.db.execute(sql`UPDATE core_demand_accounts SET status = 'FROZEN' WHERE customer_id = ${c.id}`);
    const retry = await withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 88_00n, 'disb:frozen')));
    expect(retry.txnId).toBe(first.txnId);
    expect(await balanceOf(c.id, acct)).toBe(88_00n);
    await expect(withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 88_00n, 'disb:other')))).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_ACTIVE',
    });
    expect(await txnCount(c.id)).toBe(1);
  });

  it('never overdraws under concurrent debits, and a concurrently retried reference moves money once', async () => {
    const c = await newCustomer('冯并发');
    const acct = await openAccount(c.id);
    await withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 100_00n, 'in:1')));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => withTx(h.ctx.db, (tx) => core.debit(tx, transfer(c.id, acct, 30_00n, `con:${i}`)))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(3);
    expect(refused.every((r) => (r.reason as { code?: string }).code === 'INSUFFICIENT_BALANCE')).toBe(true);
    expect(await balanceOf(c.id, acct)).toBe(10_00n);

    // partial debits at once take exactly the balance between them
    await withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 90_00n, 'in:2')));
    const partials = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        withTx(h.ctx.db, (tx) => core.debit(tx, { ...transfer(c.id, acct, 45_00n, `conp:${i}`), allowPartial: true })),
      ),
    );
    expect(partials.reduce((s, p) => s + p.debitedFen, 0n)).toBe(100_00n);
    expect(await balanceOf(c.id, acct)).toBe(0n);

    // five concurrent calls with one reference: one credit
    const same = await Promise.all(
      Array.from({ length: 5 }, () => withTx(h.ctx.db, (tx) => core.credit(tx, transfer(c.id, acct, 7_00n, 'dup:1')))),
    );
    expect(new Set(same.map((s) => s.txnId)).size).toBe(1);
    expect(await balanceOf(c.id, acct)).toBe(7_00n);
  });

  // -------------------------------------------------------------------------------------------
  // certificates of deposit

  describe('certificate pledges', () => {
    let owner: { id: number; idNumber: string };
    let other: { id: number; idNumber: string };
    const cd = {
      good: 'CDP000000001',
      second: 'CDP000000002',
      frozen: 'CDP000000003',
      lost: 'CDP000000004',
      maturesToday: 'CDP000000005',
      maturesTomorrow: 'CDP000000006',
      others: 'CDP000000007',
    };
    const cdRow = async (customerId: number, cdNo: string) =>
      queryOne<{ status: string; pledge_reference: string | null }>(
        h.ctx.db,
        sql`SELECT status, pledge_reference FROM core_certificates WHERE customer_id = ${customerId} AND cd_no = ${cdNo}`,
      );
    const pledge = (customerId: number, cdNos: string[], reference: string) =>
      withTx(h.ctx.db, (tx) => core.pledgeCertificates(tx, { customerId, cdNos, reference, businessDate: BUSINESS_DATE }));

    beforeAll(async () => {
      owner = await newCustomer('陈存单');
      other = await newCustomer('林别人');
      const c = (cdNo: string, maturityDate: string, status?: 'ACTIVE' | 'FROZEN' | 'LOST') => ({
        cdNo,
        principalFen: 50_000_00n,
        annualRatePct: '1.75',
        openDate: '2025-01-01',
        maturityDate,
        status,
      });
      await withTx(h.ctx.db, (tx: Tx) =>
        seedDemoDeposits(tx, owner.id, branch['YZ-GL'], {
          demandFen: 8_000_00n,
          certificates: [
            c(cd.good, '2026-12-31'),
            c(cd.second, '2027-06-30'),
            c(cd.frozen, '2026-12-31', 'FROZEN'),
            c(cd.lost, '2026-12-31', 'LOST'),
            c(cd.maturesToday, BUSINESS_DATE),
            c(cd.maturesTomorrow, '2026-01-02'),
          ],
        }),
      );
      await withTx(h.ctx.db, (tx: Tx) =>
        seedDemoDeposits(tx, other.id, branch['YZ-GL'], { demandFen: 0n, certificates: [c(cd.others, '2026-12-31')] }),
      );
    });

    it('lists the customer’s certificates with exact principal and rate', async () => {
      const list = await withTx(h.ctx.db, (tx) => core.certificates(tx, owner.id));
      expect(list.map((x) => x.cdNo)).toEqual([cd.maturesToday, cd.maturesTomorrow, cd.good, cd.frozen, cd.lost, cd.second]);
      expect(list.find((x) => x.cdNo === cd.good)).toEqual({
        cdNo: cd.good,
        principalFen: 50_000_00n,
        annualRatePct: '1.75',
        openDate: '2025-01-01',
        maturityDate: '2026-12-31',
        status: 'ACTIVE',
        pledgeReference: null,
      });
    });

    it('refuses frozen, lost and matured certificates, and another customer’s, changing nothing', async () => {
      for (const [cdNo, code] of [
        [cd.frozen, 'CD_NOT_PLEDGEABLE'],
        [cd.lost, 'CD_NOT_PLEDGEABLE'],
        [cd.maturesToday, 'CD_NOT_PLEDGEABLE'],
        [cd.others, 'CD_NOT_FOUND'],
        ['CDNOSUCH0001', 'CD_NOT_FOUND'],
      ] as const) {
        await expect(pledge(owner.id, [cd.good, cdNo], 'loan:bad')).rejects.toMatchObject({ code });
      }
      // all or nothing: the good certificate in the same request was not pledged
      expect(await cdRow(owner.id, cd.good)).toEqual({ status: 'ACTIVE', pledge_reference: null });
      expect(await cdRow(other.id, cd.others)).toEqual({ status: 'ACTIVE', pledge_reference: null });
    });

    it('pledges active certificates (a day before maturity still counts), idempotently per reference', async () => {
      const pledged = await pledge(owner.id, [cd.good, cd.maturesTomorrow], 'loan:1');
      expect(pledged.map((x) => [x.cdNo, x.status, x.pledgeReference])).toEqual([
        [cd.good, 'PLEDGED', 'loan:1'],
        [cd.maturesTomorrow, 'PLEDGED', 'loan:1'],
      ]);
      // a retry of the same pledge succeeds and changes nothing
      expect((await pledge(owner.id, [cd.good], 'loan:1')).map((x) => x.status)).toEqual(['PLEDGED']);
      // already pledged to another loan
      await expect(pledge(owner.id, [cd.good], 'loan:2')).rejects.toMatchObject({
        code: 'CD_NOT_PLEDGEABLE',
        details: { cdNo: cd.good, status: 'PLEDGED' },
      });
    });

    it('releases only what was pledged under the reference, restoring ACTIVE', async () => {
      await pledge(owner.id, [cd.second], 'loan:3');
      await withTx(h.ctx.db, (tx) =>
        core.releaseCertificates(tx, { customerId: owner.id, cdNos: [cd.good, cd.second], reference: 'loan:9' }),
      );
      expect(await cdRow(owner.id, cd.good)).toEqual({ status: 'PLEDGED', pledge_reference: 'loan:1' });
      await withTx(h.ctx.db, (tx) =>
        core.releaseCertificates(tx, {
          customerId: owner.id,
          cdNos: [cd.good, cd.second, cd.maturesTomorrow, cd.frozen],
          reference: 'loan:1',
        }),
      );
      expect(await cdRow(owner.id, cd.good)).toEqual({ status: 'ACTIVE', pledge_reference: null });
      expect(await cdRow(owner.id, cd.maturesTomorrow)).toEqual({ status: 'ACTIVE', pledge_reference: null });
      expect(await cdRow(owner.id, cd.second)).toEqual({ status: 'PLEDGED', pledge_reference: 'loan:3' });
      expect(await cdRow(owner.id, cd.frozen)).toEqual({ status: 'FROZEN', pledge_reference: null });
      // released certificates can be pledged again
      await expect(pledge(owner.id, [cd.good], 'loan:4')).resolves.toHaveLength(1);
    });

    it('averages deposits as demand balance plus certificates still held (active, frozen, pledged)', async () => {
      // 8,000 demand + good, second, frozen, matures today (ACTIVE by status), matures tomorrow; lost excluded
      const total = await withTx(h.ctx.db, (tx) => core.averageDepositBalanceFen(tx, owner.id));
      expect(total).toBe(8_000_00n + 5n * 50_000_00n);
      const none = await newCustomer('无存款');
      expect(await withTx(h.ctx.db, (tx) => core.averageDepositBalanceFen(tx, none.id))).toBe(0n);
    });

    it('shows deposits with masked account numbers to staff in scope only', async () => {
      const admin = client(h.server, await loginAs(h.server, 'admin'));
      const res = await admin.get(`/api/v1/customers/${owner.id}/deposits`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.accounts).toHaveLength(1);
      expect(body.accounts[0]).toMatchObject({ balance: '8000.00', status: 'ACTIVE' });
      expect(body.accounts[0].accountNo).toMatch(/^6223\*{4}\d{4}$/);
      expect(body.certificates.find((x: { cdNo: string }) => x.cdNo === cd.maturesToday)).toMatchObject({
        principal: '50000.00',
        annualRatePct: '1.75',
        matured: true,
      });
      expect(body.demandBalance).toBe('8000.00');
      expect(body.certificatePrincipal).toBe('250000.00');

      const officer = client(h.server, await loginAs(h.server, 'officer1'));
      expect((await officer.get(`/api/v1/customers/${owner.id}/deposits`)).statusCode).toBe(200);
      // 李秀英 belongs to another branch and no officer: outside officer1's scope
      const out = await officer.get(`/api/v1/customers/${people.li.id}/deposits`);
      expect(out.statusCode).toBe(404);
      expect(out.json().code).toBe('CUSTOMER_NOT_FOUND');
      expect((await admin.get('/api/v1/customers/99999999/deposits')).statusCode).toBe(404);
      expect((await admin.get('/api/v1/customers/abc/deposits')).statusCode).toBe(400);
      const param = client(h.server, await loginAs(h.server, 'param1'));
      expect((await param.get(`/api/v1/customers/${owner.id}/deposits`)).statusCode).toBe(403);
    });
  });

  // -------------------------------------------------------------------------------------------
  // sandbox

  it('opens an account on the first sandbox deposit, adds on the next, and audits both', async () => {
    const c = await newCustomer('沙箱甲');
    const admin = client(h.server, await loginAs(h.server, 'admin'));
    const first = await admin.post('/api/v1/sandbox/deposits', { customerId: c.id, amount: '5000.00' });
    expect(first.statusCode).toBe(200);
    expect(first.json().accountNo).toMatch(/^6223\*{4}\d{4}$/);
    expect(first.json().balance).toBe('5000.00');
    const second = await admin.post('/api/v1/sandbox/deposits', { customerId: c.id, amount: '0.01' });
    expect(second.json()).toEqual({ accountNo: first.json().accountNo, balance: '5000.01' });
    const audits = await queryRows<{ action: string }>(
      h.ctx.db,
      sql`SELECT action FROM audit_log WHERE action = 'core.sandbox.deposit' AND target_id = ${String(c.id)}`,
    );
    expect(audits).toHaveLength(2);
  });

  it('refuses a sandbox withdrawal beyond the balance with 409 and leaves the balance alone', async () => {
    const c = await newCustomer('沙箱乙');
    const admin = client(h.server, await loginAs(h.server, 'admin'));
    const none = await admin.post('/api/v1/sandbox/withdrawals', { customerId: c.id, amount: '1.00' });
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('ACCOUNT_NOT_FOUND');
    await admin.post('/api/v1/sandbox/deposits', { customerId: c.id, amount: '300.00' });
    const over = await admin.post('/api/v1/sandbox/withdrawals', { customerId: c.id, amount: '300.01' });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('INSUFFICIENT_BALANCE');
    const exact = await admin.post('/api/v1/sandbox/withdrawals', { customerId: c.id, amount: '300.00' });
    expect(exact.statusCode).toBe(200);
    expect(exact.json().balance).toBe('0.00');
  });

  it('moves money once for a repeated Idempotency-Key', async () => {
    const c = await newCustomer('沙箱丙');
    const admin = client(h.server, await loginAs(h.server, 'admin'));
    const headers = { 'idempotency-key': 'dep-0001' };
    const a = await admin.post('/api/v1/sandbox/deposits', { customerId: c.id, amount: '100.00' }, headers);
    const b = await admin.post('/api/v1/sandbox/deposits', { customerId: c.id, amount: '100.00' }, headers);
    expect(a.json().balance).toBe('100.00');
    expect(b.json().balance).toBe('100.00');
    const clash = await admin.post('/api/v1/sandbox/deposits', { customerId: c.id, amount: '200.00' }, headers);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('CORE_REFERENCE_CONFLICT');
  });

  it('validates sandbox requests and requires sandbox:use', async () => {
    const c = await newCustomer('沙箱丁');
    const admin = client(h.server, await loginAs(h.server, 'admin'));
    for (const amount of ['0', '0.00', '-5.00', '1.234', 'abc', '']) {
      const res = await admin.post('/api/v1/sandbox/deposits', { customerId: c.id, amount });
      expect(res.statusCode, amount).toBe(400);
    }
    expect((await admin.post('/api/v1/sandbox/deposits', { customerId: 0, amount: '1.00' })).statusCode).toBe(400);
    const missing = await admin.post('/api/v1/sandbox/deposits', { customerId: 99999999, amount: '1.00' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CUSTOMER_NOT_FOUND');
    const officer = client(h.server, await loginAs(h.server, 'officer1'));
    expect((await officer.post('/api/v1/sandbox/deposits', { customerId: c.id, amount: '1.00' })).statusCode).toBe(403);
    expect(await txnCount(c.id)).toBe(0);
  });

  it('answers SANDBOX_DISABLED when another core adapter is plugged in', async () => {
    const c = await newCustomer('沙箱戊');
    const admin = client(h.server, await loginAs(h.server, 'admin'));
    setCoreBankingAdapter({ ...core } as CoreBanking);
    try {
      expect(isEmbeddedCore()).toBe(false);
      const res = await admin.post('/api/v1/sandbox/deposits', { customerId: c.id, amount: '1.00' });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('SANDBOX_DISABLED');
      expect((await admin.post('/api/v1/sandbox/withdrawals', { customerId: c.id, amount: '1.00' })).json().code).toBe('SANDBOX_DISABLED');
    } finally {
      setCoreBankingAdapter(null);
    }
    expect(isEmbeddedCore()).toBe(true);
  });

  // -------------------------------------------------------------------------------------------
  // CORE_DEPOSITS import

  describe('CORE_DEPOSITS import', () => {
    const header = ['类型', '身份证号', '账号', '余额(元)', '状态', '存单号', '本金(元)', '年利率(%)', '开户日', '到期日'];
    const upload = async (token: string, body: string) =>
      h.server.inject({
        method: 'POST',
        url: '/api/v1/imports?type=CORE_DEPOSITS&filename=core.csv',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        payload: body,
      });

    it('reports every bad row and applies nothing', async () => {
      const token = await loginAs(h.server, 'admin');
      const c = await newCustomer('导入甲');
      const otherAcct = await openAccount(people.wang.id);
      const unknownId = makeIdNumber('37088219700101999');
      const res = await upload(
        token,
        csv([
          header,
          ['活期', c.idNumber, '6223000000000000001', '100.00', '正常', '', '', '', '', ''],
          ['活期', unknownId, '6223000000000000002', '100.00', '正常', '', '', '', '', ''],
          ['活期', c.idNumber, '12345', '100.00', '正常', '', '', '', '', ''],
          ['活期', c.idNumber, '6223000000000000001', '100.00', '正常', '', '', '', '', ''],
          ['活期', c.idNumber, '6223000000000000003', '-1.00', '正常', '', '', '', '', ''],
          ['活期', c.idNumber, '6223000000000000004', '1.00', '休眠', '', '', '', '', ''],
          ['活期', c.idNumber, otherAcct, '1.00', '正常', '', '', '', '', ''],
          ['理财', c.idNumber, '', '', '正常', '', '', '', '', ''],
          ['定期存单', '370882199001011230', '', '', '正常', 'CDX000000001', '1000.00', '1.75', '2025-01-01', '2026-01-01'],
          ['定期存单', c.idNumber, '', '', '正常', 'CDX000000002', '0', '1.75', '2025-01-01', '2026-01-01'],
          ['定期存单', c.idNumber, '', '', '正常', 'CDX000000003', '1000.00', '101', '2025-01-01', '2026-01-01'],
          ['定期存单', c.idNumber, '', '', '正常', 'CDX000000004', '1000.00', '1.75', '2025-06-01', '2025-06-01'],
          ['定期存单', c.idNumber, '', '', '正常', 'CDX000000005', '1000.00', '1.75', '2026-01-02', '2027-01-01'],
          ['定期存单', c.idNumber, '', '', '到期', 'CDX000000006', '1000.00', '1.75', '2025-01-01', '2026-06-01'],
          ['定期存单', c.idNumber, '', '', '正常', 'CDP000000007', '1000.00', '1.75', '2025-01-01', '2026-06-01'],
        ]),
      );
      expect(res.statusCode).toBe(201);
      const batch = res.json();
      expect(batch).toMatchObject({ status: 'INVALID', totalRows: 15, errorRows: 14 });
      const errors = await client(h.server, token).get(`/api/v1/imports/${batch.id}/errors?pageSize=100`);
      const codes = errors.json().items.map((e: { row: number; code: string }) => `${e.row}:${e.code}`);
      expect(codes).toEqual([
        '3:CUSTOMER_NOT_FOUND',
        '4:INVALID_ACCOUNT_NO',
        '5:DUPLICATE_IN_FILE',
        '6:INVALID_AMOUNT',
        '7:INVALID_STATUS',
        '8:ACCOUNT_OF_ANOTHER_CUSTOMER',
        '9:INVALID_KIND',
        '10:INVALID_ID_NUMBER',
        '11:INVALID_AMOUNT',
        '12:INVALID_RATE',
        '13:MATURITY_BEFORE_OPEN',
        '14:INVALID_DATE',
        '15:INVALID_STATUS',
        '16:CD_OF_ANOTHER_CUSTOMER',
      ]);
      // the error report never shows a whole ID number
      expect(JSON.stringify(errors.json())).not.toContain(unknownId);
      expect(await withTx(h.ctx.db, (tx) => core.demandAccounts(tx, c.id))).toEqual([]);
    });

    it('applies an approved extract as a snapshot, keeping pledges', async () => {
      const maker = await loginAs(h.server, 'admin');
      const checker = client(h.server, await loginAs(h.server, 'admin2'));
      const c = await newCustomer('导入乙');
      const file = (balance: string, cdStatus: string) =>
        csv([
          header,
          ['活期', c.idNumber, '6223000000000000101', balance, '正常', '', '', '', '2019-05-06', ''],
          ['活期', c.idNumber, '6223000000000000102', '12.00', '冻结', '', '', '', '', ''],
          ['定期存单', c.idNumber, '', '', cdStatus, 'CDI000000001', '100,000.00', '1.75', '2025-06-01', '2026-06-01'],
          ['定期存单', c.idNumber, '', '', '正常', 'CDI000000002', '20000', '1.5', '2025/3/1', '2026/3/1'],
        ]);
      const res = await upload(maker, file('52000.00', '正常'));
      expect(res.statusCode).toBe(201);
      const batch = res.json();
      expect(batch.status).toBe('PENDING_REVIEW');
      // nothing before approval
      expect(await withTx(h.ctx.db, (tx) => core.demandAccounts(tx, c.id))).toEqual([]);
      const review = await checker.get(`/api/v1/review/requests/${batch.reviewRequestId}`);
      expect(JSON.stringify(review.json().diff)).not.toContain(c.idNumber);
      expect(JSON.stringify(review.json().diff)).toContain('6223****0101');
      // the maker cannot approve their own import
      expect((await client(h.server, maker).post(`/api/v1/review/requests/${batch.reviewRequestId}/approve`, {})).statusCode).toBe(403);
      expect((await checker.post(`/api/v1/review/requests/${batch.reviewRequestId}/approve`, {})).statusCode).toBe(200);

      expect(await withTx(h.ctx.db, (tx) => core.demandAccounts(tx, c.id))).toEqual([
        { accountNo: '6223000000000000101', balanceFen: 52_000_00n, status: 'ACTIVE' },
        { accountNo: '6223000000000000102', balanceFen: 12_00n, status: 'FROZEN' },
      ]);
      const cds = await withTx(h.ctx.db, (tx) => core.certificates(tx, c.id));
      expect(cds.map((x) => [x.cdNo, x.principalFen, x.annualRatePct, x.openDate, x.maturityDate, x.status])).toEqual([
        ['CDI000000002', 20_000_00n, '1.50', '2025-03-01', '2026-03-01', 'ACTIVE'],
        ['CDI000000001', 100_000_00n, '1.75', '2025-06-01', '2026-06-01', 'ACTIVE'],
      ]);
      const opened = await queryOne<{ d: string }>(
        h.ctx.db,
        sql`SELECT opened_on::text AS d FROM core_demand_accounts WHERE account_no = '6223000000000000101'`,
      );
      expect(opened?.d).toBe('2019-05-06');

      // pledged here, then a new extract: balance replaced, pledge kept; a status change of the pledged CD is refused
      await withTx(h.ctx.db, (tx) =>
        core.pledgeCertificates(tx, { customerId: c.id, cdNos: ['CDI000000001'], reference: 'loan:77', businessDate: BUSINESS_DATE }),
      );
      const refused = await upload(maker, file('51000.00', '挂失'));
      expect(refused.json()).toMatchObject({ status: 'INVALID', errorRows: 1 });
      const again = await upload(maker, file('51000.00', '正常'));
      expect(again.json().status).toBe('PENDING_REVIEW');
      expect((await checker.post(`/api/v1/review/requests/${again.json().reviewRequestId}/approve`, {})).statusCode).toBe(200);
      expect(await balanceOf(c.id, '6223000000000000101')).toBe(51_000_00n);
      expect((await withTx(h.ctx.db, (tx) => core.certificates(tx, c.id))).find((x) => x.cdNo === 'CDI000000001')).toMatchObject({
        status: 'PLEDGED',
        pledgeReference: 'loan:77',
      });
      const audit = await queryRows(h.ctx.db, sql`SELECT 1 FROM audit_log WHERE action = 'core.deposits.import'`);
      expect(audit.length).toBeGreaterThanOrEqual(2);
    });

    it('refuses an upload from a user without import:create', async () => {
      const officer = await loginAs(h.server, 'officer1');
      const res = await upload(officer, csv([header]));
      expect(res.statusCode).toBe(403);
    });
  });
});
