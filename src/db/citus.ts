/**
 * The Citus layout: every table of the schema has a declared kind in `citus_table_kinds` (migrations
 * register it; migrations/0000_citus.sql and 0031_db_citus_layout.sql) —
 *   distributed  customer-owned rows, sharded by their distribution column (co-located as registered),
 *   reference    organisation and settings, a copy on every node,
 *   local        on the coordinator only (a Citus local table), with the reason written beside it —
 * and `huinong_citus_apply()` gives each table that kind. Here: whether a database runs Citus, the
 * settings Citus's DDL needs, and the comparison of what Citus has (`citus_tables`) with the registry.
 */
import { queryRows, sql, type Db } from './client.js';

/** Whether the citus extension is installed in this database (then it is a Citus coordinator). */
export async function isCitus(db: Db): Promise<boolean> {
  const rows = await queryRows(db, sql`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
  return rows.length > 0;
}

/**
 * Settings of a migration's transaction on Citus:
 * - tables with triggers may be distributed (the triggers then run on the shards);
 * - a transaction that changes tables with foreign keys to reference tables works over one connection
 *   per node (Citus refuses parallel access otherwise);
 * - a new table with a foreign key to a reference table stays a plain table until
 *   huinong_citus_apply() gives it its registered kind. With the default (on) Citus turns it into a
 *   Citus local table at once, and one with an identity column can never be distributed afterwards
 *   ("cannot complete operation on a table with identity column").
 */
export const CITUS_DDL_SETTINGS = [
  'SET LOCAL citus.enable_unsafe_triggers TO on',
  `SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`,
  'SET LOCAL citus.enable_local_reference_table_foreign_keys TO off',
] as const;

export interface RegisteredKind {
  tableName: string;
  kind: 'distributed' | 'reference' | 'local';
  distributionColumn: string | null;
  colocateWith: string | null;
}

/** Tables of the public schema without a registered kind, and registered names that are no table. Every engine. */
export async function registryDifferences(db: Db): Promise<string[]> {
  const rows = await queryRows<{ table_name: string; registered: boolean; exists: boolean }>(
    db,
    sql`SELECT coalesce(t.tablename, k.table_name) AS table_name, k.table_name IS NOT NULL AS registered, t.tablename IS NOT NULL AS exists
          FROM (SELECT tablename::text FROM pg_tables WHERE schemaname = 'public') t
          FULL JOIN citus_table_kinds k ON k.table_name = t.tablename
         WHERE t.tablename IS NULL OR k.table_name IS NULL
         ORDER BY 1`,
  );
  return rows.map((r) =>
    r.registered
      ? `${r.table_name}: registered in citus_table_kinds, but there is no such table`
      : `${r.table_name}: a table without a registered kind (citus_table_kinds)`,
  );
}

/**
 * Every difference between the registry and what Citus has, one line each, naming the table: a kind or
 * distribution column that differs, a co-location that differs, a Citus table nobody registered, a
 * registered table Citus does not know, and a table without a registered kind. Citus only.
 */
export async function citusLayoutDifferences(db: Db): Promise<string[]> {
  const rows = await queryRows<{
    table_name: string;
    kind: string | null;
    distribution_column: string | null;
    colocate_with: string | null;
    actual: string | null;
    actual_column: string | null;
    colocation_id: number | null;
    partner_colocation_id: number | null;
    shared_colocation: boolean;
  }>(
    db,
    // What citus_tables shows (type, distribution column, co-location), from its catalog: the view also
    // measures every table, through a connection of its own that waits for an open transaction's shards.
    sql`WITH actual AS (
          SELECT p.logicalrelid::text AS table_name,
                 CASE WHEN p.partmethod = 'h' THEN 'distributed' WHEN p.repmodel = 't' THEN 'reference'
                      WHEN p.colocationid = 0 THEN 'local' ELSE 'distributed' END AS actual,
                 CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END AS actual_column,
                 p.colocationid::int AS colocation_id
            FROM pg_dist_partition p
        )
        SELECT coalesce(k.table_name, a.table_name) AS table_name, k.kind, k.distribution_column, k.colocate_with,
               a.actual, a.actual_column, a.colocation_id,
               (SELECT p.colocation_id FROM actual p WHERE p.table_name = k.colocate_with) AS partner_colocation_id,
               EXISTS (SELECT 1 FROM actual o WHERE o.colocation_id = a.colocation_id AND o.table_name <> a.table_name
                          AND o.actual = 'distributed') AS shared_colocation
          FROM citus_table_kinds k
          FULL JOIN actual a ON a.table_name = k.table_name
         ORDER BY 1`,
  );
  const out: string[] = [];
  for (const r of rows) {
    const t = r.table_name;
    if (r.kind === null) {
      out.push(`${t}: Citus has it as ${r.actual} table, but it is not registered in citus_table_kinds`);
      continue;
    }
    if (r.actual === null) {
      out.push(`${t}: registered as ${describe(r.kind, r.distribution_column)}, but Citus does not know it (a plain PostgreSQL table)`);
      continue;
    }
    if (r.actual !== r.kind || (r.kind === 'distributed' && r.actual_column !== r.distribution_column)) {
      out.push(
        `${t}: registered as ${describe(r.kind, r.distribution_column)}, but Citus has it as ${describe(r.actual, r.actual_column)}`,
      );
      continue;
    }
    if (r.kind !== 'distributed' || r.colocate_with === null || r.colocate_with === 'default') continue;
    if (r.colocate_with === 'none' && r.shared_colocation) {
      out.push(`${t}: registered with its own co-location group (colocate_with none), but shares co-location group ${r.colocation_id}`);
    } else if (r.colocate_with !== 'none' && r.partner_colocation_id !== r.colocation_id) {
      out.push(
        `${t}: registered as co-located with ${r.colocate_with}, but it is not (co-location group ${r.colocation_id} vs ${r.partner_colocation_id ?? 'none'})`,
      );
    }
  }
  const missing = await registryDifferences(db);
  return [...missing.filter((m) => !out.some((o) => o.startsWith(m.split(':')[0]! + ':'))), ...out];
}

function describe(kind: string, column: string | null): string {
  return kind === 'distributed' ? `distributed by ${column}` : kind;
}

/**
 * Fails, naming every difference, when the layout Citus has is not the registered one. A database
 * without the registry (a folder of migrations other than ./migrations, as the harness tests use)
 * declares no layout, and nothing is compared.
 */
export async function assertCitusLayout(db: Db): Promise<void> {
  const registry = await queryRows<{ found: boolean }>(db, sql`SELECT to_regclass('public.citus_table_kinds') IS NOT NULL AS found`);
  if (!registry[0]?.found) return;
  const differences = await citusLayoutDifferences(db);
  if (differences.length > 0) {
    throw new Error(`The Citus layout differs from citus_table_kinds (${differences.length}):\n  ${differences.join('\n  ')}`);
  }
}
