import { Pool } from 'pg';
import pino from 'pino';
import { withoutLog } from '@touchline/domain';
import {
  copyEventRows,
  createReadModelSchema,
  EVENT_COLUMNS,
  eventCopyData,
  eventRowsJson,
  migrate,
  PROJECTIONS,
} from '@touchline/read-models';
import { createBenchDatabase } from './database';
import type { GeneratedLog } from './generated-log';

/**
 * The ceiling for a rebuild: the same rows (event copy with each record as `json` text, matches
 * with their state stored without its log as the projector stores it, scorer lines, checkpoints)
 * written the fastest way we know (the event rows with COPY in binary, as the projector writes a
 * large batch's; UNNEST for the rest), in transactions of `chunk` events, each upserting the
 * final state of the matches the chunk touches, with nothing to fold.
 * Like the projector (4 partitions at a time) it writes with `writers` connections in
 * parallel, each owning a share of the matches (as a partition does), so no two touch a row.
 */
export async function rawRebuild(
  log: GeneratedLog,
  { chunk = 5000, writers = 4, events = 'copy' }: RawOptions = {},
): Promise<{ eventsPerSec: number; seconds: number }> {
  const db = await createBenchDatabase();
  const pool = new Pool({ connectionString: db.url, max: writers });
  try {
    await migrate(db.url, pino({ level: 'silent' }));
    await createReadModelSchema(pool, 'raw');
    // Everything JSON is encoded before the clock starts: this measures PostgreSQL alone.
    const states = new Map([...log.finals].map(([id, f]) => [id, JSON.stringify(withoutLog(f.state))]));
    const shares = Array.from({ length: writers }, () => [] as GeneratedLog['records']);
    for (const r of log.records) shares[shareOf(r.streamId, writers)].push(r);
    // Each chunk's event rows as the projector sends a large batch's: COPY binary data, the
    // records as the log holds them (their JSON text); or as one JSON array (`events: 'json'`).
    const copies = shares.map((share, w) => {
      const out: Array<Buffer | string> = [];
      for (let from = 0; from < share.length; from += chunk) {
        const rows = share.slice(from, from + chunk).map((record, i) => ({
          record,
          offset: String(from + i),
          text: Buffer.from(JSON.stringify(record), 'utf8'),
        }));
        out.push(events === 'copy' ? eventCopyData(rows, w) : eventRowsJson(rows, w));
      }
      return out;
    });
    const started = process.hrtime.bigint();
    await Promise.all(shares.map((share, w) => writeShare(pool, share, copies[w], w, chunk, log, states)));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { eventsPerSec: log.records.length / seconds, seconds };
  } finally {
    await pool.end();
    await db.drop().catch(() => undefined);
  }
}

interface RawOptions {
  /** Events a transaction. */
  chunk?: number;
  /** Connections writing in parallel. */
  writers?: number;
  /** How the event rows go in: COPY binary (the projector's large batches), or one JSON array through `json_to_recordset` (its small ones). */
  events?: 'copy' | 'json';
}

function shareOf(streamId: string, writers: number): number {
  let h = 0;
  for (let i = 0; i < streamId.length; i++) h = (h * 31 + streamId.charCodeAt(i)) | 0;
  return Math.abs(h) % writers;
}

async function writeShare(
  pool: Pool,
  share: GeneratedLog['records'],
  copies: Array<Buffer | string>,
  w: number,
  chunk: number,
  log: GeneratedLog,
  states: Map<string, string>,
): Promise<void> {
  for (let from = 0; from < share.length; from += chunk) {
    const slice = share.slice(from, from + chunk);
    const matchIds = [...new Set(slice.map((r) => r.streamId.slice('match:'.length)))];
    const finals = matchIds.map((id) => log.finals.get(id)!);
    const scorers = matchIds.flatMap((id, i) =>
      finals[i].scorers.map((s) => ({ id, c: finals[i].competition, ...s })),
    );
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const rows = copies[from / chunk];
      if (typeof rows === 'string') {
        await client.query(
          `INSERT INTO raw.events ${EVENT_COLUMNS}
             SELECT r.* FROM json_to_recordset($1::json) AS r(stream_id text, seq int, kafka_partition int,
               kafka_offset bigint, body json)
             ON CONFLICT DO NOTHING`,
          [rows],
        );
      } else {
        await copyEventRows(client, 'raw.events', rows);
      }
      await client.query(
        `INSERT INTO raw.matches (match_id, competition, tie_id, version, status, state)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::jsonb[])
           ON CONFLICT (match_id) DO UPDATE SET competition = excluded.competition, tie_id = excluded.tie_id,
             version = excluded.version, status = excluded.status, state = excluded.state`,
        [
          matchIds,
          finals.map((f) => f.competition),
          finals.map(() => null),
          finals.map((f) => f.version),
          finals.map((f) => f.state.status),
          matchIds.map((id) => states.get(id)!),
        ],
      );
      await client.query('DELETE FROM raw.match_scorers WHERE match_id = ANY($1)', [matchIds]);
      await client.query(
        `INSERT INTO raw.match_scorers (match_id, competition, player, team, goals)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])`,
        [
          scorers.map((s) => s.id),
          scorers.map((s) => s.c),
          scorers.map((s) => s.player),
          scorers.map((s) => s.team),
          scorers.map((s) => s.goals),
        ],
      );
      await client.query(
        `INSERT INTO raw.checkpoints (projection, kafka_partition, next_offset)
           SELECT p, $3, $2 FROM unnest($1::text[]) AS p
           ON CONFLICT (projection, kafka_partition) DO UPDATE SET next_offset = excluded.next_offset, updated_at = now()`,
        [PROJECTIONS, from + slice.length, w],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }
}
