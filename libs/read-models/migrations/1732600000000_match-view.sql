-- Up Migration

-- Each match row also keeps its view (what GET /matches/{id} answers), a few hundred bytes,
-- so that the hot query does not parse the whole folded state with its event log.
ALTER FUNCTION touchline_create_read_models(text) RENAME TO touchline_create_read_models_v1;

CREATE FUNCTION touchline_create_read_models(s text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM touchline_create_read_models_v1(s);
  EXECUTE format('ALTER TABLE %I.matches ADD COLUMN IF NOT EXISTS view jsonb', s);
END
$fn$;

SELECT touchline_create_read_models('read');

-- Down Migration
ALTER TABLE read.matches DROP COLUMN IF EXISTS view;
DROP FUNCTION touchline_create_read_models(text);
ALTER FUNCTION touchline_create_read_models_v1(text) RENAME TO touchline_create_read_models;
