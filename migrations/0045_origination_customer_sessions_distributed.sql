-- Origination: customer sessions of the mobile page distributed by their token's hash (issue 12 §6).
-- customer_sessions was a reference table, so every portal login (insert) and logout (revoked_at) wrote
-- to every node in a two-phase commit. Every statement on it names one token_hash (the login's insert,
-- each request's lookup, the logout), its primary key already, so the table is distributed by it (a
-- co-location group of its own: nothing joins it) and each of them goes to one shard. It refers to no
-- table and none refers to it; its columns, key, defaults and index stay as 0018 made them.
--
-- Citus cannot turn a reference table into a distributed one in place: as 0038 did, the rows are copied
-- aside, the table recreated as 0018 made it, the rows put back, and huinong_citus_apply() distributes
-- it. On PGlite and PostgreSQL the apply step does nothing.
CREATE TABLE customer_sessions_0018 AS SELECT * FROM customer_sessions;

DROP TABLE customer_sessions;

CREATE TABLE customer_sessions (
  token_hash text PRIMARY KEY,
  customer_id bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  client_ip text
);
CREATE INDEX customer_sessions_customer_idx ON customer_sessions (customer_id);

INSERT INTO customer_sessions (token_hash, customer_id, created_at, expires_at, revoked_at, client_ip)
SELECT token_hash, customer_id, created_at, expires_at, revoked_at, client_ip FROM customer_sessions_0018;

DROP TABLE customer_sessions_0018;

UPDATE citus_table_kinds SET kind = 'distributed', distribution_column = 'token_hash', colocate_with = 'none'
 WHERE table_name = 'customer_sessions';
SELECT huinong_citus_apply();
