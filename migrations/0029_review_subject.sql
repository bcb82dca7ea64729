-- The person a change is about (target_type 'staff', target_id = their id) can neither make nor check
-- it, whatever the application does. NOT VALID: rows decided before this rule are left as history;
-- every new or updated row is checked.
-- This file was first named 0027_review_subject.sql (a number 0027_login_throttle.sql already held);
-- a database that applied it under that name gets the same constraints again, unchanged, and forgets
-- the old name.
ALTER TABLE review_requests DROP CONSTRAINT IF EXISTS review_requests_subject_not_maker;
ALTER TABLE review_requests DROP CONSTRAINT IF EXISTS review_requests_subject_not_checker;
ALTER TABLE review_requests
  ADD CONSTRAINT review_requests_subject_not_maker
    CHECK (target_type IS DISTINCT FROM 'staff' OR target_id IS DISTINCT FROM maker_id::text) NOT VALID;
ALTER TABLE review_requests
  ADD CONSTRAINT review_requests_subject_not_checker
    CHECK (target_type IS DISTINCT FROM 'staff' OR checker_id IS NULL OR target_id IS DISTINCT FROM checker_id::text) NOT VALID;
DELETE FROM schema_migrations WHERE name = '0027_review_subject.sql';
