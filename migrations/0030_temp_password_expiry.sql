-- A temporary password sent by SMS on a reset is good until this instant (the domain clock's time of
-- the reset plus HUINONG_TEMP_PASSWORD_TTL_HOURS); NULL for a password the person chose themselves
-- or an initial password set at creation.
ALTER TABLE staff ADD COLUMN temp_password_expires_at timestamptz;
