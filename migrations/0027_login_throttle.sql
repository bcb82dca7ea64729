-- Login throttling per (username, client address): failed attempts from one address slow down that
-- address only, so that nobody elsewhere can lock the real user out of their account. The key is a
-- hash of the lower-cased username and the address; unknown usernames are throttled exactly like
-- known ones (the answer never says whether a name exists). An administrator's unlock deletes a
-- username's rows for every address.
CREATE TABLE login_throttle (
  key_hash text PRIMARY KEY CONSTRAINT login_throttle_key_hex CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  username text NOT NULL,
  failures integer NOT NULL DEFAULT 0 CONSTRAINT login_throttle_failures_non_negative CHECK (failures >= 0),
  window_started_at timestamptz NOT NULL,
  blocked_until timestamptz
);
CREATE INDEX login_throttle_username ON login_throttle (username);

INSERT INTO citus_table_kinds (table_name, kind) VALUES ('login_throttle', 'reference');
SELECT huinong_citus_apply();
