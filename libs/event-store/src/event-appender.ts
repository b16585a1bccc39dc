import { CompressionTypes, Kafka, Message, Producer, Transaction } from 'kafkajs';
import {
  AppendFencedError,
  AppendNotRecordedError,
  AppendOutcomeUnknownError,
  isFencing,
} from './append-errors';
import { coordinatorCachingProducer } from './coordinator-cache';
import { encodeRecord, LogRecord } from './log-record';
import { partitionOfStream, StreamPartitions } from './partitioning';
import {
  acknowledgedBaseOffsets,
  everyAttemptOneBroker,
  InexactProduceError,
  LeaderWatch,
} from './produce-check';
import { stableOffsets, StableOffsets } from './stable-offsets';
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
  /** When append() was called (process.hrtime.bigint()). */
  queuedAt: bigint;
  resolve: (ack: AppendAck) => void;
  reject: (err: unknown) => void;
}

/** One partition's share of a flush. */
type Share = [partition: number, appends: PendingAppend[]];

/** A flush's produce calls, one per leader broker: each call's shares, then where they landed. */
type Sent = { shares: Share[]; baseOffsets: Map<number, bigint> } | { shares: Share[]; err: unknown };

export interface EventAppenderOptions {
  transactionalId?: string;
  /** Called once per committed transaction with where its time went (see FlushTimings). */
  onFlush?: (timings: FlushTimings) => void;
}

/**
 * One committed flush (transaction), stage by stage, in seconds: an append's latency is its
 * queued time, then its flush's send, commit and visible wait.
 */
export interface FlushTimings {
  /** From the flush's oldest append() to the flush starting (waiting behind the flush in flight). */
  queued: number;
  /** Beginning the transaction and its produce calls (AddPartitionsToTxn + Produce per leader). */
  send: number;
  /** The commit (EndTxn), until the coordinator acknowledged it. */
  commit: number;
  /** From the commit's acknowledgement to read-committed readers seeing it (the acks wait for it). */
  visible: number;
  /** ListOffsets polls the visible wait made. */
  polls: number;
  /** Appends and records the flush carried. */
  appends: number;
  records: number;
}

/** The writer's transactional id for a topic: one writer at a time owns the whole topic. */
export const writerTransactionalId = (topic: string): string => `touchline-writer.${topic}`;

const MAX_RECORDS_PER_REQUEST = 4000;
/** How long a request whose outcome is unknown is re-sent by the same producer before giving up. */
const SETTLE_OUTCOME_MS = 30000;
const RESEND_BACKOFF_MS = 250;
/**
 * kafkajs' retries of a produce call. The first AddPartitionsToTxn of a flush meets
 * CONCURRENT_TRANSACTIONS when it reaches the coordinator after the previous commit's markers
 * are visible but before the coordinator has logged that commit complete; kafkajs retries it
 * after this back-off, as Kafka's own client does after 20 ms. Doubling from 10 ms, six retries
 * span ~630 ms, as three from 100 ms (~700 ms) did, for a leader that moves.
 */
const SEND_RETRY = { retries: 6, initialRetryTime: 10, maxRetryTime: 1000 };
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
 * next one. Each flush is one transaction: one produce call per leader broker, carrying all of
 * that broker's partitions (kafkajs adds them to the transaction in one request and produces
 * them in one more; it holds a lock per broker around both, so a call per partition cost two
 * round trips per partition, one after the other), then the commit. Each append's records stay
 * contiguous and in order (one stream = one key = one partition, and a partition's share of a
 * flush is one record batch). A promise resolves only after the commit was acknowledged and is
 * visible to read-committed readers, with the offsets the records got.
 *
 * Exactly one copy of each partition's share, or nothing. The leaders a call is grouped by are
 * the ones kafkajs itself last used (`LeaderWatch`, through its partitioner), and each call is
 * traced: which brokers every attempt of it, kafkajs' own retries included, went to.
 * - kafkajs' answer must have exactly one entry per partition of the call: a retry of a send
 *   that spanned brokers keeps the answers of those that answered, so after a leader move it
 *   can skip a partition or send one twice with new sequence numbers.
 * - An attempt that spanned brokers and was retried may also have sent a partition twice
 *   unseen (a slow broker's request was still in flight): such a call is not trusted even when
 *   it succeeds.
 * - A failed produce may still have landed (on a replicated topic it can sit on a new leader
 *   beyond the high watermark). If every attempt of the call went to one broker, kafkajs
 *   reverted all its partitions' sequence numbers, so the same producer re-sends it with the
 *   same ones (the broker writes a batch it already has at most once) until acknowledged, as
 *   long as SETTLE_OUTCOME_MS allows. Otherwise it is not re-sent.
 * A call that fails these is never committed: the transaction is aborted, its records are not
 * in the log for read-committed readers (AppendNotRecordedError), and the producer is left
 * `broken`, since its sequence numbers may no longer match the broker's; re-initialising it
 * starts a new epoch. Only a failed commit leaves the outcome unknown (AppendOutcomeUnknownError,
 * naming each append's partition): the producer is then `broken` until re-initialised, which
 * settles the open transaction; re-reading those partitions tells how. Appends queued meanwhile
 * wait for the re-initialisation. A fenced producer (AppendFencedError) stops for good.
 */
export class EventAppender {
  private producer: Producer | null = null;
  /** Reads the partitions' last stable offsets, to hold acks until the commit is visible. */
  private stable: StableOffsets | null = null;
  private readonly watch: LeaderWatch;
  /** The topic's partitions (their count, and each stream's), known once connected. */
  private partitions: StreamPartitions | null = null;
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
    this.watch = new LeaderWatch(topic);
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
    const producer = coordinatorCachingProducer(this.kafka, {
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: this.watch.partitioner,
      retry: SEND_RETRY,
    });
    const stable = stableOffsets(this.kafka, this.topic);
    try {
      await producer.connect();
      // kafkajs asks for the transactional producer id at the first transaction, not at connect:
      // an empty transaction does it now (and ends without a request to the coordinator).
      await (await producer.transaction()).abort();
      await stable.connect();
      if (!this.partitions) {
        const count = (await describePartitions(this.kafka, this.topic)).length;
        if (!count) throw new Error(`topic ${this.topic} has no partitions`);
        this.partitions = new StreamPartitions(count);
      }
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      await stable.disconnect();
      throw err;
    }
    this.producer = producer;
    this.stable = stable;
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
    return this.partitions?.partitions ?? 0;
  }

  /** The partition a stream's records go to (once connected). */
  partitionOf(streamId: string): number {
    return this.partitions ? this.partitions.of(streamId) : partitionOfStream(streamId, 0);
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
      this.queue.push({ records, queuedAt: process.hrtime.bigint(), resolve, reject });
      if (!this.flushing && this.stateNow === 'ready') void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0 && this.stateNow === 'ready') await this.flushOne(this.takeBatch());
    } finally {
      this.flushing = false;
    }
  }

  private failQueued(err: unknown): void {
    const queued = this.queue;
    this.queue = [];
    queued.forEach((p) => p.reject(err));
  }

  /** One transaction: one produce call per leader broker, then the commit. */
  private async flushOne(batch: PendingAppend[]): Promise<void> {
    const failAll = (err: unknown) => batch.forEach((p) => p.reject(err));
    const started = process.hrtime.bigint();
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
    const flush = { failed: false };
    const sent: Sent[] = await Promise.all(
      this.watch.byLeader(this.byPartition(batch)).map(async (shares): Promise<Sent> => {
        try {
          return { shares, baseOffsets: await this.sendUntilAcknowledged(tx, shares, flush) };
        } catch (err) {
          flush.failed = true;
          return { shares, err };
        }
      }),
    );
    const failure = sent.find((s) => 'err' in s);
    if (failure && 'err' in failure) return this.abandon(tx, failure.err, failAll);
    const sentAt = process.hrtime.bigint();
    try {
      await tx.commit();
    } catch (err) {
      if (isFencing(err)) {
        this.fence();
        return failAll(new AppendFencedError(err));
      }
      this.stateNow = 'broken';
      for (const [partition, appends] of sent.flatMap((s) => s.shares)) {
        appends.forEach((p) => p.reject(new AppendOutcomeUnknownError(err, partition)));
      }
      return;
    }
    const acks = sent.flatMap((s) =>
      'err' in s ? [] : s.shares.map((share) => acksOf(share, s.baseOffsets)),
    );
    const committedAt = process.hrtime.bigint();
    const polls = await this.untilVisible(acks.map((a) => ({ partition: a.partition, end: a.end })));
    const visibleAt = process.hrtime.bigint();
    for (const a of acks) a.resolveAll();
    const seconds = (from: bigint, to: bigint) => Number(to - from) / 1e9;
    this.options.onFlush?.({
      queued: seconds(batch[0]?.queuedAt ?? started, started),
      send: seconds(started, sentAt),
      commit: seconds(sentAt, committedAt),
      visible: seconds(committedAt, visibleAt),
      polls,
      appends: batch.length,
      records: batch.reduce((n, p) => n + p.records.length, 0),
    });
  }

  /**
   * The commit is durable once acknowledged, but read-committed readers see its records only
   * when the coordinator has written its markers, which it does after answering. Holding the
   * acks until then makes an acknowledged event visible to every reader (a read of the log, the
   * projector) from that moment; the next transaction cannot start earlier anyway (the
   * coordinator answers its AddPartitionsToTxn with CONCURRENT_TRANSACTIONS until it has logged
   * this one complete, just after the markers; kafkajs retries it after SEND_RETRY's back-off).
   * Each poll is one ListOffsets per leader, of the flush's partitions only; the first, sent at
   * once, usually finds the markers written. A broker that does not answer in time only delays
   * the ack. Returns the number of polls made.
   */
  private async untilVisible(ends: { partition: number; end: bigint }[]): Promise<number> {
    const stable = this.stable;
    if (!stable || ends.length === 0) return 0;
    let polls = 0;
    const partitions = ends.map((e) => e.partition);
    const giveUpAt = Date.now() + VISIBLE_WAIT_MS;
    for (let delay = 1; Date.now() < giveUpAt; delay = Math.min(delay * 2, 50)) {
      let timer: NodeJS.Timeout | undefined;
      polls++;
      const visible = await Promise.race([
        stable.latest(partitions),
        new Promise<null>((r) => (timer = setTimeout(() => r(null), Math.max(0, giveUpAt - Date.now())))),
      ]);
      clearTimeout(timer);
      if (visible && ends.every((e) => (visible.get(e.partition) ?? 0n) >= e.end)) return polls;
      await new Promise((r) => setTimeout(r, delay));
    }
    return polls;
  }

  /**
   * A produce was not acknowledged, or not exactly once: the transaction is never committed, so
   * nothing of it shows. The producer's sequence numbers may now be behind what a broker holds
   * (a request that landed unacknowledged), so it is left `broken`: its owner re-initialises it.
   */
  private async abandon(tx: Transaction, err: unknown, failAll: (err: unknown) => void): Promise<void> {
    if (isFencing(err)) {
      this.fence();
      return failAll(new AppendFencedError(err));
    }
    try {
      await tx.abort();
      if (this.stateNow === 'ready') this.stateNow = 'broken';
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
    const stable = this.stable;
    this.producer = null;
    this.stable = null;
    await old?.disconnect().catch(() => undefined);
    await stable?.disconnect();
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

  private byPartition(batch: PendingAppend[]): Map<number, PendingAppend[]> {
    const byPartition = new Map<number, PendingAppend[]>();
    for (const append of batch) {
      const partition = this.partitionOf(append.records[0]?.streamId ?? '');
      const appends = byPartition.get(partition);
      if (appends) appends.push(append);
      else byPartition.set(partition, [append]);
    }
    return byPartition;
  }

  /**
   * Sends one leader's shares in the transaction (one kafkajs send); re-sends them until
   * acknowledged only while that is exact (see the class comment), and stops re-sending once
   * another call of the flush failed. Returns each partition's base offset.
   */
  private async sendUntilAcknowledged(
    tx: Transaction,
    shares: Share[],
    flush: { failed: boolean },
  ): Promise<Map<number, bigint>> {
    const partitions = shares.map(([partition]) => partition);
    const messages: Message[] = shares.flatMap(([partition, appends]) =>
      appends.flatMap((p) => p.records.map((r) => ({ ...encodeRecord(r), partition }))),
    );
    const giveUpAt = Date.now() + SETTLE_OUTCOME_MS;
    for (;;) {
      const trace = this.watch.begin(partitions, messages[0]);
      try {
        const metadata = await tx.send({
          topic: this.topic,
          acks: -1,
          compression: CompressionTypes.None,
          messages,
        });
        if (!everyAttemptOneBroker(trace.attempts.slice(0, -1)))
          throw new InexactProduceError('kafkajs retried a send that had spanned several brokers');
        return acknowledgedBaseOffsets(metadata, this.topic, partitions);
      } catch (err) {
        if (
          err instanceof InexactProduceError ||
          isFencing(err) ||
          !everyAttemptOneBroker(trace.attempts) ||
          Date.now() >= giveUpAt ||
          this.stateNow !== 'ready' ||
          flush.failed
        )
          throw err;
      } finally {
        this.watch.end(trace);
      }
      await new Promise((r) => setTimeout(r, RESEND_BACKOFF_MS));
    }
  }
}

/** One partition's acks: where the share ends, and how to resolve each append of it. */
function acksOf([partition, appends]: Share, baseOffsets: Map<number, bigint>) {
  let offset = baseOffsets.get(partition) ?? 0n;
  const acks = appends.map((p) => {
    offset += BigInt(p.records.length);
    return { p, ack: { partition, lastOffset: offset - 1n } };
  });
  return { partition, end: offset, resolveAll: () => acks.forEach(({ p, ack }) => p.resolve(ack)) };
}
