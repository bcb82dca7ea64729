-- Customers: the profile collected or corrected by credit staff (issue 13 §5, AB角). A change takes
-- effect only when a second credit staff member approves it through review (change type
-- CUSTOMER_PROFILE); every field it changes is kept in customer_profile_history.
--
-- New profile columns on customers. The spouse's name is personal data: encrypted at rest (FieldCrypto
-- text) with a masked form for staff views, like the customer's own name. Residence, occupation and
-- monthly income already exist (0011).
ALTER TABLE customers ADD COLUMN employer text;
ALTER TABLE customers ADD COLUMN marital_status text;
ALTER TABLE customers ADD COLUMN dependants integer;
ALTER TABLE customers ADD COLUMN spouse_name_enc text;
ALTER TABLE customers ADD COLUMN spouse_name_masked text;
ALTER TABLE customers ADD COLUMN collateral_notes text;
ALTER TABLE customers ADD CONSTRAINT customers_marital_status_check
  CHECK (marital_status IS NULL OR marital_status IN ('SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED'));
ALTER TABLE customers ADD CONSTRAINT customers_dependants_check CHECK (dependants IS NULL OR dependants BETWEEN 0 AND 20);
ALTER TABLE customers ADD CONSTRAINT customers_spouse_name_check CHECK ((spouse_name_enc IS NULL) = (spouse_name_masked IS NULL));

-- One pending profile change per customer: the row exists from submission until approval or
-- rejection (its primary key refuses a second one). changes holds the change set as submitted, with
-- personal values encrypted, so a checker holding pii:unmask can see them whole (audited).
CREATE TABLE customer_profile_pending (
  customer_id bigint NOT NULL,
  review_request_id bigint NOT NULL,
  changes jsonb NOT NULL,
  maker_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id)
);

-- The history of every profile field: one row per field changed by an approved change. Personal
-- values are kept encrypted (before_enc / after_enc) and shown masked (before_display / after_display);
-- other fields are shown as they are (before_enc / after_enc null).
CREATE SEQUENCE customer_profile_history_id_seq AS bigint;
CREATE TABLE customer_profile_history (
  customer_id bigint NOT NULL,
  id bigint NOT NULL,
  field text NOT NULL,
  personal boolean NOT NULL,
  before_display text,
  after_display text,
  before_enc text,
  after_enc text,
  maker_id bigint NOT NULL,
  checker_id bigint NOT NULL,
  review_request_id bigint NOT NULL,
  business_date date NOT NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, id),
  CONSTRAINT customer_profile_history_personal_check CHECK (personal OR (before_enc IS NULL AND after_enc IS NULL))
);
CREATE INDEX customer_profile_history_request_idx ON customer_profile_history (customer_id, review_request_id);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('customer_profile_pending', 'distributed', 'customer_id', 'customers'),
  ('customer_profile_history', 'distributed', 'customer_id', 'customers');
SELECT huinong_citus_apply();
