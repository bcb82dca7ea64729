/** Drizzle mirror of migrations/0005_imports.sql (the SQL file is the source of truth). */
import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const importBatches = pgTable('import_batches', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  importType: text('import_type').notNull(),
  filename: text('filename').notNull(),
  encoding: text('encoding').$type<'UTF-8' | 'GBK' | 'XLSX'>().notNull(),
  status: text('status').$type<'INVALID' | 'PENDING_REVIEW' | 'APPLIED' | 'REJECTED'>().notNull(),
  totalRows: integer('total_rows').notNull(),
  validRows: integer('valid_rows').notNull(),
  errorRows: integer('error_rows').notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  makerId: bigint('maker_id', { mode: 'number' }).notNull(),
  makerUsername: text('maker_username').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  appliedAt: timestamp('applied_at', { withTimezone: true }),
  summary: jsonb('summary').notNull().default({}),
});

export const importRows = pgTable(
  'import_rows',
  {
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    rowNo: integer('row_no').notNull(),
    data: jsonb('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.rowNo] })],
);

export const importErrors = pgTable(
  'import_errors',
  {
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    seq: integer('seq').notNull(),
    rowNo: integer('row_no').notNull(),
    field: text('field').notNull(),
    value: text('value'),
    code: text('code').notNull(),
    messageZh: text('message_zh').notNull(),
    messageEn: text('message_en').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.seq] })],
);
