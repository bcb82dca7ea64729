-- Ledger (DESIGN §4 "Ledger"): double-entry, append-only. The chart of accounts is reference data;
-- journal entries and their lines are customer-owned (distributed by customer_id under Citus, so an
-- entry and its lines live on the same shard and the balance check below stays local).
--
-- Invariants held by the database, not only by src/modules/ledger:
--   * a line is a debit or a credit, never both, never zero, never negative (CHECK);
--   * an entry is balanced (sum of debits = sum of credits) and has at least two lines: checked at
--     COMMIT by deferred constraint triggers, so lines can be inserted one by one inside the
--     transaction, but an unbalanced entry can never be committed;
--   * entries and lines are append-only: UPDATE, DELETE and TRUNCATE are refused. A correction is a
--     reversal (event_type 'REVERSAL', the mirror of the original), at most one per entry.

CREATE TABLE ledger_accounts (
  code text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  type text NOT NULL,
  normal_side char(1) NOT NULL,
  CONSTRAINT ledger_accounts_code_format CHECK (code ~ '^[0-9]{4}$'),
  CONSTRAINT ledger_accounts_type_check CHECK (type IN ('ASSET', 'LIABILITY', 'INCOME', 'OFF_BALANCE')),
  CONSTRAINT ledger_accounts_normal_side_check CHECK (normal_side IN ('D', 'C'))
);

INSERT INTO ledger_accounts (code, name_zh, name_en, type, normal_side) VALUES
  ('1301', '贷款本金', 'Loans receivable (principal)', 'ASSET', 'D'),
  ('1302', '应收利息', 'Interest receivable', 'ASSET', 'D'),
  ('1309', '已核销贷款', 'Loans written off', 'ASSET', 'D'),
  ('2001', '客户存款（结算）', 'Customer deposits (settlement)', 'LIABILITY', 'C'),
  ('5011', '利息收入', 'Interest income', 'INCOME', 'C'),
  ('5012', '罚息复利收入', 'Penalty and compound interest income', 'INCOME', 'C'),
  ('7001', '表外应收利息', 'Off-balance interest receivable', 'OFF_BALANCE', 'D'),
  ('7002', '表外应收利息对方科目', 'Off-balance interest receivable (contra)', 'OFF_BALANCE', 'C');

-- One id sequence for all customers: entry ids are unique bank-wide (the key still carries customer_id).
CREATE SEQUENCE journal_entries_id_seq AS bigint;

CREATE TABLE journal_entries (
  customer_id bigint NOT NULL,
  id bigint NOT NULL DEFAULT nextval('journal_entries_id_seq'),
  business_date date NOT NULL,
  event_type text NOT NULL,
  reference text NOT NULL,
  memo text NOT NULL DEFAULT '',
  product_code text,
  -- Set on a REVERSAL only: the entry it mirrors.
  reverses_entry_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT journal_entries_pkey PRIMARY KEY (customer_id, id),
  -- A retried business event posts once.
  CONSTRAINT journal_entries_event_key UNIQUE (customer_id, event_type, reference),
  -- An entry is reversed at most once.
  CONSTRAINT journal_entries_reverses_key UNIQUE (customer_id, reverses_entry_id),
  CONSTRAINT journal_entries_reverses_fkey FOREIGN KEY (customer_id, reverses_entry_id)
    REFERENCES journal_entries (customer_id, id),
  CONSTRAINT journal_entries_customer_positive CHECK (customer_id > 0),
  CONSTRAINT journal_entries_event_type_format CHECK (event_type ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  CONSTRAINT journal_entries_reference_not_empty CHECK (reference <> '' AND length(reference) <= 200),
  CONSTRAINT journal_entries_reversal_link CHECK ((event_type = 'REVERSAL') = (reverses_entry_id IS NOT NULL))
);
CREATE INDEX journal_entries_business_date_idx ON journal_entries (business_date);

CREATE TABLE journal_lines (
  customer_id bigint NOT NULL,
  entry_id bigint NOT NULL,
  line_no integer NOT NULL,
  account_code text NOT NULL REFERENCES ledger_accounts (code),
  loan_id bigint,
  debit_fen bigint NOT NULL DEFAULT 0,
  credit_fen bigint NOT NULL DEFAULT 0,
  CONSTRAINT journal_lines_pkey PRIMARY KEY (customer_id, entry_id, line_no),
  CONSTRAINT journal_lines_entry_fkey FOREIGN KEY (customer_id, entry_id) REFERENCES journal_entries (customer_id, id),
  CONSTRAINT journal_lines_line_no_positive CHECK (line_no >= 1),
  CONSTRAINT journal_lines_debit_non_negative CHECK (debit_fen >= 0),
  CONSTRAINT journal_lines_credit_non_negative CHECK (credit_fen >= 0),
  CONSTRAINT journal_lines_one_side CHECK ((debit_fen > 0) <> (credit_fen > 0))
);
CREATE INDEX journal_lines_loan_idx ON journal_lines (customer_id, loan_id) WHERE loan_id IS NOT NULL;
CREATE INDEX journal_lines_account_idx ON journal_lines (account_code);

-- Balanced at commit. Fired (deferred) for every new entry and every new line; each firing checks
-- the whole entry as it stands at commit time.
CREATE FUNCTION journal_entry_assert_balanced() RETURNS trigger
LANGUAGE plpgsql AS $ledger$
DECLARE
  v_customer bigint;
  v_entry bigint;
  v_lines bigint;
  v_debit numeric;
  v_credit numeric;
BEGIN
  IF TG_TABLE_NAME = 'journal_entries' THEN
    v_customer := NEW.customer_id;
    v_entry := NEW.id;
  ELSE
    v_customer := NEW.customer_id;
    v_entry := NEW.entry_id;
  END IF;
  SELECT count(*), coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0)
    INTO v_lines, v_debit, v_credit
    FROM journal_lines
   WHERE customer_id = v_customer AND entry_id = v_entry;
  IF v_lines < 2 THEN
    RAISE EXCEPTION 'journal entry % (customer %) has % line(s); an entry needs at least two', v_entry, v_customer, v_lines
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
  END IF;
  IF v_debit <> v_credit THEN
    RAISE EXCEPTION 'journal entry % (customer %) is unbalanced: debit % <> credit % (fen)', v_entry, v_customer, v_debit, v_credit
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
  END IF;
  RETURN NULL;
END;
$ledger$;

CREATE CONSTRAINT TRIGGER journal_entries_balanced
  AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION journal_entry_assert_balanced();

CREATE CONSTRAINT TRIGGER journal_lines_balanced
  AFTER INSERT ON journal_lines
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION journal_entry_assert_balanced();

-- Append-only.
CREATE FUNCTION journal_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $ledger$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Ledger records are never changed or removed; post a reversal instead.';
END;
$ledger$;

CREATE TRIGGER journal_entries_append_only
  BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
CREATE TRIGGER journal_entries_no_truncate
  BEFORE TRUNCATE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();
CREATE TRIGGER journal_lines_append_only
  BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
CREATE TRIGGER journal_lines_no_truncate
  BEFORE TRUNCATE ON journal_lines
  FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();

-- The chart of accounts never changes by UPDATE/DELETE either (lines refer to it).
CREATE TRIGGER ledger_accounts_no_delete
  BEFORE DELETE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();

-- Citus: the chart is a reference table; entries and lines are distributed by customer and
-- co-located (default colocation of bigint distribution columns), so the deferred balance trigger
-- reads one shard. (Triggers on distributed tables need Citus ≥ 11 with citus.enable_unsafe_triggers;
-- the trigger only reads rows of its own entry.)
INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES
  ('ledger_accounts', 'reference', NULL),
  ('journal_entries', 'distributed', 'customer_id'),
  ('journal_lines', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
