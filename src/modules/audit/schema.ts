/** Drizzle mirror of migrations/0003_audit.sql (the SQL file is the source of truth). */
import { bigint, index, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** Append-only, hash-chained audit log; a reference-style table (no customer_id). */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorUsername: text('actor_username').notNull(),
    actorRoles: text('actor_roles').array().notNull().default([]),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    summary: jsonb('summary').$type<Record<string, unknown>>(),
    clientIp: text('client_ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_action_idx').on(t.action, t.seq),
    index('audit_log_actor_idx').on(t.actorUsername, t.seq),
    index('audit_log_actor_id_idx').on(t.actorId, t.seq),
    index('audit_log_at_idx').on(t.at),
  ],
);

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const auditChainHead = pgTable('audit_chain_head', {
  id: smallint('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
