-- Account numbers name one account across the bank. core_demand_accounts is distributed by customer_id,
-- so a unique index on account_no alone cannot exist there; opening an account used to check the number
-- with a NOT EXISTS over every customer's rows (every shard on Citus) and nothing stopped two
-- transactions taking the same number at once. The directory holds each number once, under its own
-- primary key: a new number is claimed by inserting it (ON CONFLICT DO NOTHING: taken, draw another),
-- which is one row on one shard on Citus and a real uniqueness guarantee on every engine; imports read
-- who holds a number from it. Written by the core module only, in the transaction that writes the account.
CREATE TABLE core_account_numbers (
  account_no text PRIMARY KEY,
  customer_id bigint NOT NULL,
  CONSTRAINT core_account_numbers_no_digits CHECK (account_no ~ '^[0-9]{12,30}$')
);

-- Every existing account's number (a number two customers held before — possible only through an
-- import that raced — keeps its first holder; the other account stays, as it was, outside the directory).
INSERT INTO core_account_numbers (account_no, customer_id)
SELECT DISTINCT ON (account_no) account_no, customer_id FROM core_demand_accounts ORDER BY account_no, created_at, customer_id;

INSERT INTO citus_table_kinds (table_name, kind, distribution_column, colocate_with) VALUES
  ('core_account_numbers', 'distributed', 'account_no', 'none');
SELECT huinong_citus_apply();
