/** Drizzle mirror of migrations/0014_lists.sql (the SQL file is the source of truth): court-enforcement and other external lists. */
import { bigint, date, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const externalListEntries = pgTable('external_list_entries', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  listType: text('list_type').notNull(),
  idNumberHash: text('id_number_hash').notNull(),
  idNumberMasked: text('id_number_masked').notNull(),
  nameMasked: text('name_masked').notNull(),
  caseNo: text('case_no'),
  caseKey: text('case_key').notNull(),
  source: text('source').notNull(),
  listedOn: date('listed_on', { mode: 'string' }).notNull(),
  removedOn: date('removed_on', { mode: 'string' }),
  importBatchId: bigint('import_batch_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
