-- End-of-day without rewriting or scanning every wide loan row.
--
-- 1. The daily accrual's state moves to a narrow table of its own. ACCRUE changes every active
--    loan every day; a loans row is some fifty columns, and writing a new version of it cost about
--    three times as much as writing the dozen columns accrual needs. loan_accrual_state holds the
--    loan's accrued, not yet due interest, the day it was last accrued and the cached current
--    period, with copies of what ACCRUE selects and groups by (product, active, non-accrual) kept
--    by triggers on loans — so ACCRUE reads and writes this table alone.
-- 2. BILL, AUTO_DEBIT, AGE, PENALTY, CLASSIFY and NON_ACCRUAL change only the loans with an
--    installment due, or past due, in a penalty segment or not NORMAL — a few per cent of the
--    portfolio. Partial indexes give those steps their loans directly; another gives RECONCILE the
--    day's bank-level entries.
-- The end-of-day statements repeat each index predicate (src/modules/loans/eod-steps.ts): the
-- planner uses a partial index only for a query whose conditions imply its predicate.

-- 1 ------------------------------------------------------------------------------------------------
CREATE TABLE loan_accrual_state (
  customer_id bigint NOT NULL,
  loan_id bigint NOT NULL,
  -- copies of loans.product_code, loans.status = 'ACTIVE' and loans.non_accrual (triggers below)
  product_code text NOT NULL,
  active boolean NOT NULL,
  non_accrual boolean NOT NULL,
  -- scheduled interest accrued and not yet due (also for non-accrual loans)
  accrued_interest_fen bigint NOT NULL DEFAULT 0 CHECK (accrued_interest_fen >= 0),
  accrued_on date,                        -- the last day ACCRUE processed the loan
  -- the cached current accrual period: NULL not cached, 0 no period left to accrue
  cur_period integer,
  cur_start date,
  cur_due date,
  cur_days integer,
  cur_interest_fen bigint,
  PRIMARY KEY (customer_id, loan_id),
  CONSTRAINT loan_accrual_state_loan_fkey FOREIGN KEY (customer_id, loan_id) REFERENCES loans (customer_id, id)
) WITH (fillfactor = 50);
-- Half of each page free: every row gets a new version every day, and with room on its page the
-- update is heap-only (no index is written).

INSERT INTO loan_accrual_state (customer_id, loan_id, product_code, active, non_accrual, accrued_interest_fen, accrued_on,
                                cur_period, cur_start, cur_due, cur_days, cur_interest_fen)
SELECT customer_id, id, product_code, status = 'ACTIVE', non_accrual, accrued_interest_fen, accrued_on,
       cur_period, cur_start, cur_due, cur_days, cur_interest_fen
  FROM loans;

CREATE INDEX loan_accrual_state_loan_idx ON loan_accrual_state (loan_id);

INSERT INTO citus_table_kinds (table_name, kind, distribution_column) VALUES ('loan_accrual_state', 'distributed', 'customer_id');
SELECT huinong_citus_apply();
-- BILL: the loans whose cached period ends by D
CREATE INDEX loan_accrual_state_due_idx ON loan_accrual_state (cur_due, loan_id) WHERE active AND cur_period > 0;
-- ACCRUE's refresh (and BILL): the loans whose current period is not cached
CREATE INDEX loan_accrual_state_uncached_idx ON loan_accrual_state (loan_id) WHERE active AND cur_period IS NULL;

ALTER TABLE loans DROP CONSTRAINT loans_servicing_non_negative;
ALTER TABLE loans
  DROP COLUMN accrued_interest_fen,
  DROP COLUMN accrued_on,
  DROP COLUMN cur_period,
  DROP COLUMN cur_start,
  DROP COLUMN cur_due,
  DROP COLUMN cur_days,
  DROP COLUMN cur_interest_fen;
ALTER TABLE loans ADD CONSTRAINT loans_servicing_non_negative CHECK (
  overdue_principal_fen >= 0 AND overdue_interest_fen >= 0
  AND penalty_accrued_fen >= 0 AND compound_accrued_fen >= 0 AND off_balance_interest_fen >= 0
  AND penalty_base_fen >= 0 AND penalty_posted_fen >= 0 AND compound_base_fen >= 0 AND compound_posted_fen >= 0
  AND dpd >= 0);

-- every new loan gets its accrual state, in the statement that inserts it
CREATE FUNCTION loans_accrual_state_inserted() RETURNS trigger
LANGUAGE plpgsql AS $loans$
BEGIN
  INSERT INTO loan_accrual_state (customer_id, loan_id, product_code, active, non_accrual)
  SELECT customer_id, id, product_code, status = 'ACTIVE', non_accrual FROM new_loans;
  RETURN NULL;
END;
$loans$;
CREATE TRIGGER loans_accrual_state_inserted
  AFTER INSERT ON loans REFERENCING NEW TABLE AS new_loans
  FOR EACH STATEMENT EXECUTE FUNCTION loans_accrual_state_inserted();

-- … and keeps the copies of status and non-accrual (settlement, its reversal, NON_ACCRUAL)
CREATE FUNCTION loans_accrual_state_changed() RETURNS trigger
LANGUAGE plpgsql AS $loans$
BEGIN
  UPDATE loan_accrual_state
     SET active = NEW.status = 'ACTIVE', non_accrual = NEW.non_accrual
   WHERE customer_id = NEW.customer_id AND loan_id = NEW.id;
  RETURN NULL;
END;
$loans$;
CREATE TRIGGER loans_accrual_state_changed
  AFTER UPDATE OF status, non_accrual ON loans
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.non_accrual IS DISTINCT FROM NEW.non_accrual)
  EXECUTE FUNCTION loans_accrual_state_changed();

-- schedule rows inserted or deleted (a new loan, a rebuilt schedule): the cached period is stale
CREATE OR REPLACE FUNCTION loans_schedule_changed() RETURNS trigger
LANGUAGE plpgsql AS $loans$
BEGIN
  UPDATE loan_accrual_state a SET cur_period = NULL
    FROM (SELECT DISTINCT customer_id, loan_id FROM changed_rows) c
   WHERE a.customer_id = c.customer_id AND a.loan_id = c.loan_id AND a.cur_period IS NOT NULL;
  RETURN NULL;
END;
$loans$;

-- The loans table is now written only on events (billing, repayments, past-due loans): most of its
-- pages no longer need room for a daily new version of every row.
ALTER TABLE loans SET (fillfactor = 80);

-- 2 ------------------------------------------------------------------------------------------------
-- past due, or in a penalty segment, or not NORMAL (AUTO_DEBIT, AGE, PENALTY, CLASSIFY, NON_ACCRUAL).
-- A stored flag rather than an index predicate over the amounts: an update that changes an
-- indexed column (a predicate's columns count) cannot be heap-only, and PENALTY changes the penalty
-- of every such loan every day; the flag changes only when a loan enters or leaves the set.
-- (Adding it rewrites the table, at the fillfactor above.)
ALTER TABLE loans ADD COLUMN eod_attention boolean NOT NULL
  GENERATED ALWAYS AS (dpd > 0 OR overdue_principal_fen > 0 OR overdue_interest_fen > 0 OR penalty_accrued_fen > 0 OR compound_accrued_fen > 0 OR penalty_since IS NOT NULL OR compound_since IS NOT NULL OR classification <> 'NORMAL' OR manual_classification IS NOT NULL) STORED;
CREATE INDEX loans_attention_idx ON loans (id) WHERE status = 'ACTIVE' AND eod_attention;
-- ACCRUE adds the day's interest of a non-accrual loan to its off-balance interest on the loan row
CREATE INDEX loans_non_accrual_idx ON loans (id) WHERE status = 'ACTIVE' AND non_accrual;

-- RECONCILE's control totals read the day's bank-level (customer 0) aggregated accrual entries of
-- each range: a few hundred a day, found by day rather than among every bank-level entry ever posted.
CREATE INDEX journal_entries_bank_day_idx ON journal_entries (business_date) WHERE customer_id = 0;

-- Every read of the schedule is by loan (the primary key). The index on (due_date, status) served
-- none of them, and its status made every repayment's and AGE's update of a schedule row write
-- both indexes; without it, and with room left on new pages, such updates can stay heap-only.
DROP INDEX loan_schedule_due_idx;
ALTER TABLE loan_schedule SET (fillfactor = 90);

-- Auto-debit posts tens of thousands of repayments a day; each one writes every index of the rows it
-- adds. An entry is still reversed at most once, but only reversals are indexed for it (every other
-- entry had a NULL in that index); demand accounts keep room on their pages so that a balance update
-- can stay heap-only.
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_reverses_key;
CREATE UNIQUE INDEX journal_entries_reverses_key ON journal_entries (customer_id, reverses_entry_id) WHERE reverses_entry_id IS NOT NULL;
ALTER TABLE core_demand_accounts SET (fillfactor = 90);
