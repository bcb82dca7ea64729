import { bigint, boolean, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// The branch tree (branches) is the org module's (src/modules/org/schema.ts); staff.branch_id points into it.
export const staff = pgTable('staff', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  username: text('username').notNull(),
  name: text('name').notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  mobileEnc: text('mobile_enc'),
  mobileHash: text('mobile_hash'),
  /** The bank's number for the staff member (a landline, a bank-issued mobile or a service number; 0069); not personal data. */
  workPhone: text('work_phone'),
  idNumberEnc: text('id_number_enc'),
  idNumberHash: text('id_number_hash'),
  passwordHash: text('password_hash'),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  /** A temporary password from a reset is good until then; null for any other password. */
  tempPasswordExpiresAt: timestamp('temp_password_expires_at', { withTimezone: true }),
  status: text('status').$type<'ACTIVE' | 'DISABLED'>().notNull().default('ACTIVE'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const staffRoles = pgTable(
  'staff_roles',
  {
    staffId: bigint('staff_id', { mode: 'number' }).notNull(),
    role: text('role').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    grantedBy: bigint('granted_by', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.role] })],
);

// Keyed by the token's hash (0044): on Citus distributed by it, and a primary key there must contain it.
export const sessions = pgTable('sessions', {
  id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
  tokenHash: text('token_hash').primaryKey(),
  staffId: bigint('staff_id', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  clientIp: text('client_ip'),
  userAgent: text('user_agent'),
});

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const loginThrottle = pgTable('login_throttle', {
  keyHash: text('key_hash').primaryKey(),
  username: text('username').notNull(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
});

// One row per change of a staff member's branch, roles or status: the state after it and the business date it took effect (0115).
export const staffHistory = pgTable('staff_history', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  staffId: bigint('staff_id', { mode: 'number' }).notNull(),
  effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
  branchId: bigint('branch_id', { mode: 'number' }).notNull(),
  status: text('status').$type<'ACTIVE' | 'DISABLED'>().notNull(),
  roles: text('roles').notNull(),
  cause: text('cause').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
});
