/** Drizzle mirror of migrations/0058_reminders_tables.sql (the SQL file is the source of truth). Private to the reminders module. */
import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migration.
export const reminderParamVersions = pgTable('reminder_param_versions', {
  version: integer('version').primaryKey(),
  params: jsonb('params').notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const reminders = pgTable(
  'reminders',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    loanId: bigint('loan_id', { mode: 'number' }).notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    officerId: bigint('officer_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    dpd: integer('dpd').notNull(),
    status: text('status').notNull(),
    outboxId: bigint('outbox_id', { mode: 'number' }),
    sendAfter: timestamp('send_after', { withTimezone: true }).notNull(),
    text: text('text').notNull(),
    paramsVersion: integer('params_version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const reminderOptOuts = pgTable('reminder_opt_outs', {
  customerId: bigint('customer_id', { mode: 'number' }).primaryKey(),
  optedOut: boolean('opted_out').notNull(),
  source: text('source').notNull(),
  staffId: bigint('staff_id', { mode: 'number' }),
  reason: text('reason'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
