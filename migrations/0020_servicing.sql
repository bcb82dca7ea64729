-- Loan servicing (贷后核算): the balances end-of-day keeps on each loan, the daily accruals, the
-- repayments and their allocation, and the history of every classification change. Owned by the
-- loans module; end-of-day calls its step functions.

ALTER TABLE loans
  ADD COLUMN accrued_interest_fen bigint NOT NULL DEFAULT 0,      -- accrued, not yet due (current periods)
  ADD COLUMN overdue_principal_fen bigint NOT NULL DEFAULT 0,     -- due and unpaid principal
  ADD COLUMN overdue_interest_fen bigint NOT NULL DEFAULT 0,      -- due and unpaid scheduled interest
  ADD COLUMN penalty_accrued_fen bigint NOT NULL DEFAULT 0,       -- unpaid penalty interest (罚息)
  ADD COLUMN compound_accrued_fen bigint NOT NULL DEFAULT 0,      -- unpaid compound interest (复利)
  ADD COLUMN off_balance_interest_fen bigint NOT NULL DEFAULT 0,  -- interest kept off balance sheet (non-accrual)
  -- cumulative-method segments: a base held since a date, and what was posted in the segment so far
  ADD COLUMN penalty_base_fen bigint NOT NULL DEFAULT 0,
  ADD COLUMN penalty_since date,
  ADD COLUMN penalty_posted_fen bigint NOT NULL DEFAULT 0,
  ADD COLUMN compound_base_fen bigint NOT NULL DEFAULT 0,
  ADD COLUMN compound_since date,
  ADD COLUMN compound_posted_fen bigint NOT NULL DEFAULT 0,
  ADD COLUMN dpd integer NOT NULL DEFAULT 0,
  ADD COLUMN classification text NOT NULL DEFAULT 'NORMAL',
  ADD COLUMN manual_classification text,
  ADD COLUMN non_accrual boolean NOT NULL DEFAULT false,
  ADD COLUMN last_eod_date date,
  ADD COLUMN billed_through date,                                 -- last business date whose due installments were billed (eodBillDue)
  ADD COLUMN settled_on date,
  ADD CONSTRAINT loans_servicing_non_negative CHECK (
    accrued_interest_fen >= 0 AND overdue_principal_fen >= 0 AND overdue_interest_fen >= 0
    AND penalty_accrued_fen >= 0 AND compound_accrued_fen >= 0 AND off_balance_interest_fen >= 0
    AND penalty_base_fen >= 0 AND penalty_posted_fen >= 0 AND compound_base_fen >= 0 AND compound_posted_fen >= 0
    AND dpd >= 0),
  ADD CONSTRAINT loans_overdue_within_outstanding CHECK (overdue_principal_fen <= outstanding_principal_fen),
  ADD CONSTRAINT loans_classification_check CHECK (classification IN ('NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS')),
  ADD CONSTRAINT loans_manual_classification_check CHECK (manual_classification IS NULL OR manual_classification IN ('SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS'));

-- Daily accruals: one row per loan, day and kind; a rerun of a day finds its rows and posts nothing twice.
CREATE TABLE loan_accruals (
  customer_id bigint NOT NULL,
  loan_id bigint NOT NULL,
  business_date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('INTEREST', 'PENALTY', 'COMPOUND')),
  period integer,
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  off_balance boolean NOT NULL DEFAULT false,
  PRIMARY KEY (customer_id, loan_id, business_date, kind)
);

-- Repayments: every one carries an idempotency key; a reversal is a new row, never a deletion.
CREATE TABLE loan_repayments (
  customer_id bigint NOT NULL,
  id bigint NOT NULL,
  loan_id bigint NOT NULL,
  idempotency_key text NOT NULL,
  source text NOT NULL CHECK (source IN ('AUTO_DEBIT', 'CUSTOMER', 'STAFF', 'EARLY_PARTIAL', 'EARLY_FULL', 'REVERSAL')),
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  principal_fen bigint NOT NULL DEFAULT 0,
  interest_fen bigint NOT NULL DEFAULT 0,
  penalty_fen bigint NOT NULL DEFAULT 0,
  compound_fen bigint NOT NULL DEFAULT 0,
  allocation jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL CHECK (status IN ('POSTED', 'REVERSED')),
  reverses_id bigint,
  business_date date NOT NULL,
  entry_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id),
  CONSTRAINT loan_repayments_idempotency UNIQUE (customer_id, idempotency_key),
  CONSTRAINT loan_repayments_parts CHECK (principal_fen + interest_fen + penalty_fen + compound_fen <= amount_fen)
);
CREATE SEQUENCE loan_repayments_id_seq AS bigint;
CREATE INDEX loan_repayments_loan_idx ON loan_repayments (customer_id, loan_id, business_date);

CREATE TABLE loan_classification_history (
  customer_id bigint NOT NULL,
  loan_id bigint NOT NULL,
  seq bigint NOT NULL,
  business_date date NOT NULL,
  from_class text NOT NULL,
  to_class text NOT NULL,
  dpd integer NOT NULL,
  reason text NOT NULL,
  review_request_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, loan_id, seq)
);

-- Daily snapshots of every loan (reports and year-start comparisons read these).
CREATE TABLE loan_daily_snapshots (
  customer_id bigint NOT NULL,
  loan_id bigint NOT NULL,
  business_date date NOT NULL,
  product_code text NOT NULL,
  branch_id bigint NOT NULL,
  officer_id bigint,
  outstanding_principal_fen bigint NOT NULL,
  overdue_principal_fen bigint NOT NULL,
  accrued_interest_fen bigint NOT NULL,
  overdue_interest_fen bigint NOT NULL,
  penalty_accrued_fen bigint NOT NULL,
  compound_accrued_fen bigint NOT NULL,
  dpd integer NOT NULL,
  classification text NOT NULL,
  non_accrual boolean NOT NULL,
  PRIMARY KEY (customer_id, loan_id, business_date)
);
CREATE INDEX loan_daily_snapshots_date_idx ON loan_daily_snapshots (business_date);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('loan_accruals', 'distributed', 'customer_id'),
  ('loan_repayments', 'distributed', 'customer_id'),
  ('loan_classification_history', 'distributed', 'customer_id'),
  ('loan_daily_snapshots', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
