import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { BranchKind, BranchStatus } from './org.contract.js';

// The branch tree (created by migrations/0001_access.sql, before the organisation had a module of its own).
export const branches = pgTable('branches', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  kind: text('kind').$type<BranchKind>().notNull(),
  parentId: bigint('parent_id', { mode: 'number' }),
  path: text('path').notNull().default(''),
  status: text('status').$type<BranchStatus>().notNull().default('ACTIVE'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
