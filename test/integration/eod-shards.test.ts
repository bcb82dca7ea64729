/**
 * End-of-day partitions that follow the shards (issue 12 §5, docs/citus.md).
 *
 *  - The plan: on PGlite/PostgreSQL consecutive customer-id ranges; on Citus every partition lists its
 *    customers, all in one shard of the loans co-location group, and its bank-level key lies in the
 *    same shard.
 *  - On Citus, every statement a step runs for a partition is a single-task router plan: each one is
 *    EXPLAINed (in the step's transaction, just before it runs) and its plan must have exactly one task
 *    and no distributed subplan — the days taken include billing and auto-debits of due installments.
 *  - Bank-level entries land on several keys (customer_id < 0, one per partition that posted) and the
 *    totals are unchanged: the trial balance balances, and the bank-level accrual entries carry
 *    exactly the accrual subledger's totals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, type Db, type Tx } from '../../src/db/client.js';
import { addDays, makeIdNumber, type IsoDate } from '../../src/kernel/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { loansPipeline, runEod, setEodPipeline, type EodPartition, type EodPipeline } from '../../src/modules/eod/index.js';
import { trialBalance } from '../../src/modules/ledger/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

const CUSTOMERS = 8;
const PARTITION = 3; // loans per partition: several partitions, some shards with two

interface Explained {
  step: string;
  partition: string;
  /** a customer of the partition */
  customer: number;
  statement: string;
  tasks: number[];
  subplans: boolean;
  /** the shards the plan names (distributed and reference) */
  shards: string[];
}

const dialect = new PgDialect();

/**
 * The statement's Citus plan: the task counts of its distributed scans and whether it has subplans.
 * EXPLAINed on a connection of its own (not in the step's transaction, whose local-execution state
 * on the coordinator an EXPLAIN would change).
 */
async function explain(tx: Db, query: SQL): Promise<{ tasks: number[]; subplans: boolean; shards: string[] } | null> {
  const text = dialect.sqlToQuery(query).sql.trim();
  if (!/^(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(text)) return null;
  const rows = await queryRows<{ 'QUERY PLAN': unknown }>(tx, sql`EXPLAIN (FORMAT JSON) ${query}`);
  const plan = JSON.stringify(rows[0]['QUERY PLAN']);
  const tasks = [...plan.matchAll(/"Task Count":\s*(\d+)/g)].map((m) => Number(m[1]));
  const shards = [...new Set([...plan.matchAll(/"Relation Name":\s*"[a-z_]+_(\d+)"/g)].map((m) => m[1]))];
  return { tasks, subplans: /Subplan/i.test(plan), shards };
}

/** The transaction with every statement EXPLAINed first (recorded under the step and partition). */
function explaining(db: Db, tx: Tx, step: string, part: EodPartition, out: Explained[]): Tx {
  return new Proxy(tx, {
    get(target, key, receiver) {
      if (key !== 'execute') return Reflect.get(target, key, receiver) as unknown;
      return async (query: SQL) => {
        const e = await explain(db, query);
        if (e) {
          out.push({
            step,
            partition: `${part.fromCustomerId}-${part.toCustomerId}`,
            customer: part.customerIds?.[0] ?? part.fromCustomerId,
            statement: dialect.sqlToQuery(query).sql.replace(/\s+/g, ' ').slice(0, 160),
            ...e,
          });
        }
        return target.execute(query);
      };
    },
  });
}

describe.each(testEngines())('end-of-day partitions that follow the shards (%s)', (kind) => {
  let app: HuinongApp;
  let real: EodPipeline;
  const explained: Explained[] = [];
  let dueDay: IsoDate;

  beforeAll(async () => {
    app = await createTestApp(kind);
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const base = kind === 'pglite' ? 50 : kind === 'postgres' ? 60 : 70;
    for (let i = 0; i < CUSTOMERS; i++) {
      const n = base + i;
      await openXinEDaiLoan(
        officer,
        approver,
        {
          name: '周十五',
          idNumber: makeIdNumber(`37081219900303${String(n).padStart(3, '0')}`),
          mobile: `13753710${String(n).padStart(3, '0')}`,
        },
        `${5000 + 1000 * i}.00`,
        `draw-eod-shards-${i}`,
      );
    }
    const first = await queryOne<{ d: string }>(app.ctx.db, sql`SELECT min(due_date)::text AS d FROM loan_schedule`);
    dueDay = first!.d as IsoDate;
    real = loansPipeline(app.ctx.hooks);
    // the days before the first installments fall due, as usual
    await runEod(app.ctx, { to: dueDay, partitionSize: PARTITION });
    // the day they fall due (BILL, AUTO_DEBIT: each customer's account holds the loan's money) and the next
    setEodPipeline(app.ctx, {
      ...real,
      steps: real.steps.map((s) => ({
        name: s.name,
        run: (tx: Tx, d: IsoDate, p: EodPartition) =>
          kind === 'citus' ? s.run(explaining(app.ctx.db, tx, s.name, p, explained), d, p) : s.run(tx, d, p),
      })),
    });
    await runEod(app.ctx, { to: addDays(dueDay, 2), partitionSize: PARTITION });
    setEodPipeline(app.ctx, real);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
  });

  it('plans partitions of about partitionSize loans: customer ranges, on Citus one shard each with a bank-level key of that shard', async () => {
    const parts = await queryRows<{ f: string; t: string; ids: string | null; k: string }>(
      app.ctx.db,
      sql`SELECT from_customer_id::text AS f, to_customer_id::text AS t, customer_ids::text AS ids, bank_key::text AS k
            FROM eod_partitions WHERE business_date = ${dueDay}::date ORDER BY partition`,
    );
    expect(parts.length).toBeGreaterThanOrEqual(Math.ceil(CUSTOMERS / PARTITION));
    expect(new Set(parts.map((p) => p.k)).size).toBe(parts.length);
    for (const p of parts) expect(Number(p.k)).toBeLessThan(0);
    if (kind !== 'citus') {
      // one loan per customer here: ranges of exactly PARTITION customers, the last one the rest
      expect(parts).toHaveLength(Math.ceil(CUSTOMERS / PARTITION));
      expect(parts.every((p) => p.ids === null)).toBe(true);
      for (let i = 1; i < parts.length; i++) expect(parts[i].f).toBe(parts[i - 1].t); // consecutive ranges
      return;
    }
    const listed = parts.map((p) => p.ids!.replace(/[{}]/g, '').split(',').map(Number));
    expect(listed.flat().sort((a, b) => a - b)).toHaveLength(CUSTOMERS); // every customer in exactly one partition
    expect(new Set(listed.flat()).size).toBe(CUSTOMERS);
    for (const ids of listed) expect(ids.length).toBeLessThanOrEqual(PARTITION);
    for (const p of parts) {
      const shards = await queryRows<{ s: string }>(
        app.ctx.db,
        sql`SELECT DISTINCT get_shard_id_for_distribution_column('loans', c)::text AS s
              FROM unnest(${p.ids}::bigint[] || ARRAY[${p.k}::bigint]) AS c`,
      );
      expect(shards, `partition ${p.f}-${p.t} ${p.ids} key ${p.k}`).toHaveLength(1);
    }
  });

  it.runIf(kind === 'citus')(
    'on Citus runs every statement of every step of a partition on its one shard (single-task plans)',
    async () => {
      const steps = new Set(explained.map((e) => e.step));
      expect([...steps].sort()).toEqual([...real.steps.map((s) => s.name)].sort());
      // WARN's declared reads across partitions (docs/risk.md "How the step scales": the other party of a
      // guarantee, bureau reports kept by ID-number hash) are read-only SELECTs, tagged in their SQL; they
      // are the only statements allowed other shards — every other statement, every write of WARN included,
      // is held to the partition's shard below
      const crossRead = (e: Explained) => e.statement.includes('/* warning: cross-partition read */');
      expect(explained.filter(crossRead).filter((e) => e.step !== 'WARN' || !/^SELECT\b/i.test(e.statement))).toEqual([]);
      expect(explained.filter(crossRead).length).toBeGreaterThan(0);
      const held = explained.filter((e) => !crossRead(e));
      // every distributed scan of every plan (and of its subplans: a data-modifying CTE is one) has one task
      expect(held.filter((e) => e.tasks.some((t) => t !== 1))).toEqual([]);
      // and every distributed table's shard it names is in the partition's shard group — except the
      // audit record of the partition's step, which joins the system's audit chain (chain 0, one row on
      // its own shard: a command on no customer's behalf, docs/citus.md §6)
      const wrong: Array<Explained & { groups: string[] }> = [];
      for (const e of held.filter((x) => !/\b(audit_log|audit_chain_heads)\b/.test(x.statement))) {
        const groups = await queryRows<{ g: string }>(
          app.ctx.db,
          sql`SELECT DISTINCT s.shardminvalue AS g FROM pg_dist_shard s
             WHERE s.shardid = ANY(${`{${[...e.shards, '0'].join(',')}}`}::bigint[]) AND s.shardminvalue IS NOT NULL
            UNION
            SELECT s.shardminvalue FROM pg_dist_shard s WHERE s.shardid = get_shard_id_for_distribution_column('loans', ${e.customer}::bigint)`,
        );
        if (groups.length !== 1) wrong.push({ ...e, groups: groups.map((g) => g.g) });
      }
      expect(wrong).toEqual([]);
      // (how many of them Citus runs as one router query rather than a few single-task subplans: reported)
      console.info(
        `eod-shards: ${explained.length} statements EXPLAINed, ${explained.filter((e) => !e.subplans).length} router plans, ` +
          `${explained.filter((e) => e.subplans).length} with single-task subplans on the same shard`,
      );
      // and the auto-debits really happened in them
      expect(explained.filter((e) => e.step === 'AUTO_DEBIT').length).toBeGreaterThan(real.steps.length);
    },
  );

  it('posts the bank-level entries on several keys, and the totals stay exact', async () => {
    const keys = await queryRows<{ k: string; n: string }>(
      app.ctx.db,
      sql`SELECT customer_id::text AS k, count(*)::text AS n FROM journal_entries
           WHERE customer_id <= 0 AND business_date = ${dueDay}::date GROUP BY customer_id ORDER BY customer_id`,
    );
    expect(keys.length).toBeGreaterThan(1);
    expect(keys.every((k) => Number(k.k) < 0)).toBe(true);
    const repaid = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM loan_repayments WHERE source = 'AUTO_DEBIT' AND business_date = ${dueDay}::date`,
    );
    expect(Number(repaid!.n)).toBe(CUSTOMERS);
    // the general ledger's bank-level accrual entries = the accrual subledger, day by day
    const control = await queryRows<{ d: string; gl: string; sub: string }>(
      app.ctx.db,
      sql`SELECT d::text, gl::text, sub::text FROM (
            SELECT coalesce(g.d, s.d) AS d, coalesce(g.fen, 0) AS gl, coalesce(s.fen, 0) AS sub
              FROM (SELECT business_date AS d, sum(debit_fen) AS fen FROM journal_lines
                     WHERE customer_id <= 0 AND account_code IN ('1302', '7001') GROUP BY 1) g
              FULL OUTER JOIN (SELECT business_date AS d, sum(amount_fen) AS fen FROM loan_accruals GROUP BY 1) s ON s.d = g.d
          ) x ORDER BY d`,
    );
    expect(control.length).toBeGreaterThan(20);
    expect(control.filter((c) => c.gl !== c.sub)).toEqual([]);
    const tb = await trialBalance(app.ctx.db, await getBusinessDate(app.ctx.db));
    expect(tb.totalDebitFen).toBe(tb.totalCreditFen);
  });
});
