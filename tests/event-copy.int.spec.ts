import { Pool } from 'pg';
import pino from 'pino';
import { withTransaction } from '@touchline/platform';
import {
  BatchStore,
  createReadModelSchema,
  decodeMessages,
  foldBatch,
  migrate,
  streamsOf,
} from '@touchline/read-models';
import { loggedRecord, loggedScheduled } from '@touchline/testkit';
import { createTestDatabase } from './support/database';

/**
 * A large batch's event copy goes in with COPY (binary), the records as the log holds them when
 * they can stand for themselves; a small batch's through the batch's one statement. Both must
 * leave the same rows, and COPY (which has no ON CONFLICT) must leave a row already there as the
 * statement's ON CONFLICT DO NOTHING always did.
 */
const record = loggedRecord;
const scheduled = (matchId: string) => loggedScheduled(matchId, 'Los Ángeles FC ⚽');

/** Values as they may be logged: compact JSON, spaced JSON, an envelope the decoder completes, invalid UTF-8. */
function values(): Buffer[] {
  const out: Buffer[] = [];
  for (const id of ['a', 'b']) {
    out.push(Buffer.from(JSON.stringify(scheduled(id))));
    out.push(
      Buffer.from(
        JSON.stringify(record(`match:${id}`, 2, { type: 'PeriodStarted', period: '1H', minute: 0 }), null, 2),
      ),
    );
    out.push(
      Buffer.from(
        JSON.stringify(
          record(
            `match:${id}`,
            3,
            { type: 'GoalScored', minute: 9, team: 'LAFC', player: 'Aarón Long', kind: 'header' },
            false,
          ),
        ),
      ),
    );
    // "Müller" with a stray byte in place of ü: decodes to U+FFFD, which must not reach PostgreSQL as the raw byte.
    const goal = Buffer.from(
      JSON.stringify(
        record(`match:${id}`, 4, {
          type: 'GoalScored',
          minute: 20,
          team: 'MIA',
          player: 'M#ller',
          kind: 'shot',
        }),
      ),
    );
    goal[goal.indexOf('M#ller') + 1] = 0xfc;
    out.push(goal);
  }
  return out;
}

const EVENTS = (schema: string) =>
  `SELECT stream_id, seq, kafka_partition, kafka_offset, body FROM ${schema}.events ORDER BY stream_id, seq`;

describe('event copy', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.url, pino({ level: 'silent' }));
    pool = new Pool({ connectionString: db.url, max: 2 });
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  async function apply(store: BatchStore, partition: number): Promise<boolean> {
    const decoded = decodeMessages(values().map((value, i) => ({ offset: String(100 + i), value })));
    return withTransaction(pool, async (client) => {
      await store.lockCheckpoint(client, partition);
      const { next, epoch, loaded } = await store.loadForBatch(client, partition, streamsOf(decoded));
      const fold = foldBatch(decoded, loaded);
      expect(fold.parked).toEqual([]);
      return store.save(client, partition, fold, { from: next!, to: 108n, epoch: epoch! });
    });
  }

  it('writes a large batch with COPY and a small one with the statement, the same rows', async () => {
    await createReadModelSchema(pool, 'by_copy');
    await createReadModelSchema(pool, 'by_statement');
    expect(await apply(new BatchStore('by_copy', 1), 3)).toBe(true);
    expect(await apply(new BatchStore('by_statement', 1000), 3)).toBe(true);

    const copied = (await pool.query(EVENTS('by_copy'))).rows;
    const inserted = (await pool.query(EVENTS('by_statement'))).rows;
    expect(copied).toHaveLength(8);
    expect(copied).toEqual(inserted);
    expect(copied[0]).toMatchObject({
      stream_id: 'match:a',
      seq: 1,
      kafka_partition: 3,
      kafka_offset: '100',
    });
    // The decoder's completions and the replaced byte are in the stored record, as before.
    expect(copied[2].body).toMatchObject({
      eventId: '',
      schemaVersion: 1,
      feeder: null,
      player: 'Aarón Long',
    });
    expect(copied[3].body.player).toBe('M\uFFFDller');
    const matches = (schema: string) =>
      pool
        .query(`SELECT match_id, version, state, view FROM ${schema}.matches ORDER BY 1`)
        .then((r) => r.rows);
    expect(await matches('by_copy')).toEqual(await matches('by_statement'));
  });

  it('leaves a row already there as it is: the COPY is rolled back to its savepoint, the statement skips the row', async () => {
    await createReadModelSchema(pool, 'clash');
    await pool.query(
      `INSERT INTO clash.events (stream_id, seq, kafka_partition, kafka_offset, body) VALUES ('match:b', 2, 9, 9, '{"there":true}')`,
    );
    expect(await apply(new BatchStore('clash', 1), 0)).toBe(true);

    const rows = (await pool.query(EVENTS('clash'))).rows;
    expect(rows).toHaveLength(8);
    expect(rows.find((r) => r.stream_id === 'match:b' && r.seq === 2)).toMatchObject({
      kafka_partition: 9,
      body: { there: true },
    });
    const { rows: checkpoints } = await pool.query<{ n: string }>(
      'SELECT DISTINCT next_offset::text AS n FROM clash.checkpoints WHERE kafka_partition = 0',
    );
    expect(checkpoints).toEqual([{ n: '108' }]);
    expect((await pool.query('SELECT version FROM clash.matches ORDER BY match_id')).rows).toEqual([
      { version: 4 },
      { version: 4 },
    ]);
  });
});
