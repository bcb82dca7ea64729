-- Pre-credit cards (预授信卡, issue 14 §7) move to the pre-credit module, which now issues them in
-- batches: one card per ACTIVE entry of an approved white-list batch. The table keeps its name and its
-- rows (the single cards an officer issued before stay valid); what is added:
--   batch_id, row_no      the entry a batch card was issued for (NULL for a single card)
--   activated_application_id, activated_at   the approved application that activated the card
-- A card is issued once per entry (unique (batch_id, row_no)), so issuing a batch again only issues
-- the entries still without a card. Batch card numbers are 16 digits ending in a Luhn check digit;
-- the older single cards keep their K… codes. EXPIRED is read from valid_until against the business
-- date, never written. The table stays a reference table on Citus (a card is looked up by its number
-- before anyone is known).
ALTER TABLE pre_credit_cards ADD COLUMN batch_id bigint;
ALTER TABLE pre_credit_cards ADD COLUMN row_no integer;
ALTER TABLE pre_credit_cards ADD COLUMN activated_application_id bigint;
ALTER TABLE pre_credit_cards ADD COLUMN activated_at timestamptz;
ALTER TABLE pre_credit_cards ADD CONSTRAINT pre_credit_cards_entry CHECK ((batch_id IS NULL) = (row_no IS NULL));
CREATE UNIQUE INDEX pre_credit_cards_entry_idx ON pre_credit_cards (batch_id, row_no);
