import type { PoolClient } from 'pg';
import { matchView, type CompetitionState, type MatchState, type TieState } from '@touchline/domain';
import { FoldResult, LoadedStates, matchRowsOf, StoredStream } from './batch-fold';
import { formatProjectedPayloads } from './projected-payload';
import { PROJECTED_CHANNEL, PROJECTIONS, schemaName } from './schema';

/**
 * The SQL side of a projection batch. Every statement is one round trip for the whole batch
 * (multi-row UNNEST), and everything runs inside the caller's transaction.
 */
export class BatchStore {
  private readonly s: string;

  constructor(schema: string) {
    this.s = schemaName(schema);
  }

  /** Locks this partition's checkpoints (so two projector instances never apply it at once) and reads them. */
  async lockCheckpoint(client: PoolClient, partition: number): Promise<bigint> {
    let rows = await this.selectCheckpoints(client, partition);
    if (rows.length < PROJECTIONS.length) {
      // First batch of this partition: create its rows (one round trip saved on every later batch).
      await client.query(
        `INSERT INTO ${this.s}.checkpoints (projection, kafka_partition, next_offset)
         SELECT p, $1, 0 FROM unnest($2::text[]) AS p ON CONFLICT DO NOTHING`,
        [partition, PROJECTIONS],
      );
      rows = await this.selectCheckpoints(client, partition);
    }
    // The projections move together, so their checkpoints agree; the smallest is the safe one.
    return rows.reduce(
      (min, r) => (BigInt(r.next_offset) < min ? BigInt(r.next_offset) : min),
      BigInt(rows[0].next_offset),
    );
  }

  private async selectCheckpoints(
    client: PoolClient,
    partition: number,
  ): Promise<Array<{ next_offset: string }>> {
    const { rows } = await client.query<{ next_offset: string }>(
      `SELECT next_offset FROM ${this.s}.checkpoints
       WHERE kafka_partition = $1 AND projection = ANY($2) FOR UPDATE`,
      [partition, PROJECTIONS],
    );
    return rows;
  }

  async load(
    client: PoolClient,
    ids: { matchIds: string[]; tieIds: string[]; competitionIds: string[]; streamIds: string[] },
  ): Promise<LoadedStates> {
    const { matchIds, tieIds, competitionIds, streamIds } = ids;
    const [matches, ties, competitions, parked] = await Promise.all([
      matchIds.length
        ? client.query<{ match_id: string; version: number; state: MatchState }>(
            `SELECT match_id, version, state FROM ${this.s}.matches WHERE match_id = ANY($1)`,
            [matchIds],
          )
        : { rows: [] },
      tieIds.length
        ? client.query<{ tie_id: string; version: number; state: TieState }>(
            `SELECT tie_id, version, state FROM ${this.s}.ties WHERE tie_id = ANY($1)`,
            [tieIds],
          )
        : { rows: [] },
      competitionIds.length
        ? client.query<{ competition_id: string; version: number; state: CompetitionState }>(
            `SELECT competition_id, version, state FROM ${this.s}.competitions WHERE competition_id = ANY($1)`,
            [competitionIds],
          )
        : { rows: [] },
      streamIds.length
        ? client.query<{ stream_id: string }>(
            `SELECT DISTINCT stream_id FROM ${this.s}.parked WHERE stream_id = ANY($1)`,
            [streamIds],
          )
        : { rows: [] },
    ]);
    return {
      matches: new Map(matches.rows.map((r) => [r.match_id, { version: r.version, state: r.state }])),
      ties: new Map(ties.rows.map((r) => [r.tie_id, { version: r.version, state: r.state }])),
      competitions: new Map(
        competitions.rows.map((r) => [r.competition_id, { version: r.version, state: r.state }]),
      ),
      parked: new Set(parked.rows.map((r) => r.stream_id)),
    };
  }

  /** Writes a folded batch; `nextOffset` moves the partition's checkpoints (null: leave them, as for a parked retry). */
  async save(
    client: PoolClient,
    partition: number,
    fold: FoldResult,
    nextOffset: bigint | null,
  ): Promise<void> {
    if (fold.events.length) {
      const e = fold.events;
      await client.query(
        `INSERT INTO ${this.s}.events (stream_id, seq, type, event_id, recorded_at, body, kafka_partition, kafka_offset)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[], $7::int[], $8::bigint[])
         ON CONFLICT DO NOTHING`,
        [
          e.map((x) => x.record.streamId),
          e.map((x) => x.record.seq),
          e.map((x) => x.record.type),
          e.map((x) => x.record.eventId),
          e.map((x) => x.record.recordedAt),
          e.map((x) => JSON.stringify(x.record)),
          e.map(() => partition),
          e.map((x) => x.offset),
        ],
      );
    }
    await this.saveMatches(client, fold.matches);
    await this.saveTies(client, fold.ties);
    await this.saveCompetitions(client, fold.competitions);
    await this.saveScorers(client, fold.scorers);
    await this.saveCompetitionMatches(client, fold.competitionMatches);
    if (fold.parked.length) {
      const p = fold.parked;
      await client.query(
        `INSERT INTO ${this.s}.parked (stream_id, kafka_partition, kafka_offset, raw, error)
         SELECT s, $2, o, r, e FROM unnest($1::text[], $3::bigint[], $4::text[], $5::text[]) AS t(s, o, r, e)
         ON CONFLICT DO NOTHING`,
        [
          p.map((x) => x.streamId),
          partition,
          p.map((x) => x.offset),
          p.map((x) => x.raw),
          p.map((x) => x.error),
        ],
      );
    }
    if (nextOffset !== null) {
      await client.query(
        `UPDATE ${this.s}.checkpoints SET next_offset = $2, updated_at = now()
         WHERE kafka_partition = $1 AND projection = ANY($3)`,
        [partition, nextOffset.toString(), PROJECTIONS],
      );
    }
    await this.notify(client, fold);
  }

  /** Replaces matches' rows, scorer lines and competition rows (the in-place rebuild of one match uses it too). */
  async saveMatchStates(client: PoolClient, matches: Map<string, StoredStream<MatchState>>): Promise<void> {
    await this.saveMatches(client, matches);
    const scorers: FoldResult['scorers'] = new Map();
    const competitionMatches: FoldResult['competitionMatches'] = new Map();
    for (const [id, { state }] of matches) {
      const rows = matchRowsOf(state);
      scorers.set(id, rows.scorers);
      competitionMatches.set(id, rows.competitionMatch);
    }
    await this.saveScorers(client, scorers);
    await this.saveCompetitionMatches(client, competitionMatches);
  }

  private async saveMatches(
    client: PoolClient,
    matches: Map<string, StoredStream<MatchState>>,
  ): Promise<void> {
    if (!matches.size) return;
    const rows = [...matches];
    await client.query(
      `INSERT INTO ${this.s}.matches (match_id, competition, tie_id, version, status, state, view)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::jsonb[], $7::jsonb[])
       ON CONFLICT (match_id) DO UPDATE SET competition = excluded.competition, tie_id = excluded.tie_id,
         version = excluded.version, status = excluded.status, state = excluded.state, view = excluded.view`,
      [
        rows.map(([id]) => id),
        rows.map(([, m]) => m.state.competition),
        rows.map(([, m]) => m.state.tieId ?? null),
        rows.map(([, m]) => m.version),
        rows.map(([, m]) => m.state.status),
        rows.map(([, m]) => JSON.stringify(m.state)),
        rows.map(([, m]) => JSON.stringify(matchView(m.state))),
      ],
    );
  }

  private async saveTies(client: PoolClient, ties: Map<string, StoredStream<TieState>>): Promise<void> {
    if (!ties.size) return;
    const rows = [...ties];
    await client.query(
      `INSERT INTO ${this.s}.ties (tie_id, competition, version, state)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[])
       ON CONFLICT (tie_id) DO UPDATE SET competition = excluded.competition, version = excluded.version,
         state = excluded.state`,
      [
        rows.map(([id]) => id),
        rows.map(([, t]) => t.state.competition),
        rows.map(([, t]) => t.version),
        rows.map(([, t]) => JSON.stringify(t.state)),
      ],
    );
  }

  private async saveCompetitions(
    client: PoolClient,
    competitions: Map<string, StoredStream<CompetitionState>>,
  ): Promise<void> {
    if (!competitions.size) return;
    const rows = [...competitions];
    await client.query(
      `INSERT INTO ${this.s}.competitions (competition_id, name, version, state)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[])
       ON CONFLICT (competition_id) DO UPDATE SET name = excluded.name, version = excluded.version,
         state = excluded.state`,
      [
        rows.map(([id]) => id),
        rows.map(([, c]) => c.state.name),
        rows.map(([, c]) => c.version),
        rows.map(([, c]) => JSON.stringify(c.state)),
      ],
    );
  }

  /** Protected so that a benchmark can measure the projector without this table (its cost). */
  protected async saveCompetitionMatches(
    client: PoolClient,
    matches: FoldResult['competitionMatches'],
  ): Promise<void> {
    if (!matches.size) return;
    const rows = [...matches.values()];
    await client.query(
      `INSERT INTO ${this.s}.competition_matches (match_id, competition, group_name, round, tie_id, status,
         kickoff_at, home_team, away_team, score_home, score_away, fair_play_home, fair_play_away, fixture)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::timestamptz[], $8::text[], $9::text[], $10::int[], $11::int[], $12::int[], $13::int[], $14::jsonb[])
       ON CONFLICT (match_id) DO UPDATE SET competition = excluded.competition, group_name = excluded.group_name,
         round = excluded.round, tie_id = excluded.tie_id, status = excluded.status,
         kickoff_at = excluded.kickoff_at, home_team = excluded.home_team, away_team = excluded.away_team,
         score_home = excluded.score_home, score_away = excluded.score_away,
         fair_play_home = excluded.fair_play_home, fair_play_away = excluded.fair_play_away,
         fixture = excluded.fixture`,
      [
        rows.map((r) => r.table.matchId),
        rows.map((r) => r.competition),
        rows.map((r) => r.table.group),
        rows.map((r) => r.round),
        rows.map((r) => r.tieId),
        rows.map((r) => r.table.status),
        rows.map((r) => r.kickoffAt),
        rows.map((r) => r.table.homeTeam),
        rows.map((r) => r.table.awayTeam),
        rows.map((r) => r.table.score.home),
        rows.map((r) => r.table.score.away),
        rows.map((r) => r.table.fairPlay.home),
        rows.map((r) => r.table.fairPlay.away),
        rows.map((r) => JSON.stringify(r.fixture)),
      ],
    );
  }

  private async saveScorers(client: PoolClient, scorers: FoldResult['scorers']): Promise<void> {
    if (!scorers.size) return;
    const matchIds = [...scorers.keys()];
    await client.query(`DELETE FROM ${this.s}.match_scorers WHERE match_id = ANY($1)`, [matchIds]);
    const rows = [...scorers].flatMap(([matchId, s]) =>
      s.rows.map((r) => ({ matchId, competition: s.competition, ...r })),
    );
    if (!rows.length) return;
    await client.query(
      `INSERT INTO ${this.s}.match_scorers (match_id, competition, player, team, goals)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])`,
      [
        rows.map((r) => r.matchId),
        rows.map((r) => r.competition),
        rows.map((r) => r.player),
        rows.map((r) => r.team),
        rows.map((r) => r.goals),
      ],
    );
  }

  /** Tells listeners (live streams, read-your-writes waits) which streams moved; delivered on commit. */
  private async notify(client: PoolClient, fold: FoldResult): Promise<void> {
    for (const payload of formatProjectedPayloads(fold)) {
      await client.query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, payload]);
    }
  }
}
