-- The guarantees a customer has given, found by the guarantor: the warning rule GUARANTOR_OVERDUE reads,
-- for each end-of-day partition, the confirmed guarantees its customers gave to borrowers anywhere
-- (guarantees are kept on the borrower's side, customer_id). Without this index that read scanned every
-- guarantee once per partition.
CREATE INDEX guarantees_guarantor_idx ON guarantees (guarantor_customer_id) WHERE status = 'CONFIRMED';
