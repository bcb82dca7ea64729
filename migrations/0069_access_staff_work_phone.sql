-- Staff: the work phone (办公电话), the bank's number a customer may call — shown to the customer with
-- a frozen line's notice beside the officer's name (issue 13 §2). Not personal data: the branch's
-- landline (0537-3412345, optionally an extension 0537-3412345-801), a bank-issued mobile
-- (13805370001) or a service number (400-123-4567); kept in clear, unlike the staff member's own
-- mobile (mobile_enc). Set by an administrator on the staff page (PATCH /api/v1/staff/:id, audited).
ALTER TABLE staff ADD COLUMN work_phone text;
ALTER TABLE staff ADD CONSTRAINT staff_work_phone_check
  CHECK (work_phone IS NULL OR work_phone ~ '^(0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?|1[3-9][0-9]{9}|[48]00-?[0-9]{3}-?[0-9]{4})$');
