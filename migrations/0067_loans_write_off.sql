-- Write-off (核销, docs/servicing.md "Write-off"): the loan leaves the balance sheet, the claim is
-- kept off balance. written_off_principal_fen / written_off_interest_fen: what was written off
-- (interest = accrued + overdue + penalty + compound, on or off balance); written_off_claim_fen:
-- the claim still kept (7101 for the loan), less recoveries after write-off.
ALTER TABLE loans ADD COLUMN written_off_on date;
ALTER TABLE loans ADD COLUMN written_off_principal_fen bigint NOT NULL DEFAULT 0;
ALTER TABLE loans ADD COLUMN written_off_interest_fen bigint NOT NULL DEFAULT 0;
ALTER TABLE loans ADD COLUMN written_off_claim_fen bigint NOT NULL DEFAULT 0;
ALTER TABLE loans ADD CONSTRAINT loans_written_off_claim CHECK (written_off_claim_fen >= 0 AND written_off_claim_fen <= written_off_principal_fen + written_off_interest_fen);
ALTER TABLE loans ADD CONSTRAINT loans_written_off_status CHECK ((status = 'WRITTEN_OFF') = (written_off_on IS NOT NULL));
