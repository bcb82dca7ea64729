/** Drizzle mirror of migrations/0102_reports_daily_figures.sql — the reports module's table (the SQL file is the source of truth). */
import { bigint, date, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const reportDailyFigures = pgTable(
  'report_daily_figures',
  {
    partitionKey: bigint('partition_key', { mode: 'number' }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    dim: text('dim').notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull().default(0),
    productCode: text('product_code').notNull().default(''),
    officerId: bigint('officer_id', { mode: 'number' }).notNull().default(0),
    loans: integer('loans').notNull(),
    borrowers: integer('borrowers').notNull(),
    balanceFen: bigint('balance_fen', { mode: 'bigint' }).notNull(),
    nplFen: bigint('npl_fen', { mode: 'bigint' }).notNull(),
    nplBorrowers: integer('npl_borrowers').notNull(),
    overdueFen: bigint('overdue_fen', { mode: 'bigint' }).notNull(),
    dpd1To30Fen: bigint('dpd_1_30_fen', { mode: 'bigint' }).notNull(),
    dpd31To60Fen: bigint('dpd_31_60_fen', { mode: 'bigint' }).notNull(),
    dpd61To90Fen: bigint('dpd_61_90_fen', { mode: 'bigint' }).notNull(),
    dpdOver90Fen: bigint('dpd_over_90_fen', { mode: 'bigint' }).notNull(),
    normalFen: bigint('normal_fen', { mode: 'bigint' }).notNull(),
    specialMentionFen: bigint('special_mention_fen', { mode: 'bigint' }).notNull(),
    substandardFen: bigint('substandard_fen', { mode: 'bigint' }).notNull(),
    doubtfulFen: bigint('doubtful_fen', { mode: 'bigint' }).notNull(),
    lossFen: bigint('loss_fen', { mode: 'bigint' }).notNull(),
    interestIncomeFen: bigint('interest_income_fen', { mode: 'bigint' }).notNull(),
    newLoans: integer('new_loans').notNull(),
    newLoansFen: bigint('new_loans_fen', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.partitionKey, t.businessDate, t.dim, t.branchId, t.productCode, t.officerId] }),
    index('report_daily_figures_date_idx').on(t.businessDate, t.dim),
  ],
);
