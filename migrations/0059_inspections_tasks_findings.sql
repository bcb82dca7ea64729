-- Post-loan inspections (贷后检查, issue 13 §4): routine checks the end-of-day step INSPECT schedules
-- from the product parameters, special inspections (专项检查) as campaigns, findings (问题) with their
-- rectification, AB verification and escalation, and each finding's timeline.
--
-- Tasks, findings and their events are the customer's rows: distributed by customer_id, co-located with
-- loans, customer_id in every key. Campaigns are a few rows a year, read beside every shard: reference.
-- Instants come from the kernel clock (parameters), never now().

CREATE SEQUENCE inspection_ids AS bigint;

CREATE TABLE inspection_campaigns (
  id bigint NOT NULL DEFAULT nextval('inspection_ids') PRIMARY KEY,
  name text NOT NULL,
  purpose text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  -- the typed selection filter (inspections.contract.ts campaignCriteria), as submitted
  criteria jsonb NOT NULL,
  -- null: every matching loan; else this many, chosen by md5(seed || loan id)
  sample_size integer,
  seed text NOT NULL,
  inspector_ids bigint[] NOT NULL,
  -- [{code, text}]: the items every task of the campaign answers
  checklist jsonb NOT NULL,
  matched_count integer NOT NULL,
  task_count integer NOT NULL,
  branch_id bigint NOT NULL,
  created_by bigint NOT NULL,
  created_on date NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT inspection_campaigns_period_check CHECK (period_from <= period_to),
  CONSTRAINT inspection_campaigns_sample_check CHECK (sample_size IS NULL OR sample_size > 0),
  CONSTRAINT inspection_campaigns_inspectors_check CHECK (cardinality(inspector_ids) > 0)
);

CREATE TABLE inspection_tasks (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('inspection_ids'),
  loan_id bigint NOT NULL,
  kind text NOT NULL,
  campaign_id bigint,
  -- ROUTINE: the n-th routine check of the loan (first N days after disbursement, then every M days)
  routine_seq integer,
  scheduled_on date NOT NULL,
  due_date date NOT NULL,
  branch_id bigint NOT NULL,
  officer_id bigint,
  inspector_id bigint,
  status text NOT NULL DEFAULT 'OPEN',
  checklist jsonb NOT NULL,
  answers jsonb,
  result text,
  notes text,
  done_on date,
  done_by bigint,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, id),
  -- one routine task per (loan, n) and one campaign task per (campaign, loan): a rerun inserts nothing
  CONSTRAINT inspection_tasks_routine_key UNIQUE (customer_id, loan_id, routine_seq),
  CONSTRAINT inspection_tasks_campaign_key UNIQUE (customer_id, campaign_id, loan_id),
  CONSTRAINT inspection_tasks_kind_check CHECK (
    (kind = 'ROUTINE' AND routine_seq IS NOT NULL AND campaign_id IS NULL)
    OR (kind = 'SPECIAL' AND campaign_id IS NOT NULL AND routine_seq IS NULL)),
  CONSTRAINT inspection_tasks_status_check CHECK (status IN ('OPEN', 'DONE', 'OVERDUE')),
  CONSTRAINT inspection_tasks_result_check CHECK (result IS NULL OR result IN ('NORMAL', 'FINDINGS')),
  CONSTRAINT inspection_tasks_done_check CHECK ((status = 'DONE') = (done_on IS NOT NULL AND result IS NOT NULL))
);
CREATE INDEX inspection_tasks_id_idx ON inspection_tasks (id);
CREATE INDEX inspection_tasks_inspector_idx ON inspection_tasks (inspector_id, status);
CREATE INDEX inspection_tasks_open_idx ON inspection_tasks (customer_id, due_date) WHERE status = 'OPEN';
CREATE INDEX inspection_tasks_campaign_idx ON inspection_tasks (campaign_id) WHERE campaign_id IS NOT NULL;

CREATE TABLE inspection_findings (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('inspection_ids'),
  task_id bigint NOT NULL,
  loan_id bigint NOT NULL,
  campaign_id bigint,
  branch_id bigint NOT NULL,
  officer_id bigint,
  severity text NOT NULL,
  description text NOT NULL,
  responsible_staff_id bigint NOT NULL,
  -- rectify by deadline (business days after recording); past it escalate to the branch head, and past
  -- head_office_on to head office
  deadline date NOT NULL,
  head_office_on date NOT NULL,
  status text NOT NULL DEFAULT 'OPEN',
  escalation text NOT NULL DEFAULT 'NONE',
  escalated_on date,
  recorded_by bigint NOT NULL,
  recorded_on date NOT NULL,
  rectification text,
  rectified_by bigint,
  rectified_on date,
  verified_by bigint,
  verified_on date,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, id),
  CONSTRAINT inspection_findings_task_fk FOREIGN KEY (customer_id, task_id) REFERENCES inspection_tasks (customer_id, id),
  CONSTRAINT inspection_findings_severity_check CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),
  CONSTRAINT inspection_findings_status_check CHECK (status IN ('OPEN', 'RECTIFIED', 'VERIFIED', 'REOPENED')),
  CONSTRAINT inspection_findings_escalation_check CHECK (escalation IN ('NONE', 'BRANCH_HEAD', 'HEAD_OFFICE')),
  CONSTRAINT inspection_findings_deadline_check CHECK (deadline <= head_office_on),
  -- AB: the verifier is neither the recorder nor the rectifier
  CONSTRAINT inspection_findings_ab_check CHECK (verified_by IS NULL OR (verified_by <> recorded_by AND verified_by <> rectified_by))
);
CREATE INDEX inspection_findings_id_idx ON inspection_findings (id);
CREATE INDEX inspection_findings_task_idx ON inspection_findings (customer_id, task_id);
CREATE INDEX inspection_findings_campaign_idx ON inspection_findings (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX inspection_findings_open_idx ON inspection_findings (customer_id, deadline) WHERE status IN ('OPEN', 'REOPENED');

-- A finding's timeline. level and deadline are set for ESCALATED only: one escalation per (level,
-- deadline), so a rerun of the step records none twice (other kinds have NULLs, never equal).
CREATE TABLE inspection_finding_events (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('inspection_ids'),
  finding_id bigint NOT NULL,
  kind text NOT NULL,
  level text,
  deadline date,
  actor_id bigint,
  note text,
  business_date date NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, id),
  CONSTRAINT inspection_finding_events_escalation_key UNIQUE (customer_id, finding_id, level, deadline),
  CONSTRAINT inspection_finding_events_kind_check CHECK (kind IN ('RECORDED', 'RECTIFIED', 'VERIFIED', 'REOPENED', 'ESCALATED')),
  CONSTRAINT inspection_finding_events_level_check CHECK (
    (kind = 'ESCALATED' AND level IN ('BRANCH_HEAD', 'HEAD_OFFICE') AND deadline IS NOT NULL)
    OR (kind <> 'ESCALATED' AND level IS NULL))
);
CREATE INDEX inspection_finding_events_finding_idx ON inspection_finding_events (customer_id, finding_id);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('inspection_campaigns', 'reference', NULL),
  ('inspection_tasks', 'distributed', 'customer_id'),
  ('inspection_findings', 'distributed', 'customer_id'),
  ('inspection_finding_events', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
