-- Performance rankings and the 一增一降 campaign board (issue 15 §3, docs/management.md "Rankings and the
-- 一增一降 board"). Both bank-wide reference data, changed only through review.
--
-- performance_weight_versions (PERFORMANCE_WEIGHTS): the weight of each of the eight KPIs in the score,
-- per level (BRANCH, OFFICER), as decimal strings summing to 100 (checked by the application). The
-- version in force on D for a level: the latest effective_from ≤ D, the highest version among equals.
-- Default (version 1 and 2): new loan amount 20, new loan count 10, balance growth 20, new customers 10,
-- NPL reduction 15, 543 compliance 10, referrals 5, warning follow-up on time 10.
CREATE TABLE performance_weight_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  level text NOT NULL CHECK (level IN ('BRANCH', 'OFFICER')),
  effective_from date NOT NULL,
  weights jsonb NOT NULL,
  review_request_id bigint,
  created_at timestamptz NOT NULL
);
INSERT INTO performance_weight_versions (version, level, effective_from, weights, created_at) VALUES
  (1, 'BRANCH', DATE '2000-01-01',
   '{"newLoanAmount":"20","newLoanCount":"10","balanceGrowth":"20","newCustomers":"10","nplReduction":"15","slaCompliancePct":"10","referrals":"5","warningOnTimePct":"10"}',
   TIMESTAMPTZ '2025-01-01 00:00:00+08'),
  (2, 'OFFICER', DATE '2000-01-01',
   '{"newLoanAmount":"20","newLoanCount":"10","balanceGrowth":"20","newCustomers":"10","nplReduction":"15","slaCompliancePct":"10","referrals":"5","warningOnTimePct":"10"}',
   TIMESTAMPTZ '2025-01-01 00:00:00+08');

-- campaign_target_versions (CAMPAIGN_TARGETS): the 一增一降 campaign — its name and dates, the bank's
-- targets (online loans up, online NPL down; fen) and per-branch targets (branches: a JSON array of
-- {"branchId", "growthTargetFen", "nplReductionTargetFen"} as strings). The latest version is the one in
-- force. Default: 一增一降 2026, ¥223,250,000 growth and ¥4,420,000 NPL reduction, no branch targets yet.
CREATE TABLE campaign_target_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  name text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  bank_growth_target_fen bigint NOT NULL CHECK (bank_growth_target_fen >= 0),
  bank_npl_reduction_target_fen bigint NOT NULL CHECK (bank_npl_reduction_target_fen >= 0),
  branches jsonb NOT NULL,
  review_request_id bigint,
  created_at timestamptz NOT NULL,
  CONSTRAINT campaign_target_versions_dates CHECK (start_date <= end_date)
);
INSERT INTO campaign_target_versions (version, name, start_date, end_date, bank_growth_target_fen, bank_npl_reduction_target_fen,
  branches, created_at)
VALUES (1, '一增一降', DATE '2026-01-01', DATE '2026-12-31', 22325000000, 442000000, '[]', TIMESTAMPTZ '2025-01-01 00:00:00+08');

INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('performance_weight_versions', 'reference', NULL, NULL),
  ('campaign_target_versions', 'reference', NULL, NULL);
SELECT huinong_citus_apply();
