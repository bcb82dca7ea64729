-- Group pre-credit (issue 14 §5 and §7): a key customer group's members handed to the pre-credit white
-- list as a batch. The batch remembers its group (NULL for an uploaded list); the group's figures count
-- its members pre-credited and activated through it (docs/marketing.md "Key customer groups").
ALTER TABLE precredit_batches ADD COLUMN group_id bigint;
CREATE INDEX precredit_batches_group_idx ON precredit_batches (group_id) WHERE group_id IS NOT NULL;
