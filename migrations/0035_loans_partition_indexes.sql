-- End-of-day partitions are customer-id ranges (0034): the steps' partial indexes, which found the
-- few loans a step changes within a loan-id range, are keyed by customer_id instead (the leading
-- column of every loans-module primary key, and the distribution column on Citus).

DROP INDEX loans_attention_idx;
CREATE INDEX loans_attention_idx ON loans (customer_id) WHERE status = 'ACTIVE' AND eod_attention;
DROP INDEX loans_non_accrual_idx;
CREATE INDEX loans_non_accrual_idx ON loans (customer_id) WHERE status = 'ACTIVE' AND non_accrual;
DROP INDEX loan_accrual_state_due_idx;
CREATE INDEX loan_accrual_state_due_idx ON loan_accrual_state (cur_due, customer_id) WHERE active AND cur_period > 0;
DROP INDEX loan_accrual_state_uncached_idx;
CREATE INDEX loan_accrual_state_uncached_idx ON loan_accrual_state (customer_id) WHERE active AND cur_period IS NULL;
-- (loan_accruals and loan_daily_snapshots are read by day and partition through their primary keys,
-- which lead with business_date and carry customer_id.)
