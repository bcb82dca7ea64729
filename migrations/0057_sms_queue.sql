-- SMS queue (短信排队发送): messages that wait for their time — reminders prepared by end-of-day at
-- night are queued (status QUEUED) and sent by the dispatcher (`huinong sms dispatch`, or the server's
-- timer) once send_after has come, never after send_before (the start of the next quiet hours: a
-- message whose window has passed is FAILED with failure_reason EXPIRED rather than sent at night or
-- a day late). Messages sent at once (one-time codes, notices) keep both NULL.
--
-- source_ref names what queued the message (e.g. REMINDER:<customer id>:<reminder id>), so the caller
-- learns each new row's id from one multi-row insert. mobile_masked of a queued reminder is filled by
-- the dispatcher, which decrypts the number only when it sends: end-of-day copies the customer's
-- encrypted mobile and never decrypts it.
ALTER TABLE sms_outbox ADD COLUMN send_after timestamptz;
ALTER TABLE sms_outbox ADD COLUMN send_before timestamptz;
ALTER TABLE sms_outbox ADD COLUMN sent_at timestamptz;
ALTER TABLE sms_outbox ADD COLUMN failure_reason text;
ALTER TABLE sms_outbox ADD COLUMN source_ref text;
ALTER TABLE sms_outbox ADD CONSTRAINT sms_outbox_window_check CHECK (send_before IS NULL OR send_after IS NULL OR send_before > send_after);
CREATE INDEX sms_outbox_queued_idx ON sms_outbox (send_after, id) WHERE status = 'QUEUED';
