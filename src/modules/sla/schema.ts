/** Drizzle mirror of migrations/0078_sla_params.sql, 0079_sla_accountability.sql and 0109_sla_accountability_manual.sql (the SQL files are the source of truth). Private to the sla module. */
import { bigint, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const slaParamVersions = pgTable('sla_param_versions', {
  version: integer('version').primaryKey(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  lockSeconds: integer('lock_seconds').notNull(),
  recommendSeconds: integer('recommend_seconds').notNull(),
  disburseSeconds: integer('disburse_seconds').notNull(),
  penaltyFen: bigint('penalty_fen', { mode: 'bigint' }).notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const slaStageTimings = pgTable(
  'sla_stage_timings',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    stage: text('stage').notNull(),
    endEventId: bigint('end_event_id', { mode: 'number' }).notNull(),
    startEventId: bigint('start_event_id', { mode: 'number' }).notNull(),
    officerId: bigint('officer_id', { mode: 'number' }).notNull(),
    branchId: bigint('branch_id', { mode: 'number' }),
    applicationId: bigint('application_id', { mode: 'number' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    durationMs: bigint('duration_ms', { mode: 'number' }).notNull(),
    limitSeconds: integer('limit_seconds').notNull(),
    overrunSeconds: integer('overrun_seconds').notNull(),
    paramsVersion: integer('params_version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.stage, t.endEventId] })],
);

export const accountabilityRecords = pgTable(
  'accountability_records',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    stage: text('stage'),
    sourceEventId: bigint('source_event_id', { mode: 'number' }),
    officerId: bigint('officer_id', { mode: 'number' }).notNull(),
    branchId: bigint('branch_id', { mode: 'number' }),
    applicationId: bigint('application_id', { mode: 'number' }),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    overrunSeconds: integer('overrun_seconds'),
    penaltyFen: bigint('penalty_fen', { mode: 'bigint' }).notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    pendingReviewId: bigint('pending_review_id', { mode: 'number' }),
    decidedBy: bigint('decided_by', { mode: 'number' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reviewRequestId: bigint('review_request_id', { mode: 'number' }),
    description: text('description'),
    recordedBy: bigint('recorded_by', { mode: 'number' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);
