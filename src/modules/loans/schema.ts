/** Drizzle mirror of migrations/0019_loans.sql (the SQL file is the source of truth). Private to the loans module. */
import { bigint, date, integer, numeric, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import type { RepaymentMethod } from '../products/schedule/index.js';

export type LoanStatus = 'ACTIVE' | 'SETTLED' | 'WRITTEN_OFF';
export type InstallmentStatus = 'PENDING' | 'PAID' | 'OVERDUE' | 'PARTIAL';

export const loanIndex = pgTable('loan_index', {
  loanId: bigint('loan_id', { mode: 'number' }).primaryKey(),
  customerId: bigint('customer_id', { mode: 'number' }).notNull(),
});

export const loans = pgTable(
  'loans',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    creditLineId: bigint('credit_line_id', { mode: 'number' }).notNull(),
    productCode: text('product_code').notNull(),
    principalFen: bigint('principal_fen', { mode: 'bigint' }).notNull(),
    outstandingPrincipalFen: bigint('outstanding_principal_fen', { mode: 'bigint' }).notNull(),
    annualRatePct: numeric('annual_rate_pct', { precision: 9, scale: 4 }).notNull(),
    penaltyUpliftPct: numeric('penalty_uplift_pct', { precision: 9, scale: 4 }).notNull(),
    dayCountBasis: smallint('day_count_basis').$type<360 | 365>().notNull(),
    termMonths: integer('term_months'),
    termDays: integer('term_days'),
    repaymentMethod: text('repayment_method').$type<RepaymentMethod>().notNull(),
    repaymentDay: smallint('repayment_day'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    maturityDate: date('maturity_date', { mode: 'string' }).notNull(),
    status: text('status').$type<LoanStatus>().notNull().default('ACTIVE'),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    officerId: bigint('officer_id', { mode: 'number' }),
    disbursementAccountNo: text('disbursement_account_no').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const loanSchedule = pgTable(
  'loan_schedule',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    loanId: bigint('loan_id', { mode: 'number' }).notNull(),
    period: integer('period').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    days: integer('days').notNull(),
    principalFen: bigint('principal_fen', { mode: 'bigint' }).notNull(),
    interestFen: bigint('interest_fen', { mode: 'bigint' }).notNull(),
    paymentFen: bigint('payment_fen', { mode: 'bigint' }).notNull(),
    remainingPrincipalFen: bigint('remaining_principal_fen', { mode: 'bigint' }).notNull(),
    status: text('status').$type<InstallmentStatus>().notNull().default('PENDING'),
    paidPrincipalFen: bigint('paid_principal_fen', { mode: 'bigint' }).notNull().default(0n),
    paidInterestFen: bigint('paid_interest_fen', { mode: 'bigint' }).notNull().default(0n),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.loanId, t.period] })],
);
