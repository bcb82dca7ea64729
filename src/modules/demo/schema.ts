import { bigint, date, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// The demo quarter's builds (0123): its state and progress, read by GET /api/v1/demo/status. Columns, types,
// nullability and keys as migrated (test/integration/drizzle-schema.test.ts); checks live in the migration.
export const demoBuilds = pgTable('demo_builds', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  seed: bigint('seed', { mode: 'number' }).notNull(),
  scale: numeric('scale', { precision: 8, scale: 4 }).notNull(),
  state: text('state').notNull(),
  phase: text('phase').notNull(),
  day: date('day', { mode: 'string' }),
  daysDone: integer('days_done').notNull(),
  daysTotal: integer('days_total').notNull(),
  progress: integer('progress').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  error: text('error'),
});
