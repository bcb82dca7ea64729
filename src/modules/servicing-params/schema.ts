/** Drizzle mirror of migrations/0024_servicing_params.sql and 0028_drawdown_block_params.sql (the SQL files are the source of truth). */
import { bigint, date, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const servicingParamVersions = pgTable('servicing_param_versions', {
  version: integer('version').primaryKey(),
  effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
  specialMentionDpd: integer('special_mention_dpd').notNull(),
  substandardDpd: integer('substandard_dpd').notNull(),
  doubtfulDpd: integer('doubtful_dpd').notNull(),
  lossDpd: integer('loss_dpd').notNull(),
  nonAccrualDpd: integer('non_accrual_dpd').notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const drawdownBlockParamVersions = pgTable('drawdown_block_param_versions', {
  version: integer('version').primaryKey(),
  graceDays: integer('grace_days').notNull(),
  toleratedPastDueFen: bigint('tolerated_past_due_fen', { mode: 'bigint' }).notNull(),
  worstClassAllowed: text('worst_class_allowed').notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
