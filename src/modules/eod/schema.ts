/** Drizzle mirror of migrations/0021_eod.sql and 0034 (the SQL files are the source of truth): the end-of-day run and its steps' progress. */
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
  partitionSize: integer('partition_size'),
  partitions: integer('partitions'),
  minCustomerId: bigint('min_customer_id', { mode: 'number' }),
  maxCustomerId: bigint('max_customer_id', { mode: 'number' }),
});

export const eodStepRuns = pgTable(
  'eod_step_runs',
  {
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    step: text('step').notNull(),
    partition: integer('partition').notNull(),
    status: text('status').notNull(),
    rows: integer('rows').notNull(),
    durationMs: integer('duration_ms').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    worker: text('worker').notNull(),
    error: jsonb('error'),
    fromCustomerId: bigint('from_customer_id', { mode: 'number' }),
    toCustomerId: bigint('to_customer_id', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.businessDate, t.step, t.partition] })],
);

/** The partitions of a day's plan (0034): customer bounds, on Citus the customer list, the bank-level key. */
export const eodPartitions = pgTable(
  'eod_partitions',
  {
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    partition: integer('partition').notNull(),
    fromCustomerId: bigint('from_customer_id', { mode: 'number' }).notNull(),
    toCustomerId: bigint('to_customer_id', { mode: 'number' }).notNull(),
    customerIds: bigint('customer_ids', { mode: 'number' }).array(),
    bankKey: bigint('bank_key', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessDate, t.partition] })],
);
