/** Drizzle mirror of the origination tables of migrations/0018_origination.sql (the SQL file is the source of truth). Private to the origination module. */
import { bigint, boolean, date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const customerSessions = pgTable('customer_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  clientIp: text('client_ip'),
});

export const applications = pgTable(
  'applications',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    productCode: text('product_code').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    requestedAmountFen: bigint('requested_amount_fen', { mode: 'bigint' }).notNull(),
    termMonths: integer('term_months').notNull(),
    repaymentMethod: text('repayment_method').notNull(),
    decisionId: bigint('decision_id', { mode: 'number' }),
    outcome: text('outcome'),
    grade: text('grade'),
    score: integer('score'),
    approvedLimitFen: bigint('approved_limit_fen', { mode: 'bigint' }),
    annualRatePct: numeric('annual_rate_pct', { precision: 9, scale: 4 }),
    reasons: jsonb('reasons').notNull(),
    officerId: bigint('officer_id', { mode: 'number' }),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    referrerCustomerId: bigint('referrer_customer_id', { mode: 'number' }),
    cardCode: text('card_code'),
    pledgeCdNos: jsonb('pledge_cd_nos').notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    decidedBy: bigint('decided_by', { mode: 'number' }),
    decidedComment: text('decided_comment'),
    manualReviewReason: text('manual_review_reason'),
    creditLineId: bigint('credit_line_id', { mode: 'number' }),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    campaignCode: text('campaign_code'),
    groupCode: text('group_code'),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const applicationIndex = pgTable('application_index', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
});

export const applicationConsents = pgTable(
  'application_consents',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    applicationId: bigint('application_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    textVersion: text('text_version').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    clientIp: text('client_ip'),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.applicationId, t.kind] })],
);

export const creditLines = pgTable(
  'credit_lines',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    applicationId: bigint('application_id', { mode: 'number' }).notNull(),
    productCode: text('product_code').notNull(),
    productKind: text('product_kind').notNull(),
    limitFen: bigint('limit_fen', { mode: 'bigint' }).notNull(),
    availableFen: bigint('available_fen', { mode: 'bigint' }).notNull(),
    revolving: boolean('revolving').notNull(),
    annualRatePct: numeric('annual_rate_pct', { precision: 9, scale: 4 }).notNull(),
    maxTermMonths: integer('max_term_months').notNull(),
    status: text('status').notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    expiryDate: date('expiry_date', { mode: 'string' }).notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    officerId: bigint('officer_id', { mode: 'number' }),
    freezeReason: text('freeze_reason'),
    // the risk module's measures (0055): drawdown hold, the red freeze's date, the customer-facing notice
    riskHoldLevel: text('risk_hold_level'),
    riskFrozenOn: date('risk_frozen_on', { mode: 'string' }),
    riskCheckedOn: date('risk_checked_on', { mode: 'string' }),
    freezeNotice: text('freeze_notice'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const creditLineIndex = pgTable('credit_line_index', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
});

export const guarantees = pgTable(
  'guarantees',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    applicationId: bigint('application_id', { mode: 'number' }).notNull(),
    guarantorCustomerId: bigint('guarantor_customer_id', { mode: 'number' }).notNull(),
    guarantorNameMasked: text('guarantor_name_masked').notNull(),
    tokenHash: text('token_hash').notNull(),
    status: text('status').notNull(),
    textVersion: text('text_version').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmIp: text('confirm_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** GUARANTOR (担保人) or CO_BORROWER (共同借款人), 0070. */
    role: text('role').$type<'GUARANTOR' | 'CO_BORROWER'>().notNull().default('GUARANTOR'),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const guaranteeTokens = pgTable('guarantee_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
  guaranteeId: bigint('guarantee_id', { mode: 'number' }).notNull(),
});

export const pledges = pgTable(
  'pledges',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    creditLineId: bigint('credit_line_id', { mode: 'number' }).notNull(),
    cdNo: text('cd_no').notNull(),
    principalFen: bigint('principal_fen', { mode: 'bigint' }).notNull(),
    maturityDate: date('maturity_date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    pledgedOn: date('pledged_on', { mode: 'string' }).notNull(),
    releasedOn: date('released_on', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.creditLineId, t.cdNo] })],
);

export const drawdowns = pgTable(
  'drawdowns',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    creditLineId: bigint('credit_line_id', { mode: 'number' }).notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    loanId: bigint('loan_id', { mode: 'number' }),
    response: jsonb('response').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

// pre_credit_cards belongs to the pre-credit module since migration 0086 (src/modules/precredit/schema.ts).

export const serviceEvents = pgTable(
  'service_events',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    officerId: bigint('officer_id', { mode: 'number' }),
    branchId: bigint('branch_id', { mode: 'number' }),
    applicationId: bigint('application_id', { mode: 'number' }),
    productCode: text('product_code'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

/** Loans taken over from the old system (migrations/0118_origination_migrated_loans.sql): its loan number → the loan. */
export const migratedLoans = pgTable('migrated_loans', {
  sourceLoanNo: text('source_loan_no').primaryKey(),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
  loanId: bigint('loan_id', { mode: 'number' }).notNull(),
  batchId: bigint('batch_id', { mode: 'number' }).notNull(),
  migrationDate: date('migration_date', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
