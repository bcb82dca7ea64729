-- Loans: loan_index distributed by loan_id instead of a reference table (issue 12 §6).
--
-- loan_index maps a loan id to its customer, so that a request naming the loan alone (a staff member's
-- loan read, a repayment) finds the customer's shard. As a reference table, every drawdown wrote its row
-- to every node in a two-phase commit. Every reader names one loan_id, so the table is distributed by it
-- (a co-location group of its own: nothing joins it): a lookup by loan id is a router query to one shard,
-- and the drawdown writes its index row on one shard.
--
-- The composite foreign key loans (id, customer_id) → loan_index (loan_id, customer_id) cannot exist on
-- Citus between tables distributed by different columns, and a deferred trigger on one shard cannot read
-- another shard. On Citus only, the foreign key is dropped and replaced by
--   - the loan-opening statement (openLoan in src/modules/loans/loans.service.ts) as the only writer of
--     both rows, both in one statement of the drawdown's transaction;
--   - index rows written once: UPDATE and DELETE of loan_index are refused (loan_index_write_once), as
--     the foreign key refused them for a row a loan refers to;
--   - a test that every loan has its index row with its customer and every index row its loan
--     (test/support/loan-index.ts, run after the loan, origination and whole-flow tests).
-- On PGlite and PostgreSQL (no citus extension) the foreign key stays as 0019 made it, and nothing else
-- changes there: the same integrity, the same errors.
--
-- Citus cannot turn a reference table into a distributed one in place: undistribute_table() (Citus's
-- own) makes it a plain table again, keeping its rows, and huinong_citus_apply() distributes it by its
-- newly registered column.
CREATE FUNCTION loan_index_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'loan_index rows are written once, by the loan-opening statement: % refused', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$fn$;

DO $citus$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    ALTER TABLE loans DROP CONSTRAINT loans_index_fkey;
    PERFORM undistribute_table('public.loan_index');
    CREATE TRIGGER loan_index_write_once
      BEFORE UPDATE OR DELETE ON loan_index
      FOR EACH ROW EXECUTE FUNCTION loan_index_refuse_change();
  END IF;
END
$citus$;

UPDATE citus_table_kinds SET kind = 'distributed', distribution_column = 'loan_id', colocate_with = 'none'
 WHERE table_name = 'loan_index';
SELECT huinong_citus_apply();
