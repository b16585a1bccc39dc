import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { decodeRecord, MalformedRecordError, PositionedRecord } from './log-record';

/** The offset just past the last record of each partition, right now. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

export type OnRecord = (r: PositionedRecord) => void;
export type OnMalformed = (partition: number, offset: string, err: Error) => void;

/** What a read handed over, and where each partition it read stands now. */
export interface LogRead {
  /** Records handed to `onRecord`. */
  count: number;
  /** Partition → the next offset to read: every record before it was handed over (or skipped as malformed). */
  positions: Map<number, bigint>;
}

export interface ReadLogOptions {
  /** Only these partitions (default: all of the topic's). */
  partitions?: number[];
}

/**
 * Reads committed records of `topic` from the given positions (partition → first offset to read;
 * a partition not in `from` is read from 0) up to the end offsets as they stand when called,
 * handing them to `onRecord` in partition order. Malformed records go to `onMalformed`.
 *
 * "Caught up" is judged by the consumer's fetch position, not by the last record handed over:
 * with transactions a partition's last offset is usually a commit marker, and records of aborted
 * transactions are never delivered, so "last record + 1 = end" may never hold. The position
 * comes from kafkajs' `batch.lastOffset()` — the last offset of the fetch, control records and
 * aborted records included — for delivered batches, and from the end-of-batch event for
 * batches that held only markers or aborted records (those never reach `eachBatch`).
 *
 * Reads committed only (kafkajs' default isolation): records of open transactions wait until
 * they are committed or aborted. Uses a throwaway consumer group that it deletes afterwards.
 */
export async function readLogFrom(
  kafka: Kafka,
  topic: string,
  from: Map<number, bigint>,
  onRecord: OnRecord,
  onMalformed: OnMalformed = () => undefined,
  options: ReadLogOptions = {},
): Promise<LogRead> {
  const ends = await endOffsets(kafka, topic);
  const wanted = new Set(options.partitions ?? ends.keys());
  const positions = new Map([...wanted].map((p) => [p, from.get(p) ?? 0n]));
  const remaining = new Set([...wanted].filter((p) => (positions.get(p) ?? 0n) < (ends.get(p) ?? 0n)));
  if (remaining.size === 0) return { count: 0, positions };
  const groupId = `touchline-reader-${randomUUID()}`;
  try {
    const count = await consume(kafka, topic, groupId, { ends, positions, remaining }, onRecord, onMalformed);
    return { count, positions };
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

interface ReadState {
  ends: Map<number, bigint>;
  /** Mutated as the read goes. */
  positions: Map<number, bigint>;
  /** Partitions not yet caught up; mutated. */
  remaining: Set<number>;
}

async function consume(
  kafka: Kafka,
  topic: string,
  groupId: string,
  { ends, positions, remaining }: ReadState,
  onRecord: OnRecord,
  onMalformed: OnMalformed,
): Promise<number> {
  // A short long-poll: stopping waits for the fetch in flight, which waits this long on caught-up partitions.
  const consumer = kafka.consumer({
    groupId,
    maxBytes: 16 * 1024 * 1024,
    sessionTimeout: 30000,
    maxWaitTimeInMs: 100,
  });
  let count = 0;
  let caughtUp: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (caughtUp = resolve));
  const advance = (partition: number, lastOffset: string): void => {
    const end = ends.get(partition) ?? 0n;
    const reached = BigInt(lastOffset) + 1n;
    const next = reached < end ? reached : end;
    if (next > (positions.get(partition) ?? 0n)) positions.set(partition, next);
    if (next >= end && remaining.delete(partition) && remaining.size === 0) caughtUp();
  };
  await consumer.connect();
  try {
    // After each join and before its first fetch (the event is emitted synchronously in between):
    // the partitions read start where the read stands, the others at their end.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [partition, end] of ends) {
        consumer.seek({ topic, partition, offset: String(positions.get(partition) ?? end) });
      }
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic === topic && remaining.has(payload.partition))
        advance(payload.partition, payload.lastOffset);
    });
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      done.then(resolve, reject);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            if (!remaining.has(batch.partition)) return;
            const end = ends.get(batch.partition) ?? 0n;
            const start = positions.get(batch.partition) ?? 0n;
            for (const m of batch.messages) {
              const offset = BigInt(m.offset);
              if (offset >= end) break;
              if (offset < start) continue;
              try {
                onRecord({ record: decodeRecord(m.value), partition: batch.partition, offset: m.offset });
                count++;
              } catch (err) {
                if (!(err instanceof MalformedRecordError)) throw err;
                onMalformed(batch.partition, m.offset, err);
              }
            }
            advance(batch.partition, batch.lastOffset());
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return count;
}

/** Reads one partition's committed records from `fromOffset` up to its end offset as it stands now. */
export function readPartitionTail(
  kafka: Kafka,
  topic: string,
  partition: number,
  fromOffset: bigint,
  onRecord: OnRecord,
  onMalformed: OnMalformed = () => undefined,
): Promise<LogRead> {
  return readLogFrom(kafka, topic, new Map([[partition, fromOffset]]), onRecord, onMalformed, {
    partitions: [partition],
  });
}

/**
 * Reads the whole topic from offset 0 up to the end offsets as they stand when called,
 * handing records to `onRecord` in partition order. Malformed records go to `onMalformed`.
 */
export async function readWholeLog(
  kafka: Kafka,
  topic: string,
  onRecord: OnRecord,
  onMalformed: OnMalformed = () => undefined,
): Promise<number> {
  return (await readLogFrom(kafka, topic, new Map(), onRecord, onMalformed)).count;
}
