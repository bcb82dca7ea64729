-- Loans kept in the core system (offline loans: booked at the counter, not by Huinong), as the core
-- reports them (issue 14 §6): the borrower, the branch, the product's name there, the principal and the
-- maturity date. The lobby module turns those maturing within its parameter's days into renewal
-- invitations to the online products. Customer-owned: distributed by customer_id, co-located with the loans.
CREATE TABLE core_offline_loans (
  customer_id bigint NOT NULL,
  loan_no text NOT NULL,
  branch_id bigint NOT NULL,
  product_name text NOT NULL,
  principal_fen bigint NOT NULL CHECK (principal_fen > 0),
  maturity_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('ACTIVE', 'SETTLED')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, loan_no)
);
CREATE INDEX core_offline_loans_maturity_idx ON core_offline_loans (maturity_date);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('core_offline_loans', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
