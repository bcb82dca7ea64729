/** Drizzle mirror of migrations/0110_supervision_tables.sql (the SQL file is the source of truth). Private to the supervision module. */
import { bigint, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migration.
export const supervisionExemplars = pgTable('supervision_exemplars', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  unitKind: text('unit_kind').notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  staffId: bigint('staff_id', { mode: 'number' }),
  title: text('title').notNull(),
  story: text('story').notNull(),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  periodTo: date('period_to', { mode: 'string' }).notNull(),
  exemplarDate: date('exemplar_date', { mode: 'string' }).notNull(),
  status: text('status').notNull(),
  recordedBy: bigint('recorded_by', { mode: 'number' }).notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  updatedBy: bigint('updated_by', { mode: 'number' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
  publishedBy: bigint('published_by', { mode: 'number' }),
  publishedAt: timestamp('published_at', { withTimezone: true }),
});

export const supervisionInterviews = pgTable('supervision_interviews', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  kind: text('kind').notNull(),
  unitKind: text('unit_kind').notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  staffId: bigint('staff_id', { mode: 'number' }),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  periodTo: date('period_to', { mode: 'string' }).notNull(),
  rankNote: text('rank_note'),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  summary: text('summary').notNull(),
  status: text('status').notNull(),
  closedOn: date('closed_on', { mode: 'string' }),
  recordedBy: bigint('recorded_by', { mode: 'number' }).notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
});

export const supervisionInterviewAttendees = pgTable(
  'supervision_interview_attendees',
  {
    interviewId: bigint('interview_id', { mode: 'number' }).notNull(),
    seq: integer('seq').notNull(),
    staffId: bigint('staff_id', { mode: 'number' }),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.interviewId, t.seq] })],
);

export const supervisionCommitments = pgTable(
  'supervision_commitments',
  {
    interviewId: bigint('interview_id', { mode: 'number' }).notNull(),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    resolvedOn: date('resolved_on', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.interviewId, t.seq] })],
);

export const supervisionFollowups = pgTable('supervision_followups', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  interviewId: bigint('interview_id', { mode: 'number' }).notNull(),
  followedOn: date('followed_on', { mode: 'string' }).notNull(),
  text: text('text').notNull(),
  statuses: jsonb('statuses').notNull(),
  recordedBy: bigint('recorded_by', { mode: 'number' }).notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
});
