import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { MatchState, MatchView, ScorerLine, TieState } from '@touchline/domain';
import { parseStreamId } from '@touchline/event-store';
import { LIVE_SCHEMA } from '@touchline/read-models';
import { PG_POOL } from '../infra/tokens';

const S = LIVE_SCHEMA;

export interface StoredEvent {
  seq: number;
  body: Record<string, unknown>;
}

/** Reads the projected read models (never the log): the only place with SQL for queries. */
@Injectable()
export class ReadModelRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async match(matchId: string): Promise<{ version: number; state: MatchState } | null> {
    const { rows } = await this.pool.query<{ version: number; state: MatchState }>(
      `SELECT version, state FROM ${S}.matches WHERE match_id = $1`,
      [matchId],
    );
    return rows[0] ?? null;
  }

  /** What GET /matches/{id} answers, as the projector stored it (null for rows written before it did). */
  async matchView(matchId: string): Promise<{ view: MatchView | null; state: MatchState | null } | null> {
    const { rows } = await this.pool.query<{ view: MatchView | null; state: MatchState | null }>(
      `SELECT view, CASE WHEN view IS NULL THEN state END AS state FROM ${S}.matches WHERE match_id = $1`,
      [matchId],
    );
    return rows[0] ?? null;
  }

  async matches(matchIds: string[]): Promise<Map<string, { version: number; state: MatchState }>> {
    const { rows } = await this.pool.query<{ match_id: string; version: number; state: MatchState }>(
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

  /** The projected version of each stream (`match:<id>` / `tie:<id>`) that has a row; absent ones are left out. */
  async streamVersions(streamIds: string[]): Promise<Map<string, number>> {
    const matchIds: string[] = [];
    const tieIds: string[] = [];
    for (const streamId of streamIds) {
      const ref = parseStreamId(streamId);
      if (ref) (ref.kind === 'match' ? matchIds : tieIds).push(ref.id);
    }
    const { rows } = await this.pool.query<{ stream_id: string; version: number }>(
      `SELECT 'match:' || match_id AS stream_id, version FROM ${S}.matches WHERE match_id = ANY($1)
       UNION ALL
       SELECT 'tie:' || tie_id, version FROM ${S}.ties WHERE tie_id = ANY($2)`,
      [matchIds, tieIds],
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

  async scorers(competition: string): Promise<ScorerLine[]> {
    const { rows } = await this.pool.query<ScorerLine>(
      `SELECT player, team, sum(goals)::int AS goals FROM ${S}.match_scorers WHERE competition = $1
       GROUP BY player, team HAVING sum(goals) > 0 ORDER BY goals DESC, player ASC`,
      [competition],
    );
    return rows;
  }
}
