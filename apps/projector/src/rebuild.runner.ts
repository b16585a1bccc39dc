import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import { deleteConsumerGroup, endOffsets, type KafkaClient } from '@touchline/event-store';
import {
  consumedRecords,
  createReadModelSchema,
  dropSchema,
  LIVE_SCHEMA,
  Projector,
  RebuildLedger,
  swapSchemas,
  withRebuildLock,
} from '@touchline/read-models';

export interface LiveProjection {
  pause(): Promise<void>;
  resume(): Promise<void>;
}

interface RunnerDeps {
  kafka: KafkaClient;
  pool: Pool;
  topic: string;
  group: string;
  logger: Logger;
  live: LiveProjection;
}

const progressGauge = new Gauge({
  name: 'touchline_rebuild_progress_ratio',
  help: 'Progress of the running rebuild (events done / total)',
});

/**
 * Runs requested rebuilds: every read model is rebuilt from offset 0 into a fresh schema under a
 * new consumer group while the live schema keeps serving; when the new one has caught up, the
 * live projector pauses, the new one takes the last events, and the schemas are swapped in one
 * transaction.
 */
export class RebuildRunner {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly ledger: RebuildLedger;

  constructor(private readonly deps: RunnerDeps) {
    this.ledger = new RebuildLedger(deps.pool);
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => void this.poll(), 500);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 50));
  }

  private async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // Several projector processes poll; the lock makes one of them the runner, and under it
      // the ledger is read again (another may have run the request meanwhile) and any rebuild
      // left 'running' is an orphan of a projector that died.
      if (!(await this.ledger.pending())) return;
      await withRebuildLock(this.deps.pool, async () => {
        await this.ledger.failOrphans();
        const next = await this.ledger.nextRequested();
        if (next) await this.run(next.rebuildId);
      });
    } catch (err) {
      this.deps.logger.warn({ err }, 'rebuild poll failed');
    } finally {
      this.running = false;
    }
  }

  private async run(rebuildId: string): Promise<void> {
    const { kafka, pool, topic, group, logger, live } = this.deps;
    const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
    const next = `read_next_${suffix}`;
    const retired = `read_old_${suffix}`;
    const rebuildGroup = `${group}-rebuild-${suffix}`;
    let projector: Projector | null = null;
    let paused = false;
    const started = Date.now();
    try {
      const ends = await endOffsets(kafka, topic);
      const total = sum(ends);
      await this.ledger.start(rebuildId, Number(total));
      logger.info({ rebuildId, schema: next, total: Number(total) }, 'rebuild started');
      await createReadModelSchema(pool, next);
      projector = new Projector({ kafka, pool, topic, groupId: rebuildGroup, schema: next, logger });
      await projector.start();
      await this.waitUntilConsumed(rebuildId, next, ends, started);
      // Caught up with the log as it was: pause the live projector and take the last events.
      await live.pause();
      paused = true;
      const finalEnds = await endOffsets(kafka, topic);
      await this.waitUntilConsumed(rebuildId, next, finalEnds, started);
      await projector.stop();
      projector = null;
      await swapSchemas(pool, LIVE_SCHEMA, next, retired);
      await live.resume();
      paused = false;
      await dropSchema(pool, retired);
      await this.ledger.finish(rebuildId, 'done');
      progressGauge.set(1);
      logger.info({ rebuildId, events: Number(sum(finalEnds)), ms: Date.now() - started }, 'rebuild done');
    } catch (err) {
      logger.error({ err, rebuildId }, 'rebuild failed');
      await projector?.stop().catch(() => undefined);
      await dropSchema(pool, next).catch(() => undefined);
      if (paused) await live.resume();
      await this.ledger.finish(rebuildId, 'failed', err instanceof Error ? err.message : String(err));
    } finally {
      await deleteConsumerGroup(kafka, rebuildGroup);
    }
  }

  private async waitUntilConsumed(
    rebuildId: string,
    schema: string,
    target: Map<number, bigint>,
    started: number,
  ): Promise<void> {
    const total = Number(sum(target));
    for (;;) {
      const consumed = await consumedRecords(this.deps.pool, schema);
      const done = [...target].reduce((n, [p, end]) => n + Number(min(consumed.get(p) ?? 0n, end)), 0);
      const seconds = (Date.now() - started) / 1000;
      await this.ledger.progress(rebuildId, done, total, seconds > 0 ? done / seconds : 0);
      progressGauge.set(total ? done / total : 1);
      if ([...target].every(([p, end]) => (consumed.get(p) ?? 0n) >= end)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const sum = (m: Map<number, bigint>): bigint => [...m.values()].reduce((a, b) => a + b, 0n);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
