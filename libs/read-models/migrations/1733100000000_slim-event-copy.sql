-- Up Migration

-- The event copy (`events`, one row per event of the log, by far the most rows a rebuild writes)
-- keeps only what is read or checked: the stream and seq it is looked up by, its place in the log
-- (partition and offset) and the record itself. `type`, `event_id` and `recorded_at` were copies
-- of fields of the record that nothing read. The record is stored as `json` (its text, checked to
-- be JSON), not `jsonb`: it is only ever read back whole, so the binary form was a conversion on
-- every write and a larger row. Every schema created from here on (a rebuild's) has this shape
-- from the start. The read models' shape moves to 4: the projector clears the live schema and
-- folds the log again from offset 0 on its next start (see `bindToLog`).
ALTER FUNCTION touchline_create_read_models(text) RENAME TO touchline_create_read_models_v3;

CREATE FUNCTION touchline_create_read_models(s text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', s);
  EXECUTE format($q$CREATE TABLE IF NOT EXISTS %I.events (
    stream_id       text    NOT NULL,
    seq             integer NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset    bigint  NOT NULL,
    body            json    NOT NULL,
    PRIMARY KEY (stream_id, seq)
  )$q$, s);
  -- Creates the other tables (its own CREATE TABLE IF NOT EXISTS of events finds the one above).
  PERFORM touchline_create_read_models_v3(s);
END
$fn$;

-- The live schema's rows are folded again from offset 0 on the projector's next start; until
-- then readers keep reading them in the new shape.
ALTER TABLE read.events
  DROP COLUMN IF EXISTS type,
  DROP COLUMN IF EXISTS event_id,
  DROP COLUMN IF EXISTS recorded_at,
  ALTER COLUMN body TYPE json USING body::json;

-- Down Migration
ALTER TABLE read.events
  ALTER COLUMN body TYPE jsonb USING body::jsonb,
  ADD COLUMN IF NOT EXISTS type text NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS event_id text NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS recorded_at timestamptz NOT NULL DEFAULT now();
DROP FUNCTION touchline_create_read_models(text);
ALTER FUNCTION touchline_create_read_models_v3(text) RENAME TO touchline_create_read_models;
