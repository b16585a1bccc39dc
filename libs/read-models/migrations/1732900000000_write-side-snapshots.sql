-- Up Migration

-- The API writer's snapshot of its in-memory streams (docs/adr/0011): start-up loads the
-- positions and the streams still in play, then folds only the log's tail. Keyed by the log it
-- was folded from, so a new broker or topic starts from offset 0. Not a read model: a rebuild
-- never touches it.
CREATE SCHEMA IF NOT EXISTS write_side;

-- Per partition, the next offset to read: every record before it is in the stream rows.
CREATE TABLE write_side.snapshot_positions (
  log_id          text        NOT NULL,
  kafka_partition integer     NOT NULL,
  next_offset     bigint      NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (log_id, kafka_partition)
);

CREATE TABLE write_side.snapshot_streams (
  log_id     text    NOT NULL,
  stream_id  text    NOT NULL,
  kind       text,
  version    integer NOT NULL,
  last_seq   integer NOT NULL,
  finished   boolean NOT NULL,
  -- JSON as text, not jsonb: jsonb reorders keys, and a state must come back exactly as folded.
  state      text    NOT NULL,
  seen       text    NOT NULL,
  PRIMARY KEY (log_id, stream_id)
);
CREATE INDEX snapshot_streams_in_play_idx ON write_side.snapshot_streams (log_id) WHERE NOT finished;

-- Which tie claims which match id (the first tie to list it keeps it).
CREATE TABLE write_side.snapshot_legs (
  log_id    text NOT NULL,
  match_id  text NOT NULL,
  tie_id    text NOT NULL,
  PRIMARY KEY (log_id, match_id)
);
CREATE INDEX snapshot_legs_tie_idx ON write_side.snapshot_legs (log_id, tie_id);

-- Down Migration
DROP SCHEMA IF EXISTS write_side CASCADE;
