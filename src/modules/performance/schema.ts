/** Drizzle mirror of migrations/0106_performance_params.sql — the performance module's tables (the SQL file is the source of truth). */
import { bigint, date, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const performanceWeightVersions = pgTable('performance_weight_versions', {
  version: integer('version').primaryKey(),
  level: text('level').notNull(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  weights: jsonb('weights').$type<Record<string, string>>().notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const campaignTargetVersions = pgTable('campaign_target_versions', {
  version: integer('version').primaryKey(),
  name: text('name').notNull(),
  startDate: date('start_date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }).notNull(),
  bankGrowthTargetFen: bigint('bank_growth_target_fen', { mode: 'bigint' }).notNull(),
  bankNplReductionTargetFen: bigint('bank_npl_reduction_target_fen', { mode: 'bigint' }).notNull(),
  branches: jsonb('branches').$type<Array<Record<string, string>>>().notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
