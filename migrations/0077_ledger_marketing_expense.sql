-- The expense account of marketing rewards (docs/marketing.md "Referrals"):
--   6601 业务宣传费-营销奖励 (EXPENSE, debit): a referral reward paid to the referrer's demand
--        account (CR 2001 客户存款).
INSERT INTO ledger_accounts (code, name_zh, name_en, type, normal_side) VALUES
  ('6601', '业务宣传费-营销奖励', 'Marketing expense: referral rewards', 'EXPENSE', 'D');
