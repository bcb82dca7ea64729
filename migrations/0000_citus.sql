-- Scale-out with Citus, guarded: every migration registers its tables here as 'reference'
-- (organisation, settings: replicated to all nodes) or 'distributed' (customer-owned, by customer_id),
-- then calls huinong_citus_apply(). Without the citus extension the function does nothing, so the same
-- migrations serve PGlite, PostgreSQL and Citus.
CREATE TABLE citus_table_kinds (
  table_name text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('reference', 'distributed', 'local')),
  distribution_column text,
  colocate_with text,
  CONSTRAINT citus_distributed_has_column CHECK ((kind = 'distributed') = (distribution_column IS NOT NULL))
);

CREATE FUNCTION huinong_citus_apply() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
  done integer := 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN 0;
  END IF;
  FOR t IN SELECT * FROM citus_table_kinds ORDER BY (kind <> 'reference'), (colocate_with IS NOT NULL), table_name LOOP
    -- skip tables Citus already manages
    IF EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t.table_name::regclass) THEN
      CONTINUE;
    END IF;
    IF t.kind = 'reference' THEN
      EXECUTE format('SELECT create_reference_table(%L)', t.table_name);
      done := done + 1;
    ELSIF t.kind = 'distributed' THEN
      EXECUTE format('SELECT create_distributed_table(%L, %L, colocate_with => %L)',
                     t.table_name, t.distribution_column, coalesce(t.colocate_with, 'default'));
      done := done + 1;
    END IF;
  END LOOP;
  RETURN done;
END
$fn$;
