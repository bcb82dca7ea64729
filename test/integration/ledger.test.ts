import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { AppContext } from '../../src/context.js';
import { queryOne, queryRows, withTx, type Db } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { AppError, InvariantError } from '../../src/kernel/errors.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import {
  ACCOUNTS,
  ledgerRoutes,
  loanAccountBalanceFen,
  loanJournal,
  postEntry,
  postLoanDisbursement,
  reverseEntry,
  trialBalance,
  type EntryInput,
} from '../../src/modules/ledger/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

/** Entries and lines committed for a customer (to prove that nothing was half-written). */
async function countEntries(ctx: AppContext, customerId: number): Promise<{ entries: number; lines: number }> {
  const row = await queryOne<{ entries: string; lines: string }>(
    ctx.db,
    sql`SELECT (SELECT count(*) FROM journal_entries WHERE customer_id = ${customerId})::text AS entries,
               (SELECT count(*) FROM journal_lines WHERE customer_id = ${customerId})::text AS lines`,
  );
  return { entries: Number(row!.entries), lines: Number(row!.lines) };
}

function entry(customerId: number, reference: string, amountFen: bigint, over: Partial<EntryInput> = {}): EntryInput {
  return {
    customerId,
    businessDate: '2026-01-01',
    eventType: 'DISBURSEMENT',
    reference,
    memo: '贷款发放',
    productCode: 'XIN_E_DAI',
    lines: [
      { accountCode: ACCOUNTS.LOANS_RECEIVABLE, loanId: 9000 + customerId, debitFen: amountFen },
      { accountCode: ACCOUNTS.CUSTOMER_DEPOSITS, loanId: 9000 + customerId, creditFen: amountFen },
    ],
    ...over,
  };
}

/** The database's own message: Drizzle wraps driver errors ("Failed query: …") with the cause attached. */
function dbMessage(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 5; e = (e as { cause?: unknown }).cause) {
    parts.push(String((e as Error).message ?? e));
  }
  return parts.join(' | ');
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

/**
 * Runs fn in a transaction that the database must refuse, and returns what the database said: its error
 * (dbMessage) and, on Citus, the warnings it sent with it. There a transaction whose writes all went to
 * one worker (one customer's rows) is committed on that worker in one phase during the coordinator's
 * COMMIT; when the worker refuses — a deferred ledger check raising at its commit — the coordinator fails
 * the COMMIT ("could not commit transaction for shard … on at least one active node") and passes the
 * worker's own error on to the client as a WARNING of that COMMIT.
 */
async function refusal(kind: string, db: Db, fn: (tx: Db) => Promise<unknown>): Promise<string> {
  const pool = (db as unknown as { $client: unknown }).$client;
  const watch = kind === 'citus' && pool instanceof pg.Pool;
  const warnings: string[] = [];
  const clients: pg.PoolClient[] = [];
  const onNotice = (n: { severity?: string; message?: string }) => {
    if (n.severity === 'WARNING') warnings.push(n.message ?? '');
  };
  const onAcquire = (c: pg.PoolClient) => {
    clients.push(c);
    c.on('notice', onNotice);
  };
  if (watch) pool.on('acquire', onAcquire);
  try {
    const err = await rejection(withTx(db, fn));
    return [dbMessage(err), ...warnings].join(' | ');
  } finally {
    if (watch) pool.off('acquire', onAcquire);
    for (const c of clients) c.off('notice', onNotice);
  }
}

describe.each(testEngines())('ledger on %s', (kind) => {
  let database: Database;
  let ctx: AppContext;
  let server: FastifyInstance;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [accessRoutes, reviewRoutes, importRoutes, ledgerRoutes],
    });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('posts a balanced entry: one header, numbered lines, one side each', async () => {
    const { entryId } = await withTx(ctx.db, (tx) => postEntry(tx, entry(101, 'dd-101', 5_000_000n)));
    expect(entryId).toBeGreaterThan(0);
    const lines = await queryRows<{ line_no: number; account_code: string; loan_id: string; debit: string; credit: string }>(
      ctx.db,
      sql`SELECT line_no, account_code, loan_id::text AS loan_id, debit_fen::text AS debit, credit_fen::text AS credit
            FROM journal_lines WHERE customer_id = 101 AND entry_id = ${entryId} ORDER BY line_no`,
    );
    expect(lines).toEqual([
      { line_no: 1, account_code: '1301', loan_id: '9101', debit: '5000000', credit: '0' },
      { line_no: 2, account_code: '2001', loan_id: '9101', debit: '0', credit: '5000000' },
    ]);
    const journal = await loanJournal(ctx.db, 101, 9101);
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({
      entryId,
      businessDate: '2026-01-01',
      eventType: 'DISBURSEMENT',
      reference: 'dd-101',
      memo: '贷款发放',
    });
    expect(journal[0].lines.map((l) => [l.accountCode, l.accountName, l.debitFen, l.creditFen])).toEqual([
      ['1301', '贷款本金', 5_000_000n, 0n],
      ['2001', '客户存款（结算）', 0n, 5_000_000n],
    ]);
  });

  it('refuses an unbalanced entry in code with an InvariantError, writing nothing', async () => {
    const before = await countEntries(ctx, 102);
    const unbalanced = entry(102, 'dd-102', 100n, {
      lines: [
        { accountCode: '1301', debitFen: 100n },
        { accountCode: '2001', creditFen: 99n },
      ],
    });
    const err = await rejection(withTx(ctx.db, (tx) => postEntry(tx, unbalanced)));
    expect(err).toBeInstanceOf(InvariantError);
    expect(String(err)).toMatch(/unbalanced/);
    // a balanced entry posted earlier in the same transaction is rolled back with it
    const err2 = await rejection(
      withTx(ctx.db, async (tx) => {
        await postEntry(tx, entry(102, 'dd-102-ok', 100n));
        await postEntry(tx, { ...unbalanced, reference: 'dd-102-bad' });
      }),
    );
    expect(err2).toBeInstanceOf(InvariantError);
    expect(await countEntries(ctx, 102)).toEqual(before);
  });

  it('refuses an unknown account, a single-line entry and a REVERSAL posted as an ordinary event', async () => {
    const unknown = await rejection(
      withTx(ctx.db, (tx) =>
        postEntry(
          tx,
          entry(103, 'x-1', 1n, {
            lines: [
              { accountCode: '9999', debitFen: 1n },
              { accountCode: '2001', creditFen: 1n },
            ],
          }),
        ),
      ),
    );
    expect(unknown).toBeInstanceOf(AppError);
    expect((unknown as AppError).code).toBe('LEDGER_ACCOUNT_UNKNOWN');
    const single = await rejection(
      withTx(ctx.db, (tx) => postEntry(tx, entry(103, 'x-2', 1n, { lines: [{ accountCode: '1301', debitFen: 1n }] }))),
    );
    expect(single).toBeInstanceOf(InvariantError);
    const reversal = await rejection(withTx(ctx.db, (tx) => postEntry(tx, entry(103, 'x-3', 1n, { eventType: 'REVERSAL' }))));
    expect(reversal).toBeInstanceOf(InvariantError);
    expect(await countEntries(ctx, 103)).toEqual({ entries: 0, lines: 0 });
  });

  it('the database refuses to commit an unbalanced entry written by raw SQL (deferred constraint trigger)', async () => {
    const insertEntry = (ref: string) =>
      sql`INSERT INTO journal_entries (customer_id, business_date, event_type, reference, memo)
          VALUES (104, '2026-01-01', 'RAW_TEST', ${ref}, 'raw') RETURNING id::text AS id`;
    const unbalanced = await refusal(kind, ctx.db, async (tx) => {
      const row = await queryOne<{ id: string }>(tx, insertEntry('raw-unbalanced'));
      await tx.execute(sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, debit_fen, credit_fen, business_date)
                             VALUES (104, ${row!.id}, 1, '1301', 100, 0, '2026-01-01'), (104, ${row!.id}, 2, '2001', 0, 99, '2026-01-01')`);
      // the statement itself succeeds: the check runs at commit
    });
    expect(unbalanced).toMatch(/is unbalanced: debit 100 <> credit 99/);

    const oneLine = await refusal(kind, ctx.db, async (tx) => {
      const row = await queryOne<{ id: string }>(tx, insertEntry('raw-one-line'));
      await tx.execute(sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, debit_fen, credit_fen, business_date)
                             VALUES (104, ${row!.id}, 1, '1301', 100, 0, '2026-01-01')`);
    });
    expect(oneLine).toMatch(/has 1 line\(s\); an entry needs at least two/);

    const noLines = await refusal(kind, ctx.db, async (tx) => void (await queryOne(tx, insertEntry('raw-no-lines'))));
    expect(noLines).toMatch(/has 0 line\(s\); an entry needs at least two/);

    // a line with both sides (or neither) is refused by a CHECK at once
    const bothSides = await refusal(kind, ctx.db, async (tx) => {
      const row = await queryOne<{ id: string }>(tx, insertEntry('raw-both'));
      await tx.execute(sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, debit_fen, credit_fen, business_date)
                             VALUES (104, ${row!.id}, 1, '1301', 100, 100, '2026-01-01'), (104, ${row!.id}, 2, '2001', 100, 100, '2026-01-01')`);
    });
    expect(bothSides).toMatch(/journal_lines_one_side/);
    expect(await countEntries(ctx, 104)).toEqual({ entries: 0, lines: 0 });

    // lines of an entry that does not exist, to an account not in the chart, or dated otherwise
    // than their entry are refused at commit
    const orphan = await refusal(kind, ctx.db, async (tx) => {
      await tx.execute(sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, debit_fen, credit_fen, business_date)
                             VALUES (104, 987654321, 1, '1301', 100, 0, '2026-01-01'), (104, 987654321, 2, '2001', 0, 100, '2026-01-01')`);
    });
    expect(orphan).toMatch(/refer to entry 987654321 \(customer 104\), which does not exist/);
    const unknownAccount = await refusal(kind, ctx.db, async (tx) => {
      const row = await queryOne<{ id: string }>(tx, insertEntry('raw-account'));
      await tx.execute(sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, debit_fen, credit_fen, business_date)
                             VALUES (104, ${row!.id}, 1, '1301', 100, 0, '2026-01-01'), (104, ${row!.id}, 2, '9999', 0, 100, '2026-01-01')`);
    });
    expect(unknownAccount).toMatch(/posts to an account that is not in the chart/);
    const misdated = await refusal(kind, ctx.db, async (tx) => {
      const row = await queryOne<{ id: string }>(tx, insertEntry('raw-dated'));
      await tx.execute(sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, debit_fen, credit_fen, business_date)
                             VALUES (104, ${row!.id}, 1, '1301', 100, 0, '2026-01-01'), (104, ${row!.id}, 2, '2001', 0, 100, '2025-12-31')`);
    });
    expect(misdated).toMatch(/has lines dated otherwise than the entry/);
    expect(await countEntries(ctx, 104)).toEqual({ entries: 0, lines: 0 });

    // lines written one statement at a time are fine as long as the entry balances at commit
    await withTx(ctx.db, async (tx) => {
      const row = await queryOne<{ id: string }>(tx, insertEntry('raw-balanced'));
      await tx.execute(sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, debit_fen, credit_fen, business_date)
                           VALUES (104, ${row!.id}, 1, '1301', 100, 0, '2026-01-01')`);
      await tx.execute(sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, debit_fen, credit_fen, business_date)
                           VALUES (104, ${row!.id}, 2, '2001', 0, 60, '2026-01-01'), (104, ${row!.id}, 3, '2001', 0, 40, '2026-01-01')`);
    });
    expect(await countEntries(ctx, 104)).toEqual({ entries: 1, lines: 3 });
  });

  it('accepts an entry whose lines come in later statements and balance only at commit; lines added to a committed entry re-check it', async () => {
    const insertEntries = (...refs: string[]) =>
      sql`INSERT INTO journal_entries (customer_id, business_date, event_type, reference, memo)
          VALUES ${sql.join(
            refs.map((ref) => sql`(112, '2026-01-01', 'RAW_TEST', ${ref}, 'raw')`),
            sql`, `,
          )}
          RETURNING id::text AS id`;
    const insertLines = (...lines: Array<[entryId: string, lineNo: number, account: string, debit: number, credit: number]>) =>
      sql`INSERT INTO journal_lines (customer_id, entry_id, line_no, account_code, debit_fen, credit_fen, business_date)
          VALUES ${sql.join(
            lines.map(([e, n, a, d, c]) => sql`(112, ${e}::bigint, ${n}::int, ${a}, ${d}::bigint, ${c}::bigint, '2026-01-01')`),
            sql`, `,
          )}`;
    const sums = (tx: Db, entryId: string) =>
      queryOne<{ d: string; c: string }>(
        tx,
        sql`SELECT sum(debit_fen)::text AS d, sum(credit_fen)::text AS c FROM journal_lines WHERE customer_id = 112 AND entry_id = ${entryId}::bigint`,
      );

    // the entry in one statement, then a first line (the entry is unbalanced after that statement),
    // then the closing lines in a third: balanced at commit, accepted
    const entryId = await withTx(ctx.db, async (tx) => {
      const row = await queryOne<{ id: string }>(tx, insertEntries('later-lines'));
      await tx.execute(insertLines([row!.id, 1, '1301', 500, 0]));
      expect(await sums(tx, row!.id)).toEqual({ d: '500', c: '0' });
      await tx.execute(insertLines([row!.id, 2, '2001', 0, 200], [row!.id, 3, '2001', 0, 300]));
      return row!.id;
    });
    expect(await countEntries(ctx, 112)).toEqual({ entries: 1, lines: 3 });

    // several entries in one statement, all their lines in the next; and an entry written in a nested
    // transaction (a savepoint) whose lines follow in the outer one
    await withTx(ctx.db, async (tx) => {
      const ids = (await queryRows<{ id: string }>(tx, insertEntries('batch-1', 'batch-2', 'batch-3'))).map((r) => r.id);
      await tx.execute(
        insertLines(
          ...ids.flatMap((id, i): Array<[string, number, string, number, number]> => [
            [id, 1, '1301', 10 + i, 0],
            [id, 2, '2001', 0, 10 + i],
          ]),
        ),
      );
      const nested = await tx.transaction(async (inner) => queryOne<{ id: string }>(inner, insertEntries('nested')));
      await tx.execute(insertLines([nested!.id, 1, '1302', 7, 0], [nested!.id, 2, '5011', 0, 7]));
    });
    expect(await countEntries(ctx, 112)).toEqual({ entries: 5, lines: 11 });

    // a line added later to an entry committed before is checked with the whole entry at commit
    const added = await refusal(kind, ctx.db, (tx) => tx.execute(insertLines([entryId, 4, '1301', 1, 0])));
    expect(added).toMatch(new RegExp(`journal entry ${entryId} \\(customer 112\\) is unbalanced: debit 501 <> credit 500`));
    // … also when the same transaction posts a balanced entry of its own
    const mixed = await refusal(kind, ctx.db, async (tx) => {
      const row = await queryOne<{ id: string }>(tx, insertEntries('mixed'));
      await tx.execute(insertLines([row!.id, 1, '1301', 3, 0], [row!.id, 2, '2001', 0, 3], [entryId, 4, '2001', 0, 1]));
    });
    expect(mixed).toMatch(/is unbalanced: debit 500 <> credit 501/);
    expect(await countEntries(ctx, 112)).toEqual({ entries: 5, lines: 11 });
  });

  it('posts a retried event once; a retry with different lines is an InvariantError', async () => {
    const first = await withTx(ctx.db, (tx) => postEntry(tx, entry(105, 'dd-105', 250_00n)));
    const again = await withTx(ctx.db, (tx) => postEntry(tx, entry(105, 'dd-105', 250_00n, { businessDate: '2026-01-02', memo: 'retry' })));
    expect(again.entryId).toBe(first.entryId);
    // twice inside one transaction as well
    const twice = await withTx(ctx.db, async (tx) => [
      await postEntry(tx, entry(105, 'dd-105b', 1n)),
      await postEntry(tx, entry(105, 'dd-105b', 1n)),
    ]);
    expect(twice[0].entryId).toBe(twice[1].entryId);
    expect(await countEntries(ctx, 105)).toEqual({ entries: 2, lines: 4 });

    const different = await rejection(withTx(ctx.db, (tx) => postEntry(tx, entry(105, 'dd-105', 250_01n))));
    expect(different).toBeInstanceOf(InvariantError);
    expect(String(different)).toMatch(/already posted with different lines/);
    // the same reference under another event type or another customer is another event
    const otherType = await withTx(ctx.db, (tx) => postEntry(tx, entry(105, 'dd-105', 250_00n, { eventType: 'OTHER_EVENT' })));
    const otherCustomer = await withTx(ctx.db, (tx) => postEntry(tx, entry(106, 'dd-105', 250_00n)));
    expect(new Set([first.entryId, otherType.entryId, otherCustomer.entryId]).size).toBe(3);
    expect(await countEntries(ctx, 105)).toEqual({ entries: 3, lines: 6 });
  });

  it('refuses UPDATE and DELETE of lines and entries: the ledger is append-only', async () => {
    await withTx(ctx.db, (tx) => postEntry(tx, entry(107, 'dd-107', 1000n)));
    for (const stmt of [
      sql`UPDATE journal_lines SET debit_fen = debit_fen + 1 WHERE customer_id = 107`,
      sql`DELETE FROM journal_lines WHERE customer_id = 107`,
      sql`UPDATE journal_entries SET memo = 'changed' WHERE customer_id = 107`,
      sql`DELETE FROM journal_entries WHERE customer_id = 107`,
      sql`TRUNCATE journal_lines`,
    ]) {
      const err = await rejection(ctx.db.execute(stmt));
      expect(dbMessage(err)).toMatch(/append-only/);
    }
    expect(await countEntries(ctx, 107)).toEqual({ entries: 1, lines: 2 });
  });

  it('reverses an entry with its mirror so the loan nets to zero, once', async () => {
    const { entryId } = await withTx(ctx.db, (tx) => postEntry(tx, entry(108, 'dd-108', 300_000n, { businessDate: '2026-01-03' })));
    expect(await loanAccountBalanceFen(ctx.db, { customerId: 108, loanId: 9108, accountCode: '1301' })).toBe(300_000n);

    const reversal = { customerId: 108, entryId, businessDate: '2026-01-04', reference: 'rv-108', memo: '冲正：录入错误' };
    const { entryId: reversalId } = await withTx(ctx.db, (tx) => reverseEntry(tx, reversal));
    expect(reversalId).not.toBe(entryId);
    expect(await loanAccountBalanceFen(ctx.db, { customerId: 108, loanId: 9108, accountCode: '1301' })).toBe(0n);
    expect(await loanAccountBalanceFen(ctx.db, { customerId: 108, loanId: 9108, accountCode: '2001' })).toBe(0n);
    // before the reversal date the loan still shows its balance
    expect(await loanAccountBalanceFen(ctx.db, { customerId: 108, loanId: 9108, accountCode: '1301', asOf: '2026-01-03' })).toBe(300_000n);

    const journal = await loanJournal(ctx.db, 108, 9108);
    expect(journal.map((e) => [e.eventType, e.reversesEntryId])).toEqual([
      ['DISBURSEMENT', null],
      ['REVERSAL', entryId],
    ]);
    expect(journal[1].lines.map((l) => [l.accountCode, l.debitFen, l.creditFen])).toEqual([
      ['1301', 0n, 300_000n],
      ['2001', 300_000n, 0n],
    ]);
    expect(journal[1].businessDate).toBe('2026-01-04');

    // a retried reversal returns the same entry; a second, different reversal is refused
    expect((await withTx(ctx.db, (tx) => reverseEntry(tx, reversal))).entryId).toBe(reversalId);
    const twice = await rejection(withTx(ctx.db, (tx) => reverseEntry(tx, { ...reversal, reference: 'rv-108-b' })));
    expect((twice as AppError).code).toBe('LEDGER_ENTRY_ALREADY_REVERSED');
    const ofReversal = await rejection(
      withTx(ctx.db, (tx) => reverseEntry(tx, { ...reversal, entryId: reversalId, reference: 'rv-108-c' })),
    );
    expect((ofReversal as AppError).code).toBe('LEDGER_REVERSAL_NOT_REVERSIBLE');
    const missing = await rejection(withTx(ctx.db, (tx) => reverseEntry(tx, { ...reversal, entryId: 987654321, reference: 'rv-x' })));
    expect((missing as AppError).code).toBe('LEDGER_ENTRY_NOT_FOUND');
    // another customer's entry id is not found for this customer
    const foreign = await rejection(withTx(ctx.db, (tx) => reverseEntry(tx, { ...reversal, customerId: 109, reference: 'rv-y' })));
    expect((foreign as AppError).code).toBe('LEDGER_ENTRY_NOT_FOUND');

    const { entryId: other } = await withTx(ctx.db, (tx) => postEntry(tx, entry(108, 'dd-108-b', 5n, { businessDate: '2026-01-05' })));
    const early = await rejection(withTx(ctx.db, (tx) => reverseEntry(tx, { ...reversal, entryId: other, reference: 'rv-108-d' })));
    expect((early as AppError).code).toBe('LEDGER_REVERSAL_BEFORE_ORIGINAL');
    expect(await countEntries(ctx, 108)).toEqual({ entries: 3, lines: 6 });
  });

  it('balances the trial balance at dates before, between and after entries', async () => {
    const before = await trialBalance(ctx.db, '2029-12-31');
    expect(before.totalDebitFen).toBe(before.totalCreditFen);
    expect(before.accounts.map((a) => a.code)).toEqual([
      '1001',
      '1301',
      '1302',
      '1309',
      '2001',
      '2999',
      '5011',
      '5012',
      '6601',
      '6701',
      '7001',
      '7002',
      '7101',
      '7102',
    ]);

    await withTx(ctx.db, async (tx) => {
      await postEntry(tx, entry(110, 'dd-110', 1_000_000n, { businessDate: '2030-01-05' }));
      // interest accrual and off-balance memo entry
      await postEntry(tx, {
        customerId: 110,
        businessDate: '2030-01-10',
        eventType: 'INTEREST_ACCRUAL',
        reference: 'acc-110-2030-01-10',
        memo: '利息计提',
        lines: [
          { accountCode: ACCOUNTS.INTEREST_RECEIVABLE, loanId: 9110, debitFen: 1_21n },
          { accountCode: ACCOUNTS.INTEREST_INCOME, loanId: 9110, creditFen: 1_21n },
          { accountCode: ACCOUNTS.OFF_BALANCE_INTEREST, loanId: 9110, debitFen: 33n },
          { accountCode: ACCOUNTS.OFF_BALANCE_CONTRA, loanId: 9110, creditFen: 33n },
        ],
      });
    });
    const delta = async (date: string) => {
      const tb = await trialBalance(ctx.db, date);
      expect(tb.totalDebitFen).toBe(tb.totalCreditFen);
      const byCode = Object.fromEntries(
        tb.accounts.map((a, i) => [a.code, [a.debitFen - before.accounts[i].debitFen, a.creditFen - before.accounts[i].creditFen]]),
      );
      return { byCode, total: tb.totalDebitFen - before.totalDebitFen };
    };
    expect((await delta('2030-01-04')).total).toBe(0n);
    const between = await delta('2030-01-05');
    expect(between.total).toBe(1_000_000n);
    expect(between.byCode['1301']).toEqual([1_000_000n, 0n]);
    expect(between.byCode['5011']).toEqual([0n, 0n]);
    const after = await delta('2030-01-10');
    expect(after.total).toBe(1_000_000n + 1_21n + 33n);
    expect(after.byCode['1302']).toEqual([1_21n, 0n]);
    expect(after.byCode['5011']).toEqual([0n, 1_21n]);
    expect(after.byCode['7001']).toEqual([33n, 0n]);
    expect(after.byCode['7002']).toEqual([0n, 33n]);
    // balances run in each account's normal direction: assets on the debit side, income on the credit side
    const tb = await trialBalance(ctx.db, '2030-12-31');
    const deposits = tb.accounts.find((a) => a.code === '2001')!;
    expect(deposits.balanceFen).toBe(deposits.creditFen - deposits.debitFen);
    expect(await rejection(trialBalance(ctx.db, '2030-02-30'))).toMatchObject({ code: 'INVALID_DATE' });
  });

  it('posts the disbursement pattern: DR 1301 loans receivable / CR 2001 customer deposits', async () => {
    const { entryId } = await withTx(ctx.db, (tx) =>
      postLoanDisbursement(tx, {
        customerId: 111,
        loanId: 777,
        amountFen: 12_345_67n,
        businessDate: '2026-01-01',
        reference: 'idem-111',
        productCode: 'JI_E_DAI',
      }),
    );
    const again = await withTx(ctx.db, (tx) =>
      postLoanDisbursement(tx, {
        customerId: 111,
        loanId: 777,
        amountFen: 12_345_67n,
        businessDate: '2026-01-01',
        reference: 'idem-111',
        productCode: 'JI_E_DAI',
      }),
    );
    expect(again.entryId).toBe(entryId);
    expect(await loanAccountBalanceFen(ctx.db, { customerId: 111, loanId: 777, accountCode: '1301' })).toBe(12_345_67n);
    expect(await loanAccountBalanceFen(ctx.db, { customerId: 111, loanId: 777, accountCode: '2001' })).toBe(12_345_67n);
  });

  it('serves the chart of accounts and the trial balance over HTTP to ledger:read only', async () => {
    const exec = client(server, await loginAs(server, 'exec1'));
    const accounts = await exec.get('/api/v1/ledger/accounts');
    expect(accounts.statusCode).toBe(200);
    expect(accounts.json().items).toHaveLength(14);
    // the write-off accounts (migrations/0068): the loss an expense, the claim kept off balance; the
    // referral rewards' marketing expense (migrations/0077)
    expect(accounts.json().items).toEqual(
      expect.arrayContaining([
        // the clearing account of loans taken over from another system (migrations/0117)
        { code: '2999', nameZh: '存量迁移过渡', nameEn: 'Migration clearing (loans taken over)', type: 'LIABILITY', normalSide: 'C' },
        { code: '6601', nameZh: '业务宣传费-营销奖励', nameEn: 'Marketing expense: referral rewards', type: 'EXPENSE', normalSide: 'D' },
        { code: '6701', nameZh: '资产减值损失-贷款核销', nameEn: 'Impairment loss: loans written off', type: 'EXPENSE', normalSide: 'D' },
        {
          code: '7101',
          nameZh: '已核销贷款本息（表外）',
          nameEn: 'Written-off loans: principal and interest (off balance)',
          type: 'OFF_BALANCE',
          normalSide: 'D',
        },
      ]),
    );
    expect(accounts.json().items[1]).toEqual({
      code: '1301',
      nameZh: '贷款本金',
      nameEn: 'Loans receivable (principal)',
      type: 'ASSET',
      normalSide: 'D',
    });

    const tb = await exec.get('/api/v1/ledger/trial-balance');
    expect(tb.statusCode).toBe(200);
    const body = tb.json();
    expect(body.date).toBe('2026-01-01'); // the business date by default
    expect(body.totalDebit).toMatch(/^\d+\.\d{2}$/);
    expect(body.totalDebit).toBe(body.totalCredit);
    expect(body.balanced).toBe(true);
    const loans = body.accounts.find((a: { code: string }) => a.code === '1301');
    expect(loans).toMatchObject({
      name: '贷款本金',
      debit: expect.stringMatching(/^\d+\.\d{2}$/),
      credit: expect.stringMatching(/^\d+\.\d{2}$/),
    });

    const dated = await exec.get('/api/v1/ledger/trial-balance?date=2025-12-31', { 'accept-language': 'en' });
    expect(dated.statusCode).toBe(200);
    expect(dated.json()).toMatchObject({ date: '2025-12-31', totalDebit: '0.00', totalCredit: '0.00' });
    expect(dated.json().accounts[0].name).toBe('Cash on hand');
    expect(dated.json().accounts[1].name).toBe('Loans receivable (principal)');

    const far = (await exec.get('/api/v1/ledger/trial-balance?date=2030-12-31')).json();
    expect(far.totalDebit).toBe(far.totalCredit);
    expect(Number(far.totalDebit)).toBeGreaterThan(Number(body.totalDebit));

    const badFormat = await exec.get('/api/v1/ledger/trial-balance?date=2026-1-1');
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json().code).toBe('VALIDATION_FAILED');
    const badDay = await exec.get('/api/v1/ledger/trial-balance?date=2026-02-30');
    expect(badDay.statusCode).toBe(400);
    expect(badDay.json().code).toBe('INVALID_DATE');

    const officer = client(server, await loginAs(server, 'officer1'));
    expect((await officer.get('/api/v1/ledger/trial-balance')).statusCode).toBe(403);
    expect((await client(server, null).get('/api/v1/ledger/accounts')).statusCode).toBe(401);
  });
});
