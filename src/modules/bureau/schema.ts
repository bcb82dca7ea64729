/** Drizzle mirror of migrations/0013_bureau.sql (the SQL file is the source of truth). Private to the bureau module. */
import { bigint, date, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const bureauReports = pgTable(
  'bureau_reports',
  {
    idNumberHash: text('id_number_hash').notNull(),
    reportDate: date('report_date', { mode: 'string' }).notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    nameMasked: text('name_masked').notNull(),
    existingDebtFen: bigint('existing_debt_fen', { mode: 'bigint' }).notNull(),
    currentOverdueFen: bigint('current_overdue_fen', { mode: 'bigint' }).notNull(),
    worstStatus24m: smallint('worst_status_24m').notNull(),
    inquiries6m: integer('inquiries_6m').notNull(),
    reportedMonthlyIncomeFen: bigint('reported_monthly_income_fen', { mode: 'bigint' }),
    importBatchId: bigint('import_batch_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.idNumberHash, t.reportDate] })],
);

export const bureauInquiries = pgTable(
  'bureau_inquiries',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    purpose: text('purpose').notNull(),
    reportDate: date('report_date', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);
