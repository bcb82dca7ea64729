-- Ledger bulk posting (end-of-day): the balance check of migrations/0015_ledger.sql made set-based.
--
-- 0015 checked every entry with a deferred per-row constraint trigger on journal_entries and on
-- journal_lines: at commit, one query per inserted row — O(lines) queries for an end-of-day that
-- posts an entry per loan. Here the same rule (every entry balanced, at least two lines, checked at
-- COMMIT so that lines may still be written statement by statement) is kept with:
--   * statement-level AFTER INSERT triggers on both tables that note the touched entries of the
--     statement (one INSERT … SELECT from the transition table) in journal_balance_pending, keyed by
--     the transaction, and put one token row for the transaction in journal_balance_tokens;
--   * one deferred constraint trigger on the token: it fires once per transaction at commit and
--     checks all the noted entries in one grouped query, then clears them.
-- The error messages are those of 0015.

DROP TRIGGER journal_entries_balanced ON journal_entries;
DROP TRIGGER journal_lines_balanced ON journal_lines;
DROP FUNCTION journal_entry_assert_balanced();

-- Scratch tables of the check: rows live only inside the transaction that wrote them (cleared at
-- commit by the check; a rolled-back transaction leaves nothing). Local to each node under Citus.
CREATE UNLOGGED TABLE journal_balance_pending (
  xid bigint NOT NULL,
  customer_id bigint NOT NULL,
  entry_id bigint NOT NULL,
  PRIMARY KEY (xid, customer_id, entry_id)
);
CREATE UNLOGGED TABLE journal_balance_tokens (
  xid bigint PRIMARY KEY
);

CREATE FUNCTION journal_note_entries() RETURNS trigger
LANGUAGE plpgsql AS $ledger$
BEGIN
  IF TG_TABLE_NAME = 'journal_entries' THEN
    INSERT INTO journal_balance_pending (xid, customer_id, entry_id)
    SELECT DISTINCT txid_current(), n.customer_id, n.id FROM new_rows n
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO journal_balance_pending (xid, customer_id, entry_id)
    SELECT DISTINCT txid_current(), n.customer_id, n.entry_id FROM new_rows n
    ON CONFLICT DO NOTHING;
  END IF;
  INSERT INTO journal_balance_tokens (xid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$ledger$;

CREATE TRIGGER journal_entries_note_balance
  AFTER INSERT ON journal_entries
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION journal_note_entries();
CREATE TRIGGER journal_lines_note_balance
  AFTER INSERT ON journal_lines
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION journal_note_entries();

CREATE FUNCTION journal_assert_balanced_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $ledger$
DECLARE
  v_xid bigint := NEW.xid;
  bad record;
BEGIN
  SELECT p.customer_id, p.entry_id,
         count(l.line_no) AS lines,
         coalesce(sum(l.debit_fen), 0) AS debit,
         coalesce(sum(l.credit_fen), 0) AS credit
    INTO bad
    FROM journal_balance_pending p
    LEFT JOIN journal_lines l ON l.customer_id = p.customer_id AND l.entry_id = p.entry_id
   WHERE p.xid = v_xid
   GROUP BY p.customer_id, p.entry_id
  HAVING count(l.line_no) < 2 OR coalesce(sum(l.debit_fen), 0) <> coalesce(sum(l.credit_fen), 0)
   ORDER BY p.customer_id, p.entry_id
   LIMIT 1;
  IF FOUND THEN
    IF bad.lines < 2 THEN
      RAISE EXCEPTION 'journal entry % (customer %) has % line(s); an entry needs at least two', bad.entry_id, bad.customer_id, bad.lines
        USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
    END IF;
    RAISE EXCEPTION 'journal entry % (customer %) is unbalanced: debit % <> credit % (fen)', bad.entry_id, bad.customer_id, bad.debit, bad.credit
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
  END IF;
  DELETE FROM journal_balance_pending WHERE xid = v_xid;
  DELETE FROM journal_balance_tokens WHERE xid = v_xid;
  RETURN NULL;
END;
$ledger$;

CREATE CONSTRAINT TRIGGER journal_balance_tokens_check
  AFTER INSERT ON journal_balance_tokens
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION journal_assert_balanced_at_commit();
