/**
 * Migration files are told apart by their number: no two share one, and a database that applied the
 * review-subject constraints under their first name (0027_review_subject.sql) moves to the renamed file
 * without failing.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../src/db/client.js';
import { MIGRATIONS_DIR, migrate } from '../../src/db/migrate.js';
import { createMigratedDatabase, testEngines, type Database } from '../support/db.js';

it('gives every migration file a number of its own', async () => {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const byNumber = new Map<string, string[]>();
  for (const f of files) {
    const number = /^(\d+)_/.exec(f)?.[1];
    expect(number, `${f} starts with a number`).toBeDefined();
    byNumber.set(number!, [...(byNumber.get(number!) ?? []), f]);
  }
  const shared = [...byNumber.values()].filter((names) => names.length > 1);
  expect(shared).toEqual([]);
  expect(files).toContain('0029_review_subject.sql');
});

describe.each(testEngines())('renamed migration on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createMigratedDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('a database that applied the review-subject constraints as 0027_review_subject.sql migrates to 0029 and keeps them', async () => {
    await database.execScript(`UPDATE schema_migrations SET name = '0027_review_subject.sql' WHERE name = '0029_review_subject.sql';`);
    const result = await migrate(database);
    expect(result.applied).toEqual(['0029_review_subject.sql']);
    const names = await queryRows<{ name: string }>(
      database.db,
      sql`SELECT name FROM schema_migrations WHERE name LIKE '%review_subject%'`,
    );
    expect(names.map((r) => r.name)).toEqual(['0029_review_subject.sql']);
    const constraints = await queryRows<{ conname: string }>(
      database.db,
      sql`SELECT conname FROM pg_constraint WHERE conrelid = 'review_requests'::regclass AND conname LIKE 'review_requests_subject_%' ORDER BY conname`,
    );
    expect(constraints.map((r) => r.conname)).toEqual(['review_requests_subject_not_checker', 'review_requests_subject_not_maker']);
  });
});
