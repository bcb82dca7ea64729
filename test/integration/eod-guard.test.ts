/**
 * The end-of-day guard, end to end through the composition root: while the end-of-day of the day
 * covers a loan (a run not DONE whose plan includes the loan, or whose plan is not fixed yet), a
 * repayment or a reversal on it answers 409 EOD_IN_PROGRESS; a loan outside the fixed plan, and any
 * loan once the run is DONE, is repaid as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne } from '../../src/db/client.js';
import { makeIdNumber } from '../../src/kernel/idcard.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';
import { openXinEDaiLoan } from '../support/lending.js';

describe.each(testEngines())('the end-of-day guard on %s', (kind) => {
  let app: HuinongApp;
  let officer: ReturnType<typeof client>;
  let approver: ReturnType<typeof client>;
  let loanId: number;
  let customerId: number; // the plan is per customer
  let bd: string;
  const n = kind === 'pglite' ? 31 : 32;

  beforeAll(async () => {
    app = await createTestApp(kind);
    officer = client(app.server, await loginAs(app.server, 'officer1'));
    approver = client(app.server, await loginAs(app.server, 'approver1'));
    loanId = await openXinEDaiLoan(
      officer,
      approver,
      { name: '韩十三', idNumber: makeIdNumber('370812198903037' + n), mobile: `137537099${n}` },
      '20000.00',
      'draw-eod-guard',
    );
    bd = await getBusinessDate(app.ctx.db);
    const owner = await queryOne<{ c: string }>(app.ctx.db, sql`SELECT customer_id::text AS c FROM loans WHERE id = ${loanId}`);
    customerId = Number(owner!.c);
  });
  afterAll(async () => {
    await app?.close();
  });

  const pay = (key: string) =>
    officer.post(
      `/api/v1/loans/${loanId}/repayments`,
      { amount: '100.00', mode: 'EARLY_PARTIAL', prepaymentChoice: 'SHORTEN_TERM' },
      { 'idempotency-key': key },
    );

  /** A run of the business date whose plan (if any) is one partition of the customers min…max. */
  async function setRun(status: 'RUNNING' | 'FAILED' | 'DONE', plan: { min: number; max: number } | null) {
    await app.ctx.db.execute(sql`DELETE FROM eod_partitions WHERE business_date = ${bd}::date`);
    await app.ctx.db.execute(sql`DELETE FROM eod_runs WHERE business_date = ${bd}::date`);
    await app.ctx.db.execute(
      sql`INSERT INTO eod_runs (business_date, status, min_customer_id, max_customer_id, partition_size, partitions)
          VALUES (${bd}::date, ${status}, ${plan?.min ?? null}, ${plan?.max ?? null}, ${plan ? 1000 : null}, ${plan ? 1 : null})`,
    );
    if (plan) {
      await app.ctx.db.execute(
        sql`INSERT INTO eod_partitions (business_date, partition, from_customer_id, to_customer_id, customer_ids, bank_key)
            VALUES (${bd}::date, 0, ${plan.min}, ${plan.max + 1}, NULL, -1)`,
      );
    }
  }

  it('refuses a repayment with 409 EOD_IN_PROGRESS while a run whose plan is not fixed yet is running', async () => {
    await setRun('RUNNING', null);
    const res = await pay('eod-guard-1');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('EOD_IN_PROGRESS');
  });

  it('refuses a repayment while a failed run, awaiting its rerun, covers the loan in its plan', async () => {
    await setRun('FAILED', { min: customerId, max: customerId });
    const res = await pay('eod-guard-2');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('EOD_IN_PROGRESS');
  });

  it('repays a loan outside the running plan, and refuses its reversal once the plan covers it', async () => {
    await setRun('RUNNING', { min: customerId + 1, max: customerId + 100 });
    const paid = await pay('eod-guard-3');
    expect(paid.statusCode).toBe(201);
    await setRun('RUNNING', { min: customerId, max: customerId + 100 });
    const reversal = await approver.post(`/api/v1/loans/${loanId}/repayments/${paid.json().repaymentId}/reversal`, { reason: '扣款退回' });
    expect(reversal.statusCode).toBe(409);
    expect(reversal.json().code).toBe('EOD_IN_PROGRESS');
  });

  it('repays as usual once the run is DONE', async () => {
    await setRun('DONE', { min: customerId, max: customerId });
    const res = await pay('eod-guard-4');
    expect(res.statusCode).toBe(201);
  });
});
