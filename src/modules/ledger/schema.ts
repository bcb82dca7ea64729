/** Drizzle mirror of migrations/0015_ledger.sql (the SQL file is the source of truth). Private to the ledger module. */
import { sql } from 'drizzle-orm';
import { bigint, char, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export type AccountType = 'ASSET' | 'LIABILITY' | 'INCOME' | 'OFF_BALANCE';

export const ledgerAccounts = pgTable('ledger_accounts', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  type: text('type').$type<AccountType>().notNull(),
  normalSide: char('normal_side', { length: 1 }).$type<'D' | 'C'>().notNull(),
});

export const journalEntries = pgTable(
  'journal_entries',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' })
      .notNull()
      .default(sql`nextval('journal_entries_id_seq')`),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    eventType: text('event_type').notNull(),
    reference: text('reference').notNull(),
    memo: text('memo').notNull(),
    productCode: text('product_code'),
    reversesEntryId: bigint('reverses_entry_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const journalLines = pgTable(
  'journal_lines',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    entryId: bigint('entry_id', { mode: 'number' }).notNull(),
    lineNo: integer('line_no').notNull(),
    accountCode: text('account_code').notNull(),
    loanId: bigint('loan_id', { mode: 'number' }),
    debitFen: bigint('debit_fen', { mode: 'bigint' }).notNull(),
    creditFen: bigint('credit_fen', { mode: 'bigint' }).notNull(),
    businessDate: date('business_date', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.entryId, t.lineNo] })],
);

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const journalBalancePending = pgTable(
  'journal_balance_pending',
  {
    xid: bigint('xid', { mode: 'number' }).notNull(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    entryId: bigint('entry_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.xid, t.customerId, t.entryId] })],
);

export const journalBalanceTokens = pgTable('journal_balance_tokens', {
  xid: bigint('xid', { mode: 'number' }).primaryKey(),
});
