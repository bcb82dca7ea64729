-- Pre-credit white lists (预授信白名单, issue 14 §7). A list of people is uploaded as an import of type
-- PRE_CREDIT, run through the credit policy with what is known without an application, and applied when
-- a second person approves it: one batch (its id is the import batch's) and one entry per person.
-- An entry is ACTIVE until it is used by an approved application of the product (USED) or its
-- valid_until passes (read as EXPIRED against the business date; nothing rewrites it); a person the
-- policy did not approve is kept as DECLINED with the reasons.
--
-- Entries are not customer-owned: most people on a white list are not customers yet. On Citus they are
-- distributed by batch_id, co-located with their batch (distributed by its own id, in the default
-- co-location group): a batch is written to one shard; looking a person up by ID-number lookup hash reads every shard through the index.
CREATE TABLE precredit_batches (
  id bigint PRIMARY KEY,
  product_code text NOT NULL,
  policy_version text NOT NULL,
  business_date date NOT NULL,
  valid_until date NOT NULL,
  total_rows integer NOT NULL CHECK (total_rows >= 0),
  approved_rows integer NOT NULL CHECK (approved_rows >= 0),
  limit_total_fen bigint NOT NULL CHECK (limit_total_fen >= 0),
  branch_id bigint NOT NULL,
  maker_id bigint NOT NULL,
  checker_id bigint,
  created_at timestamptz NOT NULL,
  CONSTRAINT precredit_batches_counts CHECK (approved_rows <= total_rows),
  CONSTRAINT precredit_batches_valid_until CHECK (valid_until >= business_date)
);

CREATE TABLE precredit_entries (
  batch_id bigint NOT NULL,
  row_no integer NOT NULL,
  name_masked text NOT NULL,
  id_number_masked text NOT NULL,
  id_number_hash text NOT NULL,
  mobile_masked text NOT NULL,
  mobile_hash text NOT NULL,
  product_code text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('APPROVE', 'DECLINE', 'REFER')),
  grade text,
  score integer,
  limit_fen bigint NOT NULL CHECK (limit_fen >= 0),
  annual_rate_pct numeric(9, 4),
  reasons jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('ACTIVE', 'USED', 'DECLINED')),
  valid_until date NOT NULL,
  branch_id bigint NOT NULL,
  used_application_id bigint,
  used_customer_id bigint,
  used_at timestamptz,
  PRIMARY KEY (batch_id, row_no),
  CONSTRAINT precredit_entries_active_has_limit CHECK (status = 'DECLINED' OR (outcome = 'APPROVE' AND limit_fen > 0)),
  CONSTRAINT precredit_entries_used CHECK ((status = 'USED') = (used_application_id IS NOT NULL))
);
CREATE INDEX precredit_entries_person_idx ON precredit_entries (id_number_hash, product_code, status);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('precredit_batches', 'distributed', 'id', NULL),
  ('precredit_entries', 'distributed', 'batch_id', 'precredit_batches');
SELECT huinong_citus_apply();
