/** Drizzle mirror of migrations/0081_precredit_tables.sql, 0099, 0100 and pre_credit_cards (0018, 0086) (the SQL files are the source of truth). */
import { bigint, date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const precreditBatches = pgTable('precredit_batches', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  productCode: text('product_code').notNull(),
  policyVersion: text('policy_version').notNull(),
  businessDate: date('business_date', { mode: 'string' }).notNull(),
  validUntil: date('valid_until', { mode: 'string' }).notNull(),
  totalRows: integer('total_rows').notNull(),
  approvedRows: integer('approved_rows').notNull(),
  limitTotalFen: bigint('limit_total_fen', { mode: 'bigint' }).notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  makerId: bigint('maker_id', { mode: 'number' }).notNull(),
  checkerId: bigint('checker_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  // 0099: the key customer group whose members the batch pre-credits (NULL for an uploaded list)
  groupId: bigint('group_id', { mode: 'number' }),
});

export const precreditEntries = pgTable(
  'precredit_entries',
  {
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    rowNo: integer('row_no').notNull(),
    nameMasked: text('name_masked').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    mobileMasked: text('mobile_masked').notNull(),
    mobileHash: text('mobile_hash').notNull(),
    productCode: text('product_code').notNull(),
    outcome: text('outcome').$type<'APPROVE' | 'DECLINE' | 'REFER'>().notNull(),
    grade: text('grade'),
    score: integer('score'),
    limitFen: bigint('limit_fen', { mode: 'bigint' }).notNull(),
    annualRatePct: numeric('annual_rate_pct', { precision: 9, scale: 4 }),
    reasons: jsonb('reasons').notNull(),
    status: text('status').$type<'ACTIVE' | 'USED' | 'DECLINED'>().notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    usedApplicationId: bigint('used_application_id', { mode: 'number' }),
    usedCustomerId: bigint('used_customer_id', { mode: 'number' }),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.rowNo] })],
);

/** Pre-credit cards (预授信卡): created in 0018 by origination, owned by pre-credit since 0086. */
export const preCreditCards = pgTable('pre_credit_cards', {
  cardCode: text('card_code').primaryKey(),
  idNumberHash: text('id_number_hash').notNull(),
  nameMasked: text('name_masked').notNull(),
  productCode: text('product_code').notNull(),
  limitFen: bigint('limit_fen', { mode: 'bigint' }).notNull(),
  validUntil: date('valid_until', { mode: 'string' }).notNull(),
  status: text('status').notNull(),
  issuedBy: bigint('issued_by', { mode: 'number' }).notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  activatedCustomerId: bigint('activated_customer_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  batchId: bigint('batch_id', { mode: 'number' }),
  rowNo: integer('row_no'),
  activatedApplicationId: bigint('activated_application_id', { mode: 'number' }),
  activatedAt: timestamp('activated_at', { withTimezone: true }),
});

/** PRE_CREDIT_PARAMS versions (0100): the validity of a pre-credit in calendar days, by effective business date. */
export const precreditParamVersions = pgTable('precredit_param_versions', {
  version: integer('version').primaryKey(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  validDays: integer('valid_days').notNull(),
  reviewRequestId: bigint('review_request_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
