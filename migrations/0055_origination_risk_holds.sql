-- The risk module's automatic measures on credit lines (origination's applyRiskHolds, run by the
-- end-of-day step ALERT):
--   risk_hold_level  the customer's open alert level when ORANGE or RED: no new drawdown on the line while
--                    it is set (CUSTOMER_RISK_HOLD); cleared by the step when the level falls below ORANGE.
--   risk_frozen_on   the business date the step froze the line for a RED alert; set once per red spell,
--                    so the step never freezes again a line a reviewed unfreeze (CREDIT_LINE_UNFREEZE)
--                    has lifted while the customer is still red; cleared when the level falls below RED.
--   risk_checked_on  the business date the step last found the customer orange or red; a hold not
--                    confirmed on D is lifted (a statement without a join on the day's levels).
--   freeze_notice    what the customer sees on the mobile page about a frozen line (never the internal
--                    rule, which stays in freeze_reason for staff).
ALTER TABLE credit_lines ADD COLUMN risk_hold_level text;
ALTER TABLE credit_lines ADD COLUMN risk_frozen_on date;
ALTER TABLE credit_lines ADD COLUMN risk_checked_on date;
ALTER TABLE credit_lines ADD COLUMN freeze_notice text;
ALTER TABLE credit_lines ADD CONSTRAINT credit_lines_risk_hold_check CHECK (risk_hold_level IS NULL OR risk_hold_level IN ('ORANGE', 'RED'));
