-- Up Migration

-- The read models live in one schema per generation so that a rebuild can fill a fresh
-- schema while the live one keeps serving, then swap them in one transaction.
CREATE OR REPLACE FUNCTION touchline_create_read_models(s text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', s);

  -- A copy of the log, indexed by stream and seq: time travel, replay and live streams read it.
  EXECUTE format($q$CREATE TABLE IF NOT EXISTS %I.events (
    stream_id    text        NOT NULL,
    seq          integer     NOT NULL,
    type         text        NOT NULL,
    event_id     text        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    body         jsonb       NOT NULL,
    kafka_partition integer  NOT NULL,
    kafka_offset bigint      NOT NULL,
    PRIMARY KEY (stream_id, seq)
  )$q$, s);

  EXECUTE format($q$CREATE TABLE IF NOT EXISTS %I.matches (
    match_id     text    PRIMARY KEY,
    competition  text    NOT NULL,
    tie_id       text,
    version      integer NOT NULL,
    status       text    NOT NULL,
    state        jsonb   NOT NULL
  )$q$, s);
  EXECUTE format('CREATE INDEX IF NOT EXISTS matches_tie_idx ON %I.matches (tie_id) WHERE tie_id IS NOT NULL', s);

  EXECUTE format($q$CREATE TABLE IF NOT EXISTS %I.ties (
    tie_id       text    PRIMARY KEY,
    competition  text    NOT NULL,
    version      integer NOT NULL,
    state        jsonb   NOT NULL
  )$q$, s);

  -- Each match's contribution to its competition's scorers, replaced whole when the match changes.
  EXECUTE format($q$CREATE TABLE IF NOT EXISTS %I.match_scorers (
    match_id     text    NOT NULL,
    competition  text    NOT NULL,
    player       text    NOT NULL,
    team         text    NOT NULL,
    goals        integer NOT NULL,
    PRIMARY KEY (match_id, player, team)
  )$q$, s);
  EXECUTE format('CREATE INDEX IF NOT EXISTS match_scorers_competition_idx ON %I.match_scorers (competition)', s);

  -- Exactly-once: the next offset to apply, per projection and partition, written in the same
  -- transaction as the rows it accounts for.
  EXECUTE format($q$CREATE TABLE IF NOT EXISTS %I.checkpoints (
    projection   text    NOT NULL,
    kafka_partition integer NOT NULL,
    next_offset  bigint  NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, kafka_partition)
  )$q$, s);

  -- Streams whose records a projection could not apply, with the records held back behind them.
  EXECUTE format($q$CREATE TABLE IF NOT EXISTS %I.parked (
    stream_id    text        NOT NULL,
    kafka_partition integer  NOT NULL,
    kafka_offset bigint      NOT NULL,
    raw          text,
    error        text        NOT NULL,
    parked_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream_id, kafka_offset)
  )$q$, s);
END
$fn$;

SELECT touchline_create_read_models('read');

-- Rebuild requests and their progress (the projector runs them; the API reports them).
CREATE TABLE IF NOT EXISTS rebuilds (
  rebuild_id   text        PRIMARY KEY,
  status       text        NOT NULL,
  done         bigint      NOT NULL DEFAULT 0,
  total        bigint      NOT NULL DEFAULT 0,
  rate         double precision,
  error        text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz
);

-- Down Migration
DROP TABLE IF EXISTS rebuilds;
DROP SCHEMA IF EXISTS read CASCADE;
DROP FUNCTION IF EXISTS touchline_create_read_models(text);
