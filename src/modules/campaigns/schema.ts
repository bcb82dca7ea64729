/** Drizzle mirror of migrations/0091_campaigns_tables.sql (the SQL file is the source of truth). */
import { bigint, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const campaigns = pgTable('campaigns', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  code: text('code').notNull().unique('campaigns_code_key'),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  productCode: text('product_code'),
  startDate: date('start_date').notNull(),
  endDate: date('end_date').notNull(),
  status: text('status').notNull().default('ACTIVE'),
  attributionDays: integer('attribution_days').notNull().default(30),
  createdBy: bigint('created_by', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const campaignVisits = pgTable(
  'campaign_visits',
  {
    campaignId: bigint('campaign_id', { mode: 'number' }).notNull(),
    visitDate: date('visit_date').notNull(),
    visits: bigint('visits', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.visitDate] })],
);

export const campaignSends = pgTable('campaign_sends', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  campaignId: bigint('campaign_id', { mode: 'number' }).notNull(),
  segmentKind: text('segment_kind').notNull(),
  segmentRef: text('segment_ref'),
  template: text('template').notNull(),
  perMinute: integer('per_minute').notNull(),
  recipients: integer('recipients').notNull(),
  optedOut: integer('opted_out').notNull(),
  firstSendAt: timestamp('first_send_at', { withTimezone: true }).notNull(),
  createdBy: bigint('created_by', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    sendId: bigint('send_id', { mode: 'number' }).notNull(),
    rowNo: integer('row_no').notNull(),
    campaignId: bigint('campaign_id', { mode: 'number' }).notNull(),
    customerId: bigint('customer_id', { mode: 'number' }),
    idNumberHash: text('id_number_hash'),
    mobileHash: text('mobile_hash').notNull(),
    sentDate: date('sent_date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sendId, t.rowNo] })],
);
