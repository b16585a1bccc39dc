import { Admin, CompressionTypes, Kafka, Producer, RecordMetadata, Transaction } from 'kafkajs';
import {
  AppendFencedError,
  AppendNotRecordedError,
  AppendOutcomeUnknownError,
  isFencing,
} from './append-errors';
import { encodeRecord, LogRecord } from './log-record';
import { partitionOfStream } from './partitioning';
import { describePartitions } from './topic-layout';

export {
  AppendFencedError,
  AppendNotRecordedError,
  AppendOutcomeUnknownError,
  isFencing,
} from './append-errors';

/** Where an acknowledged append landed: its stream's partition and the offset of its last record. */
export interface AppendAck {
  partition: number;
  lastOffset: bigint;
}

interface PendingAppend {
  records: LogRecord[];
  resolve: (ack: AppendAck) => void;
  reject: (err: unknown) => void;
}

/** One partition's share of a flush, after its produce. */
type Sent =
  | { partition: number; appends: PendingAppend[]; baseOffset: bigint }
  | { partition: number; appends: PendingAppend[]; err: unknown };

export interface EventAppenderOptions {
  transactionalId?: string;
  /**
   * Called once per committed transaction with the seconds its acknowledgements waited for the
   * commit to become visible to read-committed readers (the price of acknowledging only then).
   */
  onVisibleWait?: (seconds: number) => void;
}

/** The writer's transactional id for a topic: one writer at a time owns the whole topic. */
export const writerTransactionalId = (topic: string): string => `touchline-writer.${topic}`;

const MAX_RECORDS_PER_REQUEST = 4000;
/** How long a request whose outcome is unknown is re-sent by the same producer before giving up. */
const SETTLE_OUTCOME_MS = 30000;
const RESEND_BACKOFF_MS = 250;
/** How long an acknowledgement waits for the commit's markers before it goes out anyway. */
const VISIBLE_WAIT_MS = 5000;

/**
 * - `idle`: not connected yet, or disconnected;
 * - `ready`: the transactional producer is initialised and takes appends;
 * - `broken`: a commit failed, so the producer's transaction state is unknown; it must be
 *   re-initialised (`connect()`), which the owner does only while it still owns the log;
 * - `fenced`: a newer producer with the same transactional id exists; never reconnect on our own.
 */
export type AppenderState = 'idle' | 'ready' | 'broken' | 'fenced';

/**
 * Appends records to the events topic through one transactional producer (acks=all), whose
 * transactional id names the topic's single writer: initialising it fences any earlier holder
 * of the id, and completes or aborts the transaction that holder left open.
 *
 * Group commit: appends that arrive while a transaction is in flight are sent together in the
 * next one. Each flush is one transaction: one produce per partition inside it, then the commit.
 * Each append's records stay contiguous and in order (one stream = one key = one partition, and
 * a partition's share of a flush is one record batch). A promise resolves only after the commit
 * was acknowledged, with the offsets the records got.
 *
 * Within a transaction a failed produce may still have landed (on a replicated topic it can sit
 * on a new leader beyond the high watermark), so it is re-sent by the same producer, whose
 * sequence numbers make the broker write it at most once, until acknowledged. If it is never
 * acknowledged (SETTLE_OUTCOME_MS), the transaction is aborted — it was not committed, so its
 * records are not in the log for read-committed readers (AppendNotRecordedError). Only a failed
 * commit leaves the outcome unknown (AppendOutcomeUnknownError, naming each append's partition):
 * the producer is then `broken` until re-initialised, which settles the open transaction;
 * re-reading those partitions tells how. Appends queued meanwhile wait for the re-initialisation.
 * A fenced producer (AppendFencedError) stops for good.
 */
export class EventAppender {
  private producer: Producer | null = null;
  /** Reads the partitions' last stable offsets, to hold acks until the commit is visible. */
  private admin: Admin | null = null;
  private partitions = 0;
  private queue: PendingAppend[] = [];
  private flushing = false;
  private stateNow: AppenderState = 'idle';
  readonly transactionalId: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly options: EventAppenderOptions = {},
  ) {
    this.transactionalId = options.transactionalId ?? writerTransactionalId(topic);
  }

  get state(): AppenderState {
    return this.stateNow;
  }

  /**
   * Initialises a new transactional producer (dropping the old one): fences every earlier
   * producer of the transactional id and settles the transaction it left open. Call only while
   * this instance owns the log. Appends that queued while the producer was `broken` are sent
   * once it is ready again.
   */
  async connect(): Promise<void> {
    while (this.flushing) await new Promise((r) => setTimeout(r, 5));
    await this.dropProducer();
    const producer = this.kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    try {
      await producer.connect();
      // kafkajs asks for the transactional producer id at the first transaction, not at connect:
      // an empty transaction does it now (and ends without a request to the coordinator).
      await (await producer.transaction()).abort();
      this.admin = this.kafka.admin({ retry: { retries: 0 } });
      await this.admin.connect();
      this.partitions ||= (await describePartitions(this.kafka, this.topic)).length;
      if (!this.partitions) throw new Error(`topic ${this.topic} has no partitions`);
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = null;
      throw err;
    }
    this.producer = producer;
    this.stateNow = 'ready';
    if (this.queue.length > 0 && !this.flushing) void this.flush();
  }

  /** Sends what is queued if the producer is ready; fails what waits for a broken one to be re-initialised. */
  async disconnect(): Promise<void> {
    while (this.flushing || (this.queue.length > 0 && this.stateNow === 'ready'))
      await new Promise((r) => setTimeout(r, 5));
    this.failQueued(new AppendNotRecordedError('the producer was disconnected before sending it'));
    await this.dropProducer();
    if (this.stateNow !== 'fenced') this.stateNow = 'idle';
  }

  /** The number of partitions of the topic, known once connected (0 before). */
  get partitionCount(): number {
    return this.partitions;
  }

  /** The partition a stream's records go to (once connected). */
  partitionOf(streamId: string): number {
    return partitionOfStream(streamId, this.partitions);
  }

  /** True while nothing is queued or in flight: an unknown outcome can no longer change by us. */
  get idle(): boolean {
    return !this.flushing && this.queue.length === 0;
  }

  /**
   * Queues one stream's records for the next transaction. While the producer is `broken` they wait
   * for `connect()` (the owner re-initialises it after a failed commit), so appends of streams
   * the failure did not touch go on once it is ready; an idle or fenced producer refuses at once.
   */
  append(records: LogRecord[]): Promise<AppendAck> {
    if (this.stateNow === 'fenced')
      return Promise.reject(new AppendFencedError('the producer was fenced earlier'));
    if (this.stateNow === 'idle')
      return Promise.reject(new AppendNotRecordedError('the producer is idle, not ready'));
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      if (!this.flushing && this.stateNow === 'ready') void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0 && this.stateNow === 'ready')
        await this.flushOne(this.byPartition(this.takeBatch()));
    } finally {
      this.flushing = false;
    }
  }

  private failQueued(err: unknown): void {
    const queued = this.queue;
    this.queue = [];
    queued.forEach((p) => p.reject(err));
  }

  /** One transaction: the produce of each partition, then the commit. */
  private async flushOne(batch: Map<number, PendingAppend[]>): Promise<void> {
    const all = [...batch.values()].flat();
    const failAll = (err: unknown) => all.forEach((p) => p.reject(err));
    const producer = this.producer;
    if (this.stateNow === 'fenced') return failAll(new AppendFencedError('the producer was fenced earlier'));
    if (this.stateNow !== 'ready' || !producer)
      return failAll(new AppendNotRecordedError(`the producer is ${this.stateNow}, not ready`));
    let tx: Transaction;
    try {
      tx = await producer.transaction();
    } catch (err) {
      if (isFencing(err)) this.fence();
      else this.stateNow = 'broken';
      return failAll(isFencing(err) ? new AppendFencedError(err) : new AppendNotRecordedError(err));
    }
    const sent: Sent[] = await Promise.all(
      [...batch].map(async ([partition, appends]): Promise<Sent> => {
        try {
          const records = appends.flatMap((p) => p.records);
          const metadata = await this.sendUntilAcknowledged(tx, partition, records);
          return { partition, appends, baseOffset: baseOffsetOf(metadata, partition) };
        } catch (err) {
          return { partition, appends, err };
        }
      }),
    );
    const failure = sent.find((s) => 'err' in s);
    if (failure && 'err' in failure) return this.abandon(tx, failure.err, failAll);
    try {
      await tx.commit();
    } catch (err) {
      if (isFencing(err)) {
        this.fence();
        return failAll(new AppendFencedError(err));
      }
      this.stateNow = 'broken';
      for (const [partition, appends] of batch) {
        appends.forEach((p) => p.reject(new AppendOutcomeUnknownError(err, partition)));
      }
      return;
    }
    const waitStarted = process.hrtime.bigint();
    await this.untilVisible(sent);
    this.options.onVisibleWait?.(Number(process.hrtime.bigint() - waitStarted) / 1e9);
    for (const s of sent) {
      if ('err' in s) continue;
      let offset = s.baseOffset;
      for (const p of s.appends) {
        offset += BigInt(p.records.length);
        p.resolve({ partition: s.partition, lastOffset: offset - 1n });
      }
    }
  }

  /**
   * The commit is durable once acknowledged, but read-committed readers see its records only
   * when the coordinator has written its markers, which it does after answering. Holding the
   * acks until then makes an acknowledged event visible to every reader (a read of the log, the
   * projector) from that moment. A broker that does not answer in time only delays the ack.
   */
  private async untilVisible(sent: Sent[]): Promise<void> {
    const admin = this.admin;
    if (!admin) return;
    const ends = sent.flatMap((s) =>
      'err' in s
        ? []
        : [
            {
              partition: s.partition,
              end: s.baseOffset + BigInt(s.appends.flatMap((p) => p.records).length),
            },
          ],
    );
    const giveUpAt = Date.now() + VISIBLE_WAIT_MS;
    for (let delay = 1; Date.now() < giveUpAt; delay = Math.min(delay * 2, 50)) {
      let timer: NodeJS.Timeout | undefined;
      const stable = await Promise.race([
        admin.fetchTopicOffsets(this.topic).catch(() => null),
        new Promise<null>((r) => (timer = setTimeout(() => r(null), Math.max(0, giveUpAt - Date.now())))),
      ]);
      clearTimeout(timer);
      const visible = new Map((stable ?? []).map((o) => [o.partition, BigInt(o.high)]));
      if (stable && ends.every((e) => (visible.get(e.partition) ?? 0n) >= e.end)) return;
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /** A produce was not acknowledged: the transaction is never committed, so nothing of it shows. */
  private async abandon(tx: Transaction, err: unknown, failAll: (err: unknown) => void): Promise<void> {
    if (isFencing(err)) {
      this.fence();
      return failAll(new AppendFencedError(err));
    }
    try {
      await tx.abort();
    } catch (abortErr) {
      // The open transaction ends aborted when the producer is re-initialised (or times out).
      if (isFencing(abortErr)) this.fence();
      else this.stateNow = 'broken';
    }
    failAll(new AppendNotRecordedError(err));
  }

  private fence(): void {
    this.stateNow = 'fenced';
    this.failQueued(new AppendFencedError('the producer was fenced'));
    void this.dropProducer();
  }

  private async dropProducer(): Promise<void> {
    const old = this.producer;
    const admin = this.admin;
    this.producer = null;
    this.admin = null;
    await old?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
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

  /** Re-sends one partition's records in the transaction until acknowledged. */
  private async sendUntilAcknowledged(
    tx: Transaction,
    partition: number,
    records: LogRecord[],
  ): Promise<RecordMetadata[]> {
    const giveUpAt = Date.now() + SETTLE_OUTCOME_MS;
    for (;;) {
      try {
        return await this.send(tx, partition, records);
      } catch (err) {
        if (isFencing(err) || Date.now() >= giveUpAt || this.stateNow !== 'ready') throw err;
        await new Promise((r) => setTimeout(r, RESEND_BACKOFF_MS));
      }
    }
  }

  private send(tx: Transaction, partition: number, records: LogRecord[]): Promise<RecordMetadata[]> {
    return tx.send({
      topic: this.topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: records.map((r) => ({ ...encodeRecord(r), partition })),
    });
  }
}

function baseOffsetOf(metadata: RecordMetadata[], partition: number): bigint {
  const offset = metadata.find((m) => m.partition === partition)?.baseOffset;
  if (offset === undefined) throw new Error(`no offset in the acknowledgement of partition ${partition}`);
  return BigInt(offset);
}
