/** Drizzle mirror of migrations/0016_decision.sql (the SQL file is the source of truth). */
import { bigint, date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const decisionPolicies = pgTable('decision_policies', {
  version: text('version').primaryKey(),
  document: jsonb('document').notNull(),
  fingerprint: text('fingerprint').notNull(),
  effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
  status: text('status').$type<'ACTIVE' | 'PENDING' | 'RETIRED'>().notNull(),
  seq: bigint('seq', { mode: 'number' }).generatedByDefaultAsIdentity().unique('decision_policies_seq_key'),
  createdBy: bigint('created_by', { mode: 'number' }),
  approvedBy: bigint('approved_by', { mode: 'number' }),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const decisionRecords = pgTable(
  'decision_records',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).generatedByDefaultAsIdentity(),
    applicationId: bigint('application_id', { mode: 'number' }).notNull(),
    policyVersion: text('policy_version')
      .notNull()
      .references(() => decisionPolicies.version),
    input: jsonb('input').notNull(),
    outcome: text('outcome').$type<'APPROVE' | 'DECLINE' | 'REFER'>().notNull(),
    score: numeric('score').notNull(),
    grade: text('grade').$type<'A' | 'B' | 'C' | 'D' | 'E'>().notNull(),
    limitFen: bigint('limit_fen', { mode: 'bigint' }).notNull(),
    annualRatePct: numeric('annual_rate_pct', { precision: 9, scale: 6 }).notNull(),
    reasons: jsonb('reasons').notNull(),
    firedRules: jsonb('fired_rules').notNull(),
    durationMicros: integer('duration_micros').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);
