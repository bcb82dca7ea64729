/**
 * application_index and credit_line_index, the application id → customer and credit line id → customer
 * maps (issue 12 §6, migrations/0049_origination_index_distributed.sql), on every engine:
 *
 *  - applications one after another and at once, approved, referred and declined: every application
 *    and every credit line has its index row naming its customer, and every index row its application
 *    or line (test/support/origination-index.ts), and each is read by its id alone through the API;
 *  - two applications of one customer at once: one is refused (APPLICATION_ALREADY_OPEN) and leaves no
 *    index row behind;
 *  - the check finds what disagrees: an index row without its application or line, and an application
 *    or line without its index row;
 *  - index rows are written once: on Citus UPDATE and DELETE are refused; PGlite and PostgreSQL have no
 *    such trigger, as before.
 *
 * On Citus, where both are distributed by id: each statement that names either table during an
 * application, its approval, reads of the application and the line by id and a drawdown through the API
 * is EXPLAINed (on a connection of its own, just before it runs): each lookup is a router plan with one
 * task on the id's shard, and each index write a single-task plan on one shard of its table, on one
 * node — no write to every node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx, type Db } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { explaining, shardPlacement, type Explained } from '../support/citus-explain.js';
import { testEngines } from '../support/db.js';
import { findingsAfter } from '../support/within-rollback.js';
import { CONSENTS } from '../support/lending.js';
import { originationIndexDisagreements } from '../support/origination-index.js';

const INDEX_TABLES = ['application_index', 'credit_line_index'] as const;

describe.each(testEngines())('the application and credit line indexes on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  const applications: number[] = [];
  const lines: number[] = [];
  const base = kind === 'pglite' ? 40 : kind === 'postgres' ? 50 : 60;
  let n = 0;
  const applicant = (region = '370812') => {
    n += 1;
    const s = String(base * 10 + n).padStart(3, '0');
    return { name: '周十七', idNumber: makeIdNumber(`${region}19920505${s}`), mobile: `13653710${s}` };
  };

  /** An officer-assisted 信e贷 application; a referred one approved by approver1. Its id, status and line. */
  async function apply(
    who: { name: string; idNumber: string; mobile: string },
    requestedAmount = '100000.00',
  ): Promise<{ id: number; status: string; creditLineId: number | null }> {
    const res = await officer.post('/api/v1/applications', body(who, requestedAmount));
    expect(res.statusCode, res.body).toBe(201);
    let a = res.json();
    if (a.status === 'REFERRED') {
      const decided = await approver.post(`/api/v1/applications/${a.id}/decision`, {
        outcome: 'APPROVE',
        limit: requestedAmount,
        comment: '人工审批通过',
      });
      expect(decided.statusCode, decided.body).toBe(200);
      a = { ...a, ...decided.json() };
    }
    applications.push(a.id as number);
    if (a.creditLineId != null) lines.push(a.creditLineId as number);
    return { id: a.id as number, status: a.status as string, creditLineId: (a.creditLineId as number | null) ?? null };
  }

  function body(who: { name: string; idNumber: string; mobile: string }, requestedAmount: string) {
    return {
      productCode: 'XIN_E_DAI',
      channel: 'OFFICER_ASSISTED',
      applicant: { ...who, occupation: 'CIVIL_SERVANT', monthlyIncome: '15000.00' },
      requestedAmount,
      termMonths: 12,
      repaymentMethod: 'EQUAL_INSTALLMENT',
      consents: CONSENTS,
    };
  }

  async function customerOf(table: 'applications' | 'credit_lines', id: number): Promise<number> {
    const row = await queryOne<{ c: string }>(
      app.ctx.db,
      table === 'applications'
        ? sql`SELECT customer_id::text AS c FROM applications WHERE id = ${id}`
        : sql`SELECT customer_id::text AS c FROM credit_lines WHERE id = ${id}`,
    );
    return Number(row!.c);
  }

  async function indexCount(table: (typeof INDEX_TABLES)[number]): Promise<number> {
    const row = await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM ${sql.raw(table)}`);
    return Number(row!.n);
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('gives every application and credit line its index row naming its customer, and every index row its application or line — one by one and at once', async () => {
    // one by one: approved on its own or on referral, and declined (outside the region: no line)
    await apply(applicant());
    await apply(applicant(), '30000.00');
    const declined = await apply(applicant('110101'), '30000.00');
    expect(declined).toMatchObject({ status: 'DECLINED', creditLineId: null });
    // at once: four customers
    const atOnce = await Promise.all([0, 1, 2, 3].map(() => apply(applicant(), '30000.00')));
    expect(atOnce.filter((a) => a.creditLineId === null)).toEqual([]);
    expect(new Set(applications).size).toBe(applications.length);
    expect(lines.length).toBeGreaterThanOrEqual(6);

    expect(await originationIndexDisagreements(app.ctx.db)).toEqual([]);
    const indexed = await queryRows<{ id: string }>(app.ctx.db, sql`SELECT id::text AS id FROM application_index ORDER BY id`);
    expect(indexed.map((r) => Number(r.id))).toEqual(expect.arrayContaining(applications));
    // each read by its id alone through the index, naming its customer
    for (const id of applications) {
      const res = await officer.get(`/api/v1/applications/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().customerId).toBe(await customerOf('applications', id));
    }
    for (const id of lines) {
      const res = await officer.get(`/api/v1/credit-lines/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().customerId).toBe(await customerOf('credit_lines', id));
    }
    // an id no index row has is not found
    const missing = 900_000_000 + base;
    expect((await officer.get(`/api/v1/applications/${missing}`)).json().code).toBe('APPLICATION_NOT_FOUND');
    expect((await officer.get(`/api/v1/credit-lines/${missing}`)).json().code).toBe('CREDIT_LINE_NOT_FOUND');
  });

  it('refuses the second of two applications of one customer at once and leaves no index row for it', async () => {
    const who = applicant();
    const branch = await queryOne<{ id: string }>(app.ctx.db, sql`SELECT id FROM branches WHERE code = 'YZ-GL'`);
    await withTx(app.ctx.db, (tx) =>
      ensureCustomer(tx, app.ctx.crypto, { ...who, branchId: Number(branch!.id), officerId: null, monthlyIncomeFen: 1_500_000n }),
    );
    const before = await indexCount('application_index');
    // 60,000 from a 15,000 income is referred: the first stays open, so the second is refused
    const both = await Promise.all([0, 1].map(() => officer.post('/api/v1/applications', body(who, '60000.00'))));
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const refused = both.find((r) => r.statusCode === 409)!;
    expect(refused.json().code).toBe('APPLICATION_ALREADY_OPEN');
    const opened = both.find((r) => r.statusCode === 201)!.json();
    expect(opened.status).toBe('REFERRED');
    applications.push(opened.id as number);
    expect(await indexCount('application_index')).toBe(before + 1);
    expect(await originationIndexDisagreements(app.ctx.db)).toEqual([]);
  });

  it('finds what disagrees: an index row without its application or line, and an application or line without its index row', async () => {
    const [appId] = applications;
    const [lineId] = lines;
    const declined = await queryOne<{ id: string; c: string }>(
      app.ctx.db,
      sql`SELECT id::text AS id, customer_id::text AS c FROM applications WHERE status = 'DECLINED' ORDER BY id LIMIT 1`,
    );
    const owner = await customerOf('applications', appId!);
    const lineOwner = await customerOf('credit_lines', lineId!);
    const within = (write: SQL) => findingsAfter(app.ctx.db, write, originationIndexDisagreements);
    const stray = 900_000_000 + base;
    expect(await within(sql`INSERT INTO application_index (id, customer_id) VALUES (${stray}, ${owner})`)).toEqual([
      `the index row of application ${stray} (customer ${owner}) has no application`,
    ]);
    expect(await within(sql`INSERT INTO credit_line_index (id, customer_id) VALUES (${stray}, ${lineOwner})`)).toEqual([
      `the index row of credit line ${stray} (customer ${lineOwner}) has no credit line`,
    ]);
    // copies under an id no index row has (a declined application: no open one for its customer and product)
    expect(
      await within(sql`INSERT INTO applications (customer_id, id, product_code, channel, status, requested_amount_fen, term_months,
                                                 repayment_method, branch_id, business_date, created_at, updated_at)
                       SELECT customer_id, ${stray}, product_code, channel, status, requested_amount_fen, term_months,
                              repayment_method, branch_id, business_date, created_at, updated_at
                         FROM applications WHERE customer_id = ${declined!.c} AND id = ${declined!.id}`),
    ).toEqual([`application ${stray} (customer ${declined!.c}) has no index row`]);
    expect(
      await within(sql`INSERT INTO credit_lines (customer_id, id, application_id, product_code, product_kind, limit_fen, available_fen,
                                                 revolving, annual_rate_pct, max_term_months, status, opened_on, expiry_date, branch_id,
                                                 created_at, updated_at)
                       SELECT customer_id, ${stray}, application_id, product_code, product_kind, limit_fen, available_fen,
                              revolving, annual_rate_pct, max_term_months, status, opened_on, expiry_date, branch_id,
                              created_at, updated_at
                         FROM credit_lines WHERE customer_id = ${lineOwner} AND id = ${lineId}`),
    ).toEqual([`credit line ${stray} (customer ${lineOwner}) has no index row`]);
    expect(await originationIndexDisagreements(app.ctx.db)).toEqual([]);
  });

  it('writes index rows once on Citus (UPDATE and DELETE refused), with both tables distributed by id, each in a co-location group of its own; PGlite and PostgreSQL as before', async () => {
    const [appId] = applications;
    const [lineId] = lines;
    const triggers = await queryRows<{ t: string }>(
      app.ctx.db,
      sql`SELECT tgname::text AS t FROM pg_trigger
           WHERE tgrelid IN ('application_index'::regclass, 'credit_line_index'::regclass) AND NOT tgisinternal ORDER BY tgname`,
    );
    expect(triggers.map((r) => r.t)).toEqual(kind === 'citus' ? ['application_index_write_once', 'credit_line_index_write_once'] : []);
    const cases = [
      ['application_index', 'application', appId!],
      ['credit_line_index', 'credit line', lineId!],
    ] as const;
    for (const [table, what, id] of cases) {
      for (const [op, stmt] of [
        ['UPDATE', sql`UPDATE ${sql.raw(table)} SET customer_id = customer_id + 1 WHERE id = ${id}`],
        ['DELETE', sql`DELETE FROM ${sql.raw(table)} WHERE id = ${id}`],
      ] as const) {
        if (kind === 'citus') {
          await expect(app.ctx.db.execute(stmt)).rejects.toSatisfy((e: unknown) =>
            messages(e).includes(`${table} rows are written once, by the statement that opens the ${what}: ${op} refused`),
          );
        } else {
          // no trigger and no foreign key: the statement runs (rolled back here), as before 0049
          const rolledBack = new Error('rolled back');
          let count = -1;
          await expect(
            withTx(app.ctx.db, async (tx) => {
              count = (await queryRows(tx, sql`${stmt} RETURNING id`)).length;
              throw rolledBack;
            }),
          ).rejects.toBe(rolledBack);
          expect(count).toBe(1);
        }
      }
    }
    expect(await originationIndexDisagreements(app.ctx.db)).toEqual([]);

    for (const table of INDEX_TABLES) {
      const registered = await queryOne<{ kind: string; col: string; co: string }>(
        app.ctx.db,
        sql`SELECT kind, distribution_column AS col, colocate_with AS co FROM citus_table_kinds WHERE table_name = ${table}`,
      );
      expect(registered, table).toEqual({ kind: 'distributed', col: 'id', co: 'none' });
      if (kind !== 'citus') continue;
      const actual = await queryOne<{ type: string; col: string; alone: boolean }>(
        app.ctx.db,
        sql`SELECT citus_table_type::text AS type, distribution_column::text AS col,
                   NOT EXISTS (SELECT 1 FROM citus_tables o WHERE o.colocation_id = t.colocation_id AND o.table_name <> t.table_name) AS alone
              FROM citus_tables t WHERE table_name = ${table}::regclass`,
      );
      expect(actual, table).toEqual({ type: 'distributed', col: 'id', alone: true });
    }
  });

  it.runIf(kind === 'citus')(
    'on Citus writes an application’s and a new line’s index rows on one shard each and reads them by id on the id’s shard',
    async () => {
      const explained: Explained[] = [];
      const real = app.ctx.db;
      const who = applicant();
      let applicationId = 0;
      let lineId = 0;
      (app.ctx as { db: Db }).db = explaining(real, real, /\b(application_index|credit_line_index)\b/, explained);
      try {
        // referred, then approved: the application's index row, its lookup, the line's index row
        const res = await officer.post('/api/v1/applications', body(who, '60000.00'));
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().status).toBe('REFERRED');
        applicationId = res.json().id as number;
        const decided = await approver.post(`/api/v1/applications/${applicationId}/decision`, {
          outcome: 'APPROVE',
          limit: '60000.00',
          comment: '人工审批通过',
        });
        expect(decided.statusCode, decided.body).toBe(200);
        lineId = decided.json().creditLineId as number;
        expect((await officer.get(`/api/v1/applications/${applicationId}`)).statusCode).toBe(200);
        expect((await officer.get(`/api/v1/credit-lines/${lineId}`)).statusCode).toBe(200);
        const draw = await officer.post(
          `/api/v1/credit-lines/${lineId}/drawdowns`,
          { amount: '1500.00', termMonths: 12, repaymentMethod: 'EQUAL_INSTALLMENT' },
          { 'idempotency-key': 'origination-index-explained' },
        );
        expect(draw.statusCode, draw.body).toBe(201);
      } finally {
        (app.ctx as { db: Db }).db = real;
      }
      applications.push(applicationId);
      lines.push(lineId);
      // every distributed scan of every plan has one task (the opening statements' other CTEs are subplans)
      expect(explained.filter((e) => e.tasks.length === 0 || e.tasks.some((t) => t !== 1))).toEqual([]);
      for (const table of INDEX_TABLES) {
        const writes = explained.filter((e) => new RegExp(`INSERT INTO ${table}\\b`, 'i').test(e.statement));
        const reads = explained.filter((e) => new RegExp(`FROM ${table}\\b`, 'i').test(e.statement));
        expect(writes, table).toHaveLength(1);
        expect(reads.length, table).toBeGreaterThan(0);
        // the index row: a router insert to one shard of its table, hash-distributed, on one node (EXPLAIN
        // evaluates nextval to choose it, so it names the shard of a later id); every shard the plan names
        // is on one node: nothing is written to every node
        const [write] = writes;
        expect(write!.subplans, write!.statement).toBe(true);
        const placed = await Promise.all(write!.shards.map((s) => shardPlacement(real, s)));
        expect(
          placed.filter((p) => p?.t === table),
          write!.statement,
        ).toEqual([{ t: table, method: 'h', nodes: 1 }]);
        expect(
          placed.filter((p) => p?.nodes !== 1),
          write!.statement,
        ).toEqual([]);
        // the lookups by id: each one router query on the id's shard
        const id = table === 'application_index' ? applicationId : lineId;
        const shard = await queryOne<{ s: string }>(
          real,
          sql`SELECT get_shard_id_for_distribution_column(${table}, ${id}::bigint)::text AS s`,
        );
        for (const r of reads) {
          expect(r.subplans, r.statement).toBe(false);
          expect(r.shards, r.statement).toEqual([shard!.s]);
        }
      }
      // and EXPLAINing wrote nothing: every application and line has its index row and every index row its own
      expect(await originationIndexDisagreements(real)).toEqual([]);
    },
  );
});

function messages(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 5; e = (e as { cause?: unknown }).cause) parts.push(String((e as Error).message ?? e));
  return parts.join(' | ');
}
