import type { PoolClient } from 'pg';
import {
  matchView,
  withoutLog,
  type CompetitionState,
  type LeanMatchState,
  type TieState,
} from '@touchline/domain';
import { matchStreamId, parseStreamId } from '@touchline/event-store';
import { FoldResult, LoadedStates, matchRowsOf, noLoadedStates, StoredStream } from './batch-fold';
import { copyEventRows, eventCopyData } from './event-copy';
import { matchLogOf } from './match-log';
import { formatProjectedPayloads } from './projected-payload';
import { PROJECTED_CHANNEL, PROJECTIONS, schemaName } from './schema';

/** The streams a batch names, by kind (see `streamsOf`). */
export interface StreamIds {
  matchIds: string[];
  /** Matches whose log is loaded too (from the stored events). */
  logMatchIds?: string[];
  tieIds: string[];
  competitionIds: string[];
  streamIds: string[];
}

/**
 * One row of the batch load: a stored state (m, t, c), a stored event of a match whose log is
 * loaded (e), a parked stream (p) or a checkpoint (k). `n` is the version, seq or next offset;
 * `state` the state, the event, or a checkpoint's epoch (as text).
 */
interface LoadedRow {
  kind: 'm' | 't' | 'c' | 'e' | 'p' | 'k';
  id: string;
  n: string | null;
  state: unknown;
}

/** The rows of a batch, by table, as the one JSON document `rowsCtes` reads. */
type RowsDocument = Partial<
  Record<'matches' | 'ties' | 'competitions' | 'competitionMatches' | 'scorers' | 'parked', object[]>
> & {
  scorerMatchIds?: string[];
  /** The event copy, sent beside the document (see `eventRowsJson`). */
  eventsJson?: string;
};

/**
 * A batch's event copy as one JSON array (`json_to_recordset`), apart from the document: each
 * record goes in as text and is stored as text (`body json`), never converted to `jsonb` — it is
 * most of what a batch writes, and is only ever read back whole.
 */
export function eventRowsJson(events: FoldResult['events'], partition: number): string {
  let out = '[';
  for (let i = 0; i < events.length; i++) {
    const { record, offset } = events[i];
    if (i) out += ',';
    out += `{"stream_id":${JSON.stringify(record.streamId)},"seq":${record.seq},"kafka_partition":${partition},"kafka_offset":${JSON.stringify(offset)},"body":${JSON.stringify(record)}}`;
  }
  return `${out}]`;
}

function loadedStatesOf(rows: LoadedRow[], logMatchIds: string[] = []): LoadedStates {
  const loaded = noLoadedStates();
  const events = new Map<string, LoadedRow[]>(logMatchIds.map((id) => [id, []]));
  for (const r of rows) {
    if (r.kind === 'p') loaded.parked.add(r.id);
    else if (r.kind === 'm')
      loaded.matches.set(r.id, { version: Number(r.n), state: r.state as LeanMatchState });
    else if (r.kind === 'e') events.get(parseStreamId(r.id)!.id)?.push(r);
    else if (r.kind === 't') loaded.ties.set(r.id, { version: Number(r.n), state: r.state as TieState });
    else if (r.kind === 'c')
      loaded.competitions.set(r.id, { version: Number(r.n), state: r.state as CompetitionState });
  }
  for (const [id, rows] of events) {
    rows.sort((a, b) => Number(a.n) - Number(b.n));
    loaded.matchLogs.set(id, matchLogOf(rows.map((r) => r.state)));
  }
  return loaded;
}

/** Matches' rows and their scorer lines (every line of each match named in `scorers`). */
function matchRows(
  matches: Map<string, StoredStream<LeanMatchState>>,
  scorers: FoldResult['scorers'],
): RowsDocument {
  return {
    matches: [...matches].map(([id, m]) => ({
      match_id: id,
      competition: m.state.competition,
      tie_id: m.state.tieId ?? null,
      version: m.version,
      status: m.state.status,
      // Without its log: the events are stored beside it (the log is most of a folded state).
      state: withoutLog(m.state),
      view: matchView(m.state),
    })),
    scorers: [...scorers].flatMap(([matchId, s]) =>
      s.rows.map((r) => ({ match_id: matchId, competition: s.competition, ...r })),
    ),
    scorerMatchIds: [...scorers.keys()],
  };
}

/**
 * From how many events a batch's event copy goes in with COPY rather than inside the statement
 * that writes the batch's other rows: two more round trips (a savepoint, the COPY), which a live
 * batch of a few events would feel, for a cheaper write of each row, which a rebuild's batches
 * of thousands do.
 */
export const COPY_EVENTS_FROM = 256;

/**
 * The SQL side of a projection batch: one load (one snapshot, no lock), then for a live batch one
 * statement that moves the checkpoints, writes every row and notifies (`saveInOneStatement`), and
 * for a batch of `copyEventsFrom` events or more, in the caller's transaction, the guarded
 * checkpoint move with the notification, the COPY of the event copy under a savepoint, and one
 * statement for the other rows (`save`).
 */
export class BatchStore {
  private readonly s: string;

  constructor(
    schema: string,
    private readonly copyEventsFrom = COPY_EVENTS_FROM,
  ) {
    this.s = schemaName(schema);
  }

  /**
   * Moves the checkpoints of `partition` from anywhere in [from, to) to `to`: offsets that hold
   * no data (transaction markers, records of aborted transactions). Elsewhere they stay.
   */
  async skipNonData(client: PoolClient, partition: number, from: bigint, to: bigint): Promise<void> {
    await client.query(
      `UPDATE ${this.s}.checkpoints SET next_offset = $2, updated_at = now()
       WHERE kafka_partition = $1 AND projection = ANY($3) AND next_offset >= $4 AND next_offset < $2`,
      [partition, to.toString(), PROJECTIONS, from.toString()],
    );
  }

  /** Locks this partition's checkpoints (so two projector instances never apply it at once) and reads them. */
  async lockCheckpoint(client: PoolClient, partition: number): Promise<bigint> {
    let rows = await this.selectCheckpoints(client, partition);
    if (rows.length < PROJECTIONS.length) {
      // First batch of this partition: create its rows (one round trip saved on every later batch),
      // all of one epoch.
      await client.query(
        `INSERT INTO ${this.s}.checkpoints (projection, kafka_partition, next_offset, epoch)
         SELECT p, $1, 0, e.v FROM unnest($2::text[]) AS p, (SELECT nextval('touchline_checkpoint_epoch') AS v) e
         ON CONFLICT (projection, kafka_partition) DO UPDATE SET epoch = excluded.epoch`,
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

  /**
   * Reads, in one round trip and one snapshot, the partition's checkpoint (null when its rows do
   * not exist yet) and the stored states a batch folds into. Nothing is locked: `save` moves the
   * checkpoint only if it still holds this value and epoch, which makes the whole batch apply
   * exactly once, and never over rows written by anyone else since the load.
   */
  async loadForBatch(
    client: PoolClient,
    partition: number,
    ids: StreamIds,
  ): Promise<{ next: bigint | null; epoch: string | null; loaded: LoadedStates }> {
    const rows = await this.loadRows(client, ids, partition);
    const checkpoints = rows.filter((r) => r.kind === 'k');
    const offsets = checkpoints.map((r) => BigInt(r.n!));
    const next = offsets.length < PROJECTIONS.length ? null : offsets.reduce((min, o) => (o < min ? o : min));
    // Epochs agree across a partition's checkpoints (they are only ever set together); a
    // disagreement would fail the write's guard, as it should.
    const epoch = next === null ? null : (checkpoints[0].state as string);
    return { next, epoch, loaded: loadedStatesOf(rows, ids.logMatchIds) };
  }

  /**
   * Gives every checkpoint of the schema a new epoch, in the caller's transaction: a write of
   * rows that no projector batch folded (an admin's), after which no batch folded against what a
   * projector remembers may be written. Waits for the batches being written, and holds back the
   * next ones until the caller commits; call it before locking any other row.
   */
  async renewEpochs(client: PoolClient): Promise<void> {
    await client.query(
      `UPDATE ${this.s}.checkpoints SET epoch = (SELECT nextval('touchline_checkpoint_epoch'))`,
    );
  }

  async load(client: PoolClient, ids: StreamIds): Promise<LoadedStates> {
    return loadedStatesOf(await this.loadRows(client, ids, null), ids.logMatchIds);
  }

  private async loadRows(client: PoolClient, ids: StreamIds, partition: number | null): Promise<LoadedRow[]> {
    const { rows } = await client.query<LoadedRow>({
      name: `touchline_load_${this.s}`,
      text: `SELECT 'm' AS kind, match_id AS id, version::bigint AS n, state FROM ${this.s}.matches WHERE match_id = ANY($1)
       UNION ALL SELECT 't', tie_id, version, state FROM ${this.s}.ties WHERE tie_id = ANY($2)
       UNION ALL SELECT 'c', competition_id, version, state FROM ${this.s}.competitions WHERE competition_id = ANY($3)
       UNION ALL SELECT 'e', stream_id, seq, body::jsonb FROM ${this.s}.events WHERE stream_id = ANY($7)
       UNION ALL SELECT DISTINCT 'p', stream_id, NULL::bigint, NULL::jsonb FROM ${this.s}.parked WHERE stream_id = ANY($4)
       UNION ALL SELECT 'k', projection, next_offset, to_jsonb(epoch::text) FROM ${this.s}.checkpoints
         WHERE kafka_partition = $5 AND projection = ANY($6)`,
      values: [
        ids.matchIds,
        ids.tieIds,
        ids.competitionIds,
        ids.streamIds,
        partition,
        PROJECTIONS,
        (ids.logMatchIds ?? []).map(matchStreamId),
      ],
    });
    return rows;
  }

  /**
   * Writes a folded batch inside the caller's transaction. With a checkpoint move, its guard goes
   * first: the partition's checkpoints must still be at `from` (else another instance applied this
   * batch since it was loaded: nothing is written and false comes back); the update then holds
   * them locked until commit. Without one (a parked retry) the checkpoints are left as they are.
   */
  async save(
    client: PoolClient,
    partition: number,
    fold: FoldResult,
    checkpoint: CheckpointMove | null,
  ): Promise<boolean> {
    const payloads = formatProjectedPayloads(fold);
    if (checkpoint !== null) {
      const { rows } = await client.query<{ moved: number }>(
        `WITH ${this.checkpointMove()}, notified AS (SELECT pg_notify($6, p) FROM unnest($7::text[]) AS p)
         SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM notified) AS notified`,
        [...checkpointParams(partition, checkpoint), PROJECTED_CHANNEL, payloads],
      );
      if (rows[0].moved !== PROJECTIONS.length) return false;
    } else if (payloads.length) {
      await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [
        PROJECTED_CHANNEL,
        payloads,
      ]);
    }
    const copied = await this.copyEvents(client, fold.events, partition);
    const doc = this.documentOf(fold, partition, copied);
    if (!isEmpty(doc)) await client.query(`WITH ${this.rowsCtes('$1', '$2')} SELECT 1`, rowsParams(doc));
    return true;
  }

  /**
   * Writes a folded batch and moves the partition's checkpoints from `from` to `to` in one
   * statement, with no transaction around it (a statement applies whole or not at all): one round
   * trip where `save` in a transaction takes four, which a live batch of a few events feels. The
   * guard is the same as `save`'s: unless every checkpoint moved, the statement's rows and
   * notifications are empty and false comes back. Batches with an event copy for COPY take `save`.
   */
  async saveInOneStatement(
    client: PoolClient,
    partition: number,
    fold: FoldResult,
    checkpoint: CheckpointMove,
  ): Promise<boolean> {
    if (fold.events.length >= this.copyEventsFrom)
      throw new Error(`a batch of ${fold.events.length} events takes save, with COPY`);
    const doc = this.documentOf(fold, partition, false);
    const { rows } = await client.query<{ moved: number }>({
      // Parsed and planned once per connection, not for every batch.
      name: `touchline_write_${this.s}`,
      text: `WITH ${this.checkpointMove()},
       ${this.rowsCtes('$8', '$9', '(SELECT count(*) FROM moved) = cardinality($3::text[])')},
       notified AS (SELECT pg_notify($6, p) FROM d, unnest($7::text[]) AS p)
       SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM notified) AS notified`,
      values: [
        ...checkpointParams(partition, checkpoint),
        PROJECTED_CHANNEL,
        formatProjectedPayloads(fold),
        ...rowsParams(doc),
      ],
    });
    return rows[0].moved === PROJECTIONS.length;
  }

  /**
   * The guarded move of a partition's checkpoints ($1 partition, $2 to, $3 projections, $4 from,
   * $5 epoch), as the CTE `moved`. A checkpoint locked by `renewEpochs` meanwhile is read again
   * once that commits, and its new epoch fails the guard.
   */
  private checkpointMove(): string {
    return `moved AS (
         UPDATE ${this.s}.checkpoints SET next_offset = $2, updated_at = now()
         WHERE kafka_partition = $1 AND projection = ANY($3) AND next_offset = $4 AND epoch = $5 RETURNING 1)`;
  }

  /** Whether `saveInOneStatement` takes a batch of this many events. */
  writesInOneStatement(events: number): boolean {
    return events < this.copyEventsFrom;
  }

  /** Every row of a folded batch (its event copy too, unless it went in with COPY), as the document `rowsCtes` reads. */
  private documentOf(fold: FoldResult, partition: number, copied: boolean): RowsDocument {
    return {
      eventsJson: fold.events.length && !copied ? eventRowsJson(fold.events, partition) : undefined,
      ...matchRows(fold.matches, without(fold.scorers, fold.unchanged.scorers)),
      ties: [...fold.ties].map(([id, t]) => ({
        tie_id: id,
        competition: t.state.competition,
        version: t.version,
        state: t.state,
      })),
      competitions: [...fold.competitions].map(([id, c]) => ({
        competition_id: id,
        name: c.state.name,
        version: c.version,
        state: c.state,
      })),
      competitionMatches: this.competitionMatchRows(
        without(fold.competitionMatches, fold.unchanged.competitionMatches),
      ),
      parked: fold.parked.map((x) => ({
        stream_id: x.streamId,
        kafka_partition: partition,
        kafka_offset: x.offset,
        raw: x.raw,
        error: x.error,
      })),
    };
  }

  /**
   * A large batch's event copy, with COPY (binary): true when written. COPY has no ON CONFLICT,
   * so it runs under a savepoint, and a row already there (a unique violation, which the
   * checkpoint guard leaves no room for) rolls it back: the rows then go in with the batch's
   * statement, whose ON CONFLICT DO NOTHING keeps the row there, as it always did.
   */
  private async copyEvents(
    client: PoolClient,
    events: FoldResult['events'],
    partition: number,
  ): Promise<boolean> {
    if (events.length < this.copyEventsFrom) return false;
    const data = eventCopyData(events, partition);
    await client.query('SAVEPOINT event_copy');
    try {
      await copyEventRows(client, `${this.s}.events`, data);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      await client.query('ROLLBACK TO SAVEPOINT event_copy');
      return false;
    }
  }

  /** Replaces matches' rows, scorer lines and competition rows (the in-place rebuild of one match uses it too). */
  async saveMatchStates(
    client: PoolClient,
    matches: Map<string, StoredStream<LeanMatchState>>,
  ): Promise<void> {
    const scorers: FoldResult['scorers'] = new Map();
    const competitionMatches: FoldResult['competitionMatches'] = new Map();
    for (const [id, { state }] of matches) {
      const rows = matchRowsOf(state);
      scorers.set(id, rows.scorers);
      competitionMatches.set(id, rows.competitionMatch);
    }
    const doc = {
      ...matchRows(matches, scorers),
      competitionMatches: this.competitionMatchRows(competitionMatches),
    };
    await client.query(`WITH ${this.rowsCtes('$1', '$2')} SELECT 1`, rowsParams(doc));
  }

  /**
   * The statement's writes of every row of a batch, as data-modifying CTEs: the rows travel as one
   * JSON document (`jsonb_to_recordset`, at `docParam`) and the event copy beside it (`eventRowsJson`,
   * at `eventsParam`). A match's scorer lines are upserted and its lines no longer there deleted
   * (disjoint rows, so the two CTEs cannot see each other's work). Everything is read through `d`,
   * which `guard` can empty: then nothing is written.
   */
  private rowsCtes(docParam: string, eventsParam: string, guard = 'true'): string {
    return `d AS MATERIALIZED (SELECT ${docParam}::jsonb AS j WHERE ${guard}),
       events AS (
         INSERT INTO ${this.s}.events (stream_id, seq, kafka_partition, kafka_offset, body)
         SELECT r.* FROM d, json_to_recordset(${eventsParam}::json) AS r(stream_id text, seq int, kafka_partition int,
           kafka_offset bigint, body json)
         ON CONFLICT DO NOTHING),
       matches AS (
         INSERT INTO ${this.s}.matches (match_id, competition, tie_id, version, status, state, view)
         SELECT r.* FROM d, jsonb_to_recordset(d.j->'matches') AS r(match_id text, competition text,
           tie_id text, version int, status text, state jsonb, view jsonb)
         ON CONFLICT (match_id) DO UPDATE SET competition = excluded.competition, tie_id = excluded.tie_id,
           version = excluded.version, status = excluded.status, state = excluded.state, view = excluded.view),
       ties AS (
         INSERT INTO ${this.s}.ties (tie_id, competition, version, state)
         SELECT r.* FROM d, jsonb_to_recordset(d.j->'ties') AS r(tie_id text, competition text, version int, state jsonb)
         ON CONFLICT (tie_id) DO UPDATE SET competition = excluded.competition, version = excluded.version,
           state = excluded.state),
       competitions AS (
         INSERT INTO ${this.s}.competitions (competition_id, name, version, state)
         SELECT r.* FROM d, jsonb_to_recordset(d.j->'competitions') AS r(competition_id text, name text,
           version int, state jsonb)
         ON CONFLICT (competition_id) DO UPDATE SET name = excluded.name, version = excluded.version,
           state = excluded.state),
       competition_matches AS (
         INSERT INTO ${this.s}.competition_matches (match_id, competition, group_name, round, tie_id, status,
           kickoff_at, home_team, away_team, score_home, score_away, fair_play_home, fair_play_away, fixture)
         SELECT r.* FROM d, jsonb_to_recordset(d.j->'competitionMatches') AS r(match_id text, competition text,
           group_name text, round text, tie_id text, status text, kickoff_at timestamptz, home_team text,
           away_team text, score_home int, score_away int, fair_play_home int, fair_play_away int, fixture jsonb)
         ON CONFLICT (match_id) DO UPDATE SET competition = excluded.competition, group_name = excluded.group_name,
           round = excluded.round, tie_id = excluded.tie_id, status = excluded.status,
           kickoff_at = excluded.kickoff_at, home_team = excluded.home_team, away_team = excluded.away_team,
           score_home = excluded.score_home, score_away = excluded.score_away,
           fair_play_home = excluded.fair_play_home, fair_play_away = excluded.fair_play_away,
           fixture = excluded.fixture),
       scorers AS (
         SELECT r.* FROM d, jsonb_to_recordset(d.j->'scorers') AS r(match_id text, competition text,
           player text, team text, goals int)),
       stale_scorers AS (
         DELETE FROM ${this.s}.match_scorers x
         WHERE x.match_id IN (SELECT jsonb_array_elements_text(d.j->'scorerMatchIds') FROM d)
           AND NOT EXISTS (SELECT 1 FROM scorers s
                           WHERE s.match_id = x.match_id AND s.player = x.player AND s.team = x.team)),
       scorer_lines AS (
         INSERT INTO ${this.s}.match_scorers (match_id, competition, player, team, goals)
         SELECT * FROM scorers
         ON CONFLICT (match_id, player, team) DO UPDATE SET competition = excluded.competition,
           goals = excluded.goals),
       parked AS (
         INSERT INTO ${this.s}.parked (stream_id, kafka_partition, kafka_offset, raw, error)
         SELECT r.* FROM d, jsonb_to_recordset(d.j->'parked') AS r(stream_id text, kafka_partition int,
           kafka_offset bigint, raw text, error text)
         ON CONFLICT DO NOTHING)`;
  }

  /** A batch's rows of its competitions' tables and fixtures lists; protected so that a benchmark can measure the projector without them. */
  protected competitionMatchRows(matches: FoldResult['competitionMatches']): object[] {
    return [...matches.values()].map((r) => ({
      match_id: r.table.matchId,
      competition: r.competition,
      group_name: r.table.group,
      round: r.round,
      tie_id: r.tieId,
      status: r.table.status,
      kickoff_at: r.kickoffAt,
      home_team: r.table.homeTeam,
      away_team: r.table.awayTeam,
      score_home: r.table.score.home,
      score_away: r.table.score.away,
      fair_play_home: r.table.fairPlay.home,
      fair_play_away: r.table.fairPlay.away,
      fixture: r.fixture,
    }));
  }
}

/** A batch's move of its partition's checkpoints: from `from` to `to`, if their epoch is still `epoch`. */
export interface CheckpointMove {
  from: bigint;
  to: bigint;
  epoch: string;
}

/** `rows` without the entries of `keys`. */
function without<V>(rows: Map<string, V>, keys: Set<string>): Map<string, V> {
  if (!keys.size) return rows;
  const out = new Map<string, V>();
  for (const [k, v] of rows) if (!keys.has(k)) out.set(k, v);
  return out;
}

const checkpointParams = (partition: number, { from, to, epoch }: CheckpointMove) => [
  partition,
  to.toString(),
  PROJECTIONS,
  from.toString(),
  epoch,
];

const rowsParams = ({ eventsJson, ...doc }: RowsDocument): [string, string] => [
  JSON.stringify(doc),
  eventsJson ?? '[]',
];

const isEmpty = ({ eventsJson, ...doc }: RowsDocument): boolean =>
  eventsJson === undefined && Object.values(doc).every((rows: unknown[]) => !rows.length);
