/** Drizzle mirror of migrations/0096_lobby_tables.sql — the lobby module's tables (the SQL file is the source of truth). */
import { bigint, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const lobbyParamVersions = pgTable('lobby_param_versions', {
  version: integer('version').primaryKey(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  daysAhead: integer('days_ahead').notNull(),
  taskExpiryDays: integer('task_expiry_days').notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const lobbyTasks = pgTable(
  'lobby_tasks',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    kind: text('kind').notNull(),
    sourceRef: text('source_ref').notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    staffId: bigint('staff_id', { mode: 'number' }),
    principalFen: bigint('principal_fen', { mode: 'bigint' }).notNull(),
    maturityDate: date('maturity_date', { mode: 'string' }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    outcome: text('outcome'),
    outcomeNote: text('outcome_note'),
    outcomeBy: bigint('outcome_by', { mode: 'number' }),
    outcomeAt: timestamp('outcome_at', { withTimezone: true }),
    outboxId: bigint('outbox_id', { mode: 'number' }),
    paramsVersion: integer('params_version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const lobbyLeads = pgTable('lobby_leads', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  lobbyStaffId: bigint('lobby_staff_id', { mode: 'number' }).notNull(),
  officerId: bigint('officer_id', { mode: 'number' }).notNull(),
  customerId: bigint('customer_id', { mode: 'number' }),
  nameEnc: text('name_enc').notNull(),
  nameMasked: text('name_masked').notNull(),
  idNumberEnc: text('id_number_enc').notNull(),
  idNumberHash: text('id_number_hash').notNull(),
  idNumberMasked: text('id_number_masked').notNull(),
  mobileEnc: text('mobile_enc').notNull(),
  mobileMasked: text('mobile_masked').notNull(),
  need: text('need').notNull(),
  businessDate: date('business_date', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
