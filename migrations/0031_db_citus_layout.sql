-- The Citus layout, complete and enforced (issue 12 §2).
--
-- 1. Every table has a declared kind. 'local' (a Citus local table: on the coordinator only, known to
--    Citus so that it may be joined with and refer to reference tables) carries its reason.
-- 2. huinong_citus_apply() gives every registered table its kind in foreign-key order (a table after
--    the tables it refers to and the table it is co-located with), and converts a table Citus made a
--    Citus local table on its own — it does so with every table that gets a foreign key to a
--    reference table while citus.enable_local_reference_table_foreign_keys is on — into its
--    registered kind, instead of skipping every table Citus already knows. A registered kind Citus
--    cannot reach by itself (distributed to reference, another distribution column) stops the
--    migration, naming the table. Without the citus extension it does nothing, as before.
-- 3. After the migrations, src/db/migrate.ts compares citus_tables with this registry and fails,
--    naming every difference (src/db/citus.ts).

ALTER TABLE citus_table_kinds ADD COLUMN reason text;
ALTER TABLE citus_table_kinds ADD CONSTRAINT citus_local_has_reason CHECK (kind <> 'local' OR reason IS NOT NULL);

INSERT INTO citus_table_kinds (table_name, kind, reason) VALUES
  ('schema_migrations', 'local', 'migration bookkeeping: read and written only by the migration runner, on the coordinator'),
  ('citus_table_kinds', 'local', 'this registry: read only by huinong_citus_apply() and the layout check, on the coordinator'),
  ('journal_balance_pending', 'local', 'scratch rows of the ledger''s commit-time balance check (0022), alive within one transaction; the check itself has to move for distributed journals (issue 12 §3)'),
  ('journal_balance_tokens', 'local', 'one scratch row per transaction that fires the ledger''s commit-time balance check (0022); moves with the check (issue 12 §3)');

CREATE OR REPLACE FUNCTION huinong_citus_apply() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  plan text[];
  name text;
  t citus_table_kinds%ROWTYPE;
  have_type text;
  have_column text;
  done integer := 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN 0;
  END IF;
  -- Distributing a table with triggers (audit log, journal) needs the first; DDL on tables with
  -- foreign keys to reference tables runs over one connection per node; and a table that refers to a
  -- table becoming a reference table here stays a plain table until its own turn (src/db/citus.ts).
  PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  PERFORM set_config('citus.enable_local_reference_table_foreign_keys', 'off', true);

  -- The order, fixed before anything changes (the registry itself may become a Citus local table):
  -- depth in the graph of foreign keys between distinct tables and of co-location, then references
  -- before local and distributed tables, then tables co-located with another after it, then name.
  WITH RECURSIVE registered AS (
    SELECT k.table_name FROM citus_table_kinds k WHERE to_regclass(format('public.%I', k.table_name)) IS NOT NULL
  ), edges AS (
    SELECT child.relname::text COLLATE "default" AS child, parent.relname::text COLLATE "default" AS parent
      FROM pg_constraint c
      JOIN pg_class child ON child.oid = c.conrelid
      JOIN pg_class parent ON parent.oid = c.confrelid
     WHERE c.contype = 'f' AND c.conrelid <> c.confrelid
       AND child.relnamespace = 'public'::regnamespace AND parent.relnamespace = 'public'::regnamespace
    UNION
    SELECT k.table_name, k.colocate_with FROM citus_table_kinds k WHERE k.colocate_with NOT IN ('none', 'default')
  ), walk (table_name, depth) AS (
    SELECT r.table_name, 0 FROM registered r
    UNION ALL
    SELECT e.child, w.depth + 1 FROM walk w JOIN edges e ON e.parent = w.table_name WHERE w.depth < 100
  )
  SELECT array_agg(k.table_name ORDER BY d.depth, (k.kind <> 'reference'), (k.kind <> 'local'), (k.colocate_with IS NOT NULL), k.table_name)
    INTO plan
    FROM citus_table_kinds k
    JOIN (SELECT w.table_name, max(w.depth) AS depth FROM walk w GROUP BY w.table_name) d ON d.table_name = k.table_name
    JOIN registered r ON r.table_name = k.table_name;

  FOREACH name IN ARRAY coalesce(plan, ARRAY[]::text[]) LOOP
    SELECT * INTO t FROM citus_table_kinds k WHERE k.table_name = name;
    -- What citus_tables shows, from its catalog: that view also measures every table through a
    -- connection of its own, which waits for this transaction's new shards.
    SELECT CASE WHEN p.partmethod = 'h' THEN 'distributed' WHEN p.repmodel = 't' THEN 'reference'
                WHEN p.colocationid = 0 THEN 'local' ELSE 'distributed' END,
           CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END
      INTO have_type, have_column
      FROM pg_dist_partition p WHERE p.logicalrelid = format('public.%I', name)::regclass;
    IF have_type IS NOT DISTINCT FROM t.kind AND (t.kind <> 'distributed' OR have_column = t.distribution_column) THEN
      CONTINUE;
    END IF;
    IF have_type IS NOT NULL AND have_type <> 'local' THEN
      RAISE EXCEPTION 'citus layout: % is a % table (distribution column %), registered as % (%); changing that needs its own migration',
        name, have_type, coalesce(have_column, '-'), t.kind, coalesce(t.distribution_column, '-');
    END IF;
    IF t.kind = 'reference' THEN
      PERFORM create_reference_table(format('public.%I', name));
    ELSIF t.kind = 'distributed' THEN
      PERFORM create_distributed_table(format('public.%I', name), t.distribution_column,
                                       colocate_with => coalesce(t.colocate_with, 'default'));
    ELSE
      PERFORM citus_add_local_table_to_metadata(format('public.%I', name));
    END IF;
    done := done + 1;
  END LOOP;
  RETURN done;
END
$fn$;

SELECT huinong_citus_apply();
