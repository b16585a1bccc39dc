-- Up Migration

-- Competitions and their tables. Each match of a competition keeps one row with what its group
-- or league table and its fixtures list need (group, round, tie, status, score, fair play), so
-- standings are computed at query time from a handful of rows: a goal disallowed in a live match
-- moves the table back in the very batch that applies it.
ALTER FUNCTION touchline_create_read_models(text) RENAME TO touchline_create_read_models_v2;

CREATE FUNCTION touchline_create_read_models(s text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM touchline_create_read_models_v2(s);

  EXECUTE format($q$CREATE TABLE IF NOT EXISTS %I.competitions (
    competition_id text    PRIMARY KEY,
    name           text    NOT NULL,
    version        integer NOT NULL,
    state          jsonb   NOT NULL
  )$q$, s);

  EXECUTE format($q$CREATE TABLE IF NOT EXISTS %I.competition_matches (
    match_id       text        PRIMARY KEY,
    competition    text        NOT NULL,
    group_name     text,
    round          text,
    tie_id         text,
    status         text        NOT NULL,
    kickoff_at     timestamptz,
    home_team      text        NOT NULL,
    away_team      text        NOT NULL,
    score_home     integer     NOT NULL,
    score_away     integer     NOT NULL,
    fair_play_home integer     NOT NULL,
    fair_play_away integer     NOT NULL,
    fixture        jsonb       NOT NULL
  )$q$, s);
  EXECUTE format(
    'CREATE INDEX IF NOT EXISTS competition_matches_competition_idx ON %I.competition_matches (competition, kickoff_at, match_id)',
    s);
END
$fn$;

SELECT touchline_create_read_models('read');

-- Down Migration
DROP TABLE IF EXISTS read.competition_matches;
DROP TABLE IF EXISTS read.competitions;
DROP FUNCTION touchline_create_read_models(text);
ALTER FUNCTION touchline_create_read_models_v2(text) RENAME TO touchline_create_read_models;
