/** Drizzle mirror of migrations/0015_ledger.sql, 0023 and 0033 (the SQL files are the source of truth). Private to the ledger module. */
import { sql } from 'drizzle-orm';
import { bigint, char, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export type AccountType = 'ASSET' | 'LIABILITY' | 'INCOME' | 'EXPENSE' | 'OFF_BALANCE';

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
    /**
     * The database transaction that wrote the entry (txid_current() where the row is stored), set by a
     * trigger: lets the commit-time balance check (migrations/0033) check an entry once with all its new
     * lines. Null for entries written before 0033. Never set or read by the application.
     */
    postingTxid: bigint('posting_txid', { mode: 'number' }),
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
