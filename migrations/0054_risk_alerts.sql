-- Risk (预警处置): early-warning alerts, their timelines and the deadline parameters.
--
-- risk_alerts: at most one OPEN alert per customer (risk_alerts_one_open), raised, upgraded, downgraded
-- and closed by the end-of-day step ALERT from the day's warning levels; customer-owned, so distributed by
-- customer_id with the loans and customer_id in every key. level_on is the business date the current
-- level began; due_on the last business day to follow the alert up; escalation who answers for it now
-- (OFFICER → BRANCH_HEAD → HEAD_OFFICE); risk_dept marks an alert the risk department (the head-office
-- inspectors) also works — every alert that has been RED.
CREATE SEQUENCE risk_ids AS bigint;

CREATE TABLE risk_alerts (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('risk_ids'),
  level text NOT NULL,
  rules jsonb NOT NULL,
  status text NOT NULL DEFAULT 'OPEN',
  branch_id bigint NOT NULL,
  officer_id bigint,
  risk_dept boolean NOT NULL DEFAULT false,
  raised_on date NOT NULL,
  level_on date NOT NULL,
  due_on date NOT NULL,
  escalation text NOT NULL DEFAULT 'OFFICER',
  escalated_on date,
  last_follow_up_on date,
  closed_on date,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, id),
  CONSTRAINT risk_alerts_level_check CHECK (level IN ('YELLOW', 'ORANGE', 'RED')),
  CONSTRAINT risk_alerts_status_check CHECK (status IN ('OPEN', 'CLOSED')),
  CONSTRAINT risk_alerts_escalation_check CHECK (escalation IN ('OFFICER', 'BRANCH_HEAD', 'HEAD_OFFICE')),
  CONSTRAINT risk_alerts_closed_check CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL))
);
CREATE UNIQUE INDEX risk_alerts_one_open ON risk_alerts (customer_id) WHERE status = 'OPEN';
CREATE INDEX risk_alerts_due_idx ON risk_alerts (status, due_on, id);

-- risk_alert_events: the alert's timeline, append-only. kind RAISED / UPGRADED / DOWNGRADED / CLOSED /
-- ESCALATED (written by the step, staff_id NULL) or FOLLOW_UP (a staff member: follow_up_kind, text,
-- next_step_on). measure: the automatic measure that came with a level change (HOLD = new drawdowns
-- stopped, FREEZE = lines frozen, LIFT_HOLD = the stop lifted).
CREATE TABLE risk_alert_events (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('risk_ids'),
  alert_id bigint NOT NULL,
  kind text NOT NULL,
  business_date date NOT NULL,
  from_level text,
  level text,
  rules jsonb,
  escalation text,
  measure text,
  follow_up_kind text,
  text text,
  next_step_on date,
  staff_id bigint,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, id),
  CONSTRAINT risk_alert_events_kind_check CHECK (kind IN ('RAISED', 'UPGRADED', 'DOWNGRADED', 'CLOSED', 'ESCALATED', 'FOLLOW_UP')),
  CONSTRAINT risk_alert_events_follow_up_check CHECK (
    follow_up_kind IS NULL OR follow_up_kind IN ('CALL', 'VISIT', 'FINDING', 'MEASURE', 'NEXT_STEP')),
  CONSTRAINT risk_alert_events_measure_check CHECK (measure IS NULL OR measure IN ('HOLD', 'FREEZE', 'LIFT_HOLD'))
);
CREATE INDEX risk_alert_events_alert_idx ON risk_alert_events (customer_id, alert_id, id);
CREATE INDEX risk_alert_events_date_idx ON risk_alert_events (business_date);

-- risk_alert_param_versions: the follow-up deadline of each colour in business days; bank-wide (a
-- reference table), changed only through review (RISK_ALERT_PARAMS); the highest version is in force.
CREATE TABLE risk_alert_param_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  red_days integer NOT NULL CHECK (red_days BETWEEN 1 AND 30),
  orange_days integer NOT NULL CHECK (orange_days BETWEEN 1 AND 30),
  yellow_days integer NOT NULL CHECK (yellow_days BETWEEN 1 AND 30),
  review_request_id bigint,
  created_at timestamptz NOT NULL,
  CONSTRAINT risk_alert_params_order_check CHECK (red_days <= orange_days AND orange_days <= yellow_days)
);
INSERT INTO risk_alert_param_versions (version, red_days, orange_days, yellow_days, created_at)
VALUES (1, 1, 3, 7, TIMESTAMPTZ '2025-01-01 00:00:00+08');

INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('risk_alerts', 'distributed', 'customer_id', NULL),
  ('risk_alert_events', 'distributed', 'customer_id', NULL);
INSERT INTO citus_table_kinds (table_name, kind) VALUES ('risk_alert_param_versions', 'reference');
SELECT huinong_citus_apply();
