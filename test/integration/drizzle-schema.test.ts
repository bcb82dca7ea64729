/**
 * The Drizzle schema and the migrations cannot drift: on a freshly migrated database (PGlite and
 * PostgreSQL) every table is described by exactly one schema file — src/modules/<module>/schema.ts for a
 * module's tables, src/db/schema.ts for the database layer's own — and every column agrees in name,
 * type and nullability, and every primary key in its columns. A failure names each difference.
 */
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createMigratedDatabase, testEngines, type Database } from '../support/db.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

interface Column {
  type: string;
  notNull: boolean;
}
interface TableShape {
  owner: string;
  columns: Map<string, Column>;
  primaryKey: string[];
}

/** PostgreSQL's spelling of a type (format_type) and Drizzle's, brought to one form. */
export function normaliseType(t: string): string {
  return t
    .toLowerCase()
    .replace(/\s*,\s*/g, ',')
    .replace(/^char\(/, 'character(')
    .replace(/^varchar\(/, 'character varying(')
    .replace(/^timestamptz$/, 'timestamp with time zone')
    .replace(/^timestamp\((\d+)\) with time zone$/, 'timestamp($1) with time zone');
}

/** Every table the schema files declare, by name, with the schema file's owner ('db' or the module). */
async function drizzleTables(): Promise<{ tables: Map<string, TableShape>; duplicates: string[] }> {
  const files: [string, string][] = [['db', `${SRC}db/schema.ts`]];
  for (const m of readdirSync(`${SRC}modules`).sort()) {
    if (existsSync(`${SRC}modules/${m}/schema.ts`)) files.push([m, `${SRC}modules/${m}/schema.ts`]);
  }
  const tables = new Map<string, TableShape>();
  const duplicates: string[] = [];
  for (const [owner, file] of files) {
    const exports = (await import(file)) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (!is(value, PgTable)) continue;
      const config = getTableConfig(value);
      const seen = tables.get(config.name);
      if (seen && seen.owner !== owner) duplicates.push(`${config.name}: declared by ${seen.owner} and ${owner}`);
      const columns = new Map(config.columns.map((c) => [c.name, { type: normaliseType(c.getSQLType()), notNull: c.notNull }]));
      const primaryKey =
        config.primaryKeys.length > 0
          ? config.primaryKeys[0].columns.map((c) => c.name)
          : config.columns.filter((c) => c.primary).map((c) => c.name);
      tables.set(config.name, { owner, columns, primaryKey: [...primaryKey].sort() });
    }
  }
  return { tables, duplicates };
}

/** Every table of the migrated database's public schema, its columns and primary key. */
async function databaseTables(database: Database): Promise<Map<string, Omit<TableShape, 'owner'>>> {
  const rows = await queryRows<{ table: string; column: string; type: string; notnull: boolean; pk: boolean }>(
    database.db,
    sql`SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type",
               a.attnotnull AS "notnull",
               EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey)) AS "pk"
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
         ORDER BY c.relname, a.attnum`,
  );
  const tables = new Map<string, Omit<TableShape, 'owner'>>();
  for (const r of rows) {
    const t = tables.get(r.table) ?? { columns: new Map<string, Column>(), primaryKey: [] };
    t.columns.set(r.column, { type: normaliseType(r.type), notNull: r.notnull });
    if (r.pk) t.primaryKey.push(r.column);
    tables.set(r.table, t);
  }
  for (const t of tables.values()) t.primaryKey.sort();
  return tables;
}

/** The differences between the migrated database and the Drizzle schema, one line each. */
function differences(db: Map<string, Omit<TableShape, 'owner'>>, drizzle: Map<string, TableShape>): string[] {
  const out: string[] = [];
  for (const [name, table] of db) {
    const described = drizzle.get(name);
    if (!described) {
      out.push(`${name}: migrated, but no schema.ts describes it`);
      continue;
    }
    const where = `${name} (${described.owner === 'db' ? 'src/db' : `src/modules/${described.owner}`}/schema.ts)`;
    for (const [col, c] of table.columns) {
      const d = described.columns.get(col);
      if (!d) out.push(`${where}.${col}: migrated column missing from the schema`);
      else {
        if (d.type !== c.type) out.push(`${where}.${col}: type ${c.type} in the database, ${d.type} in the schema`);
        if (d.notNull !== c.notNull)
          out.push(
            `${where}.${col}: ${c.notNull ? 'NOT NULL' : 'nullable'} in the database, ${d.notNull ? 'NOT NULL' : 'nullable'} in the schema`,
          );
      }
    }
    for (const col of described.columns.keys())
      if (!table.columns.has(col)) out.push(`${where}.${col}: in the schema, not in the database`);
    if (described.primaryKey.join(',') !== table.primaryKey.join(',')) {
      out.push(
        `${where}: primary key (${table.primaryKey.join(', ')}) in the database, (${described.primaryKey.join(', ')}) in the schema`,
      );
    }
  }
  for (const name of drizzle.keys()) if (!db.has(name)) out.push(`${name}: in the schema, not created by any migration`);
  return out;
}

it('declares each table in one schema file only', async () => {
  expect((await drizzleTables()).duplicates).toEqual([]);
});

it('spells types the same way on both sides', () => {
  expect(normaliseType('numeric(9, 4)')).toBe(normaliseType('numeric(9,4)'));
  expect(normaliseType('char(1)')).toBe('character(1)');
  expect(normaliseType('timestamp with time zone')).toBe('timestamp with time zone');
});

describe.each(testEngines())('Drizzle schema against the migrated database on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createMigratedDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('describes every table, column, type, nullability and primary key the migrations create, and nothing else', async () => {
    const [db, { tables }] = await Promise.all([databaseTables(database), drizzleTables()]);
    expect(db.size).toBeGreaterThan(50);
    expect(differences(db, tables)).toEqual([]);
  });

  it('notices a drift: a column added by a migration but not to the schema is named', async () => {
    await database.execScript('ALTER TABLE eod_runs ADD COLUMN drift_probe text');
    try {
      const found = differences(await databaseTables(database), (await drizzleTables()).tables);
      expect(found.filter((line) => line.includes('drift_probe'))).toEqual([
        'eod_runs (src/modules/eod/schema.ts).drift_probe: migrated column missing from the schema',
      ]);
    } finally {
      await database.execScript('ALTER TABLE eod_runs DROP COLUMN drift_probe');
    }
  });
});
