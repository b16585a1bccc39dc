import { randomUUID } from 'node:crypto';
import { deleteConsumerGroup, GroupConsumer } from '@touchline/event-store';
import { decodeMessages, PROJECTOR_CONSUMER } from '@touchline/read-models';
import { benchKafka } from './kafka';

/**
 * A ceiling for the read side of a rebuild: the projector's consumer (same group consumer, same
 * settings) reading `topic` from offset 0 to `ends` and decoding each record (JSON.parse and the
 * envelope check), with nothing written. Events/s, in this process.
 */
export async function consumeAlone(topic: string, ends: Map<number, bigint>): Promise<number> {
  const kafka = benchKafka('touchline-bench-consume');
  const groupId = `touchline-bench-consume-${randomUUID().slice(0, 8)}`;
  const total = [...ends.values()].reduce((a, b) => a + Number(b), 0);
  const positions = new Map<number, bigint>();
  let decoded = 0;
  let started = 0n;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const check = () => {
    if ([...ends].every(([p, end]) => (positions.get(p) ?? 0n) >= end)) done();
  };
  const consumer = new GroupConsumer(kafka, {
    topic,
    groupId,
    sessionTimeoutMs: 10000,
    heartbeatIntervalMs: 1000,
    ...PROJECTOR_CONSUMER,
    onAssigned: () => undefined,
    eachBatch: async (batch, { resolveOffset }) => {
      if (started === 0n) started = process.hrtime.bigint();
      decoded += decodeMessages(batch.messages).length;
      resolveOffset(batch.lastOffset());
      positions.set(batch.partition, BigInt(batch.lastOffset()) + 1n);
      check();
    },
    onSkipped: (partition, _first, last) => {
      positions.set(partition, last + 1n);
      check();
    },
  });
  await consumer.start();
  try {
    await finished;
  } finally {
    await consumer.stop();
    await deleteConsumerGroup(kafka, groupId).catch(() => undefined);
  }
  if (decoded < total * 0.99) throw new Error(`consumed ${decoded} of ${total} records`);
  return decoded / (Number(process.hrtime.bigint() - started) / 1e9);
}
