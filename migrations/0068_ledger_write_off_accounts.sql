-- Accounts of write-off and recovery (docs/servicing.md "Write-off"):
--   6701 资产减值损失-贷款核销 (EXPENSE, debit): the loss of a written-off loan's principal and
--        on-balance interest; a recovery after write-off credits it back.
--   7101 / 7102 已核销贷款本息（表外）and its contra: the claim kept off balance after write-off.
--   1001 库存现金: a recovery paid in cash.
ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_type_check;
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_type_check CHECK (type IN ('ASSET', 'LIABILITY', 'INCOME', 'EXPENSE', 'OFF_BALANCE'));
INSERT INTO ledger_accounts (code, name_zh, name_en, type, normal_side) VALUES
  ('1001', '库存现金', 'Cash on hand', 'ASSET', 'D'),
  ('6701', '资产减值损失-贷款核销', 'Impairment loss: loans written off', 'EXPENSE', 'D'),
  ('7101', '已核销贷款本息（表外）', 'Written-off loans: principal and interest (off balance)', 'OFF_BALANCE', 'D'),
  ('7102', '已核销贷款本息对方科目', 'Written-off loans (contra)', 'OFF_BALANCE', 'C');
