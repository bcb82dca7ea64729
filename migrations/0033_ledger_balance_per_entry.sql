-- The ledger's balance guarantee on every engine (issue 12 §3; DESIGN §4 "Ledger").
--
-- 0022/0023 checked at COMMIT that every entry touched by the transaction is balanced: statement-level
-- AFTER INSERT triggers with transition tables noted the touched entries in two scratch tables, and a
-- deferred trigger on a token row checked them all in one grouped query. On Citus none of it can run:
-- the triggers fire on the shards (journal_entries_102054 …), where transition tables do not exist and
-- the scratch tables (Citus local tables, on the coordinator only) cannot be written. Every posting
-- failed.
--
-- The same rule — every entry has at least two lines and balances (sum of debits = sum of credits),
-- its lines exist for it, post to accounts of the chart and carry its business date; checked at
-- COMMIT, so that lines may still be written statement by statement — is now held by row-level
-- deferred constraint triggers that read only rows of the entry's own customer_id. Entries and lines
-- are distributed by customer_id and co-located, so on Citus every read is on the node and in the
-- transaction that wrote the rows; nothing is written anywhere.
--
--   * journal_entries_balanced, once per new entry: at commit, one aggregate of the entry's lines over
--     the primary key of journal_lines (customer_id, entry_id, …).
--   * journal_lines_balanced, once per new line: at commit, one primary-key read of the line's entry.
--     A line of an entry written in the same transaction is left to that entry's own check — one sum
--     per entry, however many lines it has. A line added to an entry committed earlier re-checks that
--     whole entry (no code path does this; raw SQL could).
--   * journal_entries.posting_txid: the transaction that wrote the entry — txid_current() on the node
--     that stores the row (a Citus worker's own transaction for the shard) — set by a BEFORE INSERT
--     trigger whatever the INSERT says (entries are never updated). It is how a line's check tells
--     the two cases apart. Entries written before this migration have none and are always re-checked.
--
-- The trigger function never looks at TG_TABLE_NAME (on a Citus shard it is the shard's name): the
-- trigger's argument says which table fired, and its queries name the distributed tables, which Citus
-- routes to the co-located shard on the same node. The error messages are those of 0015 and 0023.

DROP TRIGGER journal_entries_note_balance ON journal_entries;
DROP TRIGGER journal_lines_note_balance ON journal_lines;
DROP FUNCTION journal_note_entries();
DROP TRIGGER journal_balance_tokens_check ON journal_balance_tokens;
DROP FUNCTION journal_assert_balanced_at_commit();
DROP TABLE journal_balance_tokens;
DROP TABLE journal_balance_pending;
DELETE FROM citus_table_kinds WHERE table_name IN ('journal_balance_pending', 'journal_balance_tokens');

ALTER TABLE journal_entries ADD COLUMN posting_txid bigint;

CREATE FUNCTION journal_entries_stamp_txid() RETURNS trigger
LANGUAGE plpgsql AS $ledger$
BEGIN
  NEW.posting_txid := txid_current();
  RETURN NEW;
END;
$ledger$;

CREATE TRIGGER journal_entries_stamp_txid
  BEFORE INSERT ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_entries_stamp_txid();

-- TG_ARGV[0]: 'entry' on journal_entries, 'line' on journal_lines.
CREATE FUNCTION journal_check_entry_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $ledger$
DECLARE
  v_customer bigint := NEW.customer_id;
  v_entry bigint;
  v_date date;
  v_txid bigint;
  v_lines bigint;
  v_debit numeric;
  v_credit numeric;
  v_unknown bigint;
  v_misdated bigint;
BEGIN
  IF TG_ARGV[0] = 'entry' THEN
    v_entry := NEW.id;
    v_date := NEW.business_date;
  ELSE
    v_entry := NEW.entry_id;
    SELECT e.business_date, e.posting_txid INTO v_date, v_txid
      FROM journal_entries e
     WHERE e.customer_id = v_customer AND e.id = v_entry;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'journal lines refer to entry % (customer %), which does not exist', v_entry, v_customer
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'journal_lines_entry_fkey';
    END IF;
    IF v_txid = txid_current() THEN
      -- The entry was written in this transaction: its own check, at this commit, covers this line.
      RETURN NULL;
    END IF;
  END IF;

  SELECT count(*), coalesce(sum(l.debit_fen), 0), coalesce(sum(l.credit_fen), 0),
         count(*) FILTER (WHERE a.code IS NULL),
         count(*) FILTER (WHERE l.business_date IS DISTINCT FROM v_date)
    INTO v_lines, v_debit, v_credit, v_unknown, v_misdated
    FROM journal_lines l
    LEFT JOIN ledger_accounts a ON a.code = l.account_code
   WHERE l.customer_id = v_customer AND l.entry_id = v_entry;

  IF v_lines < 2 THEN
    RAISE EXCEPTION 'journal entry % (customer %) has % line(s); an entry needs at least two', v_entry, v_customer, v_lines
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
  END IF;
  IF v_debit <> v_credit THEN
    RAISE EXCEPTION 'journal entry % (customer %) is unbalanced: debit % <> credit % (fen)', v_entry, v_customer, v_debit, v_credit
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
  END IF;
  IF v_unknown > 0 THEN
    RAISE EXCEPTION 'journal entry % (customer %) posts to an account that is not in the chart', v_entry, v_customer
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'journal_lines_account_code_fkey';
  END IF;
  IF v_misdated > 0 THEN
    RAISE EXCEPTION 'journal entry % (customer %) has lines dated otherwise than the entry', v_entry, v_customer
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_dated';
  END IF;
  RETURN NULL;
END;
$ledger$;

CREATE CONSTRAINT TRIGGER journal_entries_balanced
  AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION journal_check_entry_at_commit('entry');

CREATE CONSTRAINT TRIGGER journal_lines_balanced
  AFTER INSERT ON journal_lines
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION journal_check_entry_at_commit('line');
