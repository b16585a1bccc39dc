import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Producer, Sender } from 'kafkajs';
import {
  createKafka,
  encodeRecord,
  endOffsets,
  ensureEventsTopic,
  LogRecord,
  PositionedRecord,
  readLogFrom,
  readPartitionTail,
  readWholeLog,
} from '@touchline/event-store';

const kafka = createKafka({
  brokers: ['127.0.0.1:9092'],
  clientId: 'touchline-test-log-reader',
  logger: pino({ level: 'silent' }),
});

const record = (label: string): LogRecord => ({
  streamId: `match:${label}`,
  seq: 1,
  type: 'note',
  eventId: label,
  schemaVersion: 1,
  recordedAt: new Date(0).toISOString(),
  feeder: null,
});

/**
 * The events topic as a transactional writer leaves it: committed transactions, aborted ones
 * (records in the log that read-committed readers never see) and the commit/abort markers that
 * take an offset each, mixed with records of a non-transactional producer.
 */
describe('reading the log from positions (read committed)', () => {
  const topic = `touchline-test-reader-${randomUUID().slice(0, 8)}`;
  const txId = `touchline-test-tx-${randomUUID().slice(0, 8)}`;
  let tx: Producer;
  let plain: Producer;

  const send = (producer: Sender, partition: number, labels: string[]) =>
    producer.send({
      topic,
      acks: -1,
      messages: labels.map((l) => ({ ...encodeRecord(record(l)), partition })),
    });
  const committed = async (partition: number, labels: string[]) => {
    const t = await tx.transaction();
    await send(t, partition, labels);
    await t.commit();
  };
  const aborted = async (partition: number, labels: string[]) => {
    const t = await tx.transaction();
    await send(t, partition, labels);
    await t.abort();
  };
  const read = async (from: Map<number, bigint>, partitions?: number[]) => {
    const got: PositionedRecord[] = [];
    const result = await readLogFrom(kafka, topic, from, (r) => got.push(r), undefined, { partitions });
    // Within a partition in log order; partitions may interleave.
    const labels = got
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.partition - b.r.partition || a.i - b.i)
      .map(({ r }) => `${r.partition}:${r.record.eventId}`);
    return { ...result, labels };
  };

  beforeAll(async () => {
    await ensureEventsTopic(kafka, { topic, partitions: 3, replicationFactor: 1 });
    tx = kafka.producer({ transactionalId: txId, idempotent: true, maxInFlightRequests: 1 });
    plain = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();
    await plain.connect();
    // Partition 0: plain, committed, aborted, plain, committed — ends on a commit marker.
    await send(plain, 0, ['a1', 'a2']);
    await committed(0, ['a3', 'a4']);
    await aborted(0, ['x1', 'x2']);
    await send(plain, 0, ['a5']);
    await committed(0, ['a6']);
    // Partition 1: committed, then aborted — ends on an abort marker after records never delivered.
    await committed(1, ['b1', 'b2', 'b3']);
    await aborted(1, ['y1']);
    // Partition 2: stays empty.
  });

  afterAll(async () => {
    await tx.disconnect();
    await plain.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('hands over exactly the committed and plain records, and stops at the end offsets', async () => {
    const ends = await endOffsets(kafka, topic);
    // Markers take offsets: 2 plain + 2 + marker + 2 aborted + marker + 1 plain + 1 + marker.
    expect(ends).toEqual(
      new Map([
        [0, 11n],
        [1, 6n],
        [2, 0n],
      ]),
    );
    const { labels, count, positions } = await read(new Map());
    expect(labels).toEqual(['0:a1', '0:a2', '0:a3', '0:a4', '0:a5', '0:a6', '1:b1', '1:b2', '1:b3']);
    expect(count).toBe(9);
    expect(positions).toEqual(ends);
  });

  it('reads from a middle position, and from the end', async () => {
    // Offset 3 is a4; a5 sits at 8, after the aborted transaction (5, 6) and two markers (4, 7).
    const { labels, positions } = await read(
      new Map([
        [0, 3n],
        [1, 6n],
      ]),
    );
    expect(labels).toEqual(['0:a4', '0:a5', '0:a6']);
    expect(positions).toEqual(
      new Map([
        [0, 11n],
        [1, 6n],
        [2, 0n],
      ]),
    );
  });

  it('reads a position inside an aborted transaction as the next committed record', async () => {
    const { labels, positions } = await read(new Map([[0, 5n]]), [0]);
    expect(labels).toEqual(['0:a5', '0:a6']);
    expect(positions).toEqual(new Map([[0, 11n]]));
  });

  it('reads one partition tail, leaving the others alone', async () => {
    const got: string[] = [];
    const { positions } = await readPartitionTail(kafka, topic, 1, 1n, (r) => got.push(r.record.eventId));
    expect(got).toEqual(['b2', 'b3']);
    expect(positions).toEqual(new Map([[1, 6n]]));
  });

  it('does not hang on a tail of markers and aborted records only (never delivered as messages)', async () => {
    const got: string[] = [];
    const { count, positions } = await readPartitionTail(kafka, topic, 1, 3n, (r) =>
      got.push(r.record.eventId),
    );
    expect(got).toEqual([]);
    expect(count).toBe(0);
    expect(positions).toEqual(new Map([[1, 6n]]));
  });

  it('keeps readWholeLog as the read from offset 0', async () => {
    const got: string[] = [];
    expect(await readWholeLog(kafka, topic, (r) => got.push(r.record.eventId))).toBe(9);
    expect(got.sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2', 'b3']);
  });
});
