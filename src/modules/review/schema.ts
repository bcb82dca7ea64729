/** Drizzle mirror of migrations/0004_review.sql (the SQL file is the source of truth). */
import { bigint, boolean, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { DiffLine } from './registry.js';

export type ReviewStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'APPLIED_DIRECTLY';

export const reviewRequests = pgTable('review_requests', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  changeType: text('change_type').notNull(),
  status: text('status').$type<ReviewStatus>().notNull().default('PENDING'),
  payload: jsonb('payload').notNull(),
  diff: jsonb('diff').$type<DiffLine[]>().notNull().default([]),
  titleZh: text('title_zh').notNull(),
  titleEn: text('title_en').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  branchId: bigint('branch_id', { mode: 'number' }),
  checkerPermission: text('checker_permission').notNull(),
  makerId: bigint('maker_id', { mode: 'number' }).notNull(),
  makerUsername: text('maker_username').notNull(),
  makerName: text('maker_name'),
  checkerId: bigint('checker_id', { mode: 'number' }),
  checkerUsername: text('checker_username'),
  comment: text('comment'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
});

export const reviewPolicies = pgTable('review_policies', {
  changeType: text('change_type').primaryKey(),
  reviewRequired: boolean('review_required').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
