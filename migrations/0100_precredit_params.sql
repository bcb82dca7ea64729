-- Pre-credit parameters (PRE_CREDIT_PARAMS, issue 14 §7): how many calendar days a pre-credit stays valid
-- after its batch takes effect, versioned by the business date they take effect on; bank-wide
-- (reference), changed only through review (a param manager submits, a different one approves). The
-- version in force on D is the one with the latest effective_from ≤ D (the highest version among equals).
-- Version 1 holds the value the code had as a constant: 180 days.
CREATE TABLE precredit_param_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  effective_from date NOT NULL,
  valid_days integer NOT NULL CHECK (valid_days BETWEEN 1 AND 1095),
  -- the approved change request that made this version; NULL for the seeded first version
  review_request_id bigint,
  created_at timestamptz NOT NULL
);

INSERT INTO precredit_param_versions (version, effective_from, valid_days, created_at)
VALUES (1, DATE '2000-01-01', 180, TIMESTAMPTZ '2025-01-01 00:00:00+08');

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('precredit_param_versions', 'reference', NULL);
SELECT huinong_citus_apply();
