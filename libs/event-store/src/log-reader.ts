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

/**
 * Reads the whole topic from offset 0 up to the end offsets as they stand when called,
 * handing records to `onRecord` in partition order. Malformed records go to `onMalformed`.
 * Uses a throwaway consumer group that it deletes afterwards.
 */
export async function readWholeLog(
  kafka: Kafka,
  topic: string,
  onRecord: (r: PositionedRecord) => void,
  onMalformed: (partition: number, offset: string, err: Error) => void = () => undefined,
): Promise<number> {
  const ends = await endOffsets(kafka, topic);
  const remaining = new Set([...ends].filter(([, end]) => end > 0n).map(([p]) => p));
  if (remaining.size === 0) return 0;
  const groupId = `touchline-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxBytes: 16 * 1024 * 1024, sessionTimeout: 30000 });
  let count = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.partition) ?? 0n;
            for (const m of batch.messages) {
              if (BigInt(m.offset) >= end) break;
              try {
                onRecord({ record: decodeRecord(m.value), partition: batch.partition, offset: m.offset });
                count++;
              } catch (err) {
                if (!(err instanceof MalformedRecordError)) throw err;
                onMalformed(batch.partition, m.offset, err);
              }
            }
            const last = batch.messages[batch.messages.length - 1];
            if (last && BigInt(last.offset) + 1n >= end) {
              remaining.delete(batch.partition);
              if (remaining.size === 0) resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return count;
}
