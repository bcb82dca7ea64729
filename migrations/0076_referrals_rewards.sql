-- Referral rewards (转介有礼, issue 14 §4; docs/marketing.md "Referrals").
--
-- referral_param_versions: the reward rules set by the parameter manager through review
-- (REFERRAL_PARAMS): the reward per referred customer's first disbursement, the caps per referrer
-- per calendar month and year (counted on rewards paid or awaiting payment), and the two exclusions.
-- A version is in force from its business date on; bank-wide (reference). Version 1: no reward
-- (amount 0) until the bank sets one.
CREATE TABLE referral_param_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  effective_from date NOT NULL,
  reward_fen bigint NOT NULL CHECK (reward_fen >= 0),
  monthly_cap integer NOT NULL CHECK (monthly_cap >= 0),
  yearly_cap integer NOT NULL CHECK (yearly_cap >= 0),
  exclude_self_referral boolean NOT NULL,
  exclude_existing_borrower boolean NOT NULL,
  -- the approved change request that made this version; NULL for the seeded first version
  review_request_id bigint,
  created_at timestamptz NOT NULL
);
INSERT INTO referral_param_versions (version, effective_from, reward_fen, monthly_cap, yearly_cap, exclude_self_referral,
  exclude_existing_borrower, created_at)
VALUES (1, DATE '2025-01-01', 0, 0, 0, true, true, TIMESTAMPTZ '2025-01-01 00:00:00+08');

-- referral_rewards: one row per referred customer and referrer, written in the referred customer's
-- first disbursement (the drawdown's transaction); the referrer's row (distributed by customer_id =
-- the referrer, co-located with the loans), so the caps count and the payment credit one customer.
-- status PAID (credited to the referrer's demand account, core_txn_id, with its journal entry),
-- PENDING (the referrer's account could not take the credit; paid again by the parameter manager),
-- REJECTED (reason: CAP_MONTH, CAP_YEAR, SELF_REFERRAL, EXISTING_BORROWER, NO_REWARD).
CREATE SEQUENCE referral_rewards_id_seq AS bigint;
CREATE TABLE referral_rewards (
  customer_id bigint NOT NULL,
  id bigint NOT NULL,
  referred_customer_id bigint NOT NULL,
  application_id bigint NOT NULL,
  loan_id bigint NOT NULL,
  business_date date NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  status text NOT NULL CHECK (status IN ('PENDING', 'PAID', 'REJECTED')),
  reason text CHECK (reason IN ('CAP_MONTH', 'CAP_YEAR', 'SELF_REFERRAL', 'EXISTING_BORROWER', 'NO_REWARD', 'ACCOUNT_NOT_ACTIVE')),
  params_version integer NOT NULL,
  branch_id bigint NOT NULL,
  core_txn_id bigint,
  paid_on date,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, id),
  CONSTRAINT referral_rewards_once UNIQUE (customer_id, referred_customer_id),
  CONSTRAINT referral_rewards_status_reason_check CHECK (
    (status = 'REJECTED' AND reason IN ('CAP_MONTH', 'CAP_YEAR', 'SELF_REFERRAL', 'EXISTING_BORROWER', 'NO_REWARD'))
    OR (status = 'PENDING' AND (reason IS NULL OR reason = 'ACCOUNT_NOT_ACTIVE'))
    OR (status = 'PAID' AND reason IS NULL AND core_txn_id IS NOT NULL AND paid_on IS NOT NULL))
);
CREATE INDEX referral_rewards_date_idx ON referral_rewards (business_date, customer_id);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('referral_param_versions', 'reference', NULL),
  ('referral_rewards', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
