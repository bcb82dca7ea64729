-- The 543 service events by business date: end-of-day plans the day's customers with those who had a
-- service event that day (the SLA step measures the stages they ended), found by this index rather than
-- a scan of every event ever recorded.
CREATE INDEX service_events_business_date_idx ON service_events (business_date);
