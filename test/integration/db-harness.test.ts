/**
 * Proves the test harness on every engine of the run: a database opens, migrations apply once and
 * atomically, withTx rolls back, and the server engine really is PostgreSQL 15.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, queryOne, queryRows, sql, withTx } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { citusAdminUrl, createTestDatabase, pgAdminUrl, testEngines, type Database } from '../support/db.js';

describe.each(testEngines())('test database on %s', (kind) => {
  let database: Database;
  let dir: string;

  const tableExists = async (name: string) => {
    const row = await queryOne<{ t: string | null }>(database.db, sql`SELECT to_regclass(${name})::text AS t`);
    return row?.t != null;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(os.tmpdir(), 'hn-migrations-'));
    await writeFile(
      path.join(dir, '001_first.sql'),
      `CREATE TABLE hn_first (id integer PRIMARY KEY, label text NOT NULL);\n` + `INSERT INTO hn_first VALUES (1, '惠农');\n`,
    );
    await writeFile(
      path.join(dir, '002_second.sql'),
      `-- depends on 001\nCREATE TABLE hn_second (id integer PRIMARY KEY REFERENCES hn_first(id));\n` +
        `INSERT INTO hn_second SELECT id FROM hn_first;`,
    );
    await writeFile(path.join(dir, 'README.md'), 'not a migration');
  });

  afterAll(async () => {
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens the right engine', async () => {
    // On Citus the application talks to a PostgreSQL server (the coordinator); only the harness says Citus.
    expect(database.kind).toBe(kind === 'citus' ? 'postgres' : kind);
    const row = await queryOne<{ one: number }>(database.db, sql`SELECT 1 AS one`);
    expect(Number(row?.one)).toBe(1);
    expect(database.describe()).toMatch(
      kind === 'pglite'
        ? /^PGlite/
        : kind === 'citus'
          ? /^Citus \(postgres:\/\/postgres@127\.0\.0\.1:\d+\/hn_test_[0-9a-f]+\)$/
          : /^PostgreSQL \(postgres:\/\/postgres@127\.0\.0\.1:\d+\/hn_test_[0-9a-f]+\)$/,
    );
    if (kind === 'citus') {
      const citus = await queryOne<{ v: string }>(database.db, sql`SELECT extversion AS v FROM pg_extension WHERE extname = 'citus'`);
      expect(citus?.v).toMatch(/^\d+\.\d+/);
    }
  });

  it('starts empty: the helper applies no migrations', async () => {
    expect(await tableExists('schema_migrations')).toBe(false);
  });

  it('migrate() applies the .sql files in name order', async () => {
    const result = await migrate(database, dir);
    expect(result).toEqual({ applied: ['001_first.sql', '002_second.sql'], skipped: 0 });
    const rows = await queryRows<{ name: string }>(database.db, sql`SELECT name FROM schema_migrations ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(['001_first.sql', '002_second.sql']);
    const label = await queryOne<{ label: string }>(database.db, sql`SELECT f.label FROM hn_second s JOIN hn_first f USING (id)`);
    expect(label?.label).toBe('惠农');
  });

  it('re-running migrate() applies nothing', async () => {
    const result = await migrate(database, dir);
    expect(result).toEqual({ applied: [], skipped: 2 });
    const count = await queryOne<{ n: string | number }>(database.db, sql`SELECT count(*) AS n FROM hn_first`);
    expect(Number(count?.n)).toBe(1);
  });

  it('a failing migration leaves nothing behind and can be fixed and re-run', async () => {
    const bad = path.join(dir, '003_bad.sql');
    await writeFile(
      bad,
      `CREATE TABLE hn_partial (id integer PRIMARY KEY);\n` +
        `INSERT INTO hn_first VALUES (2, 'partial');\n` +
        `INSERT INTO hn_missing_table VALUES (1);\n`,
    );
    await expect(migrate(database, dir)).rejects.toThrow(/Migration 003_bad\.sql failed/);
    expect(await tableExists('hn_partial')).toBe(false);
    const count = await queryOne<{ n: string | number }>(database.db, sql`SELECT count(*) AS n FROM hn_first`);
    expect(Number(count?.n)).toBe(1);
    const recorded = await queryRows(database.db, sql`SELECT 1 FROM schema_migrations WHERE name = '003_bad.sql'`);
    expect(recorded).toHaveLength(0);

    await writeFile(bad, `CREATE TABLE hn_partial (id integer PRIMARY KEY);\n`);
    expect(await migrate(database, dir)).toEqual({ applied: ['003_bad.sql'], skipped: 2 });
    expect(await tableExists('hn_partial')).toBe(true);
  });

  it('withTx commits on success and rolls back on a thrown error', async () => {
    await database.db.execute(sql`CREATE TABLE hn_tx (id integer PRIMARY KEY)`);
    const n = async () => Number((await queryOne<{ n: string | number }>(database.db, sql`SELECT count(*) AS n FROM hn_tx`))?.n);

    await expect(
      withTx(database.db, async (tx) => {
        await tx.execute(sql`INSERT INTO hn_tx VALUES (1)`);
        await tx.execute(sql`INSERT INTO hn_tx VALUES (2)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await n()).toBe(0);

    const value = await withTx(database.db, async (tx) => {
      await tx.execute(sql`INSERT INTO hn_tx VALUES (1)`);
      return 'done';
    });
    expect(value).toBe('done');
    expect(await n()).toBe(1);
  });

  it.runIf(kind === 'postgres')('the server is PostgreSQL 15', async () => {
    const row = await queryOne<{ version: string }>(database.db, sql`SELECT version() AS version`);
    expect(row?.version).toMatch(/^PostgreSQL 15\./);
  });

  it.runIf(kind === 'postgres')('a repeated parameterised statement is prepared once per connection, unless turned off', async () => {
    const prepared = (tx: typeof database.db) =>
      queryRows<{ statement: string }>(tx, sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%hn_probe%'`);
    const probe = (tx: typeof database.db, n: number) => queryOne<{ v: number }>(tx, sql`SELECT ${n}::int + 1 AS v /* hn_probe */`);
    const seen = await withTx(database.db, async (tx) => {
      expect((await probe(tx, 1))?.v).toBe(2);
      expect((await probe(tx, 41))?.v).toBe(42);
      return prepared(tx);
    });
    // One server-side statement for both runs (the probe's text), plus the lookup itself.
    expect(seen.filter((r) => r.statement.includes('+ 1 AS v')).length).toBe(1);

    const name = /\/(hn_test_[0-9a-f]+)\)$/.exec(database.describe())?.[1];
    const url = new URL(pgAdminUrl()!);
    url.pathname = `/${name}`;
    const unprepared = await openDatabase({ url: url.toString(), poolSize: 1, preparedStatements: false });
    try {
      const none = await withTx(unprepared.db, async (tx) => {
        expect((await probe(tx, 2))?.v).toBe(3);
        expect((await probe(tx, 3))?.v).toBe(4);
        return prepared(tx);
      });
      expect(none).toEqual([]);
    } finally {
      await unprepared.close();
    }
  });

  it.runIf(kind === 'postgres')('close() drops the test database', async () => {
    const extra = await createTestDatabase('postgres');
    const name = /\/(hn_test_[0-9a-f]+)\)$/.exec(extra.describe())?.[1];
    expect(name).toBeTruthy();
    const admin = new pg.Client({ connectionString: pgAdminUrl()! });
    await admin.connect();
    try {
      const exists = async () => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
      expect(await exists()).toBe(1);
      await extra.close();
      expect(await exists()).toBe(0);
    } finally {
      await admin.end();
    }
  });
});

it('runs on every engine the run must (HUINONG_TEST_STRICT, set by .ci/run; HUINONG_TEST_ENGINES)', () => {
  // Without the server binaries (or Citus) the global setup prints a loud banner and the engine drops out.
  const strict = /^(1|true|yes)$/i.test(process.env.HUINONG_TEST_STRICT ?? '');
  const requested = inject('requestedEngines');
  if (!requested) {
    // Every engine the run has; strict (CI), all three: a strict run starts a Citus cluster.
    expect(testEngines()).toEqual(strict ? ['pglite', 'postgres', 'citus'] : expect.arrayContaining(['pglite']));
    if (citusAdminUrl()) expect(testEngines()).toContain('citus');
    if (pgAdminUrl()) expect(testEngines()).toContain('postgres');
    return;
  }
  // HUINONG_TEST_ENGINES: the engines it names, in this order; strict, every one of them.
  const named = (['pglite', 'postgres', 'citus'] as const).filter((e) => requested.includes(e));
  expect(named.length).toBeGreaterThan(0);
  if (strict) expect(testEngines()).toEqual(named);
  else {
    expect(named).toEqual(expect.arrayContaining(testEngines()));
    if (named.includes('pglite')) expect(testEngines()).toContain('pglite');
  }
});
