import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from './migrate.js';
import { splitAlterTable, splitStatements } from './sql-split.js';

describe('splitStatements', () => {
  it('cuts at top-level semicolons and drops empty and comment-only pieces', () => {
    expect(splitStatements('SELECT 1;\n\n-- a comment; with a semicolon\nSELECT 2;\n;\n/* only; a comment */')).toEqual([
      'SELECT 1',
      '-- a comment; with a semicolon\nSELECT 2',
    ]);
  });

  it('keeps semicolons inside strings, quoted names, dollar quotes and nested comments', () => {
    const fn = `CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN PERFORM 1; RETURN 2; END $fn$`;
    const script = [
      `INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\\';y')`,
      `CREATE TABLE "odd;name" (x int)`,
      fn,
      `DO $$ BEGIN RAISE NOTICE ';'; END $$`,
      `SELECT 1 /* outer /* inner; */ still; */`,
    ].join(';\n');
    expect(splitStatements(`${script};`)).toEqual([
      `INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\\';y')`,
      `CREATE TABLE "odd;name" (x int)`,
      fn,
      `DO $$ BEGIN RAISE NOTICE ';'; END $$`,
      `SELECT 1 /* outer /* inner; */ still; */`,
    ]);
  });

  it('keeps a last statement without a semicolon, and a $1 parameter is not a dollar quote', () => {
    expect(splitStatements('SELECT $1::int; SELECT 2')).toEqual(['SELECT $1::int', 'SELECT 2']);
  });

  it('splits every migration into statements that each hold code beyond comments', () => {
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))) {
      const script = readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      const statements = splitStatements(script);
      expect(statements.length, file).toBeGreaterThan(0);
      for (const s of statements) expect(s.replace(/--[^\n]*/g, '').trim(), file).not.toBe('');
    }
  });
});

describe('splitAlterTable', () => {
  it('gives one ALTER TABLE per top-level subcommand', () => {
    expect(
      splitAlterTable('ALTER TABLE loans\n  ADD COLUMN a int, -- why\n  ADD CONSTRAINT c CHECK (a IN (1, 2)),\n  DROP COLUMN b'),
    ).toEqual([
      'ALTER TABLE loans ADD COLUMN a int',
      'ALTER TABLE loans -- why\n  ADD CONSTRAINT c CHECK (a IN (1, 2))',
      'ALTER TABLE loans DROP COLUMN b',
    ]);
  });

  it('leaves single subcommands, renames, storage settings and other statements alone', () => {
    for (const s of [
      'ALTER TABLE loans ADD COLUMN a int',
      'ALTER TABLE loans SET (fillfactor = 50, autovacuum_enabled = on)',
      'ALTER TABLE loans RENAME COLUMN a TO b',
      'ALTER TABLE IF EXISTS ONLY "Odd" ALTER COLUMN x TYPE numeric(10, 2)',
      'CREATE TABLE t (a int, b int)',
    ]) {
      expect(splitAlterTable(s)).toEqual([s]);
    }
  });

  it('keeps IF EXISTS, ONLY and a quoted name in every part', () => {
    expect(splitAlterTable('ALTER TABLE IF EXISTS ONLY "Odd" DROP CONSTRAINT a, DROP CONSTRAINT b')).toEqual([
      'ALTER TABLE IF EXISTS ONLY "Odd" DROP CONSTRAINT a',
      'ALTER TABLE IF EXISTS ONLY "Odd" DROP CONSTRAINT b',
    ]);
  });
});
