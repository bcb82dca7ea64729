-- The head of the audit chain: the last record's seq and hash, in one row. An appender locks it
-- (SELECT … FOR UPDATE), which serialises appenders as the advisory lock did and hands over the
-- previous record's seq and hash without reading the log; the same statement that inserts the new
-- records moves the head to the last of them. Held from the append to the commit, as before.
CREATE TABLE audit_chain_head (
  id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT audit_chain_head_single_row CHECK (id = 1),
  seq bigint NOT NULL CONSTRAINT audit_chain_head_seq_non_negative CHECK (seq >= 0),
  hash text NOT NULL CONSTRAINT audit_chain_head_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$')
);

INSERT INTO audit_chain_head (id, seq, hash)
SELECT 1,
       coalesce((SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), 0),
       coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), repeat('0', 64));

INSERT INTO citus_table_kinds (table_name, kind) VALUES ('audit_chain_head', 'reference');
SELECT huinong_citus_apply();
