/** Drizzle mirror of migrations/0076_referrals_rewards.sql (the SQL file is the source of truth). Private to the referrals module. */
import { bigint, boolean, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migration.
export const referralParamVersions = pgTable('referral_param_versions', {
  version: integer('version').primaryKey(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  rewardFen: bigint('reward_fen', { mode: 'bigint' }).notNull(),
  monthlyCap: integer('monthly_cap').notNull(),
  yearlyCap: integer('yearly_cap').notNull(),
  excludeSelfReferral: boolean('exclude_self_referral').notNull(),
  excludeExistingBorrower: boolean('exclude_existing_borrower').notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const referralRewards = pgTable(
  'referral_rewards',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    referredCustomerId: bigint('referred_customer_id', { mode: 'number' }).notNull(),
    applicationId: bigint('application_id', { mode: 'number' }).notNull(),
    loanId: bigint('loan_id', { mode: 'number' }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    paramsVersion: integer('params_version').notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    coreTxnId: bigint('core_txn_id', { mode: 'number' }),
    paidOn: date('paid_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);
