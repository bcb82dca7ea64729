-- Campaign SMS sends gain a segment: holders of certificates of deposit maturing within N days
-- (issue 14 §3 and §6: offer a 质押e贷 or a renewal before the money leaves).
ALTER TABLE campaign_sends DROP CONSTRAINT campaign_sends_segment_check;
ALTER TABLE campaign_sends
  ADD CONSTRAINT campaign_sends_segment_check CHECK (segment_kind IN ('PROSPECT_LIST', 'GROUP', 'PRODUCT_HOLDERS', 'MATURING_CDS'));
