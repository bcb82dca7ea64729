/** Drizzle mirror of migrations/0017_sms.sql and 0057_sms_queue.sql (the SQL files are the source of truth). */
import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type OtpPurpose = 'IDENTIFY' | 'GUARANTEE' | 'DRAWDOWN';

export const smsOutbox = pgTable('sms_outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  customerId: bigint('customer_id', { mode: 'number' }),
  mobileEnc: text('mobile_enc').notNull(),
  mobileHash: text('mobile_hash').notNull(),
  mobileMasked: text('mobile_masked').notNull(),
  template: text('template').notNull(),
  text: text('text').notNull(),
  status: text('status').$type<'QUEUED' | 'SENT' | 'FAILED'>().notNull().default('SENT'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  // the queue (migrations/0057_sms_queue.sql): set for messages the dispatcher sends later
  sendAfter: timestamp('send_after', { withTimezone: true }),
  sendBefore: timestamp('send_before', { withTimezone: true }),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  failureReason: text('failure_reason'),
  sourceRef: text('source_ref'),
});

export const otpChallenges = pgTable('otp_challenges', {
  id: text('id').primaryKey(),
  mobileHash: text('mobile_hash').notNull(),
  purpose: text('purpose').$type<OtpPurpose>().notNull(),
  codeHash: text('code_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Marketing SMS opt-outs (migrations/0092_sms_opt_outs.sql). */
export const smsOptOuts = pgTable('sms_opt_outs', {
  mobileHash: text('mobile_hash').primaryKey(),
  source: text('source').$type<'REPLY_TD' | 'STAFF'>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
