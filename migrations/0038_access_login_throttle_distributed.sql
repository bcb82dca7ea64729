-- Access: login_throttle distributed by its key (issue 12 §6). It was a reference table, so every login
-- wrote to every node in a two-phase commit: a successful login deletes its (username, address) row, a
-- failed one counts there. Every statement on the hot path names one key_hash, so the table is
-- distributed by it (a co-location group of its own: nothing joins it), and a login's throttle statement
-- goes to one shard. The administrator's unlock (DELETE … WHERE username) and the staff list's blocks
-- (SELECT … WHERE username IN …) read every shard, as they are rare. No foreign keys, before or after.
--
-- Citus cannot turn a reference table into a distributed one in place: the rows are copied aside, the
-- table recreated as 0027 made it, the rows put back, and huinong_citus_apply() distributes it.
CREATE TABLE login_throttle_0027 AS SELECT * FROM login_throttle;

DROP TABLE login_throttle;

CREATE TABLE login_throttle (
  key_hash text PRIMARY KEY CONSTRAINT login_throttle_key_hex CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  username text NOT NULL,
  failures integer NOT NULL DEFAULT 0 CONSTRAINT login_throttle_failures_non_negative CHECK (failures >= 0),
  window_started_at timestamptz NOT NULL,
  blocked_until timestamptz
);
CREATE INDEX login_throttle_username ON login_throttle (username);

INSERT INTO login_throttle (key_hash, username, failures, window_started_at, blocked_until)
SELECT key_hash, username, failures, window_started_at, blocked_until FROM login_throttle_0027;

DROP TABLE login_throttle_0027;

UPDATE citus_table_kinds SET kind = 'distributed', distribution_column = 'key_hash', colocate_with = 'none'
 WHERE table_name = 'login_throttle';
SELECT huinong_citus_apply();
