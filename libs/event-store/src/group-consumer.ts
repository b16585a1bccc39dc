import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { CrashRejoin, MemberCrash } from './crash-rejoin';

/** A run of one partition's records, as a group consumer hands them over. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  /** `timestamp`: when the api's producer created the record (ms since the epoch, as a string). */
  messages: { offset: string; value: Buffer | null; timestamp: string }[];
  /** The first offset fetched (a transaction marker or an aborted record counts), or null when none. */
  firstOffset(): string | null;
  /** The last offset fetched, markers and aborted records included: the position is one past it. */
  lastOffset(): string;
  /** Records of the partition after this batch, as the broker last reported. */
  offsetLag(): string;
}

/** What a batch handler may do with its consumer while it holds a batch. */
export interface BatchControls {
  /** Marks the partition consumed up to `offset` (committed as a hint). */
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  /** True when the partition was sought or reassigned since the batch was fetched. */
  isStale(): boolean;
  /** When the fetch that brought this batch returned (Date.now()) and how long it waited at the broker. */
  fetched: { at: number; waitedMs: number };
}

export interface GroupConsumerOptions {
  topic: string;
  groupId: string;
  /** A crashed member's partitions move on after this long. */
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxBytesPerPartition: number;
  maxWaitTimeMs: number;
  partitionsConsumedConcurrently: number;
  /**
   * Resolved offsets are committed to Kafka at most this often (not after every batch: a commit
   * is a round trip in the batch's worker, before the next fetch). They are only a hint to where
   * a member resumes, so a few seconds of them may be fetched again after a rebalance.
   */
  commitIntervalMs: number;
  /** After each join of the group: the partitions of `topic` this member now holds. */
  onAssigned(partitions: number[]): void;
  eachBatch(batch: PartitionBatch, controls: BatchControls): Promise<void>;
  /**
   * A fetch of `partition` from `firstOffset` to `lastOffset` held only transaction markers or
   * records of aborted transactions: kafkajs never hands such a batch to `eachBatch`, but the
   * position moved past it.
   */
  onSkipped?(partition: number, firstOffset: bigint, lastOffset: bigint): void;
  /** The member crashed; with `restart: false` a fresh member joins in its place. */
  onCrash?(crash: MemberCrash): void;
  /** A fresh member could not be started after a crash; it is tried again after a back-off. */
  onRejoinFailed?(error: unknown): void;
}

/**
 * One member of a consumer group on the events topic, from the beginning of each partition the
 * group has no offset for; offsets resolved by the handler are committed as they go.
 */
export class GroupConsumer {
  private member: CrashRejoin | null = null;

  private fetched = { at: 0, waitedMs: 0 };

  constructor(
    private readonly kafka: Kafka,
    private readonly opts: GroupConsumerOptions,
  ) {}

  /** Joins the group; a member that crashes for good is replaced by a fresh one (`CrashRejoin`). */
  async start(): Promise<void> {
    const { topic } = this.opts;
    this.member = new CrashRejoin({
      create: (isCurrent) => this.createConsumer(isCurrent),
      run: async (consumer) => {
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await this.run(consumer);
      },
      onCrash: (crash) => this.opts.onCrash?.(crash),
      onRejoinFailed: (err) => this.opts.onRejoinFailed?.(err),
    });
    await this.member.start();
  }

  /** The next batch of `partition` starts at `offset`. */
  seek(partition: number, offset: bigint): void {
    this.member?.consumer?.seek({ topic: this.opts.topic, partition, offset: offset.toString() });
  }

  async stop(): Promise<void> {
    const member = this.member;
    this.member = null;
    await member?.stop();
  }

  /** Only the current consumer's events count: a crashed one's must not seek or skip for its successor. */
  private createConsumer(isCurrent: () => boolean): Consumer {
    const { topic, groupId } = this.opts;
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: this.opts.sessionTimeoutMs,
      heartbeatInterval: this.opts.heartbeatIntervalMs,
      maxBytesPerPartition: this.opts.maxBytesPerPartition,
      maxWaitTimeInMs: this.opts.maxWaitTimeMs,
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      if (isCurrent()) this.opts.onAssigned(e.payload.memberAssignment[topic] ?? []);
    });
    // A fetch's batches are all handled before the next fetch starts, so a batch's fetch is the latest one.
    consumer.on(consumer.events.FETCH, (e) => {
      if (isCurrent()) this.fetched = { at: Date.now(), waitedMs: e.payload.duration };
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const { batchSize, firstOffset, lastOffset, partition } = payload;
      if (!isCurrent() || payload.topic !== topic || batchSize > 0 || firstOffset === null) return;
      this.opts.onSkipped?.(partition, BigInt(firstOffset), BigInt(lastOffset));
    });
    return consumer;
  }

  private async run(consumer: Consumer): Promise<void> {
    await consumer.run({
      // Off: kafkajs would then commit after every batch; committed below, at most every interval.
      autoCommit: false,
      autoCommitInterval: this.opts.commitIntervalMs,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently,
      eachBatch: async (payload: EachBatchPayload) => {
        const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
        await this.opts.eachBatch(batch, {
          resolveOffset,
          heartbeat,
          isRunning,
          isStale,
          fetched: this.fetched,
        });
        await payload.commitOffsetsIfNecessary();
      },
    });
  }
}
