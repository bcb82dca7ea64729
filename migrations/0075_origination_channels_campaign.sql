-- Attribution of applications (issue 14 §3): the channels a customer comes through, beyond the five
-- online ones — a branch counter, the bank's channel campaigns (WeChat official account, Douyin, bus-body
-- ads, roll-up stands, electronic screens, street canvassing, staff forwarding posts) — and the
-- campaign's code when the customer came by a campaign's tracking link or QR code.
ALTER TABLE applications DROP CONSTRAINT applications_channel_check;
ALTER TABLE applications ADD CONSTRAINT applications_channel_check CHECK (channel IN (
  'SELF_SERVICE', 'OFFICER_ASSISTED', 'OFFICER_QR', 'PRE_CREDIT_CARD', 'REFERRAL',
  'BRANCH', 'WECHAT', 'DOUYIN', 'BUS_AD', 'ROLLUP_STAND', 'E_SCREEN', 'STREET', 'STAFF_FORWARD'));
ALTER TABLE applications ADD COLUMN campaign_code text;
