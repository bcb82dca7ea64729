/**
 * Applies the SQL migrations in ./migrations in name order, each in its own transaction, once.
 * The same files serve PGlite, PostgreSQL and Citus (the Citus step is guarded and does nothing
 * where the extension is absent).
 *
 * On Citus (the extension is installed in the database) a migration is sent one statement at a time,
 * an ALTER TABLE one subcommand at a time (src/db/sql-split.ts says why), with the settings its DDL
 * needs on distributed tables; after the migrations the layout Citus has is compared with the
 * registered one (src/db/citus.ts) and any difference fails the migration, named.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, withTx, type Database } from './client.js';
import { assertCitusLayout, CITUS_DDL_SETTINGS, isCitus } from './citus.js';
import { splitAlterTable, splitStatements } from './sql-split.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  await database.execScript(
    `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());`,
  );
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  if (await isCitus(database.db)) return migrateOnCitus(database, dir, files);
  const applied: string[] = [];
  let skipped = 0;
  for (const file of files) {
    const done = await queryRows(database.db, sql`SELECT 1 FROM schema_migrations WHERE name = ${file}`);
    if (done.length > 0) {
      skipped++;
      continue;
    }
    const body = await readFile(path.join(dir, file), 'utf8');
    // Advisory lock: two servers starting at once apply each migration once.
    const name = file.replace(/'/g, "''");
    try {
      await database.execScript(
        `SELECT pg_advisory_xact_lock(7243001);\n` +
          `DO $m$ BEGIN IF EXISTS (SELECT 1 FROM schema_migrations WHERE name = '${name}') THEN RAISE EXCEPTION 'huinong:already-applied'; END IF; END $m$;\n` +
          `${body}\n;\nINSERT INTO schema_migrations(name) VALUES ('${name}');`,
      );
    } catch (err) {
      if (String((err as Error)?.message ?? err).includes('huinong:already-applied')) continue;
      throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
    }
    applied.push(file);
  }
  return { applied, skipped };
}

/** A statement that gives the registered tables their Citus kinds (migrations/0000_citus.sql). */
const APPLY_CALL = /^SELECT\s+huinong_citus_apply\s*\(\s*\)$/i;
/** A migration that (re)defines that function. */
const DEFINES_APPLY = /\bCREATE\s+(OR\s+REPLACE\s+)?FUNCTION\s+huinong_citus_apply\s*\(/i;

/**
 * The migrations on Citus. A call of huinong_citus_apply() in a migration that a later migration of
 * the same run redefines is left out: it would run a superseded definition (0000's skips every table
 * Citus knows and goes in name order, not foreign-key order), and the redefining migration applies
 * the whole registry anyway. So a fresh cluster keeps every table plain until 0031 distributes them
 * all in foreign-key order. Afterwards the layout is compared with the registry.
 */
async function migrateOnCitus(database: Database, dir: string, files: string[]): Promise<MigrationResult> {
  const pending: { file: string; body: string }[] = [];
  let skipped = 0;
  for (const file of files) {
    const done = await queryRows(database.db, sql`SELECT 1 FROM schema_migrations WHERE name = ${file}`);
    if (done.length > 0) skipped++;
    else pending.push({ file, body: await readFile(path.join(dir, file), 'utf8') });
  }
  const lastRedefinition = pending.map((m) => DEFINES_APPLY.test(m.body)).lastIndexOf(true);
  const applied: string[] = [];
  for (const [i, { file, body }] of pending.entries()) {
    const statements = splitStatements(body)
      .filter((s) => i >= lastRedefinition || !APPLY_CALL.test(s.replace(/^(\s*--[^\n]*\n)+/, '').trim()))
      .flatMap(splitAlterTable);
    if (await applyOnCitus(database, file, statements)) applied.push(file);
  }
  await assertCitusLayout(database.db);
  return { applied, skipped };
}

/**
 * One migration on Citus, in one transaction, statement by statement (and ALTER TABLE subcommand by
 * subcommand). Returns false when another process applied it meanwhile.
 */
async function applyOnCitus(database: Database, file: string, statements: string[]): Promise<boolean> {
  try {
    return await withTx(database.db, async (tx) => {
      for (const setting of CITUS_DDL_SETTINGS) await tx.execute(sql.raw(setting));
      // Advisory lock: two servers starting at once apply each migration once.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(7243001)`);
      if ((await queryRows(tx, sql`SELECT 1 FROM schema_migrations WHERE name = ${file}`)).length > 0) return false;
      for (const statement of statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`INSERT INTO schema_migrations(name) VALUES (${file})`);
      return true;
    });
  } catch (err) {
    // Drizzle wraps the server's error ("Failed query: …"); the server's own message says what is wrong.
    const cause = (err as { cause?: { message?: string } }).cause;
    throw new Error(`Migration ${file} failed: ${cause?.message ?? (err as Error).message}`, { cause: err });
  }
}
