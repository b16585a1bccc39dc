import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '@touchline/platform';
import type {
  SnapshotCapture,
  SnapshotStart,
  SnapshotStore,
  StoredLeg,
  StoredStream,
} from './snapshot-store.port';

/**
 * Stream rows per statement, bounded in count (parameters) and in the text they carry: the
 * statement is built in one buffer before it is sent, so a bound on its size bounds the memory a
 * snapshot's write takes beside the capture itself.
 */
const CHUNK_ROWS = 500;
const CHUNK_CHARS = 2 * 2 ** 20;

interface StreamRow {
  stream_id: string;
  kind: StoredStream['kind'];
  version: number;
  last_seq: number;
  finished: boolean;
  state: string;
  seen: string;
}

const STREAM_COLUMNS = 'stream_id, kind, version, last_seq, finished, state, seen';

const toStream = (r: StreamRow): StoredStream => ({
  streamId: r.stream_id,
  kind: r.kind,
  version: r.version,
  lastSeq: r.last_seq,
  finished: r.finished,
  state: r.state,
  seen: JSON.parse(r.seen) as StoredStream['seen'],
});

/**
 * Bump when what the registry keeps changes shape (the domain's states, the seen eventIds):
 * snapshots of another shape are not read, and the log is folded from offset 0 once.
 */
export const SNAPSHOT_SHAPE = 1;

/**
 * The snapshot store in PostgreSQL (schema write_side), one log's rows under its log id (the
 * cluster and topic, and the shape), known only once the broker answers.
 */
export class PgSnapshotStore implements SnapshotStore {
  private id: Promise<string> | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly log: () => Promise<string>,
  ) {}

  private logId(): Promise<string> {
    this.id ??= this.log().then((log) => `${log}#write${SNAPSHOT_SHAPE}`);
    this.id.catch(() => (this.id = null));
    return this.id;
  }

  async start(): Promise<SnapshotStart | null> {
    const logId = await this.logId();
    const positions = await this.pool.query<{ kafka_partition: number; next_offset: string }>(
      'SELECT kafka_partition, next_offset FROM write_side.snapshot_positions WHERE log_id = $1',
      [logId],
    );
    if (positions.rows.length === 0) return null;
    const streams = await this.pool.query<StreamRow>(
      `SELECT ${STREAM_COLUMNS} FROM write_side.snapshot_streams WHERE log_id = $1 AND NOT finished`,
      [logId],
    );
    const ties = streams.rows.filter((r) => r.kind === 'tie').map((r) => r.stream_id.replace(/^tie:/, ''));
    const legs = await this.pool.query<{ match_id: string; tie_id: string }>(
      'SELECT match_id, tie_id FROM write_side.snapshot_legs WHERE log_id = $1 AND tie_id = ANY($2::text[])',
      [logId, ties],
    );
    return {
      positions: new Map(positions.rows.map((r) => [r.kafka_partition, BigInt(r.next_offset)])),
      streams: streams.rows.map(toStream),
      legs: legs.rows.map((r) => ({ matchId: r.match_id, tieId: r.tie_id })),
    };
  }

  async load(
    streamIds: readonly string[],
    matchIds: readonly string[],
  ): Promise<{ streams: StoredStream[]; legs: StoredLeg[] }> {
    const logId = await this.logId();
    const [streams, legs] = await Promise.all([
      streamIds.length
        ? this.pool.query<StreamRow>(
            `SELECT ${STREAM_COLUMNS} FROM write_side.snapshot_streams WHERE log_id = $1 AND stream_id = ANY($2::text[])`,
            [logId, streamIds],
          )
        : { rows: [] },
      matchIds.length
        ? this.pool.query<{ match_id: string; tie_id: string }>(
            'SELECT match_id, tie_id FROM write_side.snapshot_legs WHERE log_id = $1 AND match_id = ANY($2::text[])',
            [logId, matchIds],
          )
        : { rows: [] },
    ]);
    return {
      streams: streams.rows.map(toStream),
      legs: legs.rows.map((r) => ({ matchId: r.match_id, tieId: r.tie_id })),
    };
  }

  async write(capture: SnapshotCapture): Promise<boolean> {
    const logId = await this.logId();
    return withTransaction(this.pool, async (client, tx) => {
      // One writer of this log's snapshot at a time; an older one (fenced, woken up) is refused below.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`write-snapshot:${logId}`]);
      const { rows } = await client.query<{ kafka_partition: number; next_offset: string }>(
        'SELECT kafka_partition, next_offset FROM write_side.snapshot_positions WHERE log_id = $1',
        [logId],
      );
      const behind = rows.some(
        (r) => BigInt(r.next_offset) > (capture.positions.get(r.kafka_partition) ?? -1n),
      );
      if (behind) {
        tx.rollbackOnly();
        return false;
      }
      for (const chunk of chunks(capture.streams)) await this.writeStreams(client, logId, chunk);
      if (capture.legs.length) {
        await client.query(
          `INSERT INTO write_side.snapshot_legs (log_id, match_id, tie_id)
           SELECT $1, m, t FROM unnest($2::text[], $3::text[]) AS x(m, t) ON CONFLICT DO NOTHING`,
          [logId, capture.legs.map((l) => l.matchId), capture.legs.map((l) => l.tieId)],
        );
      }
      const positions = [...capture.positions];
      await client.query(
        `INSERT INTO write_side.snapshot_positions (log_id, kafka_partition, next_offset)
         SELECT $1, p, o FROM unnest($2::int[], $3::bigint[]) AS x(p, o)
         ON CONFLICT (log_id, kafka_partition) DO UPDATE
           SET next_offset = excluded.next_offset, updated_at = now()
           WHERE snapshot_positions.next_offset <= excluded.next_offset`,
        [logId, positions.map(([p]) => p), positions.map(([, o]) => o.toString())],
      );
      return true;
    });
  }

  /**
   * A stream's row moves only forward: a row written by a newer writer is kept. Each value is its
   * own parameter, sent as it is: an array parameter would be encoded as an array literal first,
   * every quote of every state's JSON escaped by a regular expression (seconds of the event loop
   * and ~13× the states' size in garbage for a 10 MiB snapshot).
   */
  private async writeStreams(client: PoolClient, logId: string, streams: StoredStream[]): Promise<void> {
    const params: unknown[] = [logId];
    const rows = streams.map((s) => {
      const at = params.length;
      params.push(s.streamId, s.kind, s.version, s.lastSeq, s.finished, s.state, JSON.stringify(s.seen));
      return `($1, $${at + 1}, $${at + 2}, $${at + 3}::int, $${at + 4}::int, $${at + 5}::bool, $${at + 6}, $${at + 7})`;
    });
    await client.query(
      `INSERT INTO write_side.snapshot_streams (log_id, stream_id, kind, version, last_seq, finished, state, seen)
       VALUES ${rows.join(', ')}
       ON CONFLICT (log_id, stream_id) DO UPDATE
         SET kind = excluded.kind, version = excluded.version, last_seq = excluded.last_seq,
             finished = excluded.finished, state = excluded.state, seen = excluded.seen
         WHERE snapshot_streams.version <= excluded.version AND snapshot_streams.last_seq <= excluded.last_seq`,
      params,
    );
  }
}

/** The streams in statements of at most CHUNK_ROWS rows and, past the first row, CHUNK_CHARS of text. */
function* chunks(streams: readonly StoredStream[]): Generator<StoredStream[]> {
  let chunk: StoredStream[] = [];
  let chars = 0;
  for (const s of streams) {
    const size = s.state.length + s.seen.length * 64;
    if (chunk.length && (chunk.length >= CHUNK_ROWS || chars + size > CHUNK_CHARS)) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(s);
    chars += size;
  }
  if (chunk.length) yield chunk;
}
