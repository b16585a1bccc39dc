import type { ICustomPartitioner, Message, RecordMetadata } from 'kafkajs';

/**
 * A produce call whose outcome cannot be trusted to be exactly one copy of each partition's
 * records: its transaction must be aborted, never committed.
 */
export class InexactProduceError extends Error {}

/** Where kafkajs sent one produce call of ours: the leaders each of its attempts went to. */
export interface SendTrace {
  readonly first: Message;
  /** One entry per attempt kafkajs made (its own retries), in order: the leader broker ids. */
  readonly attempts: Set<number>[];
}

/**
 * Watches, through the partitioner kafkajs calls for every message at every attempt of a send,
 * which leader kafkajs' own metadata gave each partition. That is what a send is split by: one
 * request per leader. The leaders seen last group the next flush's partitions into calls, and
 * a call's trace says whether any attempt of it spanned several brokers.
 */
export class LeaderWatch {
  /** Partition → leader broker id, as kafkajs saw it at its last attempt of any send. */
  readonly leaders = new Map<number, number>();
  private readonly tracing = new Map<number, SendTrace>();

  constructor(private readonly topic: string) {}

  /** Routes every message to the partition it names (all ours do), watching on the way. */
  readonly partitioner: ICustomPartitioner =
    () =>
    ({ topic, partitionMetadata, message }) => {
      const partition = message.partition;
      if (typeof partition !== 'number')
        throw new InexactProduceError('a record was sent without its partition');
      const trace = topic === this.topic ? this.tracing.get(partition) : undefined;
      if (trace) {
        // kafkajs groups a send's messages in order, once per attempt: the first one starts it.
        if (message === trace.first) {
          trace.attempts.push(new Set());
          for (const p of partitionMetadata) this.leaders.set(p.partitionId, p.leader);
        }
        trace.attempts[trace.attempts.length - 1]?.add(this.leaders.get(partition) ?? -1);
      }
      return partition;
    };

  /** Starts watching one send of the given partitions (no other send may hold them meanwhile). */
  begin(partitions: number[], first: Message): SendTrace {
    const trace: SendTrace = { first, attempts: [] };
    for (const p of partitions) this.tracing.set(p, trace);
    return trace;
  }

  end(trace: SendTrace): void {
    for (const [p, t] of this.tracing) if (t === trace) this.tracing.delete(p);
  }

  /** The flush's partitions grouped by their leader as last seen (unknown leaders together). */
  byLeader<T>(partitions: Map<number, T>): [number, T][][] {
    const groups = new Map<number, [number, T][]>();
    for (const entry of partitions) {
      const leader = this.leaders.get(entry[0]) ?? -1;
      groups.set(leader, [...(groups.get(leader) ?? []), entry]);
    }
    return [...groups.values()];
  }
}

/**
 * Whether every attempt of a send went to one broker at most. kafkajs reverts the sequence
 * numbers of all partitions of a request that failed, and it keeps the answers of the brokers
 * that did answer when it retries: an attempt of one request either landed whole or was
 * reverted whole, so its retry (and a re-send by us) carries the same sequences, which the
 * broker deduplicates. An attempt of several requests can end half-answered, with a request
 * still in flight when the next attempt starts; that one sends again what the slow broker
 * takes meanwhile, with new sequences.
 */
export function everyAttemptOneBroker(attempts: Set<number>[]): boolean {
  return attempts.every((leaders) => leaders.size <= 1);
}

/**
 * The base offset of each partition of a send, from kafkajs' answer, or InexactProduceError
 * unless the answer has exactly one entry per partition sent, each of the topic, and none else.
 * After a leader move, a retry of kafkajs can skip a partition (its new leader answered
 * already) or send it twice (it moved to a broker that had not): both must end aborted.
 */
export function acknowledgedBaseOffsets(
  metadata: RecordMetadata[],
  topic: string,
  partitions: number[],
): Map<number, bigint> {
  const offsets = new Map<number, bigint>();
  for (const m of metadata) {
    if (m.topicName !== topic || !partitions.includes(m.partition) || offsets.has(m.partition))
      throw new InexactProduceError(
        `the acknowledgement has an unexpected or repeated entry (${m.topicName} partition ${m.partition})`,
      );
    if (m.baseOffset === undefined)
      throw new InexactProduceError(`the acknowledgement of partition ${m.partition} has no offset`);
    offsets.set(m.partition, BigInt(m.baseOffset));
  }
  const missing = partitions.filter((p) => !offsets.has(p));
  if (missing.length > 0)
    throw new InexactProduceError(`the acknowledgement has no entry for partition(s) ${missing.join(', ')}`);
  return offsets;
}
