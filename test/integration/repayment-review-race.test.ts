/**
 * The staff-repayment review threshold counts the loan's total for the business day under the loan's
 * lock: two staff repayments sent at the same moment, each under the threshold but together above
 * it, cannot both slip through — exactly one waits for review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, withTx } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

describe.each(testEngines())('concurrent staff repayments on %s', (kind) => {
  let app: HuinongApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('two staff repayments at once that together exceed the day’s review threshold: exactly one goes to review', async () => {
    const officer = client(app.server, await loginAs(app.server, 'officer1'));
    const approver = client(app.server, await loginAs(app.server, 'approver1'));
    const loanId = await openXinEDaiLoan(
      officer,
      approver,
      {
        name: '蒋十二',
        idNumber: makeIdNumber('370812198902027' + String(kind === 'pglite' ? 21 : 22)),
        mobile: kind === 'pglite' ? '13753709921' : '13753709922',
      },
      '60000.00',
      'draw-race',
    );
    const pay = (key: string) =>
      officer.post(
        `/api/v1/loans/${loanId}/repayments`,
        { amount: '30000.00', mode: 'EARLY_PARTIAL', prepaymentChoice: 'SHORTEN_TERM' },
        { 'idempotency-key': key },
      );

    // 30,000 + 30,000 yuan on one loan and one business day: above the 50,000-yuan threshold together.
    // On PostgreSQL another transaction holds the loan's row until both requests wait for it, so that
    // both are surely in flight at once (on PGlite, one connection, requests run one after the other).
    let results: Awaited<ReturnType<typeof pay>>[];
    if (kind === 'postgres') {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      const holder = withTx(app.ctx.db, async (tx) => {
        await tx.execute(sql`SELECT id FROM loans WHERE id = ${loanId} FOR UPDATE`);
        held();
        await released;
      });
      await holding;
      const both = Promise.all([pay('race-1'), pay('race-2')]);
      try {
        for (let i = 0; i < 200; i++) {
          const w = await queryOne<{ n: string | number }>(
            app.ctx.db,
            sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (Number(w?.n) >= 2) break;
          await new Promise((r) => setTimeout(r, 25));
        }
      } finally {
        release();
      }
      await holder;
      results = await both;
    } else {
      results = await Promise.all([pay('race-1'), pay('race-2')]);
    }
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses, results.map((r) => r.body).join('\n')).toEqual([201, 202]);
    expect(results.find((r) => r.statusCode === 202)!.json()).toMatchObject({ status: 'PENDING', reviewRequestId: expect.any(Number) });
    // one repayment posted, the other waits for a checker
    const posted = await officer.get(`/api/v1/loans/${loanId}/repayments`);
    expect(posted.statusCode).toBe(200);
    expect((posted.json().items as Array<{ idempotencyKey: string }>).map((r) => r.idempotencyKey)).toHaveLength(1);
  });
});
