import { bigint, date, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// The register of mobile lending devices (0116): each device's current state and its history.
export const devices = pgTable('devices', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  assetNo: text('asset_no').notNull(),
  serialNo: text('serial_no').notNull(),
  model: text('model').notNull(),
  kind: text('kind').notNull(),
  status: text('status').notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  holderStaffId: bigint('holder_staff_id', { mode: 'number' }),
  issuedOn: date('issued_on', { mode: 'string' }),
  note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const deviceEvents = pgTable('device_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  deviceId: bigint('device_id', { mode: 'number' }).notNull(),
  kind: text('kind').notNull(),
  businessDate: date('business_date', { mode: 'string' }).notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  staffId: bigint('staff_id', { mode: 'number' }),
  condition: text('condition'),
  note: text('note'),
  actorId: bigint('actor_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
