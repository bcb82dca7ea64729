/**
 * The demo as a test (issue 16 §4): the same code that builds the demo bank's first quarter, at a reduced
 * scale and over its first days, on every engine. After each day's end-of-day the ledger balances, every
 * loan's balances in the ledger equal the loan records, and the reports' headline equals the day's loan
 * snapshots summed directly. The build is recorded and answered by GET /api/v1/demo/status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildServer } from '../../src/http/server.js';
import { ROUTE_MODULES } from '../../src/app.js';
import type { AppContext } from '../../src/context.js';
import { queryOne, queryRows, withTx } from '../../src/db/client.js';
import { authenticate } from '../../src/modules/access/index.js';
import { findLoanMismatches } from '../../src/modules/eod/reconcile.js';
import { trialBalance } from '../../src/modules/ledger/index.js';
import { buildDemoQuarter } from '../../demo/quarter/index.js';
import { createTestContext } from '../support/app.js';
import { testEngines } from '../support/db.js';

const SEED = 16;
const SCALE = 0.01;
const TO = '2026-01-08';

interface DayCheck {
  date: string;
  debitFen: bigint;
  creditFen: bigint;
  loans: number;
  mismatches: number;
  snapshot: { balance: bigint; borrowers: number; npl: bigint };
  reported: { balance: bigint; borrowers: number; npl: bigint } | null;
}

describe.each(testEngines())('the demo quarter, reduced, on %s', (kind) => {
  let ctx: AppContext;
  const days: DayCheck[] = [];
  let counts: Record<string, number> = {};

  beforeAll(async () => {
    ctx = await createTestContext(kind, { demoQuarter: true });
    const result = await buildDemoQuarter(ctx, {
      seed: SEED,
      scale: SCALE,
      to: TO,
      afterDay: async (_sim, date) => {
        const tb = await trialBalance(ctx.db, date);
        // on Citus the reconciliation names its customers (as an end-of-day partition does there)
        const ids =
          kind === 'citus'
            ? (await queryRows<{ id: string }>(ctx.db, sql`SELECT DISTINCT customer_id::text AS id FROM loans`)).map((r) => Number(r.id))
            : null;
        const check = await withTx(ctx.db, (tx) =>
          findLoanMismatches(tx, date, { fromCustomerId: 0, toCustomerId: Number.MAX_SAFE_INTEGER, customerIds: ids, bankKey: -1 }),
        );
        const snap = await queryOne<{ bal: string; n: string; npl: string }>(
          ctx.db,
          sql`SELECT coalesce(sum(outstanding_principal_fen), 0)::text AS bal, count(DISTINCT customer_id)::text AS n,
                     coalesce(sum(outstanding_principal_fen) FILTER (WHERE classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS')), 0)::text AS npl
                FROM loan_daily_snapshots WHERE business_date = ${date}::date AND outstanding_principal_fen > 0`,
        );
        const rep = await queryOne<{ bal: string; n: string; npl: string }>(
          ctx.db,
          sql`SELECT sum(balance_fen)::text AS bal, sum(borrowers)::text AS n, sum(npl_fen)::text AS npl
                FROM report_daily_figures WHERE business_date = ${date}::date AND dim = 'BANK'`,
        );
        days.push({
          date,
          debitFen: tb.totalDebitFen,
          creditFen: tb.totalCreditFen,
          loans: check.loans,
          mismatches: check.mismatches.length,
          snapshot: { balance: BigInt(snap!.bal), borrowers: Number(snap!.n), npl: BigInt(snap!.npl) },
          reported: rep?.bal == null ? null : { balance: BigInt(rep.bal), borrowers: Number(rep.n), npl: BigInt(rep.npl) },
        });
      },
    });
    counts = result.counts;
  }, 1_200_000);

  afterAll(async () => {
    await ctx?.database.close();
  });

  it('lives every day from the go-live day to the last, each closed by end-of-day', () => {
    expect(days.map((d) => d.date)).toEqual(['2025-12-31', ...Array.from({ length: 8 }, (_, i) => `2026-01-0${i + 1}`)]);
  });

  it('brings the opening book in through the imports and does business through the routes', () => {
    expect(counts['opening.loans']).toBeGreaterThan(30);
    expect(counts['opening.customers']).toBeGreaterThan(counts['opening.loans'] / 2);
    expect(counts.drawdowns ?? 0).toBeGreaterThan(0);
  });

  it('balances the ledger every day', () => {
    for (const d of days) expect(d.debitFen, d.date).toBe(d.creditFen);
    expect(days[0].debitFen).toBeGreaterThan(0n);
  });

  it('keeps every loan equal to its ledger balances every day', () => {
    for (const d of days) {
      expect(d.mismatches, d.date).toBe(0);
      expect(d.loans, d.date).toBeGreaterThan(30);
    }
  });

  it("reports each day's figures as the day's loan snapshots add up", () => {
    for (const d of days) expect(d.reported, d.date).toEqual(d.snapshot);
    expect(days[0].snapshot.npl).toBeGreaterThan(0n);
  });

  it('records the build, and the status route answers READY with the days lived', async () => {
    const server = await buildServer({ ctx, authenticate: (t) => authenticate(ctx.db, t), modules: ROUTE_MODULES, logger: false });
    try {
      const res = await server.inject({ method: 'GET', url: '/api/v1/demo/status' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        state: 'READY',
        progress: 100,
        phase: 'DONE',
        daysDone: 8,
        daysTotal: 8,
        quarter: true,
        seed: SEED,
        error: null,
      });
    } finally {
      await server.close();
    }
  });
});
