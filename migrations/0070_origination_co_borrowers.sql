-- Co-borrowers (共同借款人, issue 13 §1): an application may name co-borrowers — typically the spouse —
-- beside its guarantor. A co-borrower is a customer of the bank, identified, invited and confirming on the
-- mobile page exactly as a guarantor does, so both are parties of one table with a role: GUARANTOR (every
-- row before this file) or CO_BORROWER. A product's guarantor rule (保证e贷 requires a guarantor) counts
-- only GUARANTOR rows. One person takes one role on an application: the unique key keeps customer_id
-- (the borrower, the distribution column on Citus).
ALTER TABLE guarantees ADD COLUMN role text NOT NULL DEFAULT 'GUARANTOR';
ALTER TABLE guarantees ADD CONSTRAINT guarantees_role_check CHECK (role IN ('GUARANTOR', 'CO_BORROWER'));
ALTER TABLE guarantees ADD CONSTRAINT guarantees_one_role_per_party UNIQUE (customer_id, application_id, guarantor_customer_id);
