/** Drizzle mirror of migrations/0072_marketing_prospects.sql (the SQL file is the source of truth). */
import { bigint, date, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { ProspectStatus } from './marketing.contract.js';

export const prospects = pgTable('prospects', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  importBatchId: bigint('import_batch_id', { mode: 'number' }),
  nameEnc: text('name_enc').notNull(),
  nameMasked: text('name_masked').notNull(),
  idNumberEnc: text('id_number_enc').notNull(),
  idNumberHash: text('id_number_hash').notNull(),
  idNumberMasked: text('id_number_masked').notNull(),
  mobileEnc: text('mobile_enc').notNull(),
  mobileHash: text('mobile_hash').notNull(),
  mobileMasked: text('mobile_masked').notNull(),
  village: text('village'),
  extra: jsonb('extra').notNull().default({}),
  officerId: bigint('officer_id', { mode: 'number' }).notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  status: text('status').$type<ProspectStatus>().notNull(),
  nextStep: text('next_step'),
  nextContactDate: date('next_contact_date', { mode: 'string' }),
  lastContactAt: timestamp('last_contact_at', { withTimezone: true }),
  createdDate: date('created_date', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const prospectIdentities = pgTable('prospect_identities', {
  idNumberHash: text('id_number_hash').primaryKey(),
  prospectId: bigint('prospect_id', { mode: 'number' }).notNull(),
});

export const prospectContacts = pgTable(
  'prospect_contacts',
  {
    prospectId: bigint('prospect_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    channel: text('channel').notNull(),
    outcome: text('outcome').notNull(),
    note: text('note'),
    nextStep: text('next_step'),
    nextContactDate: date('next_contact_date', { mode: 'string' }),
    staffId: bigint('staff_id', { mode: 'number' }).notNull(),
    contactDate: date('contact_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.prospectId, t.id] })],
);

export const prospectEvents = pgTable(
  'prospect_events',
  {
    prospectId: bigint('prospect_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    officerId: bigint('officer_id', { mode: 'number' }),
    staffId: bigint('staff_id', { mode: 'number' }),
    note: text('note'),
    eventDate: date('event_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.prospectId, t.id] })],
);
