-- The "543" service standard's parameters (issue 14 §8): how long each stage may take and the penalty
-- for a breach, versioned by the business date they take effect on; bank-wide (reference), changed
-- only through review (SLA_PARAMS: a param manager submits, a different one approves). The version in
-- force on D is the one with the latest effective_from ≤ D (the highest version among equals).
-- Version 1 holds the bank's standard: lock within 5 minutes of first contact, recommend within 4,
-- disburse within 3 of submission; ¥100 per breach (docs/marketing.md "The 543 standard").
CREATE TABLE sla_param_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  effective_from date NOT NULL,
  lock_seconds integer NOT NULL CHECK (lock_seconds BETWEEN 1 AND 86400),
  recommend_seconds integer NOT NULL CHECK (recommend_seconds BETWEEN 1 AND 86400),
  disburse_seconds integer NOT NULL CHECK (disburse_seconds BETWEEN 1 AND 86400),
  penalty_fen bigint NOT NULL CHECK (penalty_fen >= 0),
  -- the approved change request that made this version; NULL for the seeded first version
  review_request_id bigint,
  created_at timestamptz NOT NULL
);

INSERT INTO sla_param_versions (version, effective_from, lock_seconds, recommend_seconds, disburse_seconds, penalty_fen, created_at)
VALUES (1, DATE '2000-01-01', 300, 240, 180, 10000, TIMESTAMPTZ '2025-01-01 00:00:00+08');

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('sla_param_versions', 'reference', NULL);
SELECT huinong_citus_apply();
