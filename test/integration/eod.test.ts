/**
 * End-of-day runner: order of steps over partitions, crash-and-rerun equals an uninterrupted run
 * (inside a step and between steps, compared with a run on a fresh database), workers sharing a
 * day, the lease, advancing the date only at the end, the HTTP API, and reconciliation stopping
 * the day on a planted mismatch. Test-only steps write into a test table per partition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/context.js';
import { queryRows, withTx, type Tx } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { AppError, isAppError } from '../../src/kernel/errors.js';
import { addDays } from '../../src/kernel/index.js';
import { accessRoutes, authenticate } from '../../src/modules/access/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { importRoutes } from '../../src/modules/imports/index.js';
import { ACCOUNTS, postEntry, reverseEntry } from '../../src/modules/ledger/index.js';
import { reviewRoutes } from '../../src/modules/review/index.js';
import {
  eodRoutes,
  getEodRun,
  isLoanInEod,
  partitionRanges,
  runEod,
  runEodWorker,
  setEodPipeline,
  type EodPipeline,
  type EodProgress,
  type EodPartition,
} from '../../src/modules/eod/index.js';
import { reconcileLoans } from '../../src/modules/eod/reconcile.js';
import { isCitus } from '../../src/db/citus.js';
import { ANCHOR_CHAIN } from '../../src/modules/audit/index.js';
import { client, createTestContext, loginAs } from '../support/app.js';
import { testEngines, type Database } from '../support/db.js';

const LOANS = 25;
const PARTITION = 4; // → 7 partitions, the last one short
const STEPS = ['S1', 'S2', 'S3'];

async function setUpTestTables(ctx: AppContext) {
  await ctx.db.execute(sql`CREATE TABLE eod_test_loans (id bigint PRIMARY KEY)`);
  await ctx.db.execute(sql`INSERT INTO eod_test_loans SELECT g FROM generate_series(1, ${LOANS}) g`);
  await ctx.db.execute(sql`CREATE TABLE eod_test_out (business_date date NOT NULL, step text NOT NULL, loan_id bigint NOT NULL,
                             prior_today int NOT NULL, prior_all int NOT NULL)`);
}

interface Faults {
  /** throw after writing, inside this (step, partition), once */
  insideStep?: { step: string; partition: number };
}

/** S1..S3: each writes one row per loan of its range, counting the previous step's rows (today and ever). */
function testPipeline(faults: Faults = {}, extra: EodPipeline['steps'] = []): EodPipeline {
  const stepFn = (name: string, prev: string | null) => async (tx: Tx, date: string, range: EodPartition) => {
    const res = await queryRows<{ n: number }>(
      tx,
      sql`WITH ins AS (
            INSERT INTO eod_test_out (business_date, step, loan_id, prior_today, prior_all)
            SELECT ${date}::date, ${name}, l.id,
                   (SELECT count(*) FROM eod_test_out o WHERE o.business_date = ${date}::date AND o.step = ${prev ?? ''}),
                   (SELECT count(*) FROM eod_test_out o WHERE o.loan_id = l.id AND o.step = ${prev ?? ''})
              FROM eod_test_loans l WHERE l.id >= ${range.fromCustomerId} AND l.id < ${range.toCustomerId}
            RETURNING 1)
          SELECT count(*)::int AS n FROM ins`,
    );
    if (name === 'S3' && (await getBusinessDate(tx)) !== date) throw new Error('business date moved before the last step');
    const f = faults.insideStep;
    if (f && f.step === name && range.fromCustomerId === 1 + f.partition * PARTITION) {
      faults.insideStep = undefined;
      throw new Error(`simulated crash in ${name} partition ${f.partition}`);
    }
    return res[0].n;
  };
  return {
    steps: [...STEPS.map((s, i) => ({ name: s, run: stepFn(s, i === 0 ? null : STEPS[i - 1]) })), ...extra],
    // the test's "loans" are their own customers: ranges of ids
    plan: async (db, _date, size) => {
      const r = await queryRows<{ lo: string; hi: string }>(db, sql`SELECT min(id)::text AS lo, max(id)::text AS hi FROM eod_test_loans`);
      return partitionRanges({ minId: Number(r[0].lo), maxId: Number(r[0].hi) }, size);
    },
  };
}

/**
 * A customer range as the real plan has it: itself on PGlite/PostgreSQL; on Citus one partition per
 * shard of its customers (listed), each with a bank-level key of that shard.
 */
async function shardsOf(tx: Tx, r: EodPartition): Promise<EodPartition[]> {
  if (!(await isCitus(tx))) return [r];
  const groups = await queryRows<{ shard: string; ids: string }>(
    tx,
    sql`SELECT get_shard_id_for_distribution_column('loans', c)::text AS shard, string_agg(c::text, ',' ORDER BY c) AS ids
          FROM generate_series(${r.fromCustomerId}::bigint, ${r.toCustomerId - 1}::bigint) AS c GROUP BY 1 ORDER BY min(c)`,
  );
  const keys = await queryRows<{ k: string; shard: string }>(
    tx,
    sql`SELECT g.k::text AS k, get_shard_id_for_distribution_column('loans', g.k)::text AS shard
          FROM generate_series(-1, -256, -1) AS g(k) ORDER BY g.k DESC`,
  );
  return groups.map((g) => {
    const ids = g.ids.split(',').map(Number);
    const key = keys.find((k) => k.shard === g.shard)!;
    return { fromCustomerId: ids[0], toCustomerId: ids[ids.length - 1] + 1, customerIds: ids, bankKey: Number(key.k) };
  });
}

async function dump(ctx: AppContext, from: string, to: string) {
  return queryRows(
    ctx.db,
    sql`SELECT business_date::text AS d, step, loan_id::int AS loan, prior_today, prior_all FROM eod_test_out
         WHERE business_date >= ${from}::date AND business_date < ${to}::date ORDER BY 1, 2, 3, 4, 5`,
  );
}

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (!isAppError(err)) throw err;
    expect(err.code).toBe(code);
    return err;
  }
  throw new Error(`expected ${code}`);
}

describe.each(testEngines())('end-of-day runner (%s)', (kind) => {
  let database: Database;
  let refDatabase: Database;
  let ctx: AppContext;
  let ref: AppContext;
  let server: FastifyInstance;

  /** The uninterrupted reference: the same pipeline on a fresh database, run up to `to`. */
  async function reference(from: string, to: string) {
    if ((await getBusinessDate(ref.db)) < to) await runEod(ref, { to, partitionSize: PARTITION });
    return dump(ref, from, to);
  }

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    database = ctx.database;
    await setUpTestTables(ctx);
    server = await buildServer({
      ctx,
      authenticate: (t) => authenticate(ctx.db, t),
      modules: [accessRoutes, reviewRoutes, importRoutes, eodRoutes],
    });
    ref = await createTestContext(kind);
    refDatabase = ref.database;
    await setUpTestTables(ref);
    setEodPipeline(ref, testPipeline());
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await database?.close();
    await refDatabase?.close();
  });

  it('runs the steps in order over every partition, then advances the date, one day at a time', async () => {
    setEodPipeline(ctx, testPipeline());
    expect(await getBusinessDate(ctx.db)).toBe('2026-01-01');
    const events: EodProgress[] = [];
    const r = await runEod(ctx, { to: '2026-01-03', partitionSize: PARTITION, onProgress: (e) => events.push(e) });
    expect(r.businessDate).toBe('2026-01-03');
    expect(r.days.map((d) => d.date)).toEqual(['2026-01-01', '2026-01-02']);
    expect(r.days[0].partitions).toBe(7);
    expect(r.days[0].steps).toEqual(STEPS.map((s) => expect.objectContaining({ step: s, partitions: 7, rows: LOANS })));
    // every step saw all of the previous step's rows for the day: all partitions finished first
    const rows = await dump(ctx, '2026-01-01', '2026-01-03');
    expect(rows).toHaveLength(2 * 3 * LOANS);
    for (const row of rows as Array<{ step: string; prior_today: number }>) {
      expect(Number(row.prior_today)).toBe(row.step === 'S1' ? 0 : LOANS);
    }
    const stepDone = events.filter((e) => e.type === 'step-done').map((e) => (e as { step: string }).step);
    expect(stepDone).toEqual([...STEPS, ...STEPS]);
    const detail = await getEodRun(ctx.db, '2026-01-01');
    expect(detail.status).toBe('DONE');
    expect(detail.steps.map((s) => [s.step, s.partitions.length, s.status])).toEqual(STEPS.map((s) => [s, 7, 'DONE']));
    expect(detail.steps[0].partitions[6]).toMatchObject({ fromCustomerId: 25, toCustomerId: 26, rows: 1 });
    expect(rows).toEqual(await reference('2026-01-01', '2026-01-03'));
  });

  it('a crash inside a step, then a rerun, gives exactly the uninterrupted result', async () => {
    setEodPipeline(ctx, testPipeline({ insideStep: { step: 'S2', partition: 3 } }));
    await expect(runEod(ctx, { to: '2026-01-05', partitionSize: PARTITION })).rejects.toThrow(/simulated crash in S2 partition 3/);
    expect(await getBusinessDate(ctx.db)).toBe('2026-01-03');
    const failed = await getEodRun(ctx.db, '2026-01-03');
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatchObject({ step: 'S2', partition: 3 });
    const s2 = failed.steps.find((s) => s.step === 'S2')!;
    expect(s2.partitions.find((p) => p.partition === 3)!.status).toBe('FAILED');
    // loans of the day are guarded while it is not done
    expect(await isLoanInEod(ctx.db, 5)).toBe(true);
    expect(await isLoanInEod(ctx.db, 999)).toBe(false);
    // the failed partition wrote nothing
    const partial = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM eod_test_out WHERE business_date = '2026-01-03' AND step = 'S2' AND loan_id BETWEEN 13 AND 16`,
    );
    expect(partial[0].n).toBe(0);

    const r = await runEod(ctx, { to: '2026-01-05', partitionSize: PARTITION });
    expect(r.businessDate).toBe('2026-01-05');
    expect(await isLoanInEod(ctx.db, 5)).toBe(false);
    expect(await dump(ctx, '2026-01-01', '2026-01-05')).toEqual(await reference('2026-01-01', '2026-01-05'));
  });

  it('a crash between steps leaves the lease held (a second runner is refused), and a rerun after it expires gives the uninterrupted result', async () => {
    setEodPipeline(ctx, testPipeline());
    const crash = (e: EodProgress) => {
      if (e.type === 'step-done' && e.step === 'S1') throw new Error('killed between steps');
    };
    await expect(runEod(ctx, { partitionSize: PARTITION, onProgress: crash, workerId: 'runner-a' })).rejects.toThrow(
      /killed between steps/,
    );
    const held = await getEodRun(ctx.db, '2026-01-05');
    expect(held.status).toBe('RUNNING');
    expect(held.leaseHolder).toBe('runner-a');
    expect(held.steps.map((s) => s.step)).toEqual(['S1']);
    const err = await expectAppError(runEod(ctx, { partitionSize: PARTITION, workerId: 'runner-b' }), 'EOD_LEASE_HELD');
    expect(err.details).toMatchObject({ date: '2026-01-05', holder: 'runner-a' });
    expect(await getBusinessDate(ctx.db)).toBe('2026-01-05');
    // the killed runner's lease runs out
    await ctx.db.execute(sql`UPDATE eod_runs SET lease_expires_at = now() - interval '1 second' WHERE business_date = '2026-01-05'`);
    const r = await runEod(ctx, { partitionSize: 1000, workerId: 'runner-b' }); // the plan fixed at the first take is kept
    expect(r.days[0]).toMatchObject({ date: '2026-01-05', partitions: 7 });
    expect(await dump(ctx, '2026-01-01', '2026-01-06')).toEqual(await reference('2026-01-01', '2026-01-06'));
  });

  it('several workers share a day: every partition of every step is done exactly once', async () => {
    setEodPipeline(ctx, testPipeline());
    const r = await runEod(ctx, {
      to: '2026-01-08',
      workers: 3,
      partitionSize: PARTITION,
      extraWorkers: (date) => [runEodWorker(ctx, date, { workerId: `helper-${date}` })],
    });
    expect(r.businessDate).toBe('2026-01-08');
    const dupes = await queryRows(
      ctx.db,
      sql`SELECT business_date, step, loan_id, count(*) FROM eod_test_out GROUP BY 1, 2, 3 HAVING count(*) <> 1`,
    );
    expect(dupes).toEqual([]);
    const parts = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM eod_step_runs WHERE business_date IN ('2026-01-06', '2026-01-07') AND status = 'DONE'`,
    );
    expect(parts[0].n).toBe(2 * 3 * 7);
    expect(await dump(ctx, '2026-01-01', '2026-01-08')).toEqual(await reference('2026-01-01', '2026-01-08'));
  });

  it('refuses a target that is not after the business date, or more than ten years ahead', async () => {
    await expectAppError(runEod(ctx, { to: '2026-01-08' }), 'EOD_TARGET_INVALID');
    await expectAppError(runEod(ctx, { to: '2025-12-31' }), 'EOD_TARGET_INVALID');
    await expectAppError(runEod(ctx, { to: '2040-01-01' }), 'EOD_TARGET_INVALID');
    await expectAppError(runEod(ctx, { to: '2026-02-30' }), 'VALIDATION_FAILED');
    await expectAppError(runEod(ctx, { workers: 0 }), 'VALIDATION_FAILED');
    expect(await getBusinessDate(ctx.db)).toBe('2026-01-08');
  });

  it('POST /api/v1/eod/run closes no day on a junk body: unknown keys and a missing `to` are refused with 400 naming the field', async () => {
    setEodPipeline(ctx, testPipeline());
    const admin = client(server, await loginAs(server, 'admin'));
    const runsBefore = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM eod_runs`);

    const junk = await admin.post('/api/v1/eod/run', { x: 'garbage' });
    expect(junk.statusCode).toBe(400);
    expect(junk.json().code).toBe('VALIDATION_FAILED');
    const fields = (junk.json().details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.x', 'body.to']));

    const empty = await admin.post('/api/v1/eod/run', {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details).toEqual([expect.objectContaining({ field: 'body.to' })]);

    const extra = await admin.post('/api/v1/eod/run', { to: '2026-01-10', dryRun: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().details).toEqual([expect.objectContaining({ field: 'body.dryRun' })]);

    const rerunJunk = await admin.post('/api/v1/eod/runs/2026-01-07/rerun', { force: true });
    expect(rerunJunk.statusCode).toBe(400);
    expect(rerunJunk.json().details).toEqual([expect.objectContaining({ field: 'body.force' })]);

    expect(await getBusinessDate(ctx.db)).toBe('2026-01-08');
    expect(await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM eod_runs`)).toEqual(runsBefore);
  });

  it('POST /api/v1/eod/run as admin runs to the date; runs and a run’s partitions are listed; permissions and bad input are refused', async () => {
    setEodPipeline(ctx, testPipeline());
    const admin = client(server, await loginAs(server, 'admin'));
    const auditor = client(server, await loginAs(server, 'auditor1'));
    const officer = client(server, await loginAs(server, 'officer1'));

    expect((await officer.post('/api/v1/eod/run', { to: '2026-01-10' })).statusCode).toBe(403);
    expect((await auditor.post('/api/v1/eod/run', { to: '2026-01-10' })).statusCode).toBe(403);
    const bad = await admin.post('/api/v1/eod/run', { to: '10/01/2026' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const past = await admin.post('/api/v1/eod/run', { to: '2026-01-08' });
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('EOD_TARGET_INVALID');

    const res = await admin.post('/api/v1/eod/run', { to: '2026-01-10', partitionSize: PARTITION });
    expect(res.statusCode).toBe(200);
    expect(res.json().businessDate).toBe('2026-01-10');
    expect(res.json().days.map((d: { date: string }) => d.date)).toEqual(['2026-01-08', '2026-01-09']);

    const list = await auditor.get('/api/v1/eod/runs');
    expect(list.statusCode).toBe(200);
    expect(list.json().businessDate).toBe('2026-01-10');
    expect(list.json().items[0]).toMatchObject({ businessDate: '2026-01-09', status: 'DONE', partitions: 7 });
    expect(list.json().total).toBe(9);
    const one = await auditor.get('/api/v1/eod/runs/2026-01-09');
    expect(one.statusCode).toBe(200);
    expect(one.json().steps).toHaveLength(3);
    expect(one.json().steps[1].partitions[0]).toMatchObject({ partition: 0, fromCustomerId: 1, toCustomerId: 5, status: 'DONE', rows: 4 });
    expect((await auditor.get('/api/v1/eod/runs/2025-01-01')).json().code).toBe('EOD_RUN_NOT_FOUND');
    expect((await auditor.get('/api/v1/eod/runs/2025-13-01')).statusCode).toBe(400);
    const rerunDone = await admin.post('/api/v1/eod/runs/2026-01-09/rerun');
    expect(rerunDone.statusCode).toBe(409);
    expect(rerunDone.json().code).toBe('EOD_RUN_NOT_FAILED');
    const audit = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'eod.run' AND target_id = '2026-01-09'`,
    );
    expect(audit[0].n).toBe(1);
  });

  it('reconciliation stops the day on a planted mismatch and names the loan; the rerun succeeds once the ledger is corrected', async () => {
    // (the test's partitions are customer ranges; on Citus the real plan lists each partition's
    // customers, all in one shard — as here, where RECONCILE runs once per shard of the range)
    const reconcileStep = async (tx: Tx, d: string, r: EodPartition) => {
      let n = 0;
      for (const part of await shardsOf(tx, r)) n += await reconcileLoans(tx, d, part);
      return n;
    };
    setEodPipeline(ctx, testPipeline({}, [{ name: 'RECONCILE', run: reconcileStep }]));
    const admin = client(server, await loginAs(server, 'admin'));
    const { entryId } = await withTx(ctx.db, (tx) =>
      postEntry(tx, {
        customerId: 7, // the test's loan 7 is its own customer: partition 1 (customers 5–8)
        businessDate: '2026-01-10',
        eventType: 'TEST_PLANT',
        reference: 'planted-mismatch',
        memo: 'planted',
        lines: [
          { accountCode: ACCOUNTS.LOANS_RECEIVABLE, loanId: 7, debitFen: 12345n },
          { accountCode: ACCOUNTS.CUSTOMER_DEPOSITS, loanId: 7, creditFen: 12345n },
        ],
      }),
    );
    const res = await admin.post('/api/v1/eod/run', { to: '2026-01-11', partitionSize: PARTITION });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('EOD_RECONCILIATION_FAILED');
    expect(res.json().details).toMatchObject({ date: '2026-01-10', count: 1, loanIds: [7] });
    expect(res.json().details.mismatches[0]).toMatchObject({ loanId: 7, ledgerPrincipalFen: '12345', loanPrincipalFen: '0' });
    expect(await getBusinessDate(ctx.db)).toBe('2026-01-10');
    const run = (await admin.get('/api/v1/eod/runs/2026-01-10')).json();
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ code: 'EOD_RECONCILIATION_FAILED', step: 'RECONCILE', partition: 1, details: { loanIds: [7] } });
    // the other partitions reconciled; only the one with loan 7 failed
    const rec = run.steps.find((s: { step: string }) => s.step === 'RECONCILE');
    expect(rec.status).toBe('FAILED');

    // still wrong: the rerun fails again
    expect((await admin.post('/api/v1/eod/runs/2026-01-10/rerun')).json().code).toBe('EOD_RECONCILIATION_FAILED');
    await withTx(ctx.db, (tx) =>
      reverseEntry(tx, { customerId: 7, entryId, businessDate: '2026-01-10', reference: 'unplant', memo: 'fix' }),
    );
    const ok = await admin.post('/api/v1/eod/runs/2026-01-10/rerun');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().businessDate).toBe('2026-01-11');
    expect((await admin.get('/api/v1/eod/runs/2026-01-10')).json().status).toBe('DONE');
    expect(await dump(ctx, '2026-01-01', '2026-01-11')).toEqual(await reference('2026-01-01', '2026-01-11'));
  });

  it('a failed audit anchor after a day is reported with the closed day (anchorError), and the next day anchors the heads it missed', async () => {
    setEodPipeline(ctx, testPipeline());
    const admin = client(server, await loginAs(server, 'admin'));
    const today = await getBusinessDate(ctx.db);
    const unanchored = async () =>
      (
        await queryRows<{ n: number }>(
          ctx.db,
          sql`SELECT count(*)::int AS n FROM audit_chain_heads WHERE seq > anchored_seq AND chain <> ${ANCHOR_CHAIN}`,
        )
      )[0].n;
    // the anchor marks each moved head anchored (anchored_seq = seq); this refuses exactly that update
    await ctx.db.execute(sql`ALTER TABLE audit_chain_heads ADD CONSTRAINT test_refuse_anchor CHECK (anchored_seq < seq) NOT VALID`);
    try {
      const res = await admin.post('/api/v1/eod/run', { to: addDays(today, 1), partitionSize: PARTITION });
      expect(res.statusCode).toBe(200);
      expect(res.json().businessDate).toBe(addDays(today, 1));
      expect(res.json().days).toHaveLength(1);
      expect(res.json().days[0].anchorError).toMatch(/test_refuse_anchor/);
      expect(await unanchored()).toBeGreaterThan(0); // at least the system chain, which recorded eod.run
    } finally {
      await ctx.db.execute(sql`ALTER TABLE audit_chain_heads DROP CONSTRAINT test_refuse_anchor`);
    }
    const next = await admin.post('/api/v1/eod/run', { to: addDays(today, 2), partitionSize: PARTITION });
    expect(next.statusCode).toBe(200);
    expect(next.json().days[0]).not.toHaveProperty('anchorError');
    expect(await unanchored()).toBe(0);
  });
});
