-- Bank-level entries on many keys (issue 12 §5). The aggregated end-of-day entries (0023) were all
-- posted on customer_id 0: on Citus one shard took every partition's bank-level postings. Each
-- end-of-day partition now posts them on a key of its own, a negative customer_id (on Citus one
-- that lies in the partition's shard). customer_id <= 0 is bank-level; > 0 a customer's. Readers of
-- bank-level entries read them all (customer_id <= 0); totals are unchanged.

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_customer_non_negative;
DROP INDEX journal_entries_bank_day_idx;
CREATE INDEX journal_entries_bank_day_idx ON journal_entries (business_date) WHERE customer_id <= 0;
-- the RECONCILE step's movements of a partition on D, by day then customer
DROP INDEX journal_lines_day_loan_idx;
CREATE INDEX journal_lines_day_loan_idx ON journal_lines (business_date, customer_id) WHERE loan_id IS NOT NULL;
