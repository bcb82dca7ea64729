-- End-of-day (日终处理): the runs (one per business date, also the lease: only one runner holds a day)
-- and the record of every (step, partition) done. Owned by the eod module. A (step, partition) row with
-- status DONE is written in the same transaction as the step's work, so a rerun after a crash skips
-- exactly what was committed. Reference tables (organisation-wide state, small).

CREATE TABLE eod_runs (
  business_date date PRIMARY KEY,
  status text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  lease_holder text,
  lease_expires_at timestamptz,
  error jsonb,
  -- the partition plan, fixed when the day is first taken so that a rerun uses the same ranges
  min_loan_id bigint,
  max_loan_id bigint,
  partition_size integer,
  partitions integer,
  CONSTRAINT eod_runs_status_check CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
  CONSTRAINT eod_runs_partition_size_positive CHECK (partition_size IS NULL OR partition_size > 0),
  CONSTRAINT eod_runs_partitions_non_negative CHECK (partitions IS NULL OR partitions >= 0)
);

CREATE TABLE eod_step_runs (
  business_date date NOT NULL,
  step text NOT NULL,
  partition integer NOT NULL,
  from_loan_id bigint NOT NULL,
  to_loan_id bigint NOT NULL,
  status text NOT NULL,
  rows integer NOT NULL DEFAULT 0,
  duration_ms integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  worker text NOT NULL,
  error jsonb,
  CONSTRAINT eod_step_runs_pkey PRIMARY KEY (business_date, step, partition),
  CONSTRAINT eod_step_runs_run_fkey FOREIGN KEY (business_date) REFERENCES eod_runs (business_date),
  CONSTRAINT eod_step_runs_status_check CHECK (status IN ('DONE', 'FAILED')),
  CONSTRAINT eod_step_runs_partition_non_negative CHECK (partition >= 0),
  CONSTRAINT eod_step_runs_range CHECK (from_loan_id <= to_loan_id),
  CONSTRAINT eod_step_runs_rows_non_negative CHECK (rows >= 0 AND duration_ms >= 0)
);

INSERT INTO citus_table_kinds (table_name, kind) VALUES
  ('eod_runs', 'reference'), ('eod_step_runs', 'reference');
SELECT huinong_citus_apply();
