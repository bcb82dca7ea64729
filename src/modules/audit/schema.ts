/** Drizzle mirror of migrations/0003_audit.sql and 0037_audit_chains.sql (the SQL files are the source of truth). */
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Append-only, hash-chained audit log: one chain per key (src/modules/audit/chains.ts), distributed by it. */
export const auditLog = pgTable(
  'audit_log',
  {
    chain: bigint('chain', { mode: 'number' }).notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
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
    primaryKey({ name: 'audit_log_pkey', columns: [t.chain, t.seq] }),
    index('audit_log_at_idx').on(t.at, t.chain, t.seq),
    index('audit_log_action_idx').on(t.action, t.at),
    index('audit_log_actor_idx').on(t.actorUsername, t.at),
    index('audit_log_actor_id_idx').on(t.actorId, t.at),
  ],
);

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const auditChainHeads = pgTable('audit_chain_heads', {
  chain: bigint('chain', { mode: 'number' }).primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  anchoredSeq: bigint('anchored_seq', { mode: 'number' }).notNull(),
});
