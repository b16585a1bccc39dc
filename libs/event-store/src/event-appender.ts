import { CompressionTypes, Kafka, Producer } from 'kafkajs';
import { encodeRecord, LogRecord } from './log-record';

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

/**
 * Appends records to the events topic with an idempotent producer and acks=all.
 *
 * Group commit: appends that arrive while a produce request is in flight are sent together in
 * the next one. Each append's records stay contiguous and in order (one stream = one key = one
 * partition, and a partition's share of a request is one record batch, written whole or not at all).
 * A promise resolves only after Kafka acknowledged.
 */
export class EventAppender {
  private producer: Producer | null = null;
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
        const batch = this.takeBatch();
        try {
          await this.send(batch.flatMap((p) => p.records));
          batch.forEach((p) => p.resolve());
        } catch (err) {
          const unknown = new AppendOutcomeUnknownError(err);
          batch.forEach((p) => p.reject(unknown));
          await this.resetProducer();
        }
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

  private async send(records: LogRecord[]): Promise<void> {
    if (!this.producer) await this.connect();
    await this.producer!.send({
      topic: this.topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: records.map(encodeRecord),
    });
  }

  /** After a failed send the old producer id may still have retries pending; a new one starts clean. */
  private async resetProducer(): Promise<void> {
    const old = this.producer;
    this.producer = null;
    await old?.disconnect().catch(() => undefined);
  }
}
