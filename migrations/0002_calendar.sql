-- The bank's business date: one row, advanced only by end-of-day.
CREATE TABLE business_calendar (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  business_date date NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO citus_table_kinds (table_name, kind) VALUES ('business_calendar', 'reference');
SELECT huinong_citus_apply();
