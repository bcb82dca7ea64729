-- End-of-day at a million loans (docs/servicing.md "Performance").
--
-- 1. Accruals: loan_accruals is the per-loan accrual subledger (分户账). The general ledger gets one
--    aggregated entry per (day, loan-id range, kind, product, on/off balance) — a bank-level entry,
--    customer_id 0 — instead of one entry per loan and day; reconciliation proves, per loan, that
--    the per-loan journal lines plus the subledger equal the loan record, and that the aggregated
--    entries equal the subledger. The subledger is keyed day first so that a day's rows append at
--    the end of its index and a loan-id range of one day is one contiguous index range.
-- 2. Loans cache their current accrual period (the first period not yet billed) so that the daily
--    accrual reads nothing but the loan row; any insert or delete of schedule rows clears the cache
--    (statement-level triggers), and end-of-day refreshes it from loan_schedule when it is empty.
--    accrued_on / penalty_on make the accrual and penalty steps idempotent per loan and day.
-- 3. Journal lines carry their entry's business date (checked at commit) and are indexed by
--    (business_date, loan_id): reconciliation reads one day's movements of a loan-id range.
--    The per-row foreign keys of lines (entry, account) become part of the commit-time check, which
--    already reads every new line once.
-- 4. Daily snapshots are keyed day first (appending) and keep the off-balance interest, so that
--    reconciliation of day D starts from the snapshot of D − 1 (movement reconciliation).

-- 1 ------------------------------------------------------------------------------------------------
-- Accrual rows written before this migration were also posted per loan in the journal; the journal
-- keeps them (append-only), so the subledger starts empty here and nothing is counted twice.
DELETE FROM loan_accruals;
ALTER TABLE loan_accruals DROP CONSTRAINT loan_accruals_pkey;
ALTER TABLE loan_accruals ADD CONSTRAINT loan_accruals_pkey PRIMARY KEY (business_date, loan_id, kind, customer_id);

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_customer_positive;
-- customer_id 0: a bank-level entry (aggregated end-of-day accruals), never a customer's.
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_customer_non_negative CHECK (customer_id >= 0);

-- 2 ------------------------------------------------------------------------------------------------
ALTER TABLE loans
  ADD COLUMN cur_period integer,          -- NULL: not cached; 0: no period left to accrue
  ADD COLUMN cur_start date,
  ADD COLUMN cur_due date,
  ADD COLUMN cur_days integer,
  ADD COLUMN cur_interest_fen bigint,
  ADD COLUMN accrued_on date,             -- the last day ACCRUE processed the loan
  ADD COLUMN penalty_on date;             -- the last day PENALTY processed the loan
-- Room on every page for one new version of each of its rows: the daily accrual updates every
-- active loan, and with the page half free every such update stays on its page (a heap-only tuple:
-- none of the six indexes is written). At 80 only about half of them did.
ALTER TABLE loans SET (fillfactor = 50);

CREATE FUNCTION loans_schedule_changed() RETURNS trigger
LANGUAGE plpgsql AS $loans$
BEGIN
  UPDATE loans l SET cur_period = NULL
    FROM (SELECT DISTINCT customer_id, loan_id FROM changed_rows) c
   WHERE l.customer_id = c.customer_id AND l.id = c.loan_id AND l.cur_period IS NOT NULL;
  RETURN NULL;
END;
$loans$;
CREATE TRIGGER loan_schedule_inserted
  AFTER INSERT ON loan_schedule REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loans_schedule_changed();
CREATE TRIGGER loan_schedule_deleted
  AFTER DELETE ON loan_schedule REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loans_schedule_changed();

-- 3 ------------------------------------------------------------------------------------------------
ALTER TABLE journal_lines ADD COLUMN business_date date;
UPDATE journal_lines l SET business_date = e.business_date
  FROM journal_entries e WHERE e.customer_id = l.customer_id AND e.id = l.entry_id;
CREATE INDEX journal_lines_day_loan_idx ON journal_lines (business_date, loan_id) WHERE loan_id IS NOT NULL;
DROP INDEX journal_lines_account_idx;
ALTER TABLE journal_lines DROP CONSTRAINT journal_lines_entry_fkey;
ALTER TABLE journal_lines DROP CONSTRAINT journal_lines_account_code_fkey;

CREATE OR REPLACE FUNCTION journal_assert_balanced_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $ledger$
DECLARE
  v_xid bigint := NEW.xid;
  bad record;
BEGIN
  SELECT p.customer_id, p.entry_id,
         count(l.line_no) AS lines,
         coalesce(sum(l.debit_fen), 0) AS debit,
         coalesce(sum(l.credit_fen), 0) AS credit,
         bool_and(e.id IS NOT NULL) AS has_entry,
         bool_and(l.line_no IS NULL OR a.code IS NOT NULL) AS accounts_known,
         bool_and(l.line_no IS NULL OR l.business_date IS NOT DISTINCT FROM e.business_date) AS dated
    INTO bad
    FROM journal_balance_pending p
    LEFT JOIN journal_entries e ON e.customer_id = p.customer_id AND e.id = p.entry_id
    LEFT JOIN journal_lines l ON l.customer_id = p.customer_id AND l.entry_id = p.entry_id
    LEFT JOIN ledger_accounts a ON a.code = l.account_code
   WHERE p.xid = v_xid
   GROUP BY p.customer_id, p.entry_id
  HAVING count(l.line_no) < 2 OR coalesce(sum(l.debit_fen), 0) <> coalesce(sum(l.credit_fen), 0)
      OR NOT bool_and(e.id IS NOT NULL)
      OR NOT bool_and(l.line_no IS NULL OR a.code IS NOT NULL)
      OR NOT bool_and(l.line_no IS NULL OR l.business_date IS NOT DISTINCT FROM e.business_date)
   ORDER BY p.customer_id, p.entry_id
   LIMIT 1;
  IF FOUND THEN
    IF NOT bad.has_entry THEN
      RAISE EXCEPTION 'journal lines refer to entry % (customer %), which does not exist', bad.entry_id, bad.customer_id
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'journal_lines_entry_fkey';
    END IF;
    IF bad.lines < 2 THEN
      RAISE EXCEPTION 'journal entry % (customer %) has % line(s); an entry needs at least two', bad.entry_id, bad.customer_id, bad.lines
        USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
    END IF;
    IF bad.debit <> bad.credit THEN
      RAISE EXCEPTION 'journal entry % (customer %) is unbalanced: debit % <> credit % (fen)', bad.entry_id, bad.customer_id, bad.debit, bad.credit
        USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
    END IF;
    IF NOT bad.accounts_known THEN
      RAISE EXCEPTION 'journal entry % (customer %) posts to an account that is not in the chart', bad.entry_id, bad.customer_id
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'journal_lines_account_code_fkey';
    END IF;
    RAISE EXCEPTION 'journal entry % (customer %) has lines dated otherwise than the entry', bad.entry_id, bad.customer_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_dated';
  END IF;
  DELETE FROM journal_balance_pending WHERE xid = v_xid;
  DELETE FROM journal_balance_tokens WHERE xid = v_xid;
  RETURN NULL;
END;
$ledger$;

-- 4 ------------------------------------------------------------------------------------------------
ALTER TABLE loan_daily_snapshots ADD COLUMN off_balance_interest_fen bigint NOT NULL DEFAULT 0;
ALTER TABLE loan_daily_snapshots DROP CONSTRAINT loan_daily_snapshots_pkey;
ALTER TABLE loan_daily_snapshots ADD CONSTRAINT loan_daily_snapshots_pkey PRIMARY KEY (business_date, loan_id, customer_id);
DROP INDEX loan_daily_snapshots_date_idx;

SELECT huinong_citus_apply();
