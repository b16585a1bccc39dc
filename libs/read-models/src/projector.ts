import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { BatchControls, GroupConsumer, type KafkaClient, PartitionBatch } from '@touchline/event-store';
import { inTransaction, withTransaction } from '@touchline/platform';
import { decodeMessages, foldBatch, streamsOf } from './batch-fold';
import { BatchStore } from './batch-store';

/** A batch either applied (its fresh records, 0 when all were already applied) or found Kafka ahead of the checkpoint. */
type BatchOutcome = { applied: number } | { behindFrom: bigint };

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
}

/** Where a batch's time went, in ms: what the lag from append to visible is made of. */
export interface BatchStages {
  /** Per record: its creation by the api's producer → the fetch that brought it returned. */
  deliveredMs: number[];
  /** How long that fetch waited at the broker (maxWaitTimeInMs / minBytes). */
  fetchWaitMs: number;
  /** Fetch returned → this batch's handler started (waiting for a free worker). */
  queuedMs: number;
  /** Pool checkout and the load of checkpoint and states. */
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
  lag: bigint;
  seconds: number;
  stages: BatchStages;
}

/**
 * The projector's consumer, tuned for lag at a live rate (docs/BENCHMARKS.md): every partition of
 * a fetch (12 by default) gets its own worker, so a fetch's batches are applied at once, not in
 * waves (kafkajs fetches again only when all are done; up to DATABASE_POOL_SIZE run at a time);
 * Kafka offsets are committed once a second, not in every batch's worker (the checkpoints in
 * PostgreSQL say where to resume); a fetch returns as soon as any partition has a record
 * (minBytes 1, kafkajs' default), else after maxWaitTimeMs.
 */
export const PROJECTOR_CONSUMER = {
  maxBytesPerPartition: 2 * 1024 * 1024,
  maxWaitTimeMs: 100,
  partitionsConsumedConcurrently: 12,
  commitIntervalMs: 1000,
} as const;

const since = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

/**
 * Keeps the read models of one schema in step with the log, exactly once: each batch of a
 * partition is applied in one PostgreSQL transaction together with that partition's checkpoints,
 * and the checkpoints (not Kafka's committed offsets, which are only a hint) say where to resume.
 */
export class Projector {
  private consumer: GroupConsumer | null = null;
  private readonly store: BatchStore;
  private busy = 0;

  constructor(private readonly opts: ProjectorOptions) {
    this.store = opts.store ?? new BatchStore(opts.schema);
  }

  async start(): Promise<void> {
    const consumer = new GroupConsumer(this.opts.kafka, {
      topic: this.opts.topic,
      groupId: this.opts.groupId,
      // A crashed instance's partitions move on after this long, so keep it short.
      sessionTimeoutMs: 10000,
      heartbeatIntervalMs: 1000,
      ...PROJECTOR_CONSUMER,
      onAssigned: (partitions) => void this.seekToCheckpoints(partitions),
      eachBatch: (batch, controls) => this.applyBatch(batch, controls),
      onSkipped: (partition, first, last) => void this.skipNonData(partition, first, last + 1n),
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

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }

  /** Waits until no batch transaction is open. */
  async idle(): Promise<void> {
    while (this.busy > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private async seekToCheckpoints(partitions: number[]): Promise<void> {
    // Called without await from the GROUP_JOIN listener: a rejection here (PostgreSQL away while
    // the consumer rejoins) would be unhandled and end the process, so every failure is caught.
    try {
      for (const partition of partitions) {
        const next = await withTransaction(this.opts.pool, (client) =>
          this.store.lockCheckpoint(client, partition),
        );
        this.consumer?.seek(partition, next);
      }
    } catch (err) {
      this.opts.logger.warn({ err }, 'could not seek to checkpoints; relying on the per-batch check');
    }
  }

  /** Moves the checkpoints over offsets that hold no data (transaction markers, aborted records). */
  private async skipNonData(partition: number, from: bigint, to: bigint): Promise<void> {
    // Called without await from an event listener: every failure is caught (the next batch's
    // gap check seeks back to the checkpoint, so nothing is lost if this does not happen).
    try {
      await withTransaction(this.opts.pool, (client) => this.store.skipNonData(client, partition, from, to));
    } catch (err) {
      this.opts.logger.warn({ err, partition }, 'could not move the checkpoint over transaction markers');
    }
  }

  private async applyBatch(
    batch: PartitionBatch,
    { resolveOffset, heartbeat, isRunning, isStale, fetched }: BatchControls,
  ): Promise<void> {
    if (!batch.messages.length || !isRunning() || isStale()) return;
    const started = process.hrtime.bigint();
    const stages: BatchStages = {
      deliveredMs: batch.messages.map((m) => fetched.at - Number(m.timestamp)),
      fetchWaitMs: fetched.waitedMs,
      queuedMs: Date.now() - fetched.at,
      loadMs: 0,
      foldMs: 0,
      writeMs: 0,
      commitMs: 0,
    };
    this.busy++;
    try {
      let mark = started;
      const client = await this.opts.pool.connect();
      let outcome: BatchOutcome;
      try {
        outcome = await this.applyOn(client, batch, stages, () => {
          const elapsed = since(mark);
          mark = process.hrtime.bigint();
          return elapsed;
        });
      } finally {
        client.release();
      }
      if ('behindFrom' in outcome) {
        // Kafka is ahead of what PostgreSQL holds (the committed offset is only a hint): go back.
        this.consumer?.seek(batch.partition, outcome.behindFrom);
        return;
      }
      resolveOffset(batch.lastOffset());
      await heartbeat();
      this.opts.onBatch?.({
        partition: batch.partition,
        events: outcome.applied,
        lag: BigInt(batch.offsetLag()),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        stages,
      });
    } finally {
      this.busy--;
    }
  }

  /**
   * A batch's SQL on `client`. The load is one snapshot with no lock and no transaction around it:
   * the write moves the partition's checkpoints only if they are still where the load found them,
   * which makes the whole batch apply exactly once. A live batch is then written in one statement
   * (load, write: two round trips); a large one (a rebuild's) in a transaction, its event copy with
   * COPY. `lap` gives the ms since the last lap, for the stages.
   */
  private async applyOn(
    client: PoolClient,
    batch: PartitionBatch,
    stages: BatchStages,
    lap: () => number,
  ): Promise<BatchOutcome> {
    const decoded = decodeMessages(batch.messages);
    const streams = streamsOf(decoded);
    let { next, loaded } = await this.store.loadForBatch(client, batch.partition, streams);
    if (next === null) {
      // First batch of this partition: create its checkpoints, then read again.
      await inTransaction(client, () => this.store.lockCheckpoint(client, batch.partition));
      ({ next, loaded } = await this.store.loadForBatch(client, batch.partition, streams));
      if (next === null) throw new Error(`the checkpoints of partition ${batch.partition} are not there`);
    }
    stages.loadMs = lap();
    // The fetch, not its first record: transaction markers and aborted records take offsets.
    if (BigInt(batch.firstOffset() ?? batch.messages[0].offset) > next) return { behindFrom: next };
    const from = next;
    const fresh = decoded.filter((m) => BigInt(m.offset) >= from);
    if (!fresh.length) return { applied: 0 };
    const fold = foldBatch(fresh, loaded);
    stages.foldMs = lap();
    const range = { from, to: BigInt(batch.lastOffset()) + 1n };
    let moved: boolean;
    if (this.store.writesInOneStatement(fold.events.length)) {
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
    // Another instance moved this partition since the load: nothing was written.
    if (!moved)
      return {
        behindFrom: await inTransaction(client, () => this.store.lockCheckpoint(client, batch.partition)),
      };
    for (const p of fold.parked) {
      this.opts.logger.warn({ streamId: p.streamId, offset: p.offset, error: p.error }, 'stream parked');
    }
    return { applied: fresh.length };
  }
}
