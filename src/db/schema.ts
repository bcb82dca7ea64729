/**
 * Drizzle mirror of the two tables of the database layer itself (no module owns them): the applied
 * migrations (created by src/db/migrate.ts) and the Citus table kinds every migration registers
 * (migrations/0000_citus.sql).
 */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Columns, types, nullability and keys as migrated (test/integration/drizzle-schema.test.ts compares them);
// defaults, checks and indexes live in the migrations.
export const schemaMigrations = pgTable('schema_migrations', {
  name: text('name').primaryKey(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull(),
});

export const citusTableKinds = pgTable('citus_table_kinds', {
  tableName: text('table_name').primaryKey(),
  kind: text('kind').notNull(),
  distributionColumn: text('distribution_column'),
  colocateWith: text('colocate_with'),
  /** Why a 'local' table stays on the coordinator (migrations/0031_db_citus_layout.sql). */
  reason: text('reason'),
});
