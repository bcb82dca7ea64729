/** Drizzle mirror of migrations/0084_groups_tables.sql (the SQL file is the source of truth). Private to the groups module. */
import { bigint, date, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { GroupKind, MemberSource } from './groups.contract.js';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// checks and indexes live in the migration.
export const customerGroups = pgTable('customer_groups', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  code: text('code').notNull(),
  kind: text('kind').$type<GroupKind>().notNull(),
  name: text('name').notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  officerId: bigint('officer_id', { mode: 'number' }).notNull(),
  keyCustomerId: bigint('key_customer_id', { mode: 'number' }),
  keyPersonNameEnc: text('key_person_name_enc'),
  keyPersonNameMasked: text('key_person_name_masked'),
  keyPersonMobileEnc: text('key_person_mobile_enc'),
  keyPersonMobileMasked: text('key_person_mobile_masked'),
  note: text('note'),
  createdBy: bigint('created_by', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const customerGroupMembers = pgTable(
  'customer_group_members',
  {
    groupId: bigint('group_id', { mode: 'number' }).notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    customerId: bigint('customer_id', { mode: 'number' }),
    nameEnc: text('name_enc').notNull(),
    nameMasked: text('name_masked').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    mobileEnc: text('mobile_enc').notNull(),
    mobileHash: text('mobile_hash').notNull(),
    mobileMasked: text('mobile_masked').notNull(),
    source: text('source').$type<MemberSource>().notNull(),
    addedBy: bigint('added_by', { mode: 'number' }),
    addedDate: date('added_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.idNumberHash] })],
);
