-- End-of-day partitions that follow the shards (issue 12 §5; docs/servicing.md "Partitions").
--
-- A day was split into loan-id ranges; on Citus (tables distributed by customer_id) a loan-id range
-- lies in every shard, so each statement fanned out to all of them and row locks over several shards
-- were refused. A partition is now a set of customers: a customer-id range [from, to) on PGlite and
-- PostgreSQL, and on Citus also the explicit list of its customers, all in one shard of the loans
-- co-location group (found at planning with get_shard_id_for_distribution_column). Each partition
-- posts its bank-level entries on a key of its own (bank_key < 0; on Citus a key of its shard).
--
-- The plan of a day is fixed when the day is first taken (a rerun uses exactly the same partitions):
-- one eod_partitions row per partition. eod_runs keeps the bounds of the whole plan (the end-of-day
-- guard's quick test) instead of loan-id bounds; eod_step_runs records the customer bounds of the
-- partition it did (NULL on rows written before this migration, which recorded loan ids).

ALTER TABLE eod_runs DROP COLUMN min_loan_id;
ALTER TABLE eod_runs DROP COLUMN max_loan_id;
ALTER TABLE eod_runs ADD COLUMN min_customer_id bigint;
ALTER TABLE eod_runs ADD COLUMN max_customer_id bigint;

ALTER TABLE eod_step_runs DROP CONSTRAINT eod_step_runs_range;
ALTER TABLE eod_step_runs DROP COLUMN from_loan_id;
ALTER TABLE eod_step_runs DROP COLUMN to_loan_id;
ALTER TABLE eod_step_runs ADD COLUMN from_customer_id bigint;
ALTER TABLE eod_step_runs ADD COLUMN to_customer_id bigint;
ALTER TABLE eod_step_runs ADD CONSTRAINT eod_step_runs_customer_range CHECK (from_customer_id < to_customer_id);

CREATE TABLE eod_partitions (
  business_date date NOT NULL,
  partition integer NOT NULL,
  from_customer_id bigint NOT NULL,
  to_customer_id bigint NOT NULL,
  -- Citus: the partition's customers (one shard); NULL on PGlite/PostgreSQL (the range is the partition)
  customer_ids bigint[],
  -- the customer_id of the partition's bank-level journal entries (never a customer's)
  bank_key bigint NOT NULL,
  CONSTRAINT eod_partitions_pkey PRIMARY KEY (business_date, partition),
  CONSTRAINT eod_partitions_run_fkey FOREIGN KEY (business_date) REFERENCES eod_runs (business_date),
  CONSTRAINT eod_partitions_partition_non_negative CHECK (partition >= 0),
  CONSTRAINT eod_partitions_range CHECK (from_customer_id >= 0 AND from_customer_id < to_customer_id),
  CONSTRAINT eod_partitions_bank_key_negative CHECK (bank_key < 0)
);

-- Small, written once a day, read by every runner and by the repayment guard: a copy on every node.
INSERT INTO citus_table_kinds (table_name, kind) VALUES ('eod_partitions', 'reference');
SELECT huinong_citus_apply();
