/** Drizzle mirror of migrations/0063_feedback_tickets.sql (the SQL file is the source of truth). */
import { bigint, customType, date, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const feedbackReleases = pgTable('feedback_releases', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  version: text('version').notNull(),
  releaseDate: date('release_date', { mode: 'string' }).notNull(),
  notes: text('notes').notNull(),
  createdBy: bigint('created_by', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const feedbackTickets = pgTable('feedback_tickets', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  category: text('category').notNull(),
  department: text('department').notNull(),
  relatedModule: text('related_module'),
  status: text('status').notNull(),
  raisedBy: bigint('raised_by', { mode: 'number' }).notNull(),
  raiserRole: text('raiser_role').notNull(),
  raisedDate: date('raised_date', { mode: 'string' }).notNull(),
  deadlineDate: date('deadline_date', { mode: 'string' }).notNull(),
  escalation1Date: date('escalation1_date', { mode: 'string' }).notNull(),
  escalation2Date: date('escalation2_date', { mode: 'string' }).notNull(),
  rejectReason: text('reject_reason'),
  releaseId: bigint('release_id', { mode: 'number' }),
  closedDate: date('closed_date', { mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const feedbackEvents = pgTable('feedback_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  kind: text('kind').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  comment: text('comment'),
  actorId: bigint('actor_id', { mode: 'number' }).notNull(),
  businessDate: date('business_date', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const feedbackAttachments = pgTable('feedback_attachments', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  uploadedBy: bigint('uploaded_by', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
