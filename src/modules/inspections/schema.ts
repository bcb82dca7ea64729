/** Drizzle mirror of migrations/0059_inspections_tasks_findings.sql (the SQL file is the source of truth). Private to the inspections module. */
import { bigint, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migration.
export const inspectionCampaigns = pgTable('inspection_campaigns', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  purpose: text('purpose').notNull(),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  periodTo: date('period_to', { mode: 'string' }).notNull(),
  criteria: jsonb('criteria').notNull(),
  sampleSize: integer('sample_size'),
  seed: text('seed').notNull(),
  inspectorIds: bigint('inspector_ids', { mode: 'number' }).array().notNull(),
  checklist: jsonb('checklist').notNull(),
  matchedCount: integer('matched_count').notNull(),
  taskCount: integer('task_count').notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  createdBy: bigint('created_by', { mode: 'number' }).notNull(),
  createdOn: date('created_on', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const inspectionTasks = pgTable(
  'inspection_tasks',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    loanId: bigint('loan_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    campaignId: bigint('campaign_id', { mode: 'number' }),
    routineSeq: integer('routine_seq'),
    scheduledOn: date('scheduled_on', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    officerId: bigint('officer_id', { mode: 'number' }),
    inspectorId: bigint('inspector_id', { mode: 'number' }),
    status: text('status').notNull(),
    checklist: jsonb('checklist').notNull(),
    answers: jsonb('answers'),
    result: text('result'),
    notes: text('notes'),
    doneOn: date('done_on', { mode: 'string' }),
    doneBy: bigint('done_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const inspectionFindings = pgTable(
  'inspection_findings',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    taskId: bigint('task_id', { mode: 'number' }).notNull(),
    loanId: bigint('loan_id', { mode: 'number' }).notNull(),
    campaignId: bigint('campaign_id', { mode: 'number' }),
    branchId: bigint('branch_id', { mode: 'number' }).notNull(),
    officerId: bigint('officer_id', { mode: 'number' }),
    severity: text('severity').notNull(),
    description: text('description').notNull(),
    responsibleStaffId: bigint('responsible_staff_id', { mode: 'number' }).notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    headOfficeOn: date('head_office_on', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    escalation: text('escalation').notNull(),
    escalatedOn: date('escalated_on', { mode: 'string' }),
    recordedBy: bigint('recorded_by', { mode: 'number' }).notNull(),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    rectification: text('rectification'),
    rectifiedBy: bigint('rectified_by', { mode: 'number' }),
    rectifiedOn: date('rectified_on', { mode: 'string' }),
    verifiedBy: bigint('verified_by', { mode: 'number' }),
    verifiedOn: date('verified_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);

export const inspectionFindingEvents = pgTable(
  'inspection_finding_events',
  {
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    findingId: bigint('finding_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    level: text('level'),
    deadline: date('deadline', { mode: 'string' }),
    actorId: bigint('actor_id', { mode: 'number' }),
    note: text('note'),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] })],
);
