-- Online origination: customer sessions, applications, consents, referrals, credit lines, guarantees,
-- pledges, drawdowns, pre-credit cards and the 543 service events. Customer-owned tables carry
-- customer_id in every primary key and unique constraint (Citus distribution column).

-- Customer sessions are found by token alone: a reference-style table keyed by the token hash.
CREATE TABLE customer_sessions (
  token_hash text PRIMARY KEY,
  customer_id bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  client_ip text
);
CREATE INDEX customer_sessions_customer_idx ON customer_sessions (customer_id);

CREATE SEQUENCE origination_ids;

CREATE TABLE applications (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('origination_ids'),
  product_code text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('SELF_SERVICE', 'OFFICER_ASSISTED', 'OFFICER_QR', 'PRE_CREDIT_CARD', 'REFERRAL')),
  status text NOT NULL CHECK (status IN ('SUBMITTED', 'APPROVED', 'DECLINED', 'REFERRED', 'MANUAL_REVIEW', 'PENDING_GUARANTEE', 'CANCELLED')),
  requested_amount_fen bigint NOT NULL CHECK (requested_amount_fen > 0),
  term_months integer NOT NULL,
  repayment_method text NOT NULL,
  decision_id bigint,
  outcome text,
  grade text,
  score integer,
  approved_limit_fen bigint,
  annual_rate_pct numeric(9, 4),
  reasons jsonb NOT NULL DEFAULT '[]',
  officer_id bigint,
  branch_id bigint NOT NULL,
  referrer_customer_id bigint,
  card_code text,
  pledge_cd_nos jsonb NOT NULL DEFAULT '[]',
  deadline_at timestamptz,
  decided_by bigint,
  decided_comment text,
  manual_review_reason text,
  credit_line_id bigint,
  business_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id)
);
-- One open application per customer and product.
CREATE UNIQUE INDEX applications_one_open ON applications (customer_id, product_code)
  WHERE status IN ('SUBMITTED', 'REFERRED', 'MANUAL_REVIEW', 'PENDING_GUARANTEE');
CREATE INDEX applications_status_idx ON applications (status, deadline_at);
CREATE INDEX applications_branch_idx ON applications (branch_id, created_at);
-- Applications are addressed by id in the API: a small routing index (reference-style).
CREATE TABLE application_index (id bigint PRIMARY KEY, customer_id bigint NOT NULL);

CREATE TABLE application_consents (
  customer_id bigint NOT NULL,
  application_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('CREDIT_INQUIRY', 'AUTOMATED_DECISION', 'PERSONAL_INFORMATION')),
  text_version text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  client_ip text,
  PRIMARY KEY (customer_id, application_id, kind)
);

CREATE TABLE credit_lines (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('origination_ids'),
  application_id bigint NOT NULL,
  product_code text NOT NULL,
  product_kind text NOT NULL,
  limit_fen bigint NOT NULL CHECK (limit_fen > 0),
  available_fen bigint NOT NULL CHECK (available_fen >= 0),
  revolving boolean NOT NULL,
  annual_rate_pct numeric(9, 4) NOT NULL,
  max_term_months integer NOT NULL,
  status text NOT NULL CHECK (status IN ('ACTIVE', 'FROZEN', 'CLOSED', 'EXPIRED')),
  opened_on date NOT NULL,
  expiry_date date NOT NULL,
  branch_id bigint NOT NULL,
  officer_id bigint,
  freeze_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id),
  CONSTRAINT credit_lines_available_within_limit CHECK (available_fen <= limit_fen)
);
CREATE TABLE credit_line_index (id bigint PRIMARY KEY, customer_id bigint NOT NULL);
CREATE INDEX credit_lines_branch_idx ON credit_lines (branch_id, status);

CREATE TABLE guarantees (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('origination_ids'),
  application_id bigint NOT NULL,
  guarantor_customer_id bigint NOT NULL,
  guarantor_name_masked text NOT NULL,
  token_hash text NOT NULL,
  status text NOT NULL CHECK (status IN ('INVITED', 'CONFIRMED', 'CANCELLED')),
  text_version text NOT NULL,
  confirmed_at timestamptz,
  confirm_ip text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id),
  CONSTRAINT guarantees_not_self CHECK (guarantor_customer_id <> customer_id)
);
CREATE TABLE guarantee_tokens (token_hash text PRIMARY KEY, customer_id bigint NOT NULL, guarantee_id bigint NOT NULL);

CREATE TABLE pledges (
  customer_id bigint NOT NULL,
  credit_line_id bigint NOT NULL,
  cd_no text NOT NULL,
  principal_fen bigint NOT NULL,
  maturity_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('PLEDGED', 'RELEASED')),
  pledged_on date NOT NULL,
  released_on date,
  PRIMARY KEY (customer_id, credit_line_id, cd_no)
);

CREATE TABLE drawdowns (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('origination_ids'),
  credit_line_id bigint NOT NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  loan_id bigint,
  response jsonb NOT NULL,
  business_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, id),
  CONSTRAINT drawdowns_idempotency_key UNIQUE (customer_id, idempotency_key)
);

CREATE TABLE pre_credit_cards (
  card_code text PRIMARY KEY,
  id_number_hash text NOT NULL,
  name_masked text NOT NULL,
  product_code text NOT NULL,
  limit_fen bigint NOT NULL CHECK (limit_fen > 0),
  valid_until date NOT NULL,
  status text NOT NULL CHECK (status IN ('ISSUED', 'ACTIVATED', 'CANCELLED')),
  issued_by bigint NOT NULL,
  branch_id bigint NOT NULL,
  activated_customer_id bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- 543 service standard: the moments it is measured by (wall-clock time: it measures minutes).
CREATE TABLE service_events (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('origination_ids'),
  kind text NOT NULL CHECK (kind IN ('LOCK', 'RECOMMEND', 'SUBMIT', 'DISBURSE')),
  officer_id bigint,
  branch_id bigint,
  application_id bigint,
  product_code text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  business_date date NOT NULL,
  PRIMARY KEY (customer_id, id)
);
CREATE INDEX service_events_officer_idx ON service_events (officer_id, occurred_at);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('customer_sessions', 'reference', NULL, NULL),
  ('application_index', 'reference', NULL, NULL),
  ('credit_line_index', 'reference', NULL, NULL),
  ('guarantee_tokens', 'reference', NULL, NULL),
  ('pre_credit_cards', 'reference', NULL, NULL),
  ('applications', 'distributed', 'customer_id', NULL),
  ('application_consents', 'distributed', 'customer_id', 'applications'),
  ('credit_lines', 'distributed', 'customer_id', 'applications'),
  ('guarantees', 'distributed', 'customer_id', 'applications'),
  ('pledges', 'distributed', 'customer_id', 'applications'),
  ('drawdowns', 'distributed', 'customer_id', 'applications'),
  ('service_events', 'distributed', 'customer_id', 'applications');
SELECT huinong_citus_apply();
