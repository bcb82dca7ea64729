/**
 * The bank's business date. Domain code takes the date from here (passed down as a parameter),
 * never from the wall clock; only end-of-day advances it.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, type Db } from '../../db/client.js';
import { InvariantError } from '../../kernel/errors.js';
import { invalidateSharedCaches, sharedCached } from './cache.js';
import { businessDateView } from './calendar.contract.js';

export { sharedCached, invalidateSharedCaches, sharedCacheActive, CACHE_CHANNEL } from './cache.js';
export { bankDateOf, businessDeadline } from './business-days.js';
export { addBusinessDays } from './business-days.js';

/**
 * The business date. Cached per process (see cache.ts): end-of-day's advance empties the cache in its
 * transaction and announces the change to every process at commit; in a transaction it is read once.
 */
export async function getBusinessDate(db: Db): Promise<string> {
  return sharedCached(db, 'businessDate', readBusinessDate);
}

async function readBusinessDate(db: Db): Promise<string> {
  const row = await queryOne<{ d: string }>(db, sql`SELECT business_date::text AS d FROM business_calendar WHERE id`);
  if (!row) throw new InvariantError('business date not initialised');
  return row.d;
}

/** First start only: sets the business date of a new bank; never moves an existing one. */
export async function initBusinessDate(db: Db, date: string): Promise<string> {
  await db.execute(
    sql`INSERT INTO business_calendar (id, business_date, updated_at) VALUES (true, ${date}::date, ${nowParam()}) ON CONFLICT (id) DO NOTHING`,
  );
  await invalidateSharedCaches(db, 'businessDate');
  return readBusinessDate(db);
}

/**
 * Moves the business date; for end-of-day only. Returns false when the current date is not `from`.
 * (It returns a constant, not the date's text: a date's text form depends on DateStyle, and Citus
 * refuses such a cast in the RETURNING of a write to its reference table.)
 */
export async function advanceBusinessDate(db: Db, from: string, to: string): Promise<boolean> {
  const row = await queryOne<{ moved: number }>(
    db,
    sql`UPDATE business_calendar SET business_date = ${to}::date, updated_at = ${nowParam()}
        WHERE id AND business_date = ${from}::date RETURNING 1 AS moved`,
  );
  if (row) await invalidateSharedCaches(db, 'businessDate');
  return !!row;
}

export async function calendarRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/business-date',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['calendar'],
        summary: '当前营业日期 (business date)',
        response: { 200: businessDateView },
      },
    },
    async () => ({ businessDate: await getBusinessDate(app.hn.db) }),
  );
}
