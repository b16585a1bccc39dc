import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { BatchControls, GroupConsumer, type KafkaClient, PartitionBatch } from '@touchline/event-store';
import { inTransaction, withTransaction } from '@touchline/platform';
import { decodeMessages, foldBatch, streamsOf, type LoadedStates } from './batch-fold';
import { BatchStore, type StreamIds } from './batch-store';
import { FetchedRun, MergedRun, PartitionQueues } from './partition-queues';
import { PartitionStates } from './partition-states';

/**
 * A batch either applied (its fresh records, 0 when all were already applied) or not written, its
 * partition to be read again from `behindFrom` (see `RereadInfo`).
 */
type BatchOutcome =
  | { applied: number; loadedFrom: BatchInfo['loadedFrom'] }
  | { behindFrom: bigint; reason: RereadInfo['reason'] };

export interface ProjectorOptions {
  kafka: KafkaClient;
  pool: Pool;
  topic: string;
  groupId: string;
  schema: string;
  logger: Logger;
  /** The SQL side of a batch; by default the read models of `schema` (benchmarks pass a variant). */
  store?: BatchStore;
  /** Called after each committed batch, for metrics and progress. */
  onBatch?: (info: BatchInfo) => void;
  /** Called for each batch not written, whose partition is read again from Kafka. */
  onReread?: (info: RereadInfo) => void;
}

/** A batch that wrote nothing: its partition is read again from Kafka, from its checkpoint (what was queued after it too). */
export interface RereadInfo {
  partition: number;
  /**
   * `refused`: its write's guard failed (the checkpoint moved since the load, or an admin's write
   * renewed its epoch); `behind`: Kafka was ahead of the checkpoint.
   */
  reason: 'refused' | 'behind';
}

/** Where a batch's time went, in ms: what the lag from append to visible is made of. */
export interface BatchStages {
  /** Per record: its creation by the api's producer → the fetch that brought it returned. */
  deliveredMs: number[];
  /** How long that fetch waited at the broker (maxWaitTimeInMs / minBytes). */
  fetchWaitMs: number;
  /** Fetch returned → its partition's worker started this batch (waiting in the partition's queue). */
  queuedMs: number;
  /** Pool checkout and the load of checkpoint and states (from memory when the batch follows the last one committed). */
  loadMs: number;
  foldMs: number;
  /** The guarded checkpoint move with the NOTIFYs and the write of the rows; for a live batch, in one statement with its commit. */
  writeMs: number;
  /** COMMIT of a large batch's transaction (the NOTIFYs are delivered on it); 0 for a live batch, committed with its write. */
  commitMs: number;
}

export interface BatchInfo {
  partition: number;
  events: number;
  /** Where the states it folded from came from: remembered from the partition's last batch, or read from PostgreSQL. */
  loadedFrom: 'memory' | 'database';
  lag: bigint;
  seconds: number;
  stages: BatchStages;
}

/**
 * The projector's consumer, tuned for lag at a live rate (docs/BENCHMARKS.md): a fetch's batches
 * are queued per partition and the consumer fetches again at once (kafkajs fetches again only
 * when its handlers return, so applying them there would make every record wait for the slowest
 * batch of the fetch before it); each partition with queued records has its own worker (up to
 * DATABASE_POOL_SIZE run at a time); Kafka offsets are committed once a second (the checkpoints
 * in PostgreSQL say where to resume); a fetch returns as soon as any partition has a record
 * (minBytes 1, kafkajs' default), else after maxWaitTimeMs.
 */
export const PROJECTOR_CONSUMER = {
  maxBytesPerPartition: 2 * 1024 * 1024,
  maxWaitTimeMs: 100,
  partitionsConsumedConcurrently: 12,
  commitIntervalMs: 1000,
} as const;

/** At most this many records are applied as one batch (the queued runs of a partition, merged). */
const MAX_BATCH_RECORDS = 10_000;
/** Past this many records queued and not applied, the consumer waits before it fetches more. */
const MAX_QUEUED_RECORDS = 50_000;
/** A batch that failed (PostgreSQL away) is tried again after this long, doubling up to the last. */
const RETRY_MS = [100, 200, 400, 800, 1600, 3200];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const since = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

/**
 * Keeps the read models of one schema in step with the log, exactly once: each batch of a
 * partition is applied atomically (one statement, or one transaction) together with that
 * partition's checkpoints, guarded by the checkpoint its load read, and the checkpoints (not
 * Kafka's position or committed offsets, which are only a hint) say where to resume.
 */
export class Projector {
  private consumer: GroupConsumer | null = null;
  private readonly store: BatchStore;
  private readonly queues = new PartitionQueues(MAX_BATCH_RECORDS);
  private readonly states = new PartitionStates();
  /** The worker of each partition that has one: it applies the partition's queued runs in order. */
  private readonly workers = new Map<number, Promise<void>>();
  /** Woken whenever a worker finishes a batch: the consumer may be waiting for room in the queues. */
  private progressed: Array<() => void> = [];
  private stopping = false;

  constructor(private readonly opts: ProjectorOptions) {
    this.store = opts.store ?? new BatchStore(opts.schema);
  }

  async start(): Promise<void> {
    this.stopping = false;
    const consumer = new GroupConsumer(this.opts.kafka, {
      topic: this.opts.topic,
      groupId: this.opts.groupId,
      // A crashed instance's partitions move on after this long, so keep it short.
      sessionTimeoutMs: 10000,
      heartbeatIntervalMs: 1000,
      ...PROJECTOR_CONSUMER,
      onAssigned: (partitions) => {
        // What was queued came from an earlier assignment: each partition is read again from its
        // checkpoint, and loaded again (another instance may have applied it meanwhile).
        this.queues.dropAll();
        this.states.forgetAll();
        void this.seekToCheckpoints(partitions);
      },
      eachBatch: (batch, controls) => this.enqueue(batch, controls),
      onSkipped: (partition, first, last) =>
        this.push(partition, {
          firstOffset: first,
          lastOffset: last,
          messages: [],
          fetched: { at: Date.now(), waitedMs: 0 },
          offsetLag: '0',
        }),
      onCrash: ({ error, restart }) =>
        this.opts.logger.warn(
          { err: error, restart },
          restart
            ? 'projector consumer crashed, kafkajs restarts it'
            : 'projector consumer crashed, rejoining with a fresh one',
        ),
      onRejoinFailed: (err) =>
        this.opts.logger.warn({ err }, 'projector consumer could not rejoin yet, trying again'),
    });
    this.consumer = consumer;
    await consumer.start();
  }

  /** Stops fetching, drops what is queued and waits for the batches being applied. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.stop();
    this.consumer = null;
    this.queues.dropAll();
    await Promise.all(this.workers.values());
    this.states.forgetAll();
  }

  /** The next batch of `partition` starts at `offset`; what was queued of it is dropped. */
  private seek(partition: number, offset: bigint): void {
    this.queues.drop(partition);
    this.states.forget(partition);
    this.consumer?.seek(partition, offset);
  }

  private async seekToCheckpoints(partitions: number[]): Promise<void> {
    // Called without await from the GROUP_JOIN listener: a rejection here (PostgreSQL away while
    // the consumer rejoins) would be unhandled and end the process, so every failure is caught.
    try {
      for (const partition of partitions) {
        const next = await withTransaction(this.opts.pool, (client) =>
          this.store.lockCheckpoint(client, partition),
        );
        this.seek(partition, next);
      }
    } catch (err) {
      this.opts.logger.warn({ err }, 'could not seek to checkpoints; relying on the per-batch check');
    }
  }

  /**
   * Queues a fetched batch for its partition's worker and lets kafkajs fetch again (its position
   * moves past the batch; the checkpoints in PostgreSQL, not that position, say what is applied).
   * Waits only while the queues are full.
   */
  private async enqueue(batch: PartitionBatch, controls: BatchControls): Promise<void> {
    if (!batch.messages.length || !controls.isRunning() || controls.isStale()) return;
    this.push(batch.partition, {
      firstOffset: BigInt(batch.firstOffset() ?? batch.messages[0].offset),
      lastOffset: BigInt(batch.lastOffset()),
      messages: batch.messages,
      fetched: controls.fetched,
      offsetLag: batch.offsetLag(),
    });
    controls.resolveOffset(batch.lastOffset());
    while (this.queues.queuedMessages > MAX_QUEUED_RECORDS && controls.isRunning()) {
      await Promise.race([new Promise<void>((r) => this.progressed.push(r)), sleep(1000)]);
      await controls.heartbeat();
    }
  }

  private push(partition: number, run: FetchedRun): void {
    if (this.stopping) return;
    this.queues.push(partition, run);
    this.work(partition);
  }

  /** Starts the partition's worker unless it runs already. */
  private work(partition: number): void {
    if (this.workers.has(partition) || this.stopping) return;
    const worker = this.drain(partition).finally(() => {
      this.workers.delete(partition);
      // Pushed after the worker found its queue empty, before it was gone.
      if (this.queues.has(partition)) this.work(partition);
    });
    this.workers.set(partition, worker);
  }

  private async drain(partition: number): Promise<void> {
    for (let run = this.queues.take(partition); run; run = this.queues.take(partition)) {
      await this.applyUntilDone(run);
      for (const wake of this.progressed.splice(0)) wake();
    }
  }

  /** Applies a batch, trying again while it fails (PostgreSQL away) unless it went stale meanwhile. */
  private async applyUntilDone(run: MergedRun): Promise<void> {
    for (let attempt = 0; !this.stopping && this.queues.isCurrent(run); attempt++) {
      try {
        await this.apply(run);
        return;
      } catch (err) {
        // Whether the batch was written is unknown (say the connection broke on its commit).
        this.states.forget(run.partition);
        const retryMs = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
        this.opts.logger.warn(
          { err, partition: run.partition, offset: run.firstOffset.toString(), retryMs },
          'projector batch failed, trying it again',
        );
        await sleep(retryMs);
      }
    }
  }

  private async apply(run: MergedRun): Promise<void> {
    if (!run.messages.length) {
      // Offsets that hold no data (transaction markers, aborted records): the checkpoints move over them.
      await withTransaction(this.opts.pool, (client) =>
        this.store.skipNonData(client, run.partition, run.firstOffset, run.lastOffset + 1n),
      );
      this.states.skipped(run.partition, run.firstOffset, run.lastOffset + 1n);
      return;
    }
    const started = process.hrtime.bigint();
    const first = run.runs[0].fetched;
    const stages: BatchStages = {
      deliveredMs: run.runs.flatMap((r) => r.messages.map((m) => r.fetched.at - Number(m.timestamp))),
      fetchWaitMs: first.waitedMs,
      queuedMs: Date.now() - first.at,
      loadMs: 0,
      foldMs: 0,
      writeMs: 0,
      commitMs: 0,
    };
    let mark = started;
    const client = await this.opts.pool.connect();
    let outcome: BatchOutcome;
    try {
      outcome = await this.applyOn(client, run, stages, () => {
        const elapsed = since(mark);
        mark = process.hrtime.bigint();
        return elapsed;
      });
    } finally {
      client.release();
    }
    if ('behindFrom' in outcome) {
      // Kafka is ahead of what PostgreSQL holds (the committed offset is only a hint), or the
      // write was refused: go back.
      this.seek(run.partition, outcome.behindFrom);
      this.opts.onReread?.({ partition: run.partition, reason: outcome.reason });
      return;
    }
    this.opts.onBatch?.({
      partition: run.partition,
      events: outcome.applied,
      loadedFrom: outcome.loadedFrom,
      lag: BigInt(run.runs[run.runs.length - 1].offsetLag),
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      stages,
    });
  }

  /**
   * A batch's SQL on `client`. The load is one snapshot with no lock and no transaction around it,
   * or none at all when the batch follows the last one this projector committed of the partition
   * and names only streams it knows (`PartitionStates`): the write moves the partition's
   * checkpoints only if they are still where the load (or that batch) left them, under the same
   * epoch, which makes the whole batch apply exactly once over the rows it was folded from. A
   * live batch is then written in one statement (one or two round trips); a large one (a
   * rebuild's) in a transaction, its event copy with COPY. `lap` gives the ms since the last lap,
   * for the stages.
   */
  private async applyOn(
    client: PoolClient,
    batch: MergedRun,
    stages: BatchStages,
    lap: () => number,
  ): Promise<BatchOutcome> {
    const decoded = decodeMessages(batch.messages);
    const streams = streamsOf(decoded);
    const remembered = this.states.recall(batch.partition, batch.firstOffset, streams);
    const { next, epoch, loaded } = remembered ?? (await this.load(client, batch.partition, streams));
    const loadedFrom = remembered ? 'memory' : 'database';
    stages.loadMs = lap();
    // The fetch, not its first record: transaction markers and aborted records take offsets.
    if (batch.firstOffset > next) return { behindFrom: next, reason: 'behind' };
    const from = next;
    // A batch's offsets rise: when its first record is fresh, all are (a rebuild's every batch).
    const fresh =
      decoded.length > 0 && BigInt(decoded[0].offset) >= from
        ? decoded
        : decoded.filter((m) => BigInt(m.offset) >= from);
    if (!fresh.length) return { applied: 0, loadedFrom };
    // A rebuild's large batch changes nearly every match it names: looking for rows it leaves as they were would not pay.
    const fold = foldBatch(fresh, loaded, { findUnchanged: this.store.writesInOneStatement(fresh.length) });
    stages.foldMs = lap();
    const range = { from, to: batch.lastOffset + 1n, epoch };
    const live = this.store.writesInOneStatement(fold.events.length);
    let moved: boolean;
    if (live) {
      moved = await this.store.saveInOneStatement(client, batch.partition, fold, range);
      stages.writeMs = lap();
    } else {
      moved = await inTransaction(client, async (_, tx) => {
        const saved = await this.store.save(client, batch.partition, fold, range);
        if (!saved) tx.rollbackOnly();
        stages.writeMs = lap();
        return saved;
      });
      stages.commitMs = lap();
    }
    // Another instance moved this partition since the load, or an admin renewed its epoch: nothing was written.
    if (!moved)
      return {
        behindFrom: await inTransaction(client, () => this.store.lockCheckpoint(client, batch.partition)),
        reason: 'refused',
      };
    // A rebuild's large batches are not remembered: a live batch loads once after one, then not again.
    if (live) this.states.committed(batch.partition, { next: range.to, epoch }, streams, loaded, fold);
    else this.states.forget(batch.partition);
    for (const p of fold.parked) {
      this.opts.logger.warn({ streamId: p.streamId, offset: p.offset, error: p.error }, 'stream parked');
    }
    return { applied: fresh.length, loadedFrom };
  }

  /** The checkpoint, its epoch and the stored states of a batch's streams, from PostgreSQL. */
  private async load(
    client: PoolClient,
    partition: number,
    streams: StreamIds,
  ): Promise<{ next: bigint; epoch: string; loaded: LoadedStates }> {
    let read = await this.store.loadForBatch(client, partition, streams);
    if (read.next === null) {
      // First batch of this partition: create its checkpoints, then read again.
      await inTransaction(client, () => this.store.lockCheckpoint(client, partition));
      read = await this.store.loadForBatch(client, partition, streams);
    }
    const { next, epoch, loaded } = read;
    if (next === null || epoch === null)
      throw new Error(`the checkpoints of partition ${partition} are not there`);
    return { next, epoch, loaded };
  }
}
