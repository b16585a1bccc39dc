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

/**
 * The floor under projection lag: the same records at the same rate through a bare kafkajs
 * producer and consumer (the projector's consumer settings and offset commits), each batch one pg transaction that
 * upserts the streams' versions and notifies, as the projector does, minus the folding.
 */
export async function measureRawPipeline(opts: { rate: number; matches: number; seconds: number }): Promise<{
  achieved: number;
  lag: ReturnType<Samples['summary']>;
  send: ReturnType<Samples['summary']>;
}> {
  const db = await createBenchDatabase();
  const topic = `touchline-bench-rawlag-${randomUUID().slice(0, 8)}`;
  await createTopic(topic, 12);
  const kafka = benchKafka('touchline-bench-rawlag');
  const pool = new Pool({ connectionString: db.url, max: 10 }); // the apps' default DATABASE_POOL_SIZE
  const listener = new Client({ connectionString: db.url });
  // The database is dropped WITH (FORCE) at the end: a client still open then must not end the bench.
  pool.on('error', () => undefined);
  listener.on('error', () => undefined);
  const producer = new RawProducer(kafka, topic);
  const consumer = kafka.consumer({
    groupId: `${topic}-group`,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    maxBytesPerPartition: PROJECTOR_CONSUMER.maxBytesPerPartition,
    maxWaitTimeInMs: PROJECTOR_CONSUMER.maxWaitTimeMs,
  });
  const tracker = new LagTracker();
  const send = new Samples();
  let acked = 0;
  try {
    await pool.query('CREATE TABLE versions (stream_id text PRIMARY KEY, version int NOT NULL)');
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    listener.on('notification', (msg) => tracker.projected(msg.payload ?? '', now()));
    await producer.connect();
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
    const deadline = Date.now() + 30000;
    while (tracker.unseen > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return { achieved, lag: tracker.lag.summary(), send: send.summary() };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await listener.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await db.drop().catch(() => undefined);
    await deleteTopic(topic);
  }
}
