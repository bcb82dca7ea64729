-- Loans (贷款账户) and their repayment schedules (还款计划). Customer-owned: distributed by
-- customer_id under Citus, with the schedule co-located with its loan.
--
-- Loan ids come from one sequence, so an id is unique across customers and GET /api/v1/loans/:id
-- works without a customer id. To route such a request under Citus (where loans is sharded by
-- customer), loan_index maps loan_id → customer_id: a small reference table (replicated to every
-- node) read first, after which the loan query carries customer_id and goes to one shard. The
-- composite foreign key keeps every loan and its index row in agreement.

CREATE SEQUENCE loans_id_seq AS bigint;

CREATE TABLE loan_index (
  loan_id bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  CONSTRAINT loan_index_loan_customer_key UNIQUE (loan_id, customer_id),
  CONSTRAINT loan_index_customer_positive CHECK (customer_id > 0)
);

CREATE TABLE loans (
  customer_id bigint NOT NULL,
  id bigint NOT NULL,
  credit_line_id bigint NOT NULL,
  product_code text NOT NULL,
  principal_fen bigint NOT NULL,
  outstanding_principal_fen bigint NOT NULL,
  annual_rate_pct numeric(9, 4) NOT NULL,
  penalty_uplift_pct numeric(9, 4) NOT NULL,
  day_count_basis smallint NOT NULL,
  term_months integer,
  term_days integer,
  repayment_method text NOT NULL,
  repayment_day smallint,
  start_date date NOT NULL,
  maturity_date date NOT NULL,
  status text NOT NULL DEFAULT 'ACTIVE',
  branch_id bigint NOT NULL,
  officer_id bigint,
  disbursement_account_no text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT loans_pkey PRIMARY KEY (customer_id, id),
  CONSTRAINT loans_index_fkey FOREIGN KEY (id, customer_id) REFERENCES loan_index (loan_id, customer_id),
  CONSTRAINT loans_principal_positive CHECK (principal_fen > 0),
  CONSTRAINT loans_outstanding_range CHECK (outstanding_principal_fen >= 0 AND outstanding_principal_fen <= principal_fen),
  CONSTRAINT loans_rate_range CHECK (annual_rate_pct >= 0 AND annual_rate_pct <= 36),
  CONSTRAINT loans_penalty_uplift_range CHECK (penalty_uplift_pct >= 0 AND penalty_uplift_pct <= 100),
  CONSTRAINT loans_day_count_basis_check CHECK (day_count_basis IN (360, 365)),
  CONSTRAINT loans_term_one_kind CHECK ((term_months IS NULL) <> (term_days IS NULL)),
  CONSTRAINT loans_term_months_range CHECK (term_months IS NULL OR term_months BETWEEN 1 AND 360),
  CONSTRAINT loans_term_days_range CHECK (term_days IS NULL OR (term_days BETWEEN 1 AND 3660 AND repayment_method = 'BULLET')),
  CONSTRAINT loans_method_check CHECK (repayment_method IN ('EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET')),
  CONSTRAINT loans_repayment_day_range CHECK (repayment_day IS NULL OR (repayment_day BETWEEN 1 AND 28 AND repayment_method <> 'BULLET')),
  CONSTRAINT loans_maturity_after_start CHECK (maturity_date > start_date),
  CONSTRAINT loans_status_check CHECK (status IN ('ACTIVE', 'SETTLED', 'WRITTEN_OFF')),
  CONSTRAINT loans_settled_has_no_balance CHECK (status <> 'SETTLED' OR outstanding_principal_fen = 0),
  CONSTRAINT loans_product_not_empty CHECK (product_code <> ''),
  CONSTRAINT loans_account_not_empty CHECK (disbursement_account_no <> '')
);
CREATE INDEX loans_id_idx ON loans (id);
CREATE INDEX loans_branch_idx ON loans (branch_id, id);
CREATE INDEX loans_officer_idx ON loans (officer_id, id) WHERE officer_id IS NOT NULL;
CREATE INDEX loans_credit_line_idx ON loans (customer_id, credit_line_id);
CREATE INDEX loans_status_idx ON loans (status, maturity_date);

CREATE TABLE loan_schedule (
  customer_id bigint NOT NULL,
  loan_id bigint NOT NULL,
  period integer NOT NULL,
  start_date date NOT NULL,
  due_date date NOT NULL,
  days integer NOT NULL,
  principal_fen bigint NOT NULL,
  interest_fen bigint NOT NULL,
  payment_fen bigint NOT NULL,
  remaining_principal_fen bigint NOT NULL,
  status text NOT NULL DEFAULT 'PENDING',
  paid_principal_fen bigint NOT NULL DEFAULT 0,
  paid_interest_fen bigint NOT NULL DEFAULT 0,
  CONSTRAINT loan_schedule_pkey PRIMARY KEY (customer_id, loan_id, period),
  CONSTRAINT loan_schedule_loan_fkey FOREIGN KEY (customer_id, loan_id) REFERENCES loans (customer_id, id),
  CONSTRAINT loan_schedule_period_positive CHECK (period >= 1),
  CONSTRAINT loan_schedule_days_match CHECK (days > 0 AND days = due_date - start_date),
  CONSTRAINT loan_schedule_amounts_non_negative CHECK (principal_fen >= 0 AND interest_fen >= 0 AND remaining_principal_fen >= 0),
  CONSTRAINT loan_schedule_payment_sum CHECK (payment_fen = principal_fen + interest_fen),
  CONSTRAINT loan_schedule_status_check CHECK (status IN ('PENDING', 'PAID', 'OVERDUE', 'PARTIAL')),
  CONSTRAINT loan_schedule_paid_principal_range CHECK (paid_principal_fen >= 0 AND paid_principal_fen <= principal_fen),
  CONSTRAINT loan_schedule_paid_interest_range CHECK (paid_interest_fen >= 0 AND paid_interest_fen <= interest_fen)
);
CREATE INDEX loan_schedule_due_idx ON loan_schedule (due_date, status);

-- Registered in two steps: huinong_citus_apply() distributes tables in name order, and under the C
-- collation 'loan_schedule' sorts before 'loans', whose distribution its foreign key needs first.
INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('loan_index', 'reference', NULL),
  ('loans', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('loan_schedule', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
