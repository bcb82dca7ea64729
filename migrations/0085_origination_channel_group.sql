-- Key customer groups (重点客群, issue 14 §5): an application that arrives through a group's share link
-- or QR code comes by the channel GROUP and carries the group's code (the applicant becomes a member).
ALTER TABLE applications DROP CONSTRAINT applications_channel_check;
ALTER TABLE applications ADD CONSTRAINT applications_channel_check CHECK (channel IN (
  'SELF_SERVICE', 'OFFICER_ASSISTED', 'OFFICER_QR', 'PRE_CREDIT_CARD', 'REFERRAL',
  'BRANCH', 'WECHAT', 'DOUYIN', 'BUS_AD', 'ROLLUP_STAND', 'E_SCREEN', 'STREET', 'STAFF_FORWARD', 'GROUP'));
ALTER TABLE applications ADD COLUMN group_code text;
