-- Early-warning rules (预警规则) and their evaluation at end-of-day (docs/risk.md "Warning rules").
--
-- warning_rule_versions: the catalogue's settings (each rule: enabled, colour(s), thresholds) as one
-- jsonb document per version, versioned by effective business date like the servicing parameters: the
-- version in force on D is the one with the latest effective_date <= D (the highest version on a tie).
-- Changed only through review (change type WARNING_RULES). Before the first version the defaults in
-- src/modules/warning/rules.ts apply (version 0). Bank-wide settings: a reference table under Citus.
CREATE TABLE warning_rule_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  effective_date date NOT NULL,
  rules jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'array'),
  -- the approved change request that made this version
  review_request_id bigint,
  created_at timestamptz NOT NULL
);
CREATE INDEX warning_rule_versions_date_idx ON warning_rule_versions (effective_date, version);

-- warning_firings: one row per rule firing per customer per business date (the WARN step writes a
-- partition's rows of D whole: delete-then-insert), with its evidence. No row when nothing fires.
-- subject tells firings of one rule apart (a loan id, a list entry id, a guarantee, a line, a
-- certificate; '' for a customer-level rule). Keyed by date then customer, as the end-of-day
-- partitions read it (a range of the key per partition). Customer-owned: distributed by customer_id.
CREATE TABLE warning_firings (
  business_date date NOT NULL,
  customer_id bigint NOT NULL,
  rule_code text NOT NULL,
  subject text NOT NULL DEFAULT '',
  level text NOT NULL,
  evidence jsonb NOT NULL,
  PRIMARY KEY (business_date, customer_id, rule_code, subject),
  CONSTRAINT warning_firings_level CHECK (level IN ('YELLOW', 'ORANGE', 'RED')),
  CONSTRAINT warning_firings_evidence_object CHECK (jsonb_typeof(evidence) = 'object')
);

-- warning_line_usage: per credit line, since when its usage has been above the LINE_USAGE threshold
-- (NULL: not above on the last evaluation). The WARN step updates it set-based each day instead of
-- reading the lines' history; as_of is the business date of the last evaluation and prev_* the state
-- before it, so that a re-run of the same day computes from the same starting point.
CREATE TABLE warning_line_usage (
  customer_id bigint NOT NULL,
  credit_line_id bigint NOT NULL,
  as_of date NOT NULL,
  high_since date,
  prev_as_of date,
  prev_high_since date,
  PRIMARY KEY (customer_id, credit_line_id)
);

-- warning_contact_lost: customers an officer has marked 联系不上 (contact lost); clearing deletes the
-- row (both audited). Customer-owned: distributed by customer_id.
CREATE TABLE warning_contact_lost (
  customer_id bigint NOT NULL PRIMARY KEY,
  marked_on date NOT NULL,
  note text NOT NULL,
  marked_by bigint NOT NULL,
  marked_at timestamptz NOT NULL,
  CONSTRAINT warning_contact_lost_note CHECK (length(note) BETWEEN 1 AND 500)
);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('warning_rule_versions', 'reference', NULL),
  ('warning_firings', 'distributed', 'customer_id'),
  ('warning_line_usage', 'distributed', 'customer_id'),
  ('warning_contact_lost', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
