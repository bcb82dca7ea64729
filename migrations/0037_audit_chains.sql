-- Audit: one hash chain per distribution key instead of one for the whole bank (issue 12 §6).
--
-- Until now every audited command locked the one row of audit_chain_head and appended to audit_log, both
-- reference tables: on Citus every command of the cluster queued on that row, and each append was a
-- two-phase commit to every node. Now a record belongs to a chain, chosen from what the command touches
-- (src/modules/audit/chains.ts):
--   chain > 0                   the customer the command touches (the customer's id);
--   chain < 0                   the staff member acting, when no customer is touched (minus the staff id);
--   chain 0                     the system chain: jobs and callers without a staff id — and the whole log
--                               written before this migration, moved here unchanged;
--   chain -9007199254740991     the anchor chain: records of every other chain's head (seq and hash),
--                               written at the end of each business day, so a chain cut at its end and
--                               its head moved back with it is still caught.
-- Each chain has its own head row (audit_chain_heads) and gap-free seq. Both tables are distributed by the
-- chain, co-located with customers: a customer's command appends on the shard that holds the customer's
-- rows, in the same one-node transaction.
--
-- The records of chain 0 keep the canonical form hn-audit-v1 (no chain in the hashed bytes), so the old
-- chain verifies exactly as before; every other chain's records are hashed in hn-audit-v2, which puts the
-- chain's key first (src/modules/audit/canonical.ts).
--
-- Citus cannot turn a reference table into a distributed one in place: the log is copied aside, the table
-- recreated with the chain, the rows put back as chain 0, and huinong_citus_apply() distributes it.
CREATE TABLE audit_log_0003 AS SELECT * FROM audit_log;

DROP TABLE audit_log;

CREATE TABLE audit_log (
  chain bigint NOT NULL,
  seq bigint NOT NULL,
  -- Written by the appender with millisecond precision, so the value round-trips exactly.
  at timestamptz NOT NULL,
  actor_id bigint,
  actor_username text NOT NULL,
  actor_roles text[] NOT NULL DEFAULT '{}',
  action text NOT NULL,
  target_type text,
  target_id text,
  -- Before/after summary of the change; never passwords or plain personal data.
  summary jsonb,
  client_ip text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT audit_log_pkey PRIMARY KEY (chain, seq),
  CONSTRAINT audit_log_seq_positive CHECK (seq > 0),
  CONSTRAINT audit_log_action_not_empty CHECK (action <> ''),
  CONSTRAINT audit_log_prev_hash_hex CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT audit_log_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$')
);

INSERT INTO audit_log (chain, seq, at, actor_id, actor_username, actor_roles, action, target_type, target_id, summary,
                       client_ip, prev_hash, hash)
SELECT 0, seq, at, actor_id, actor_username, actor_roles, action, target_type, target_id, summary, client_ip, prev_hash, hash
  FROM audit_log_0003;

DROP TABLE audit_log_0003;

-- Listing is newest first: at, then chain, then seq, all descending; optionally filtered by action, actor
-- or time (src/modules/audit/audit.service.ts, listAudit).
CREATE INDEX audit_log_at_idx ON audit_log (at, chain, seq);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_username, at);
CREATE INDEX audit_log_actor_id_idx ON audit_log (actor_id, at);

-- Append-only, as 0003: ordinary UPDATE, DELETE and TRUNCATE are refused.
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- The head of each chain: its last seq and hash. An appender locks its chain's row (created at seq 0 by
-- the first append) and moves it in the statement that inserts the records, as 0026 did for the one chain.
-- anchored_seq: the seq the anchor chain last recorded for this chain (0: never).
CREATE TABLE audit_chain_heads (
  chain bigint PRIMARY KEY,
  seq bigint NOT NULL CONSTRAINT audit_chain_heads_seq_non_negative CHECK (seq >= 0),
  hash text NOT NULL CONSTRAINT audit_chain_heads_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$'),
  anchored_seq bigint NOT NULL DEFAULT 0,
  CONSTRAINT audit_chain_heads_anchored_within CHECK (anchored_seq >= 0 AND anchored_seq <= seq)
);

INSERT INTO audit_chain_heads (chain, seq, hash)
SELECT 0, seq, hash FROM audit_chain_head WHERE seq > 0;

DROP TABLE audit_chain_head;

DELETE FROM citus_table_kinds WHERE table_name = 'audit_chain_head';
UPDATE citus_table_kinds SET kind = 'distributed', distribution_column = 'chain', colocate_with = 'customers'
 WHERE table_name = 'audit_log';
INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('audit_chain_heads', 'distributed', 'chain', 'customers');
SELECT huinong_citus_apply();
