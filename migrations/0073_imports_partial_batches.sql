-- A list whose bad or duplicate rows are reported and left out (acceptValidRows: the prospect lists) goes
-- to review with error rows beside its valid ones: a batch is INVALID only when it has errors, no longer
-- whenever it has any.
ALTER TABLE import_batches DROP CONSTRAINT import_batches_invalid_iff_errors;
ALTER TABLE import_batches ADD CONSTRAINT import_batches_invalid_has_errors CHECK (status <> 'INVALID' OR error_rows > 0);
