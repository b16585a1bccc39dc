import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import {
  AppendFencedError,
  createKafka,
  encodeRecord,
  endOffsets,
  ensureEventsTopic,
  EventAppender,
  LogRecord,
  partitionOfStream,
  readWholeLog,
} from '@touchline/event-store';

const kafka = createKafka({
  brokers: ['127.0.0.1:9092'],
  clientId: 'touchline-test-fencing',
  logger: pino({ level: 'silent' }),
});

const record = (streamId: string, seq: number, label: string): LogRecord => ({
  streamId,
  seq,
  type: 'note',
  eventId: label,
  schemaVersion: 1,
  recordedAt: new Date(0).toISOString(),
  feeder: null,
});

async function deleteTopic(topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
}

/** Two writers with the same transactional id: the broker lets only the newest one write. */
describe('the transactional appender, fenced by the broker', () => {
  const topic = `touchline-test-fencing-${randomUUID().slice(0, 8)}`;
  const transactionalId = `touchline-test-writer-${randomUUID().slice(0, 8)}`;
  const stream = 'match:fenced-1';
  const committed = async () => {
    const ids: string[] = [];
    await readWholeLog(kafka, topic, ({ record: r }) => ids.push(r.eventId));
    return ids.sort();
  };

  beforeAll(() => ensureEventsTopic(kafka, { topic, partitions: 3, replicationFactor: 1 }));
  afterAll(() => deleteTopic(topic));

  it('refuses the older writer with AppendFencedError, shows none of its records, and lets the newer one write', async () => {
    const first = new EventAppender(kafka, topic, { transactionalId });
    await first.connect();
    const ack = await first.append([record(stream, 1, 'e1'), record(stream, 2, 'e2')]);
    expect(ack).toEqual({ partition: partitionOfStream(stream, 3), lastOffset: 1n });

    const second = new EventAppender(kafka, topic, { transactionalId });
    await second.connect();
    await expect(first.append([record(stream, 3, 'stale')])).rejects.toBeInstanceOf(AppendFencedError);
    expect(first.state).toBe('fenced');
    // Stopped for good: later appends fail at once, without reconnecting (which would fence `second`).
    await expect(first.append([record(stream, 3, 'stale-2')])).rejects.toBeInstanceOf(AppendFencedError);

    // e1, e2 (offsets 0, 1), commit marker (2): e3 is at 3.
    expect(await second.append([record(stream, 3, 'e3')])).toEqual({
      partition: partitionOfStream(stream, 3),
      lastOffset: 3n,
    });
    expect(await committed()).toEqual(['e1', 'e2', 'e3']);
    await first.disconnect();
    await second.disconnect();
  });

  it('aborts the transaction an earlier holder of the id left open when it connects', async () => {
    const id = `${transactionalId}-open`;
    const earlier = kafka.producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 });
    await earlier.connect();
    const open = await earlier.transaction();
    await open.send({ topic, acks: -1, messages: [encodeRecord(record('match:open-1', 1, 'left-open'))] });

    const writer = new EventAppender(kafka, topic, { transactionalId: id });
    await writer.connect();
    await expect(open.commit()).rejects.toThrow(/epoch|fenced/i);
    await writer.append([record('match:open-2', 1, 'after')]);
    const ids = await committed();
    expect(ids).toContain('after');
    expect(ids).not.toContain('left-open');
    await writer.disconnect();
    await earlier.disconnect();
  });

  it('acknowledges an append only once read-committed readers see it (the commit markers are written)', async () => {
    const waits: number[] = [];
    const appender = new EventAppender(kafka, topic, {
      transactionalId: `${transactionalId}-visible`,
      onFlush: (t) => waits.push(t.visible),
    });
    await appender.connect();
    try {
      const late: bigint[] = [];
      for (let seq = 1; seq <= 40; seq++) {
        const ack = await appender.append([record('match:visible-1', seq, `v${seq}`)]);
        // The last stable offset, as a read-committed reader's end: past the ack's record at once.
        const stable = await endOffsets(kafka, topic);
        if ((stable.get(ack.partition) ?? 0n) <= ack.lastOffset) late.push(ack.lastOffset);
      }
      expect(late).toEqual([]);
      // One wait reported per transaction (each append here is its own), as the api's metric observes.
      expect(waits).toHaveLength(40);
      expect(waits.every((s) => s >= 0)).toBe(true);
    } finally {
      await appender.disconnect();
    }
  });
});

const PARTITIONS = 6;
const STREAMS = 40;
const APPENDS_PER_STREAM = 5;
const records = (streamId: string, from: number, count: number): LogRecord[] =>
  Array.from({ length: count }, (_, i) => record(streamId, from + i, `${streamId}/${from + i}`));

/**
 * Flushes that carry many partitions at once (one produce call per leader): every append's
 * records land contiguous, in order, at the offsets its ack names, and nothing else does.
 */
describe('the appender, flushing appends of many partitions in one transaction', () => {
  const topic = `touchline-test-flush-${randomUUID().slice(0, 8)}`;

  beforeAll(() => ensureEventsTopic(kafka, { topic, partitions: PARTITIONS, replicationFactor: 1 }));
  afterAll(() => deleteTopic(topic));

  it('lands each append contiguous at the offsets of its ack, on its stream’s partition', async () => {
    let transactions = 0;
    const appender = new EventAppender(kafka, topic, {
      transactionalId: `touchline-test-flush-${randomUUID().slice(0, 8)}`,
      onFlush: () => transactions++,
    });
    await appender.connect();
    const streams = Array.from({ length: STREAMS }, (_, i) => `match:flush-${i}`);
    const appended: { records: LogRecord[]; partition: number; lastOffset: bigint }[] = [];
    try {
      // Each stream appends its next array once the last one is acknowledged, all streams at
      // once: while one transaction is in flight, the next one gathers appends of many partitions.
      await Promise.all(
        streams.map(async (streamId, s) => {
          let seq = 1;
          for (let a = 0; a < APPENDS_PER_STREAM; a++) {
            const batch = records(streamId, seq, 1 + ((s + a) % 4));
            seq += batch.length;
            const ack = await appender.append(batch);
            expect(ack.partition).toBe(partitionOfStream(streamId, PARTITIONS));
            appended.push({ records: batch, ...ack });
          }
        }),
      );
    } finally {
      await appender.disconnect();
    }
    // Grouped: fewer transactions than appends, so flushes held several partitions.
    expect(transactions).toBeLessThan(appended.length);

    const logged = new Map<string, string>();
    await readWholeLog(kafka, topic, ({ record, partition, offset }) =>
      logged.set(`${partition}/${offset}`, record.eventId),
    );
    const expected = new Map<string, string>();
    for (const { records: batch, partition, lastOffset } of appended) {
      batch.forEach((r, i) =>
        expected.set(`${partition}/${lastOffset - BigInt(batch.length - 1 - i)}`, r.eventId),
      );
    }
    expect(expected.size).toBe(appended.reduce((n, a) => n + a.records.length, 0));
    expect(logged).toEqual(expected);
  });
});

/**
 * kafkajs asks for the transaction coordinator (FindCoordinator) before every AddPartitionsToTxn
 * and EndTxn; the appender's producer keeps the answer until kafkajs refreshes its metadata.
 */
describe('the appender’s producer, finding its transaction coordinator', () => {
  const topic = `touchline-test-coordinator-${randomUUID().slice(0, 8)}`;

  beforeAll(() => ensureEventsTopic(kafka, { topic, partitions: 3, replicationFactor: 1 }));
  afterAll(() => deleteTopic(topic));

  it('asks for it once per metadata refresh, not twice per transaction, and lands every append', async () => {
    const requests: string[] = [];
    const counting = new Proxy(kafka, {
      get: (target, prop, receiver) =>
        prop === 'producer'
          ? (...args: Parameters<Kafka['producer']>) => {
              const producer = target.producer(...args);
              producer.on(producer.events.REQUEST, ({ payload }) => requests.push(payload.apiName));
              return producer;
            }
          : Reflect.get(target, prop, receiver),
    });
    const appender = new EventAppender(counting, topic, {
      transactionalId: `touchline-test-coordinator-${randomUUID().slice(0, 8)}`,
    });
    await appender.connect();
    const acks: bigint[] = [];
    try {
      for (let seq = 1; seq <= 20; seq++)
        acks.push((await appender.append([record('match:coordinator-1', seq, `c${seq}`)])).lastOffset);
    } finally {
      await appender.disconnect();
    }
    const count = (api: string) => requests.filter((r) => r === api).length;
    expect(count('EndTxn')).toBe(20);
    // Asked when the producer is initialised, and again after each metadata refresh: the first
    // send's (the topic is new to the producer) and each retried AddPartitionsToTxn's (the
    // previous commit still being completed); kafkajs alone asks twice per transaction (40).
    const retried = count('AddPartitionsToTxn') - count('EndTxn');
    expect(count('GroupCoordinator')).toBeGreaterThanOrEqual(1);
    expect(count('GroupCoordinator')).toBeLessThanOrEqual(2 + retried);
    // Each append is its own transaction: a record, then its commit marker.
    expect(acks).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(2 * i)));
    const ids: string[] = [];
    await readWholeLog(kafka, topic, ({ record: r }) => ids.push(r.eventId));
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `c${i + 1}`));
  });
});
