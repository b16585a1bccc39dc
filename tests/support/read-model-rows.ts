import { Client } from 'pg';
import { endOffsets, type KafkaClient } from '@touchline/event-store';
import type { NodeProcess } from '@touchline/testkit';
import { sleep } from './retrying-feeder';
import { FAULT_TEST_TIMEOUT_MS } from './timeouts';

/** Each table's rows in a stable order, every column: two databases folded from one log must agree. */
export const READ_MODEL_TABLES: Record<string, string> = {
  matches: 'SELECT match_id, competition, tie_id, version, status, state FROM read.matches ORDER BY match_id',
  ties: 'SELECT tie_id, competition, version, state FROM read.ties ORDER BY tie_id',
  match_scorers: 'SELECT * FROM read.match_scorers ORDER BY match_id, player, team',
  competition_matches: 'SELECT * FROM read.competition_matches ORDER BY match_id',
  competitions: 'SELECT competition_id, name, version, state FROM read.competitions ORDER BY 1',
  events: `SELECT stream_id, seq, kafka_partition, kafka_offset, body
           FROM read.events ORDER BY stream_id, seq`,
  checkpoints: 'SELECT projection, kafka_partition, next_offset FROM read.checkpoints ORDER BY 1, 2',
  parked: 'SELECT stream_id, kafka_offset, error FROM read.parked ORDER BY 1, 2',
};

export type ReadModelRows = Record<string, unknown[]>;

export async function withDb<T>(url: string, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** Every read-model row of the database at `url`, table by table. */
export const readModelRows = (url: string): Promise<ReadModelRows> =>
  withDb(url, async (db) => {
    const out: ReadModelRows = {};
    for (const [table, sql] of Object.entries(READ_MODEL_TABLES)) out[table] = (await db.query(sql)).rows;
    return out;
  });

/** Table by table: the same number of rows, and the first row that differs (if any) shown. */
export function expectSameRows(actual: ReadModelRows, expected: ReadModelRows): void {
  for (const table of Object.keys(READ_MODEL_TABLES)) {
    const [a, b] = [actual[table], expected[table]];
    expect({ table, rows: a.length }).toEqual({ table, rows: b.length });
    const i = a.findIndex((row, k) => JSON.stringify(row) !== JSON.stringify(b[k]));
    expect({ table, row: a[i] }).toEqual({ table, row: b[i] });
  }
}

/** The committed checkpoint of each partition in the database at `url` (the smallest of its projections). */
export async function checkpoints(db: Client): Promise<Map<number, bigint>> {
  const { rows } = await db
    .query<{ kafka_partition: number; next: string }>(
      `SELECT kafka_partition, min(next_offset)::text AS next FROM read.checkpoints GROUP BY 1`,
    )
    .catch(() => ({ rows: [] as Array<{ kafka_partition: number; next: string }> }));
  return new Map(rows.map((r) => [r.kafka_partition, BigInt(r.next)]));
}

/**
 * Until every partition's checkpoint in the database at `url` has reached the log's end as it is
 * now; the timeout is a hang guard, and its error says where the projectors stood.
 */
export async function caughtUp(
  kafka: KafkaClient,
  topic: string,
  url: string,
  projectors: NodeProcess[],
  timeoutMs = FAULT_TEST_TIMEOUT_MS,
): Promise<void> {
  const ends = await endOffsets(kafka, topic);
  const deadline = Date.now() + timeoutMs;
  await withDb(url, async (db) => {
    for (;;) {
      const at = await checkpoints(db);
      if ([...ends].every(([p, end]) => end === 0n || at.get(p) === end)) return;
      if (Date.now() > deadline) {
        const activity = await db.query(
          `SELECT pid, application_name, state, xact_start, wait_event_type, left(query, 80) AS query
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        throw new Error(
          `not caught up: ends ${[...ends]} checkpoints ${[...at]}\nsessions: ${JSON.stringify(activity.rows)}\n` +
            projectors.map((p) => `${p.name} (running: ${p.running}):\n${p.logs().slice(-3000)}`).join('\n'),
        );
      }
      await sleep(100);
    }
  });
}
