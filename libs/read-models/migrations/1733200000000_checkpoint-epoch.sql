-- Up Migration

-- A projector keeps the states it committed in memory and writes a live batch without reading
-- them back. That is safe only while nothing else writes a partition's rows: an admin's
-- in-place rebuild of a match or answer to a parked stream does, and so does a swap of schemas
-- after a full rebuild. Each of those gives the checkpoints a new `epoch` in the same
-- transaction, and a batch moves the checkpoints only if their epoch is still the one it folded
-- against. Epochs come from one sequence for every schema, so the checkpoints of a schema
-- swapped in never carry an epoch a projector already knows.
CREATE SEQUENCE IF NOT EXISTS touchline_checkpoint_epoch;

ALTER FUNCTION touchline_create_read_models(text) RENAME TO touchline_create_read_models_v4;

CREATE FUNCTION touchline_create_read_models(s text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM touchline_create_read_models_v4(s);
  EXECUTE format('ALTER TABLE %I.checkpoints ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0', s);
END
$fn$;

DO $do$
DECLARE s text;
BEGIN
  FOR s IN SELECT table_schema FROM information_schema.tables WHERE table_name = 'checkpoints'
           AND table_schema <> 'public' LOOP
    EXECUTE format('ALTER TABLE %I.checkpoints ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0', s);
    EXECUTE format('UPDATE %I.checkpoints SET epoch = (SELECT nextval(''touchline_checkpoint_epoch''))', s);
  END LOOP;
END
$do$;

-- Down Migration
DROP FUNCTION touchline_create_read_models(text);
ALTER FUNCTION touchline_create_read_models_v4(text) RENAME TO touchline_create_read_models;
DROP SEQUENCE IF EXISTS touchline_checkpoint_epoch;
