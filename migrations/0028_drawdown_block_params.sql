-- Drawdown block (逾期禁止用信): when a customer's loans stop them from drawing again — past due beyond
-- grace_days and tolerated_past_due_fen, or classified worse than worst_class_allowed. A servicing
-- parameter, bank-wide (a reference table under Citus), changed only through review
-- (DRAWDOWN_BLOCK_PARAMS); the highest version is in force from its approval on.
-- Default (version 1): any amount past due blocks, and so does any loan classified 次级 or worse.
CREATE TABLE drawdown_block_param_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  grace_days integer NOT NULL CHECK (grace_days BETWEEN 0 AND 30),
  tolerated_past_due_fen bigint NOT NULL CHECK (tolerated_past_due_fen BETWEEN 0 AND 100000),
  worst_class_allowed text NOT NULL CHECK (worst_class_allowed IN ('NORMAL', 'SPECIAL_MENTION')),
  -- the approved change request that made this version; NULL for the seeded first version
  review_request_id bigint,
  created_at timestamptz NOT NULL
);

INSERT INTO drawdown_block_param_versions (version, grace_days, tolerated_past_due_fen, worst_class_allowed, created_at)
VALUES (1, 0, 0, 'SPECIAL_MENTION', TIMESTAMPTZ '2025-01-01 00:00:00+08');

INSERT INTO citus_table_kinds (table_name, kind) VALUES ('drawdown_block_param_versions', 'reference');
SELECT huinong_citus_apply();
