-- Customers (客户): one row per person, whatever product or channel brought them in. Name, ID number
-- and mobile are encrypted at rest (AES-GCM text from FieldCrypto) with a keyed lookup hash for exact
-- search and de-duplication; lists read name_masked and never decrypt the name. Birth date, sex and
-- region are derived from the ID number when the customer is first registered.
--
-- customers is the root customer-owned table: its id IS the customer_id that every other
-- customer-owned table carries, and the Citus distribution column. Ids come from a sequence (not an
-- identity column) so ensureCustomer can claim the ID number before the customer row exists.
CREATE SEQUENCE customer_id_seq;

CREATE TABLE customers (
  id bigint NOT NULL,
  kind text NOT NULL DEFAULT 'INDIVIDUAL',
  name_enc text NOT NULL,
  name_hash text NOT NULL,
  name_masked text NOT NULL,
  id_number_enc text NOT NULL,
  id_number_hash text NOT NULL,
  mobile_enc text NOT NULL,
  mobile_hash text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL,
  region_code text NOT NULL,
  residence text,
  occupation text,
  monthly_income_fen bigint,
  credit_code text,
  business_name text,
  officer_id bigint,
  branch_id bigint NOT NULL,
  first_seen_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id),
  CONSTRAINT customers_kind_check CHECK (kind IN ('INDIVIDUAL', 'INDIVIDUAL_BUSINESS')),
  CONSTRAINT customers_sex_check CHECK (sex IN ('M', 'F')),
  CONSTRAINT customers_region_check CHECK (region_code ~ '^[0-9]{6}$'),
  CONSTRAINT customers_income_check CHECK (monthly_income_fen IS NULL OR monthly_income_fen >= 0),
  -- an individual business (个体工商户) carries its unified social credit code and name; a person does not
  CONSTRAINT customers_business_check CHECK (
    (kind = 'INDIVIDUAL' AND credit_code IS NULL AND business_name IS NULL)
    OR (kind = 'INDIVIDUAL_BUSINESS' AND credit_code ~ '^[0-9A-HJ-NP-RTUW-Y]{18}$' AND length(business_name) > 0)
  )
);
-- Not unique here: under Citus a unique index must contain the distribution column (id). The
-- one-customer-per-ID rule lives in customer_identities below.
CREATE INDEX customers_id_number_hash_idx ON customers (id_number_hash);
CREATE INDEX customers_mobile_hash_idx ON customers (mobile_hash);
CREATE INDEX customers_name_hash_idx ON customers (name_hash);
CREATE INDEX customers_branch_idx ON customers (branch_id, id);
CREATE INDEX customers_officer_idx ON customers (officer_id, id);

-- One customer per resident ID number. The claim row is inserted first (ON CONFLICT DO NOTHING), so
-- two simultaneous first applications with the same ID end with one customer: the loser waits for
-- the winner's commit and re-reads. Under Citus the table is distributed by id_number_hash, its own
-- primary key (not co-located with customers): the uniqueness check and the lookup by hash each touch
-- one shard, and a new customer costs a single-shard write instead of the all-node write a
-- reference table would need.
CREATE TABLE customer_identities (
  id_number_hash text PRIMARY KEY,
  customer_id bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('customers', 'distributed', 'id', NULL),
  ('customer_identities', 'distributed', 'id_number_hash', 'none');
SELECT huinong_citus_apply();
