/**
 * loan_index, the loan id → customer map (issue 12 §6, migrations/0046_loans_index_distributed.sql), on
 * every engine:
 *
 *  - drawdowns one after another and at once on one line: every loan has its index row naming its
 *    customer, and every index row its loan (test/support/loan-index.ts), and a loan read by id alone
 *    finds its customer;
 *  - the check finds what disagrees: an index row without its loan, and a loan without its index row
 *    (refused by the foreign key on PGlite/PostgreSQL; on Citus, which has none, found by the check);
 *  - which engine keeps the foreign key: PGlite and PostgreSQL, not Citus.
 *
 * On Citus, where loan_index is distributed by loan_id: each statement that names loan_index during a
 * drawdown through the API and a loan read by id is EXPLAINed (on a connection of its own, just before it
 * runs, as eod-shards.test.ts does): the lookup is a router plan with one task on the loan's shard of
 * loan_index, and the drawdown's index write is a single-task plan, on one shard, not every node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, type Db } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/index.js';
import { loadActor } from '../../src/modules/access/index.js';
import { getLoanForStaff } from '../../src/modules/loans/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { findingsAfter } from '../support/within-rollback.js';
import { explaining, shardPlacement, type Explained } from '../support/citus-explain.js';
import { CONSENTS, openXinEDaiLoan } from '../support/lending.js';
import { loanIndexDisagreements } from '../support/loan-index.js';

describe.each(testEngines())('the loan index on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  const opened: number[] = [];
  const base = kind === 'pglite' ? 40 : kind === 'postgres' ? 50 : 60;
  let n = 0;
  const applicant = () => {
    n += 1;
    const s = String(base * 10 + n).padStart(3, '0');
    return { name: '孙十六', idNumber: makeIdNumber(`37081219910404${s}`), mobile: `13853710${s}` };
  };

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    for (let i = 0; i < 3; i++) opened.push(await openXinEDaiLoan(officer, approver, applicant(), '3000.00', `draw-index-${i}`));
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('gives every loan its index row naming its customer, and every index row its loan — drawdowns one by one and at once', async () => {
    // four drawdowns at once on one line (the line's lock serialises them), and two more customers at once
    const lineId = await openLineFor(applicant());
    const [draws, others] = await Promise.all([
      Promise.all(
        [1, 2, 3, 4].map((i) =>
          officer.post(
            `/api/v1/credit-lines/${lineId}/drawdowns`,
            { amount: '1000.00', termMonths: 6, repaymentMethod: 'EQUAL_INSTALLMENT' },
            { 'idempotency-key': `index-at-once-${i}` },
          ),
        ),
      ),
      Promise.all([0, 1].map((i) => openXinEDaiLoan(officer, approver, applicant(), '2000.00', `draw-index-other-${i}`))),
    ]);
    for (const d of draws) expect(d.statusCode, d.body).toBe(201);
    opened.push(...draws.map((d) => d.json().loanId as number), ...others);
    expect(new Set(opened).size).toBe(opened.length);

    expect(await loanIndexDisagreements(app.ctx.db)).toEqual([]);
    const indexed = await queryRows<{ id: string }>(app.ctx.db, sql`SELECT loan_id::text AS id FROM loan_index ORDER BY loan_id`);
    expect(indexed.map((r) => Number(r.id))).toEqual([...opened].sort((a, b) => a - b));
    const exec = await loadActor(app.ctx.db, await staffId('exec1'), 0);
    for (const id of opened) {
      const owner = await queryOne<{ c: string }>(app.ctx.db, sql`SELECT customer_id::text AS c FROM loans WHERE id = ${id}`);
      expect((await getLoanForStaff(app.ctx.db, exec!, id)).customerId).toBe(Number(owner!.c));
    }
  });

  it('finds what disagrees: an index row without its loan, and a loan without its index row (which only Citus lets in)', async () => {
    const [loanId] = opened;
    const owner = Number(
      (await queryOne<{ c: string }>(app.ctx.db, sql`SELECT customer_id::text AS c FROM loans WHERE id = ${loanId}`))!.c,
    );
    const within = (write: SQL) => findingsAfter(app.ctx.db, write, loanIndexDisagreements);
    const stray = 900_000_000 + base;
    expect(await within(sql`INSERT INTO loan_index (loan_id, customer_id) VALUES (${stray}, ${owner})`)).toEqual([
      `the index row of loan ${stray} (customer ${owner}) has no loan`,
    ]);
    // a copy of a loan under an id no index row has
    const copy = sql`INSERT INTO loans (customer_id, id, credit_line_id, product_code, principal_fen, outstanding_principal_fen,
                                        annual_rate_pct, penalty_uplift_pct, day_count_basis, term_months, repayment_method,
                                        start_date, maturity_date, branch_id, disbursement_account_no, created_at)
                     SELECT customer_id, ${stray}, credit_line_id, product_code, principal_fen, outstanding_principal_fen,
                            annual_rate_pct, penalty_uplift_pct, day_count_basis, term_months, repayment_method,
                            start_date, maturity_date, branch_id, disbursement_account_no, created_at
                       FROM loans WHERE customer_id = ${owner} AND id = ${loanId}`;
    if (kind === 'citus') {
      expect(await within(copy)).toEqual([`loan ${stray} (customer ${owner}) has no index row`]);
    } else {
      await expect(app.ctx.db.execute(copy)).rejects.toSatisfy((e: unknown) =>
        /violates foreign key constraint "loans_index_fkey"/.test(messages(e)),
      );
    }
    expect(await loanIndexDisagreements(app.ctx.db)).toEqual([]);
  });

  it('keeps the foreign key loans → loan_index on PGlite and PostgreSQL, and on Citus has loan_index distributed by loan_id instead', async () => {
    const fk = await queryRows(app.ctx.db, sql`SELECT 1 FROM pg_constraint WHERE conname = 'loans_index_fkey'`);
    expect(fk).toHaveLength(kind === 'citus' ? 0 : 1);
    const registered = await queryOne<{ kind: string; col: string; co: string }>(
      app.ctx.db,
      sql`SELECT kind, distribution_column AS col, colocate_with AS co FROM citus_table_kinds WHERE table_name = 'loan_index'`,
    );
    expect(registered).toEqual({ kind: 'distributed', col: 'loan_id', co: 'none' });
    if (kind !== 'citus') return;
    const actual = await queryOne<{ type: string; col: string; alone: boolean }>(
      app.ctx.db,
      sql`SELECT citus_table_type::text AS type, distribution_column::text AS col,
                 NOT EXISTS (SELECT 1 FROM citus_tables o WHERE o.colocation_id = t.colocation_id AND o.table_name <> t.table_name) AS alone
            FROM citus_tables t WHERE table_name = 'loan_index'::regclass`,
    );
    expect(actual).toEqual({ type: 'distributed', col: 'loan_id', alone: true });
  });

  it.runIf(kind === 'citus')(
    'on Citus reads a loan id on one shard of loan_index and writes a drawdown’s index row on one shard',
    async () => {
      const explained: Explained[] = [];
      const real = app.ctx.db;
      const line = await openLineFor(applicant());
      let loanId = 0;
      (app.ctx as { db: Db }).db = explaining(real, real, /\bloan_index\b/, explained);
      try {
        const draw = await officer.post(
          `/api/v1/credit-lines/${line}/drawdowns`,
          { amount: '1500.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
          { 'idempotency-key': 'index-explained' },
        );
        expect(draw.statusCode, draw.body).toBe(201);
        loanId = draw.json().loanId as number;
        const read = await officer.get(`/api/v1/loans/${loanId}`);
        expect(read.statusCode, read.body).toBe(200);
      } finally {
        (app.ctx as { db: Db }).db = real;
      }
      const writes = explained.filter((e) => /INSERT INTO loan_index/i.test(e.statement));
      const reads = explained.filter((e) => !/INSERT INTO loan_index/i.test(e.statement));
      expect(writes).toHaveLength(1);
      expect(reads.length).toBeGreaterThan(0);
      // every distributed scan of every plan has one task (the loan-opening statement's CTEs are subplans)
      expect(explained.filter((e) => e.tasks.length === 0 || e.tasks.some((t) => t !== 1))).toEqual([]);
      // the index row: a router insert to one shard of loan_index (EXPLAIN evaluates nextval to choose it,
      // so it names the shard of the id after the loan's; the loan's own rows are inserted from the
      // statement's intermediate result by the customer's id, as before)
      const [write] = writes;
      expect(write.subplans).toBe(true);
      expect(write.shards).toHaveLength(1);
      const placed = await shardPlacement(real, write.shards[0]!);
      expect(placed).toEqual({ t: 'loan_index', method: 'h', nodes: 1 }); // hash-distributed: one shard on one node
      // the lookup by loan id: one router query on the loan's shard of loan_index
      const shard = await queryOne<{ s: string }>(
        real,
        sql`SELECT get_shard_id_for_distribution_column('loan_index', ${loanId}::bigint)::text AS s`,
      );
      for (const r of reads) {
        expect(r.subplans, r.statement).toBe(false);
        expect(r.shards, r.statement).toEqual([shard!.s]);
      }
      // and EXPLAINing it wrote nothing: every loan has its index row and every index row its loan
      expect(await loanIndexDisagreements(real)).toEqual([]);
    },
  );

  async function staffId(username: string): Promise<number> {
    const row = await queryOne<{ id: string }>(app.ctx.db, sql`SELECT id::text AS id FROM staff WHERE username = ${username}`);
    return Number(row!.id);
  }

  async function openLineFor(who: { name: string; idNumber: string; mobile: string }): Promise<number> {
    const application = await officer.post('/api/v1/applications', {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...who, occupation: 'ENTERPRISE_EMPLOYEE', monthlyIncome: '40000.00' },
      requestedAmount: '100000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    });
    expect(application.statusCode, application.body).toBe(201);
    const a = application.json();
    if (a.status !== 'REFERRED') return a.creditLineId as number;
    const decided = await approver.post(`/api/v1/applications/${a.id}/decision`, {
      outcome: 'APPROVE',
      limit: '100000.00',
      comment: '人工审批通过',
    });
    expect(decided.statusCode).toBe(200);
    return { ...a, ...decided.json() }.creditLineId as number;
  }
});

function messages(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 5; e = (e as { cause?: unknown }).cause) parts.push(String((e as Error).message ?? e));
  return parts.join(' | ');
}
