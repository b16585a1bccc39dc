import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { decodeMessages, foldBatch, streamsOf } from './batch-fold';
import { BatchStore } from './batch-store';

export interface ProjectorOptions {
  kafka: Kafka;
  pool: Pool;
  topic: string;
  groupId: string;
  schema: string;
  logger: Logger;
  /** The SQL side of a batch; by default the read models of `schema` (benchmarks pass a variant). */
  store?: BatchStore;
  /** Called after each committed batch, for metrics and progress. */
  onBatch?: (info: { partition: number; events: number; lag: bigint; seconds: number }) => void;
}

/**
 * Keeps the read models of one schema in step with the log, exactly once: each batch of a
 * partition is applied in one PostgreSQL transaction together with that partition's checkpoints,
 * and the checkpoints (not Kafka's committed offsets, which are only a hint) say where to resume.
 */
export class Projector {
  private consumer: Consumer | null = null;
  private readonly store: BatchStore;
  private busy = 0;

  constructor(private readonly opts: ProjectorOptions) {
    this.store = opts.store ?? new BatchStore(opts.schema);
  }

  async start(): Promise<void> {
    const { kafka, topic, groupId } = this.opts;
    const consumer = kafka.consumer({
      groupId,
      // A crashed instance's partitions move on after this long, so keep it short.
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      maxBytesPerPartition: 2 * 1024 * 1024,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    await consumer.connect();
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const partitions = e.payload.memberAssignment[topic] ?? [];
      void this.seekToCheckpoints(partitions);
    });
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.applyBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  /** Waits until no batch transaction is open. */
  async idle(): Promise<void> {
    while (this.busy > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private async seekToCheckpoints(partitions: number[]): Promise<void> {
    // Called without await from the GROUP_JOIN listener: a rejection here (PostgreSQL away while
    // the consumer rejoins) would be unhandled and end the process, so every failure is caught.
    const client = await this.opts.pool.connect().catch((err: unknown) => {
      this.opts.logger.warn({ err }, 'could not seek to checkpoints; relying on the per-batch check');
      return null;
    });
    if (!client) return;
    try {
      for (const partition of partitions) {
        await client.query('BEGIN');
        const next = await this.store.lockCheckpoint(client, partition);
        await client.query('COMMIT');
        this.consumer?.seek({ topic: this.opts.topic, partition, offset: next.toString() });
      }
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      this.opts.logger.warn({ err }, 'could not seek to checkpoints; relying on the per-batch check');
    } finally {
      client.release();
    }
  }

  private async applyBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    if (!batch.messages.length || !isRunning() || isStale()) return;
    const started = process.hrtime.bigint();
    const client = await this.opts.pool.connect();
    this.busy++;
    try {
      await client.query('BEGIN');
      const next = await this.store.lockCheckpoint(client, batch.partition);
      const first = BigInt(batch.messages[0].offset);
      if (first > next) {
        // Kafka is ahead of what PostgreSQL holds (the committed offset is only a hint): go back.
        await client.query('ROLLBACK');
        this.consumer?.seek({ topic: batch.topic, partition: batch.partition, offset: next.toString() });
        return;
      }
      const fresh = batch.messages.filter((m) => BigInt(m.offset) >= next);
      const last = batch.messages[batch.messages.length - 1];
      if (fresh.length) {
        const decoded = decodeMessages(fresh);
        const loaded = await this.store.load(client, streamsOf(decoded));
        const fold = foldBatch(decoded, loaded);
        await this.store.save(client, batch.partition, fold, BigInt(last.offset) + 1n);
        for (const p of fold.parked) {
          this.opts.logger.warn({ streamId: p.streamId, offset: p.offset, error: p.error }, 'stream parked');
        }
      }
      await client.query('COMMIT');
      resolveOffset(last.offset);
      await heartbeat();
      this.opts.onBatch?.({
        partition: batch.partition,
        events: fresh.length,
        lag: BigInt(batch.offsetLag()),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      this.busy--;
      client.release();
    }
  }
}
