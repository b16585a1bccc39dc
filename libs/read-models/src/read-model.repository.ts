import type { Pool } from 'pg';
import type {
  CompetitionState,
  FixtureView,
  LeanMatchState,
  MatchState,
  MatchStatus,
  MatchView,
  ScorerLine,
  TableMatch,
  TieState,
} from '@touchline/domain';
import { matchStreamId, parseStreamId } from '@touchline/event-store';
import { matchLogOf } from './match-log';
import { LIVE_SCHEMA } from './schema';

const S = LIVE_SCHEMA;

export type MatchListOrder = 'kickoff' | 'latest';

const LIST_ORDER: Record<MatchListOrder, string> = {
  kickoff: `(doc->>'kickoffAt')::timestamptz ASC NULLS LAST, match_id`,
  latest: `(doc->>'lastRecordedAt')::timestamptz DESC NULLS LAST, match_id`,
};

/**
 * Rows derived from several matches, with the version of each of those matches read in the same
 * statement (`<matchId>@<version>`, sorted): the rows change only when these do.
 */
export interface ReadAt<T> {
  rows: T;
  versions: string[];
}

const versionsOf = (rows: Array<{ match_id: string; version: number | null }>): string[] =>
  rows.map((r) => `${r.match_id}@${r.version ?? '-'}`).sort();

export interface StoredEvent {
  seq: number;
  body: Record<string, unknown>;
}

/** Reads the live read models (never the log) for the API's queries and streams. */
export class ReadModelRepository {
  constructor(private readonly pool: Pool) {}

  /** The match as stored: its state without its log. */
  async match(matchId: string): Promise<{ version: number; state: LeanMatchState } | null> {
    const { rows } = await this.pool.query<{ version: number; state: LeanMatchState }>(
      `SELECT version, state FROM ${S}.matches WHERE match_id = $1`,
      [matchId],
    );
    return rows[0] ?? null;
  }

  /**
   * The match with its log, read from its stored events up to the stored version (every one of
   * them was stored with that version or before it): what walking its history, or folding on
   * from it, needs.
   */
  async matchWithLog(matchId: string): Promise<{ version: number; state: MatchState } | null> {
    const row = await this.match(matchId);
    if (!row) return null;
    const { rows } = await this.pool.query<{ body: unknown }>(
      `SELECT body FROM ${S}.events WHERE stream_id = $1 AND seq <= $2 ORDER BY seq`,
      [matchStreamId(matchId), row.version],
    );
    return { version: row.version, state: { ...row.state, log: matchLogOf(rows.map((r) => r.body)) } };
  }

  /** What GET /matches/{id} answers, as the projector stored it (null for rows written before it did). */
  async matchView(matchId: string): Promise<{ view: MatchView | null; state: LeanMatchState | null } | null> {
    const { rows } = await this.pool.query<{ view: MatchView | null; state: LeanMatchState | null }>(
      `SELECT view, CASE WHEN view IS NULL THEN state END AS state FROM ${S}.matches WHERE match_id = $1`,
      [matchId],
    );
    return rows[0] ?? null;
  }

  /** Matches with one of `statuses` (any, when null), each as its view (or its state for old rows). */
  async listMatches(
    statuses: string[] | null,
    order: MatchListOrder,
    limit: number,
  ): Promise<Array<{ view: MatchView | null; state: LeanMatchState | null }>> {
    const { rows } = await this.pool.query<{ view: MatchView | null; state: LeanMatchState | null }>(
      `SELECT view, state FROM (
         SELECT match_id, view, CASE WHEN view IS NULL THEN state END AS state, COALESCE(view, state) AS doc
         FROM ${S}.matches WHERE $1::text[] IS NULL OR status = ANY($1)
       ) m ORDER BY ${LIST_ORDER[order]} LIMIT $2`,
      [statuses, limit],
    );
    return rows;
  }

  async matches(matchIds: string[]): Promise<Map<string, { version: number; state: LeanMatchState }>> {
    const { rows } = await this.pool.query<{ match_id: string; version: number; state: LeanMatchState }>(
      `SELECT match_id, version, state FROM ${S}.matches WHERE match_id = ANY($1)`,
      [matchIds],
    );
    return new Map(rows.map((r) => [r.match_id, { version: r.version, state: r.state }]));
  }

  async matchVersion(matchId: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ version: number }>(
      `SELECT version FROM ${S}.matches WHERE match_id = $1`,
      [matchId],
    );
    return rows[0]?.version ?? null;
  }

  /** The projected version of each stream (`match:<id>`, `tie:<id>`, `competition:<id>`) that has a row; absent ones are left out. */
  async streamVersions(streamIds: string[]): Promise<Map<string, number>> {
    const ids = { match: [] as string[], tie: [] as string[], competition: [] as string[] };
    for (const streamId of streamIds) {
      const ref = parseStreamId(streamId);
      if (ref) ids[ref.kind].push(ref.id);
    }
    const { rows } = await this.pool.query<{ stream_id: string; version: number }>(
      `SELECT 'match:' || match_id AS stream_id, version FROM ${S}.matches WHERE match_id = ANY($1)
       UNION ALL
       SELECT 'tie:' || tie_id, version FROM ${S}.ties WHERE tie_id = ANY($2)
       UNION ALL
       SELECT 'competition:' || competition_id, version FROM ${S}.competitions WHERE competition_id = ANY($3)`,
      [ids.match, ids.tie, ids.competition],
    );
    return new Map(rows.map((r) => [r.stream_id, r.version]));
  }

  async tie(tieId: string): Promise<TieState | null> {
    const { rows } = await this.pool.query<{ state: TieState }>(
      `SELECT state FROM ${S}.ties WHERE tie_id = $1`,
      [tieId],
    );
    return rows[0]?.state ?? null;
  }

  async events(streamId: string, fromSeq = 1, limit = 10000): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<StoredEvent>(
      `SELECT seq, body FROM ${S}.events WHERE stream_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
      [streamId, fromSeq, limit],
    );
    return rows;
  }

  /** Counted goals summed per player, with the versions of the matches whose lines were summed. */
  async scorers(competition: string): Promise<ReadAt<ScorerLine[]>> {
    const { rows } = await this.pool.query<{ lines: ScorerLine[]; versions: string[] }>(
      `WITH lines AS (SELECT match_id, player, team, goals FROM ${S}.match_scorers WHERE competition = $1)
       SELECT
         (SELECT coalesce(json_agg(t ORDER BY t.goals DESC, t.player ASC), '[]') FROM (
            SELECT player, team, sum(goals)::int AS goals FROM lines GROUP BY player, team HAVING sum(goals) > 0
          ) t) AS lines,
         (SELECT coalesce(array_agg(m.match_id || '@' || m.version), '{}') FROM ${S}.matches m
          WHERE m.match_id IN (SELECT match_id FROM lines)) AS versions`,
      [competition],
    );
    return { rows: rows[0].lines, versions: rows[0].versions.sort() };
  }

  async competition(competitionId: string): Promise<CompetitionState | null> {
    const { rows } = await this.pool.query<{ state: CompetitionState }>(
      `SELECT state FROM ${S}.competitions WHERE competition_id = $1`,
      [competitionId],
    );
    return rows[0]?.state ?? null;
  }

  /** Whether a competition has a match or was declared: one that has neither is unknown (404). */
  async competitionExists(competitionId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ${S}.competitions WHERE competition_id = $1
       UNION ALL
       SELECT 1 FROM (SELECT 1 FROM ${S}.competition_matches WHERE competition = $1 LIMIT 1) m`,
      [competitionId],
    );
    return rows.length > 0;
  }

  /**
   * The matches that count in a competition's tables: all but the legs of ties; with the version
   * each was read at (`matchVersions`, 0 for a match with no row yet).
   */
  async tableMatches(
    competitionId: string,
  ): Promise<ReadAt<TableMatch[]> & { matchVersions: Map<string, number> }> {
    const { rows } = await this.pool.query<{
      version: number | null;
      match_id: string;
      group_name: string | null;
      home_team: string;
      away_team: string;
      status: MatchStatus;
      score_home: number;
      score_away: number;
      fair_play_home: number;
      fair_play_away: number;
    }>(
      `SELECT cm.match_id, cm.group_name, cm.home_team, cm.away_team, cm.status, cm.score_home,
         cm.score_away, cm.fair_play_home, cm.fair_play_away, m.version
       FROM ${S}.competition_matches cm LEFT JOIN ${S}.matches m ON m.match_id = cm.match_id
       WHERE cm.competition = $1 AND cm.tie_id IS NULL`,
      [competitionId],
    );
    const matches = rows.map((r) => ({
      matchId: r.match_id,
      group: r.group_name,
      homeTeam: r.home_team,
      awayTeam: r.away_team,
      status: r.status,
      score: { home: r.score_home, away: r.score_away },
      fairPlay: { home: r.fair_play_home, away: r.fair_play_away },
    }));
    const matchVersions = new Map(rows.map((r) => [r.match_id, r.version ?? 0]));
    return { rows: matches, versions: versionsOf(rows), matchVersions };
  }

  /** Fixtures and results, by kick-off then matchId; each filter is optional. */
  async fixtures(
    competitionId: string,
    filter: { round?: string; group?: string; status?: MatchStatus },
  ): Promise<ReadAt<FixtureView[]>> {
    const { rows } = await this.pool.query<{
      fixture: FixtureView;
      match_id: string;
      version: number | null;
    }>(
      `SELECT cm.fixture, cm.match_id, m.version
       FROM ${S}.competition_matches cm LEFT JOIN ${S}.matches m ON m.match_id = cm.match_id
       WHERE cm.competition = $1 AND ($2::text IS NULL OR cm.round = $2)
         AND ($3::text IS NULL OR cm.group_name = $3) AND ($4::text IS NULL OR cm.status = $4)
       ORDER BY cm.kickoff_at ASC NULLS LAST, cm.match_id COLLATE "C" ASC`,
      [competitionId, filter.round ?? null, filter.group ?? null, filter.status ?? null],
    );
    return { rows: rows.map((r) => r.fixture), versions: versionsOf(rows) };
  }
}
