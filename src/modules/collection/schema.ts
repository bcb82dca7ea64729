/** Drizzle mirror of migrations/0066_collection_cases.sql (the SQL file is the source of truth). Private to the collection module. */
import { bigint, date, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const collectionCases = pgTable(
  'collection_cases',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    officerId: bigint('officer_id', { mode: 'number' }),
    leadStaffId: bigint('lead_staff_id', { mode: 'number' }),
    status: text('status').notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    closeReason: text('close_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const collectionPlans = pgTable(
  'collection_plans',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    status: text('status').notNull(),
    methods: jsonb('methods').notNull(),
    summary: text('summary').notNull(),
    proposedBy: bigint('proposed_by', { mode: 'number' }).notNull(),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    reviewRequestId: bigint('review_request_id', { mode: 'number' }),
    approvedBy: bigint('approved_by', { mode: 'number' }),
    decidedOn: date('decided_on', { mode: 'string' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const collectionActions = pgTable(
  'collection_actions',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    actionDate: date('action_date', { mode: 'string' }).notNull(),
    text: text('text').notNull(),
    outcome: text('outcome').notNull(),
    staffId: bigint('staff_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const collectionPromises = pgTable(
  'collection_promises',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    madeOn: date('made_on', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    paidFen: bigint('paid_fen', { mode: 'bigint' }).notNull(),
    resolvedOn: date('resolved_on', { mode: 'string' }),
    staffId: bigint('staff_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const collectionRecoveries = pgTable(
  'collection_recoveries',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    loanId: bigint('loan_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    repaymentId: bigint('repayment_id', { mode: 'number' }),
    source: text('source'),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    entryId: bigint('entry_id', { mode: 'number' }),
    idempotencyKey: text('idempotency_key'),
    staffId: bigint('staff_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);
