-- Statement-level triggers with transition tables do not run on Citus: on a distributed table the
-- statement runs on a shard, where the transition table does not exist ("executor could not find
-- named tuplestore"). The three such triggers of loans go; the statements that wrote their rows now
-- do it themselves, with the same effect on every engine (src/modules/loans):
--
-- * loans_accrual_state_inserted (0025): the loan-opening statement (openLoan) inserts the loan's
--   loan_accrual_state row in one more CTE, with the loan's customer_id (the same shard).
-- * loan_schedule_inserted / loan_schedule_deleted (0023, redefined by 0025): every statement that
--   inserts or deletes schedule rows of an existing loan (a rebuilt schedule, a reversal's restored
--   rows) is followed by clearing those loans' cached current period (clearCachedPeriods); a new
--   loan's state row starts with none cached.
--
-- The row-level trigger loans_accrual_state_changed (copies of status and non_accrual) stays.

DROP TRIGGER loans_accrual_state_inserted ON loans;
DROP FUNCTION loans_accrual_state_inserted();
DROP TRIGGER loan_schedule_inserted ON loan_schedule;
DROP TRIGGER loan_schedule_deleted ON loan_schedule;
DROP FUNCTION loans_schedule_changed();
