import { Pool, PoolClient } from 'pg';
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
 * A projector writes a live batch folded from states it remembers, guarded by the partition's
 * checkpoint and epoch. An admin's write of read-model rows (an in-place rebuild, an answer to a
 * parked stream) renews the epoch first: a batch folded before it must then write nothing, both
 * when the admin's transaction has committed and when it is still open as the batch is written.
 */
const SCHEMA = 'epochs';
const PARTITION = 0;

const goal = (seq: number, offset: number) => ({
  offset: String(offset),
  value: Buffer.from(
    JSON.stringify(
      loggedRecord('match:a', seq, {
        type: 'GoalScored',
        minute: seq,
        team: 'LAFC',
        player: 'Aaron Long',
        kind: 'shot',
      }),
    ),
  ),
});

describe('checkpoint epochs', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  const store = new BatchStore(SCHEMA);

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.url, pino({ level: 'silent' }));
    pool = new Pool({ connectionString: db.url, max: 4 });
    await createReadModelSchema(pool, SCHEMA);
    await withTransaction(pool, (client) => store.lockCheckpoint(client, PARTITION));
    // The match scheduled and kicked off: offsets 0 and 1.
    await write(
      [
        { offset: '0', value: Buffer.from(JSON.stringify(loggedScheduled('a'))) },
        {
          offset: '1',
          value: Buffer.from(
            JSON.stringify(loggedRecord('match:a', 2, { type: 'PeriodStarted', period: '1H', minute: 0 })),
          ),
        },
      ],
      await loadNow(),
    );
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  async function loadNow() {
    const client = await pool.connect();
    try {
      const { next, epoch } = await store.loadForBatch(client, PARTITION, streamsOf([]));
      return { next: next!, epoch: epoch! };
    } finally {
      client.release();
    }
  }

  /** Folds `messages` from the stored states and writes them as a live batch under `at`. */
  async function write(
    messages: Array<{ offset: string; value: Buffer }>,
    at: { next: bigint; epoch: string },
    client?: PoolClient,
  ): Promise<boolean> {
    const c = client ?? (await pool.connect());
    try {
      const decoded = decodeMessages(messages);
      const { loaded } = await store.loadForBatch(c, PARTITION, streamsOf(decoded));
      const to = BigInt(messages[messages.length - 1].offset) + 1n;
      return await store.saveInOneStatement(c, PARTITION, foldBatch(decoded, loaded), {
        from: at.next,
        to,
        epoch: at.epoch,
      });
    } finally {
      if (!client) c.release();
    }
  }

  const version = async () =>
    (await pool.query<{ version: number }>(`SELECT version FROM ${SCHEMA}.matches WHERE match_id = 'a'`))
      .rows[0].version;

  it('writes nothing folded under an epoch an admin has renewed since, then writes under the new one', async () => {
    const before = await loadNow();
    expect(before.next).toBe(2n);
    await withTransaction(pool, (client) => store.renewEpochs(client));

    expect(await write([goal(3, 2)], before)).toBe(false);
    expect(await version()).toBe(2);
    expect(await loadNow()).toEqual({ next: 2n, epoch: expect.not.stringMatching(`^${before.epoch}$`) });

    expect(await write([goal(3, 2)], await loadNow())).toBe(true);
    expect(await version()).toBe(3);
  });

  it('waits for an admin transaction that renewed the epoch, and writes nothing once it commits', async () => {
    const before = await loadNow();
    const admin = await pool.connect();
    const projector = await pool.connect();
    try {
      await admin.query('BEGIN');
      await store.renewEpochs(admin);
      const { rows } = await projector.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const written = write([goal(4, 3)], before, projector);
      // The batch's statement is waiting for the admin's lock on the checkpoints.
      for (;;) {
        const waiting = await pool.query(
          `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`,
          [rows[0].pid],
        );
        if (waiting.rowCount) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await admin.query('COMMIT');
      expect(await written).toBe(false);
      expect(await version()).toBe(3);
    } finally {
      admin.release();
      projector.release();
    }
  });
});
