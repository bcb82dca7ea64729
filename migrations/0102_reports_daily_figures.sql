-- The day's pre-aggregate of the management reports (issue 15 §1, docs/management.md "Reports").
--
-- report_daily_figures: written by the end-of-day step REPORT, one set of rows per (business date,
-- partition of the day): D's loan snapshots of the partition's customers summed by dimension —
-- BANK (everything), BRANCH, PRODUCT, OFFICER, BRANCH_PRODUCT, OFFICER_BRANCH, OFFICER_PRODUCT. A key
-- column a dimension does not use holds 0 / '' (officer 0: loans with no officer). Borrowers are distinct
-- customers with outstanding principal > 0 within the partition: a customer lies in one partition of a
-- day, so the partitions' counts add up. Flows of D (interest income, new loans) sit beside the stocks.
-- Rewritten whole on a retry of (D, partition): delete then insert. partition_key is the partition's
-- bank-level key (negative; on Citus a key of the partition's shard of the loans' co-location group),
-- so the step's writes stay on one shard.
CREATE TABLE report_daily_figures (
  partition_key bigint NOT NULL,
  business_date date NOT NULL,
  dim text NOT NULL CHECK (dim IN ('BANK', 'BRANCH', 'PRODUCT', 'OFFICER', 'BRANCH_PRODUCT', 'OFFICER_BRANCH', 'OFFICER_PRODUCT')),
  branch_id bigint NOT NULL DEFAULT 0,
  product_code text NOT NULL DEFAULT '',
  officer_id bigint NOT NULL DEFAULT 0,
  loans integer NOT NULL,
  borrowers integer NOT NULL,
  balance_fen bigint NOT NULL,
  npl_fen bigint NOT NULL,
  npl_borrowers integer NOT NULL,
  overdue_fen bigint NOT NULL,
  dpd_1_30_fen bigint NOT NULL,
  dpd_31_60_fen bigint NOT NULL,
  dpd_61_90_fen bigint NOT NULL,
  dpd_over_90_fen bigint NOT NULL,
  normal_fen bigint NOT NULL,
  special_mention_fen bigint NOT NULL,
  substandard_fen bigint NOT NULL,
  doubtful_fen bigint NOT NULL,
  loss_fen bigint NOT NULL,
  interest_income_fen bigint NOT NULL,
  new_loans integer NOT NULL,
  new_loans_fen bigint NOT NULL,
  PRIMARY KEY (partition_key, business_date, dim, branch_id, product_code, officer_id)
);
CREATE INDEX report_daily_figures_date_idx ON report_daily_figures (business_date, dim);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('report_daily_figures', 'distributed', 'partition_key', NULL);
SELECT huinong_citus_apply();
