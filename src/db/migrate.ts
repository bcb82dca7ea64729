/**
 * Applies the SQL migrations in ./migrations in name order, each in its own transaction, once.
 * The same files serve PGlite, PostgreSQL and Citus (the Citus step is guarded and does nothing
 * where the extension is absent).
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './client.js';

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
