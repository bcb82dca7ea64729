-- Servicing parameters (贷后分类与停息参数): the bank's five-category classification thresholds — the
-- first days past due at which each class applies as a floor — and the days past due after which a
-- loan stops accruing on balance (non-accrual, 停止计息). Bank-wide settings: a reference table under
-- Citus. Versioned by effective business date; the version in effect on D is the one with the latest
-- effective_date <= D (the highest version on a tie). Changes only through review (SERVICING_PARAMS).
-- The regulatory floors (风险分类办法 2023) are the loosest values allowed: a bank may only be stricter.
CREATE TABLE servicing_param_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  effective_date date NOT NULL,
  special_mention_dpd integer NOT NULL,
  substandard_dpd integer NOT NULL,
  doubtful_dpd integer NOT NULL,
  loss_dpd integer NOT NULL,
  non_accrual_dpd integer NOT NULL CHECK (non_accrual_dpd BETWEEN 1 AND 90),
  -- the approved change request that made this version; NULL for the seeded first version
  review_request_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT servicing_param_thresholds_increasing CHECK (
    special_mention_dpd >= 1 AND special_mention_dpd < substandard_dpd
    AND substandard_dpd < doubtful_dpd AND doubtful_dpd < loss_dpd),
  CONSTRAINT servicing_param_thresholds_not_looser CHECK (
    special_mention_dpd <= 1 AND substandard_dpd <= 91 AND doubtful_dpd <= 271 AND loss_dpd <= 361)
);
CREATE INDEX servicing_param_versions_date_idx ON servicing_param_versions (effective_date, version);

-- Version 1: the regulatory values, in effect since 2025-01-01 (before the demo bank's first business date).
INSERT INTO servicing_param_versions
  (version, effective_date, special_mention_dpd, substandard_dpd, doubtful_dpd, loss_dpd, non_accrual_dpd)
VALUES (1, DATE '2025-01-01', 1, 91, 271, 361, 90);

INSERT INTO citus_table_kinds (table_name, kind) VALUES ('servicing_param_versions', 'reference');
SELECT huinong_citus_apply();
