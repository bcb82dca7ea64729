-- Origination: application_index and credit_line_index distributed by id instead of reference tables
-- (issue 12 §6).
--
-- The two tables map an application id and a credit line id to its customer, so that a request naming
-- the id alone (an application's decision or read, a line's read, freeze or drawdown) finds the
-- customer's shard. As reference tables, every application and every new credit line wrote its index
-- row to every node in a two-phase commit. Every reader names one id (ownerOf in
-- src/modules/origination/common.ts), so each table is distributed by its id (a co-location group of
-- its own: nothing joins it): a lookup by id is a router query to one shard, and opening an application
-- or a line writes its index row on one shard.
--
-- No foreign key refers to or from either table. Their rows are written once: by the statement that
-- opens the application (insertApplication in applications.service.ts) or the line (openCreditLine in
-- lines.service.ts), which draws the id in the index row's VALUES and writes the application or line
-- with it, in one statement; nothing updates or deletes them. On Citus the index and its table are
-- distributed by different columns, so no constraint and no trigger on one shard can keep them in
-- agreement; there, UPDATE and DELETE of an index row are refused (origination_index_write_once), and a
-- test checks that every application and line has its index row naming its customer and every index
-- row its application or line (test/support/origination-index.ts). On PGlite and PostgreSQL (no citus
-- extension) nothing changes.
--
-- Citus cannot turn a reference table into a distributed one in place: undistribute_table() (Citus's
-- own) makes it a plain table again, keeping its rows, and huinong_citus_apply() distributes it by its
-- newly registered column.
CREATE FUNCTION origination_index_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- TG_ARGV, not TG_TABLE_NAME: on Citus the trigger fires on a shard (application_index_102008, …)
  RAISE EXCEPTION '% rows are written once, by the statement that opens the %: % refused', TG_ARGV[0], TG_ARGV[1], TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$fn$;

DO $citus$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    PERFORM undistribute_table('public.application_index');
    PERFORM undistribute_table('public.credit_line_index');
    CREATE TRIGGER application_index_write_once
      BEFORE UPDATE OR DELETE ON application_index
      FOR EACH ROW EXECUTE FUNCTION origination_index_refuse_change('application_index', 'application');
    CREATE TRIGGER credit_line_index_write_once
      BEFORE UPDATE OR DELETE ON credit_line_index
      FOR EACH ROW EXECUTE FUNCTION origination_index_refuse_change('credit_line_index', 'credit line');
  END IF;
END
$citus$;

UPDATE citus_table_kinds SET kind = 'distributed', distribution_column = 'id', colocate_with = 'none'
 WHERE table_name IN ('application_index', 'credit_line_index');
SELECT huinong_citus_apply();
