/** Drizzle mirror of migrations/0012_core.sql and 0043_core_number_directory.sql — the embedded core-banking adapter's tables (the SQL file is the source of truth). */
import { bigint, date, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const coreDemandAccounts = pgTable(
  'core_demand_accounts',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    accountNo: text('account_no').notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    balanceFen: bigint('balance_fen', { mode: 'bigint' }).notNull(),
    status: text('status').notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.accountNo] })],
);

/** Each account number once across the bank, with its holder (0043): claimed when an account is opened or imported. */
export const coreAccountNumbers = pgTable('core_account_numbers', {
  accountNo: text('account_no').primaryKey(),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
});

export const coreCertificates = pgTable(
  'core_certificates',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    cdNo: text('cd_no').notNull(),
    principalFen: bigint('principal_fen', { mode: 'bigint' }).notNull(),
    annualRatePct: numeric('annual_rate_pct', { precision: 9, scale: 6 }).notNull(),
    openDate: date('open_date', { mode: 'string' }).notNull(),
    maturityDate: date('maturity_date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    pledgeReference: text('pledge_reference'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.cdNo] })],
);

export const coreTransactions = pgTable(
  'core_transactions',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    accountNo: text('account_no').notNull(),
    direction: text('direction').notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    requestedFen: bigint('requested_fen', { mode: 'bigint' }).notNull(),
    reference: text('reference').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    memo: text('memo').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

/** Freezes, losses and early-withdrawal attempts on certificates (0052), watched by the warning rules. */
export const coreCertificateEvents = pgTable(
  'core_certificate_events',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    cdNo: text('cd_no').notNull(),
    kind: text('kind').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    memo: text('memo').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

/** Loans kept in the core system (offline loans, 0095): the lobby module's renewal invitations read them. */
export const coreOfflineLoans = pgTable(
  'core_offline_loans',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    loanNo: text('loan_no').notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    productName: text('product_name').notNull(),
    principalFen: bigint('principal_fen', { mode: 'bigint' }).notNull(),
    maturityDate: date('maturity_date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.loanNo] })],
);
