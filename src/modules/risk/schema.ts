/** Drizzle mirror of migrations/0054_risk_alerts.sql (the SQL file is the source of truth). Private to the risk module. */
import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migration.
export const riskAlerts = pgTable(
  'risk_alerts',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    level: text('level').notNull(),
    rules: jsonb('rules').notNull(),
    status: text('status').notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    officerId: bigint('officer_id', { mode: 'number' }),
    riskDept: boolean('risk_dept').notNull(),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
    levelOn: date('level_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    escalation: text('escalation').notNull(),
    escalatedOn: date('escalated_on', { mode: 'string' }),
    lastFollowUpOn: date('last_follow_up_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const riskAlertEvents = pgTable(
  'risk_alert_events',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    alertId: bigint('alert_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    fromLevel: text('from_level'),
    level: text('level'),
    rules: jsonb('rules'),
    escalation: text('escalation'),
    measure: text('measure'),
    followUpKind: text('follow_up_kind'),
    text: text('text'),
    nextStepOn: date('next_step_on', { mode: 'string' }),
    staffId: bigint('staff_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const riskAlertParamVersions = pgTable('risk_alert_param_versions', {
  version: integer('version').primaryKey(),
  redDays: integer('red_days').notNull(),
  orangeDays: integer('orange_days').notNull(),
  yellowDays: integer('yellow_days').notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
