-- Up Migration

-- Which log each read-model schema was folded from (Kafka cluster id and topic). Checkpoints are
-- offsets in that log only: against another log (a new broker, another topic) they would skip
-- events, so the projector starts such a schema over instead.
CREATE TABLE IF NOT EXISTS projection_source (
  schema_name text PRIMARY KEY,
  log_id      text        NOT NULL,
  since       timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE IF EXISTS projection_source;
