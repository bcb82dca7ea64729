/**
 * The Citus layout (issue 12 §2): every table has a declared kind in citus_table_kinds, and on a fresh
 * Citus cluster the migrations give exactly that layout — distributed by the registered column and
 * co-located as registered, reference, or Citus local — with nothing left as an accidental Citus local
 * table. The registry's completeness is checked on every engine; the layout where the run has a Citus
 * cluster (HUINONG_TEST_CITUS=1, HUINONG_TEST_ENGINES=…,citus or HUINONG_TEST_CITUS_URL; .ci/run sets
 * the first). Without one the Citus part is skipped and says why.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citusLayoutDifferences, registryDifferences } from '../../src/db/citus.js';
import { queryRows, sql } from '../../src/db/client.js';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.js';
import { citusAdminUrl, createMigratedDatabase, createTestDatabase, pgAdminUrl, type Database, type EngineKind } from '../support/db.js';

const NO_CITUS =
  'no Citus cluster in this run: set HUINONG_TEST_CITUS=1 (or HUINONG_TEST_ENGINES=pglite,postgres,citus, or HUINONG_TEST_CITUS_URL) ' +
  'with Citus installed (../shared/citus/install-citus); .ci/run does both';

const plainEngines: EngineKind[] = pgAdminUrl() ? ['pglite', 'postgres'] : ['pglite'];

describe.each(plainEngines)('the Citus registry on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createMigratedDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('declares a kind for every table the migrations create, and names no table that does not exist', async () => {
    expect(await registryDifferences(database.db)).toEqual([]);
  });

  it('gives every local table its reason and every distributed table its column', async () => {
    const rows = await queryRows<{ table_name: string }>(
      database.db,
      sql`SELECT table_name FROM citus_table_kinds
           WHERE (kind = 'local' AND coalesce(reason, '') = '') OR (kind = 'distributed' AND distribution_column IS NULL)`,
    );
    expect(rows).toEqual([]);
  });

  it('does nothing without the citus extension: the apply step changes nothing', async () => {
    const rows = await queryRows<{ n: number }>(database.db, sql`SELECT huinong_citus_apply() AS n`);
    expect(Number(rows[0]?.n)).toBe(0);
  });
});

describe.skipIf(!citusAdminUrl())(`the layout on a fresh Citus cluster${citusAdminUrl() ? '' : ` — SKIPPED: ${NO_CITUS}`}`, () => {
  let database: Database;
  let migration: Awaited<ReturnType<typeof migrate>>;
  beforeAll(async () => {
    database = await createTestDatabase('citus');
    migration = await migrate(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('applies every migration, and citus_tables is exactly the registry', async () => {
    expect(migration.applied).toEqual(
      readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    );
    expect(await citusLayoutDifferences(database.db)).toEqual([]);
    const byKind = await queryRows<{ kind: string; n: number }>(
      database.db,
      sql`SELECT citus_table_type::text AS kind, count(*)::int AS n FROM citus_tables GROUP BY 1 ORDER BY 1`,
    );
    const registered = await queryRows<{ kind: string; n: number }>(
      database.db,
      sql`SELECT kind, count(*)::int AS n FROM citus_table_kinds GROUP BY 1 ORDER BY 1`,
    );
    expect(byKind).toEqual(registered);
  });

  it('leaves no table Citus turned into a Citus local table on its own', async () => {
    const rows = await queryRows<{ table_name: string }>(
      database.db,
      sql`SELECT logicalrelid::text AS table_name FROM pg_dist_partition WHERE autoconverted ORDER BY 1`,
    );
    expect(rows).toEqual([]);
  });

  it('re-running the migrations applies nothing and keeps the layout', async () => {
    const again = await migrate(database);
    expect(again.applied).toEqual([]);
    expect(await citusLayoutDifferences(database.db)).toEqual([]);
  });

  it('names every difference: an accidental Citus local table, a wrong column, an unregistered table', async () => {
    await database.execScript(`
      SET LOCAL citus.enable_local_reference_table_foreign_keys TO on;
      CREATE TABLE citus_layout_probe (customer_id bigint NOT NULL, code text REFERENCES products (code), PRIMARY KEY (customer_id));
      INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES ('citus_layout_probe', 'distributed', 'customer_id');
      UPDATE citus_table_kinds SET distribution_column = 'id' WHERE table_name = 'loans';
      CREATE TABLE citus_layout_unregistered (id bigint PRIMARY KEY);
    `);
    try {
      expect(await citusLayoutDifferences(database.db)).toEqual([
        'citus_layout_unregistered: a table without a registered kind (citus_table_kinds)',
        'citus_layout_probe: registered as distributed by customer_id, but Citus has it as local',
        'loans: registered as distributed by id, but Citus has it as distributed by customer_id',
      ]);
      await expect(migrate(database)).rejects.toThrow(
        /citus_layout_probe: registered as distributed by customer_id, but Citus has it as local/,
      );
    } finally {
      await database.execScript(`
        UPDATE citus_table_kinds SET distribution_column = 'customer_id' WHERE table_name = 'loans';
        DELETE FROM citus_table_kinds WHERE table_name = 'citus_layout_probe';
        DROP TABLE citus_layout_probe;
        DROP TABLE citus_layout_unregistered;
      `);
    }
    expect(await citusLayoutDifferences(database.db)).toEqual([]);
  });

  it('a later migration on the running cluster: a new table with a foreign key to a reference table is distributed, and ALTER TABLEs with several subcommands on distributed tables apply', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hn-citus-migrations-'));
    try {
      for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')))
        await symlink(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
      await writeFile(
        path.join(dir, '9999_db_citus_probe.sql'),
        `CREATE TABLE citus_probe_owned (customer_id bigint NOT NULL, id bigint GENERATED BY DEFAULT AS IDENTITY,
           product_code text NOT NULL REFERENCES products (code), PRIMARY KEY (customer_id, id));
         INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES ('citus_probe_owned', 'distributed', 'customer_id');
         SELECT huinong_citus_apply();
         ALTER TABLE citus_probe_owned ADD COLUMN note text, ADD CONSTRAINT citus_probe_note CHECK (note <> '');
         ALTER TABLE loans ADD COLUMN citus_probe integer, ADD CONSTRAINT loans_citus_probe_positive CHECK (citus_probe > 0);`,
      );
      expect((await migrate(database, dir)).applied).toEqual(['9999_db_citus_probe.sql']);
      expect(await citusLayoutDifferences(database.db)).toEqual([]);
      const columns = await queryRows<{ c: string }>(
        database.db,
        sql`SELECT table_name || '.' || column_name AS c FROM information_schema.columns
             WHERE (table_name, column_name) IN (('citus_probe_owned', 'note'), ('loans', 'citus_probe')) ORDER BY 1`,
      );
      expect(columns.map((r) => r.c)).toEqual(['citus_probe_owned.note', 'loans.citus_probe']);
    } finally {
      await database.execScript(`
        DELETE FROM schema_migrations WHERE name = '9999_db_citus_probe.sql';
        DELETE FROM citus_table_kinds WHERE table_name = 'citus_probe_owned';
      `);
      await database.execScript('DROP TABLE IF EXISTS citus_probe_owned');
      await database.execScript('ALTER TABLE loans DROP COLUMN IF EXISTS citus_probe');
      await rm(dir, { recursive: true, force: true });
    }
    expect(await citusLayoutDifferences(database.db)).toEqual([]);
  });

  it('the apply step turns an accidental Citus local table into its registered kind', async () => {
    await database.execScript(`
      SET LOCAL citus.enable_local_reference_table_foreign_keys TO on;
      CREATE TABLE citus_layout_probe (customer_id bigint NOT NULL, code text REFERENCES products (code), PRIMARY KEY (customer_id));
      INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES ('citus_layout_probe', 'distributed', 'customer_id');
    `);
    try {
      const rows = await queryRows<{ n: number }>(database.db, sql`SELECT huinong_citus_apply() AS n`);
      expect(Number(rows[0]?.n)).toBe(1);
      expect(await citusLayoutDifferences(database.db)).toEqual([]);
    } finally {
      await database.execScript(`
        DELETE FROM citus_table_kinds WHERE table_name = 'citus_layout_probe';
        DROP TABLE citus_layout_probe;
      `);
    }
  });
});
