-- Marketing SMS opt-outs (退订, issue 14 §3): a mobile that replied TD, or whose owner asked staff, never
-- gets a marketing SMS again (service messages — codes, reminders — are not marketing). Keyed by the
-- mobile's lookup hash: no number in clear. Small and read by every marketing send (reference).
CREATE TABLE sms_opt_outs (
  mobile_hash text PRIMARY KEY,
  source text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT sms_opt_outs_source_check CHECK (source IN ('REPLY_TD', 'STAFF'))
);

INSERT INTO citus_table_kinds (table_name, kind) VALUES ('sms_opt_outs', 'reference');
SELECT huinong_citus_apply();
