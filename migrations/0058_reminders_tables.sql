-- Repayment reminders (还款提醒, issue 13 §3): SMS before a due date, on it, and after it by the
-- customer's warning colour, prepared by the end-of-day step REMIND and queued in the SMS outbox.
--
-- reminder_param_versions: the bank's reminder parameters (days before, on-due switch, overdue
-- frequency per colour, templates per kind, quiet hours) as one jsonb document per version; bank-wide
-- (reference), changed only through review (REMINDER_PARAMS); the highest version is in force from its
-- approval on. Version 1 holds the defaults (docs/risk.md "Reminders").
CREATE TABLE reminder_param_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  params jsonb NOT NULL,
  -- the approved change request that made this version; NULL for the seeded first version
  review_request_id bigint,
  created_at timestamptz NOT NULL
);

INSERT INTO reminder_param_versions (version, params, created_at)
VALUES (1, '{
  "daysBeforeDue": 3,
  "onDue": true,
  "overdueEveryDays": {"YELLOW": 3, "ORANGE": 2, "RED": 1},
  "quietHours": {"start": "21:00", "end": "08:00"},
  "templates": {
    "BEFORE_DUE": "尊敬的{name}：您的{product}将于{dueDate}到期应还{amountDue}元，请提前存足款项。如有疑问请致电{hotline}。",
    "ON_DUE": "尊敬的{name}：今天（{dueDate}）是您{product}的还款日，应还{amountDue}元，请于今日日终前存足款项。如有疑问请致电{hotline}。",
    "OVERDUE_YELLOW": "尊敬的{name}：您的{product}已逾期{daysPastDue}天，逾期金额{amountPastDue}元，请尽快还款，以免影响您的信用记录。如有疑问请致电{hotline}。",
    "OVERDUE_ORANGE": "尊敬的{name}：您的{product}已逾期{daysPastDue}天，逾期金额{amountPastDue}元，已产生罚息并将影响您的信用记录，请立即还款。如有疑问请致电{hotline}。",
    "OVERDUE_RED": "尊敬的{name}：您的{product}已严重逾期{daysPastDue}天，逾期金额{amountPastDue}元，您的授信额度已冻结，请立即还款或联系您的客户经理。咨询电话{hotline}。"
  },
  "hotline": "0537-96588"
}'::jsonb, TIMESTAMPTZ '2025-01-01 00:00:00+08');

-- reminders: one row per loan, kind and business date at most (the end-of-day of D prepares the
-- reminders read on D + 1); the customer's own rows, distributed by customer_id with the loans.
-- status QUEUED: handed to the outbox (outbox_id; its delivery status is the outbox's);
-- SKIPPED_OPT_OUT: the customer had opted out, nothing was sent. No wall-clock column: the step
-- takes its time only from the business date (send_after is the end of quiet hours on D + 1).
CREATE SEQUENCE reminders_id_seq AS bigint;
CREATE TABLE reminders (
  customer_id bigint NOT NULL,
  id bigint NOT NULL,
  loan_id bigint NOT NULL,
  -- the loan's branch and officer on D: the data scope of the staff lists
  branch_id bigint NOT NULL,
  officer_id bigint,
  kind text NOT NULL CHECK (kind IN ('BEFORE_DUE', 'ON_DUE', 'OVERDUE_YELLOW', 'OVERDUE_ORANGE', 'OVERDUE_RED')),
  business_date date NOT NULL,
  due_date date,
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  dpd integer NOT NULL CHECK (dpd >= 0),
  status text NOT NULL CHECK (status IN ('QUEUED', 'SKIPPED_OPT_OUT')),
  outbox_id bigint,
  send_after timestamptz NOT NULL,
  text text NOT NULL,
  params_version integer NOT NULL,
  PRIMARY KEY (customer_id, id),
  CONSTRAINT reminders_once UNIQUE (customer_id, loan_id, kind, business_date),
  CONSTRAINT reminders_outbox_check CHECK ((status = 'QUEUED') = (outbox_id IS NOT NULL))
);
CREATE INDEX reminders_date_idx ON reminders (business_date, customer_id);

-- reminder_opt_outs: a customer's choice about reminder SMS (set on the mobile page by the customer,
-- or recorded by staff, audited). No row = reminders on. Statutory messages (one-time codes) ignore it.
CREATE TABLE reminder_opt_outs (
  customer_id bigint PRIMARY KEY,
  opted_out boolean NOT NULL,
  source text NOT NULL CHECK (source IN ('CUSTOMER', 'STAFF')),
  staff_id bigint,
  reason text,
  updated_at timestamptz NOT NULL
);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('reminder_param_versions', 'reference', NULL),
  ('reminders', 'distributed', 'customer_id'),
  ('reminder_opt_outs', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
