-- Loans taken over from the bank's old online-loan system (import type ONLINE_LOANS, 存量网贷迁移):
-- the old system's loan number (借据号) of each migrated loan, unique across the bank, so that a number
-- is never migrated twice, and the loan it became. Looked up by the number: distributed by it.
CREATE TABLE migrated_loans (
  source_loan_no text PRIMARY KEY,
  customer_id bigint NOT NULL,
  loan_id bigint NOT NULL,
  batch_id bigint NOT NULL,
  migration_date date NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT migrated_loans_no_format CHECK (source_loan_no ~ '^[0-9A-Za-z-]{4,40}$')
);
CREATE INDEX migrated_loans_loan_idx ON migrated_loans (customer_id, loan_id);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('migrated_loans', 'distributed', 'source_loan_no', 'none');
SELECT huinong_citus_apply();
