-- The clearing account of a migration from another system (docs/lending-modules.md "Existing online loans"):
--   2999 存量迁移过渡 (LIABILITY, credit): the other side of every opening entry of a migrated loan —
--        DR 1301 outstanding principal, DR 1302 interest receivable on balance / CR 2999. Money is never
--        created: what the books took over from the old system stands on this account, in the trial balance.
INSERT INTO ledger_accounts (code, name_zh, name_en, type, normal_side) VALUES
  ('2999', '存量迁移过渡', 'Migration clearing (loans taken over)', 'LIABILITY', 'C');
