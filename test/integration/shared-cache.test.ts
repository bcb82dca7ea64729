/**
 * The per-process caches of reference data (src/modules/calendar/cache.ts): the business date is never
 * stale in the process that advances it, not even for a moment after the commit; a rolled-back advance
 * changes nothing; a transaction sees its own advance; a change made and announced by another process
 * (NOTIFY on the cache channel) reaches the cache; product parameters and the policy follow the date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { withTx } from '../../src/db/client.js';
import { advanceBusinessDate, CACHE_CHANNEL, getBusinessDate, sharedCacheActive } from '../../src/modules/calendar/index.js';
import { getLprPct, getProductParams } from '../../src/modules/products/index.js';
import { activePolicy } from '../../src/modules/decision/index.js';
import { createTestApp } from '../support/app.js';
import { testEngines } from '../support/db.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.each(testEngines())('shared caches on %s', (kind) => {
  let app: HuinongApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
    // Let the cache's listener connect (caching starts only once it has).
    for (let i = 0; i < 100 && !sharedCacheActive(app.ctx.db); i++) {
      await getBusinessDate(app.ctx.db);
      await sleep(20);
    }
    expect(sharedCacheActive(app.ctx.db)).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('reads the date once per transaction and serves repeated reads', async () => {
    const db = app.ctx.db;
    const first = await getBusinessDate(db);
    expect(await getBusinessDate(db)).toBe(first);
    await withTx(db, async (tx) => {
      expect(await getBusinessDate(tx)).toBe(first);
      expect(await getBusinessDate(tx)).toBe(first);
    });
  });

  it('is never stale in the advancing process: old date until the commit, new date right after it', async () => {
    const db = app.ctx.db;
    const before = await getBusinessDate(db);
    const next = nextDay(before);
    await withTx(db, async (tx) => {
      expect(await advanceBusinessDate(tx, before, next)).toBe(true);
      // The transaction sees its own advance; everyone else still the committed date.
      expect(await getBusinessDate(tx)).toBe(next);
      // (PGlite has one connection: a read outside the transaction would wait for it.)
      if (kind === 'postgres') expect(await getBusinessDate(db)).toBe(before);
    });
    // No waiting for the notification: the first read after the commit has the new date.
    expect(await getBusinessDate(db)).toBe(next);
    expect(await getBusinessDate(db)).toBe(next);
    // And caching resumes once the commit has been announced.
    for (let i = 0; i < 100 && !sharedCacheActive(db); i++) await sleep(10);
    expect(sharedCacheActive(db)).toBe(true);
  });

  it('keeps the date when the advance rolls back', async () => {
    const db = app.ctx.db;
    const before = await getBusinessDate(db);
    await expect(
      withTx(db, async (tx) => {
        await advanceBusinessDate(tx, before, nextDay(before));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await getBusinessDate(db)).toBe(before);
    expect(await getBusinessDate(db)).toBe(before);
  });

  it('follows a change committed and announced by another process', async () => {
    const db = app.ctx.db;
    const before = await getBusinessDate(db);
    const next = nextDay(before);
    // What another process's end-of-day does, bypassing this process's invalidation.
    await withTx(db, async (tx) => {
      await tx.execute(sql`UPDATE business_calendar SET business_date = ${next}::date WHERE id`);
      await tx.execute(sql`SELECT pg_notify(${CACHE_CHANNEL}, 'businessDate')`);
    });
    let seen = await getBusinessDate(db);
    for (let i = 0; i < 100 && seen !== next; i++) {
      await sleep(20);
      seen = await getBusinessDate(db);
    }
    expect(seen).toBe(next);
  });

  it('serves product parameters, LPR and the policy per date', async () => {
    const db = app.ctx.db;
    const date = await getBusinessDate(db);
    const a = await getProductParams(db, 'XIN_E_DAI', date);
    const b = await getProductParams(db, 'XIN_E_DAI', date);
    expect(b).toEqual(a);
    expect(await getLprPct(db, date, '1Y')).toBe(await getLprPct(db, date, '1Y'));
    expect((await activePolicy(db, date)).version).toBe((await activePolicy(db, date)).version);
    await expect(getProductParams(db, 'NO_SUCH_PRODUCT', date)).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });
});

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
