import { boolean, date, pgTable, timestamp } from 'drizzle-orm/pg-core';

/** The bank's business date: one row, advanced only by end-of-day. */
export const businessCalendar = pgTable('business_calendar', {
  id: boolean('id').primaryKey().default(true),
  businessDate: date('business_date', { mode: 'string' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
