import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { encodeRecord, matchStreamId } from '@touchline/event-store';
import { PROJECTOR_CONSUMER } from '@touchline/read-models';
import { createBenchDatabase } from './database';
import { benchKafka, deleteTopic } from './kafka';
import { LagTracker, now } from './lag-tracker';
import { firstHalfEvent, toRecord } from './match-events';
import { RawProducer } from './raw-producer';
import { Samples } from './stats';
import { createTopic } from './system';

const CHANNEL = 'bench_raw_projected';

/** A bare consumer writing one pg transaction per batch, its notifications paired with the acks reported to `tracker`. */
export interface RawConsumer {
  readonly tracker: LagTracker;
  /** How many match streams its table holds at `version` or later. */
  matchesAtLeast(version: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A bare kafkajs consumer of `topic` from its beginning (READ_COMMITTED, the projector's consumer
 * settings and offset commits) with a database of its own, each batch one pg transaction that
 * upserts the streams' versions and notifies on a channel of its own, as the projector does,
 * minus the folding. Resolves once it joined its group.
 */
export async function startRawConsumer(topic: string): Promise<RawConsumer> {
  const db = await createBenchDatabase();
  const kafka = benchKafka('touchline-bench-rawlag');
  const pool = new Pool({ connectionString: db.url, max: 10 }); // the apps' default DATABASE_POOL_SIZE
  const listener = new Client({ connectionString: db.url });
  // The database is dropped WITH (FORCE) at the end: a client still open then must not end the bench.
  pool.on('error', () => undefined);
  listener.on('error', () => undefined);
  const consumer = kafka.consumer({
    groupId: `${topic}-rawlag-group`,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    maxBytesPerPartition: PROJECTOR_CONSUMER.maxBytesPerPartition,
    maxWaitTimeInMs: PROJECTOR_CONSUMER.maxWaitTimeMs,
    readUncommitted: false,
  });
  const tracker = new LagTracker();
  const stop = async (): Promise<void> => {
    await consumer.disconnect().catch(() => undefined);
    await listener.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await db.drop().catch(() => undefined);
  };
  try {
    await pool.query('CREATE TABLE versions (stream_id text PRIMARY KEY, version int NOT NULL)');
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    listener.on('notification', (msg) => tracker.projected(msg.payload ?? '', now()));
    await consumer.connect();
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: PROJECTOR_CONSUMER.partitionsConsumedConcurrently,
      autoCommit: false,
      autoCommitInterval: PROJECTOR_CONSUMER.commitIntervalMs,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
        const latest = new Map<string, number>();
        for (const m of batch.messages) {
          const r = JSON.parse(m.value!.toString('utf8')) as { streamId: string; seq: number };
          latest.set(r.streamId, Math.max(latest.get(r.streamId) ?? 0, r.seq));
        }
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO versions SELECT * FROM unnest($1::text[], $2::int[])
             ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version`,
            [[...latest.keys()], [...latest.values()]],
          );
          const payload = [...latest].map(([s, v]) => `${s}@${v}`).join(',');
          await client.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        await commitOffsetsIfNecessary();
      },
    });
    await joined;
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    tracker,
    matchesAtLeast: async (version) => {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM versions WHERE stream_id LIKE 'match:%' AND version >= $1`,
        [version],
      );
      return Number(rows[0].n);
    },
    stop,
  };
}

/**
 * The floor under projection lag: the same records at the same rate through a bare kafkajs
 * producer and the bare consumer above (startRawConsumer), in the bench process.
 */
export async function measureRawPipeline(opts: { rate: number; matches: number; seconds: number }): Promise<{
  achieved: number;
  lag: ReturnType<Samples['summary']>;
  send: ReturnType<Samples['summary']>;
}> {
  const topic = `touchline-bench-rawlag-${randomUUID().slice(0, 8)}`;
  await createTopic(topic, 12);
  const producer = new RawProducer(benchKafka('touchline-bench-rawlag'), topic);
  const send = new Samples();
  let acked = 0;
  let consumer: RawConsumer | null = null;
  try {
    await producer.connect();
    consumer = await startRawConsumer(topic);
    const { tracker } = consumer;

    const recordedAt = new Date().toISOString();
    const seqs = new Map<string, number>();
    const perTick = opts.rate / 100;
    let owed = 0;
    let rr = 0;
    const started = now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (now() - started >= opts.seconds * 1000) {
          clearInterval(timer);
          resolve();
          return;
        }
        // Pace by elapsed time, so a late tick catches up instead of lowering the rate.
        owed = Math.floor(((now() - started) / 1000) * opts.rate) - rr;
        for (let k = 0; k < Math.min(owed, perTick * 5); k++) {
          const matchId = `raw-lag-${rr++ % opts.matches}`;
          const streamId = matchStreamId(matchId);
          const seq = (seqs.get(streamId) ?? 2) + 1;
          seqs.set(streamId, seq);
          const event = firstHalfEvent(matchId, seq, 1 + (seq % 44));
          const t0 = now();
          void producer.send([encodeRecord(toRecord(streamId, seq, event, recordedAt))]).then(() => {
            const t = now();
            send.add(t - t0);
            acked++;
            tracker.acked(matchId, seq, t);
          });
        }
      }, 10);
    });
    const achieved = acked / opts.seconds;
    await tracker.settle(30000);
    return { achieved, lag: tracker.lag.summary(), send: send.summary() };
  } finally {
    await consumer?.stop();
    await producer.disconnect().catch(() => undefined);
    await deleteTopic(topic);
  }
}
