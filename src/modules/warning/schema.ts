/** Drizzle mirror of migrations/0051_warning_rules.sql (the SQL file is the source of truth). */
import { bigint, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migration.
export const warningRuleVersions = pgTable('warning_rule_versions', {
  version: integer('version').primaryKey(),
  effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
  rules: jsonb('rules').notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const warningFirings = pgTable(
  'warning_firings',
  {
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    ruleCode: text('rule_code').notNull(),
    subject: text('subject').notNull(),
    level: text('level').notNull(),
    evidence: jsonb('evidence').notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessDate, t.customerId, t.ruleCode, t.subject] })],
);

export const warningLineUsage = pgTable(
  'warning_line_usage',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    creditLineId: bigint('credit_line_id', { mode: 'number' }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    highSince: date('high_since', { mode: 'string' }),
    prevAsOf: date('prev_as_of', { mode: 'string' }),
    prevHighSince: date('prev_high_since', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.creditLineId] })],
);

export const warningContactLost = pgTable('warning_contact_lost', {
  customerId: bigint('customer_id', { mode: 'number' }).primaryKey(),
  markedOn: date('marked_on', { mode: 'string' }).notNull(),
  note: text('note').notNull(),
  markedBy: bigint('marked_by', { mode: 'number' }).notNull(),
  markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
});
