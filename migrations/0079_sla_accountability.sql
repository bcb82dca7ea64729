-- The 543 stages as measured and the accountability register (issue 14 §8, docs/marketing.md
-- "The 543 standard"). Both are the customers' own rows, distributed by customer_id with the loans and
-- the service events they are measured from, written by the end-of-day step SLA in the partition's shard.
--
-- sla_stage_timings: one row per stage measured, keyed by the event that ended it (LOCK: the officer's
-- first LOCK of the customer, from the first contact; RECOMMEND: the officer's first RECOMMEND at or
-- after that LOCK; DISBURSE: the first DISBURSE of an application, from its first SUBMIT). Times are
-- the events' (the domain clock's); the limit and the penalty are the parameters in force on the ending
-- event's business date. A stage exactly at its limit is kept (overrun 0); one second over is a breach.
CREATE TABLE sla_stage_timings (
  customer_id bigint NOT NULL,
  stage text NOT NULL CHECK (stage IN ('LOCK', 'RECOMMEND', 'DISBURSE')),
  end_event_id bigint NOT NULL,
  start_event_id bigint NOT NULL,
  officer_id bigint NOT NULL,
  branch_id bigint,
  application_id bigint,
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  business_date date NOT NULL,
  duration_ms bigint NOT NULL CHECK (duration_ms >= 0),
  limit_seconds integer NOT NULL,
  overrun_seconds integer NOT NULL CHECK (overrun_seconds >= 0),
  params_version integer NOT NULL,
  PRIMARY KEY (customer_id, stage, end_event_id)
);
CREATE INDEX sla_stage_timings_date_idx ON sla_stage_timings (business_date, officer_id);

-- accountability_records: the accountability register (问责登记). kind SLA_543: a breach of the 543
-- standard, one per breached stage (source: the stage's ending event); issue 15 adds other kinds.
-- status PROPOSED (made by the end-of-day step) → CONFIRMED or WAIVED by the branch head through
-- review (SLA_BREACH_DECISION, four eyes); a waiver carries its reason. pending_review_id: the decision
-- awaiting its checker (one at a time).
CREATE SEQUENCE accountability_records_id_seq AS bigint;
CREATE TABLE accountability_records (
  customer_id bigint NOT NULL,
  id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('SLA_543')),
  stage text,
  source_event_id bigint NOT NULL,
  officer_id bigint NOT NULL,
  branch_id bigint,
  application_id bigint,
  business_date date NOT NULL,
  overrun_seconds integer NOT NULL CHECK (overrun_seconds >= 0),
  penalty_fen bigint NOT NULL CHECK (penalty_fen >= 0),
  status text NOT NULL CHECK (status IN ('PROPOSED', 'CONFIRMED', 'WAIVED')),
  reason text,
  pending_review_id bigint,
  decided_by bigint,
  decided_at timestamptz,
  review_request_id bigint,
  PRIMARY KEY (customer_id, id),
  CONSTRAINT accountability_records_once UNIQUE (customer_id, kind, stage, source_event_id),
  CONSTRAINT accountability_records_waiver_reason CHECK (status <> 'WAIVED' OR reason IS NOT NULL)
);
CREATE INDEX accountability_records_date_idx ON accountability_records (business_date, branch_id);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('sla_stage_timings', 'distributed', 'customer_id'),
  ('accountability_records', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
