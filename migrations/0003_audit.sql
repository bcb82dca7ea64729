-- Audit: an append-only, hash-chained log of every command (DESIGN §5).
-- A reference-style table (no customer_id): under Citus it is replicated, not distributed.
--
-- Each row's hash is sha256 over a canonical serialisation of the row including prev_hash, the
-- hash of the row before it; the first row's prev_hash is 64 zeros. seq is assigned by the
-- appender (src/modules/audit) under an advisory lock: strictly increasing and gapless, so a
-- deleted row shows as a gap and an edited row as a hash mismatch (`huinong audit verify`).
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
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
  CONSTRAINT audit_log_seq_positive CHECK (seq > 0),
  CONSTRAINT audit_log_action_not_empty CHECK (action <> ''),
  CONSTRAINT audit_log_prev_hash_hex CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT audit_log_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$')
);
-- Listing is newest first, optionally filtered by action, actor or time.
CREATE INDEX audit_log_action_idx ON audit_log (action, seq);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_username, seq);
CREATE INDEX audit_log_actor_id_idx ON audit_log (actor_id, seq);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- Append-only: ordinary UPDATE, DELETE and TRUNCATE are refused. Changing history takes a
-- deliberate ALTER TABLE ... DISABLE TRIGGER (table owner) or superuser work, and even then the
-- hash chain shows it.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $audit$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING HINT = 'Audit records can be added, never changed or removed.';
END;
$audit$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

INSERT INTO citus_table_kinds (table_name, kind) VALUES ('audit_log', 'reference');
SELECT huinong_citus_apply();
