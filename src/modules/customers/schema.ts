/** Drizzle mirror of migrations/0011_customers.sql (the SQL file is the source of truth). */
import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export type CustomerKind = 'INDIVIDUAL' | 'INDIVIDUAL_BUSINESS';

export const customers = pgTable('customers', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').$type<CustomerKind>().notNull().default('INDIVIDUAL'),
  nameEnc: text('name_enc').notNull(),
  nameHash: text('name_hash').notNull(),
  nameMasked: text('name_masked').notNull(),
  idNumberEnc: text('id_number_enc').notNull(),
  idNumberHash: text('id_number_hash').notNull(),
  mobileEnc: text('mobile_enc').notNull(),
  mobileHash: text('mobile_hash').notNull(),
  birthDate: date('birth_date', { mode: 'string' }).notNull(),
  sex: text('sex').$type<'M' | 'F'>().notNull(),
  regionCode: text('region_code').notNull(),
  residence: text('residence'),
  occupation: text('occupation'),
  monthlyIncomeFen: bigint('monthly_income_fen', { mode: 'bigint' }),
  creditCode: text('credit_code'),
  businessName: text('business_name'),
  officerId: bigint('officer_id', { mode: 'number' }),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  firstSeenDate: date('first_seen_date', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  // 0062: the profile collected by credit staff
  employer: text('employer'),
  maritalStatus: text('marital_status').$type<'SINGLE' | 'MARRIED' | 'DIVORCED' | 'WIDOWED'>(),
  dependants: integer('dependants'),
  spouseNameEnc: text('spouse_name_enc'),
  spouseNameMasked: text('spouse_name_masked'),
  collateralNotes: text('collateral_notes'),
});

export const customerIdentities = pgTable('customer_identities', {
  idNumberHash: text('id_number_hash').primaryKey(),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 0062: the one pending profile change of a customer (changes as submitted, personal values encrypted). */
export const customerProfilePending = pgTable('customer_profile_pending', {
  customerId: bigint('customer_id', { mode: 'number' }).primaryKey(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }).notNull(),
  changes: jsonb('changes').notNull(),
  makerId: bigint('maker_id', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** 0062: every profile field changed by an approved change. */
export const customerProfileHistory = pgTable(
  'customer_profile_history',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    field: text('field').notNull(),
    personal: boolean('personal').notNull(),
    beforeDisplay: text('before_display'),
    afterDisplay: text('after_display'),
    beforeEnc: text('before_enc'),
    afterEnc: text('after_enc'),
    makerId: bigint('maker_id', { mode: 'number' }).notNull(),
    checkerId: bigint('checker_id', { mode: 'number' }).notNull(),
    reviewRequestId: bigint('review_request_id', { mode: 'number' }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);
