-- One accountability register (问责登记簿, issue 15 §3, docs/management.md "Exemplars, interviews and
-- accountability"): besides the 543 breaches the end-of-day step SLA proposes (kind SLA_543), the register
-- holds the records a branch head or an executive enters by hand — COLLECTION (清收不力), INSPECTION
-- (贷后检查问题), CONDUCT (行为规范), OTHER — with the staff member, their branch, the business date,
-- what happened (description), the penalty and a status. A manual record names no customer and no
-- service event: customer_id 0 (the bank-level key, all manual rows on one shard: a few a month, no hot
-- path), source_event_id and overrun_seconds null. recorded_by / recorded_at: who entered it, when.
-- status: recorded CONFIRMED (the recorder is the one who decides) or PROPOSED, then confirmed or waived
-- by a branch head or executive directly (audited); a waiver carries its reason as for SLA_543.
ALTER TABLE accountability_records DROP CONSTRAINT accountability_records_kind_check;
ALTER TABLE accountability_records
  ADD CONSTRAINT accountability_records_kind_check CHECK (kind IN ('SLA_543', 'COLLECTION', 'INSPECTION', 'CONDUCT', 'OTHER'));
ALTER TABLE accountability_records ALTER COLUMN source_event_id DROP NOT NULL;
ALTER TABLE accountability_records ALTER COLUMN overrun_seconds DROP NOT NULL;
ALTER TABLE accountability_records ADD COLUMN description text;
ALTER TABLE accountability_records ADD COLUMN recorded_by bigint;
ALTER TABLE accountability_records ADD COLUMN recorded_at timestamptz;
ALTER TABLE accountability_records
  ADD CONSTRAINT accountability_records_kind_shape CHECK (
    (kind = 'SLA_543' AND source_event_id IS NOT NULL AND overrun_seconds IS NOT NULL)
    OR (kind <> 'SLA_543' AND customer_id = 0 AND description IS NOT NULL AND recorded_by IS NOT NULL AND recorded_at IS NOT NULL)
  );
CREATE INDEX accountability_records_officer_idx ON accountability_records (officer_id, business_date);
