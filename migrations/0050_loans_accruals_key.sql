-- The accrual subledger's primary key follows the end-of-day partitions (customer ranges since 0034), as
-- 0048 did for the daily snapshots: (business_date, customer_id, loan_id, kind) instead of
-- (business_date, loan_id, kind, customer_id).
--
-- Reconciliation reads the day's subledger rows of one partition (business_date = D AND customer_id in
-- the partition's range). With customer_id last in the key, each partition read every row of the day:
-- at 1,000,000 loans, once ACCRUE's rows were analysed, the planner chose a parallel sequential scan of
-- the table per partition (a million rows read for twenty thousand, 50 times a day). With customer_id
-- second it is one range of the key. The same columns, so the key still includes the distribution column
-- on Citus, and a read by date, customer and loan (a loan's days before D) still uses all of it.
ALTER TABLE loan_accruals DROP CONSTRAINT loan_accruals_pkey;
ALTER TABLE loan_accruals ADD CONSTRAINT loan_accruals_pkey PRIMARY KEY (business_date, customer_id, loan_id, kind);
