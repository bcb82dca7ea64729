-- NPL collection 一户一策 (issue 13 §6, docs/risk.md "NPL collection and write-off"): one case per
-- customer with a loan classified 次级 or worse, opened and closed by end-of-day's COLLECT step; its
-- plans (reviewed: change type COLLECTION_PLAN), actions, promises to pay and recoveries.
-- Every table is customer-owned: distributed by customer_id, co-located with loans, customer_id in
-- every key. Ids come from one sequence, unique bank-wide (the key still carries customer_id).
CREATE SEQUENCE collection_ids AS bigint;

CREATE TABLE collection_cases (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('collection_ids'),
  branch_id bigint NOT NULL,
  officer_id bigint,
  -- the branch head who leads the case (null when the branch has none)
  lead_staff_id bigint,
  status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
  opened_on date NOT NULL,
  closed_on date,
  -- why the step closed it: SETTLED, UPGRADED, WRITTEN_OFF or a mix (NO_NPL_BALANCE)
  close_reason text,
  created_at timestamptz NOT NULL,
  CONSTRAINT collection_cases_pkey PRIMARY KEY (customer_id, id),
  CONSTRAINT collection_cases_closed CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL))
);
-- one open case per customer
CREATE UNIQUE INDEX collection_cases_open_key ON collection_cases (customer_id) WHERE status = 'OPEN';
CREATE INDEX collection_cases_id_idx ON collection_cases (id);

CREATE TABLE collection_plans (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('collection_ids'),
  case_id bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'SUPERSEDED')),
  -- [{ method, targetAmountFen, targetDate, note }]
  methods jsonb NOT NULL,
  summary text NOT NULL,
  proposed_by bigint NOT NULL,
  -- business dates of the submission and of the decision (the timeline's dates)
  submitted_on date NOT NULL,
  review_request_id bigint,
  approved_by bigint,
  decided_on date,
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  CONSTRAINT collection_plans_pkey PRIMARY KEY (customer_id, id)
);
CREATE INDEX collection_plans_case_idx ON collection_plans (customer_id, case_id);

CREATE TABLE collection_actions (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('collection_ids'),
  case_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('CALL', 'VISIT', 'DEMAND_LETTER', 'LAWSUIT_FILED', 'JUDGMENT', 'ENFORCEMENT')),
  action_date date NOT NULL,
  text text NOT NULL,
  outcome text NOT NULL,
  staff_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT collection_actions_pkey PRIMARY KEY (customer_id, id)
);
CREATE INDEX collection_actions_case_idx ON collection_actions (customer_id, case_id);

CREATE TABLE collection_promises (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('collection_ids'),
  case_id bigint NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  -- the business date the promise was made: repayments from this date count towards it
  made_on date NOT NULL,
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'KEPT', 'BROKEN')),
  paid_fen bigint NOT NULL DEFAULT 0,
  resolved_on date,
  staff_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT collection_promises_pkey PRIMARY KEY (customer_id, id),
  CONSTRAINT collection_promises_dates CHECK (due_date >= made_on)
);
CREATE INDEX collection_promises_pending_idx ON collection_promises (customer_id, case_id) WHERE status = 'PENDING';

-- What came back on a case: repayments of its loans (linked to the repayment, recorded by COLLECT)
-- and recoveries after write-off (recorded by the command, with their journal entry).
CREATE TABLE collection_recoveries (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('collection_ids'),
  case_id bigint NOT NULL,
  loan_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('REPAYMENT', 'AFTER_WRITE_OFF')),
  repayment_id bigint,
  source text,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  business_date date NOT NULL,
  entry_id bigint,
  idempotency_key text,
  staff_id bigint,
  created_at timestamptz NOT NULL,
  CONSTRAINT collection_recoveries_pkey PRIMARY KEY (customer_id, id),
  CONSTRAINT collection_recoveries_repayment_key UNIQUE (customer_id, repayment_id),
  CONSTRAINT collection_recoveries_idempotency_key UNIQUE (customer_id, idempotency_key),
  CONSTRAINT collection_recoveries_kind CHECK ((kind = 'REPAYMENT') = (repayment_id IS NOT NULL))
);
CREATE INDEX collection_recoveries_case_idx ON collection_recoveries (customer_id, case_id);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('collection_cases', 'distributed', 'customer_id'),
  ('collection_plans', 'distributed', 'customer_id'),
  ('collection_actions', 'distributed', 'customer_id'),
  ('collection_promises', 'distributed', 'customer_id'),
  ('collection_recoveries', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
