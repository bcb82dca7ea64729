-- End-of-day without scanning every loan for the few that need more than accrual.
--
-- On a normal day ACCRUE touches every active loan, but BILL only the loans with an installment due,
-- and AUTO_DEBIT, AGE, PENALTY, CLASSIFY and NON_ACCRUAL only the loans past due, in a penalty
-- segment or not NORMAL — a few per cent of the portfolio. Partial indexes give those steps their
-- loans directly. None of their columns is written by the daily accrual (accrued_interest_fen,
-- off_balance_interest_fen, accrued_on), so its updates stay heap-only.
--
-- The end-of-day statements repeat each predicate (src/modules/loans/eod-steps.ts): the planner
-- uses a partial index only for a query whose conditions imply its predicate.

-- past due, or in a penalty segment, or not NORMAL (AUTO_DEBIT, AGE, PENALTY, CLASSIFY, NON_ACCRUAL).
-- A stored flag rather than an index predicate over the amounts: an update that changes an
-- indexed column (a predicate's columns count) cannot be heap-only, and PENALTY changes the penalty
-- of every such loan every day; the flag changes only when a loan enters or leaves the set.
ALTER TABLE loans ADD COLUMN eod_attention boolean NOT NULL
  GENERATED ALWAYS AS (dpd > 0 OR overdue_principal_fen > 0 OR overdue_interest_fen > 0 OR penalty_accrued_fen > 0 OR compound_accrued_fen > 0 OR penalty_since IS NOT NULL OR compound_since IS NOT NULL OR classification <> 'NORMAL' OR manual_classification IS NOT NULL) STORED;
CREATE INDEX loans_attention_idx ON loans (id) WHERE status = 'ACTIVE' AND eod_attention;

-- the cached current period's due date (BILL: the loans whose period ends by D)
CREATE INDEX loans_cur_due_idx ON loans (cur_due, id)
  WHERE status = 'ACTIVE' AND cur_period > 0;

-- loans whose current period is not cached (ACCRUE refreshes them; BILL takes them too)
CREATE INDEX loans_uncached_idx ON loans (id)
  WHERE status = 'ACTIVE' AND cur_period IS NULL;
