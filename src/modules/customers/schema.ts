/** Drizzle mirror of migrations/0011_customers.sql (the SQL file is the source of truth). */
import { bigint, date, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
});

export const customerIdentities = pgTable('customer_identities', {
  idNumberHash: text('id_number_hash').primaryKey(),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
