import { CompressionTypes, Kafka, Producer } from 'kafkajs';
import { encodeRecord, LogRecord } from './log-record';
import { partitionOfStream } from './partitioning';
import { describePartitions } from './topic-layout';

interface PendingAppend {
  records: LogRecord[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Raised when the log's answer to an append is unknown: the records may or may not be in it. */
export class AppendOutcomeUnknownError extends Error {
  constructor(override readonly cause: unknown) {
    super(`append failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

const MAX_RECORDS_PER_REQUEST = 4000;
/** How long a request whose outcome is unknown is re-sent by the same producer before giving up. */
const SETTLE_OUTCOME_MS = 30000;
const RESEND_BACKOFF_MS = 250;

/**
 * Appends records to the events topic with an idempotent producer and acks=all.
 *
 * Group commit: appends that arrive while a produce request is in flight are sent together in
 * the next one. Each append's records stay contiguous and in order (one stream = one key = one
 * partition, and a partition's share of a request is one record batch, written whole or not at all).
 * A promise resolves only after Kafka acknowledged.
 *
 * A request that fails (broker gone, leader moved) may still have landed: on a replicated topic
 * its records can sit on the new leader beyond the high watermark, invisible to readers, and
 * become visible later. So it is re-sent by the same idempotent producer, whose sequence numbers
 * make the broker write it at most once, until it is acknowledged — only then is its outcome
 * known. After SETTLE_OUTCOME_MS of failures it is given up as unknown and the producer replaced.
 */
export class EventAppender {
  private producer: Producer | null = null;
  private partitions = 0;
  private queue: PendingAppend[] = [];
  private flushing = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async connect(): Promise<void> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    await producer.connect();
    this.producer = producer;
    this.partitions ||= (await describePartitions(this.kafka, this.topic)).length;
    if (!this.partitions) throw new Error(`topic ${this.topic} has no partitions`);
  }

  async disconnect(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    await this.producer?.disconnect();
    this.producer = null;
  }

  /** True while nothing is queued or in flight: an unknown outcome can no longer change. */
  get idle(): boolean {
    return !this.flushing && this.queue.length === 0;
  }

  append(records: LogRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const failed = await Promise.all(
          [...this.byPartition(this.takeBatch())].map(async ([partition, appends]) => {
            try {
              await this.sendUntilAcknowledged(
                partition,
                appends.flatMap((p) => p.records),
              );
              appends.forEach((p) => p.resolve());
              return false;
            } catch (err) {
              const unknown = new AppendOutcomeUnknownError(err);
              appends.forEach((p) => p.reject(unknown));
              return true;
            }
          }),
        );
        if (failed.includes(true)) await this.resetProducer();
      }
    } finally {
      this.flushing = false;
    }
  }

  private takeBatch(): PendingAppend[] {
    const batch: PendingAppend[] = [];
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (batch.length > 0 && count + next.records.length > MAX_RECORDS_PER_REQUEST) break;
      batch.push(next);
      count += next.records.length;
      this.queue.shift();
    }
    return batch;
  }

  /**
   * One produce call per partition, all at once. A kafkajs send that spans brokers and fails on
   * one of them retries by broker, keeping the answers of the brokers that did answer: after a
   * leader move it can skip a partition or send one a second time with new sequence numbers.
   * With calls that spanned brokers, the 3-broker leader-kill test found a 5-event array written
   * twice. A call of one partition has one leader at a time, so its retries stay exact.
   */
  private byPartition(batch: PendingAppend[]): Map<number, PendingAppend[]> {
    const byPartition = new Map<number, PendingAppend[]>();
    for (const append of batch) {
      const partition = partitionOfStream(append.records[0]?.streamId ?? '', this.partitions);
      byPartition.set(partition, [...(byPartition.get(partition) ?? []), append]);
    }
    return byPartition;
  }

  private async sendUntilAcknowledged(partition: number, records: LogRecord[]): Promise<void> {
    const giveUpAt = Date.now() + SETTLE_OUTCOME_MS;
    for (;;) {
      try {
        return await this.send(partition, records);
      } catch (err) {
        if (Date.now() >= giveUpAt || !this.producer) throw err;
        await new Promise((r) => setTimeout(r, RESEND_BACKOFF_MS));
      }
    }
  }

  private async send(partition: number, records: LogRecord[]): Promise<void> {
    if (!this.producer) await this.connect();
    await this.producer!.send({
      topic: this.topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: records.map((r) => ({ ...encodeRecord(r), partition })),
    });
  }

  /** After a failed send the old producer id may still have retries pending; a new one starts clean. */
  private async resetProducer(): Promise<void> {
    const old = this.producer;
    this.producer = null;
    await old?.disconnect().catch(() => undefined);
  }
}
