/** Drizzle mirror of migrations/0021_eod.sql (the SQL file is the source of truth): the end-of-day run and its steps' progress. */
import { bigint, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const eodRuns = pgTable('eod_runs', {
  businessDate: date('business_date', { mode: 'string' }).primaryKey(),
  status: text('status').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  leaseHolder: text('lease_holder'),
  leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
  error: jsonb('error'),
  minLoanId: bigint('min_loan_id', { mode: 'number' }),
  maxLoanId: bigint('max_loan_id', { mode: 'number' }),
  partitionSize: integer('partition_size'),
  partitions: integer('partitions'),
});

export const eodStepRuns = pgTable(
  'eod_step_runs',
  {
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    step: text('step').notNull(),
    partition: integer('partition').notNull(),
    fromLoanId: bigint('from_loan_id', { mode: 'number' }).notNull(),
    toLoanId: bigint('to_loan_id', { mode: 'number' }).notNull(),
    status: text('status').notNull(),
    rows: integer('rows').notNull(),
    durationMs: integer('duration_ms').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    worker: text('worker').notNull(),
    error: jsonb('error'),
  },
  (t) => [primaryKey({ columns: [t.businessDate, t.step, t.partition] })],
);
