import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { Gauge, register } from 'prom-client';
import { endOffsets } from '@touchline/event-store';
import { Config } from '@touchline/platform';
import { CONFIG, KAFKA, LOGGER } from '../infra/tokens';
import { ReadModelRepository } from '../queries/read-model.repository';

const NAME = 'touchline_projection_lag_events';
/** End offsets are fetched at most this often, however often Prometheus scrapes. */
const END_OFFSETS_TTL_MS = 1000;
const KAFKA_TIMEOUT_MS = 2000;

/**
 * Projector lag per partition, computed at scrape time: Kafka's end offset minus the checkpoint
 * the read models were committed with (what readers see, not what a consumer has fetched).
 */
@Injectable()
export class ProjectionLagMetrics implements OnModuleDestroy {
  private cached: { at: number; offsets: Promise<Map<number, bigint>> } | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repo: ReadModelRepository,
  ) {
    register.removeSingleMetric(NAME);
    const lagByPartition = () => this.lagByPartition();
    new Gauge({
      name: NAME,
      help: 'Events in the log not yet applied to the read models, per partition (end offset - checkpoint)',
      labelNames: ['partition'],
      async collect() {
        this.reset();
        for (const [partition, lag] of await lagByPartition())
          this.set({ partition: String(partition) }, lag);
      },
    });
  }

  onModuleDestroy(): void {
    register.removeSingleMetric(NAME);
  }

  private async lagByPartition(): Promise<Map<number, number>> {
    try {
      const [ends, checkpoints] = await Promise.all([this.endOffsets(), this.repo.checkpoints()]);
      const lag = new Map<number, number>();
      for (const [partition, end] of ends) {
        const applied = checkpoints.get(partition) ?? 0n;
        lag.set(partition, Number(end > applied ? end - applied : 0n));
      }
      return lag;
    } catch (err) {
      this.logger.warn({ err }, 'projection lag unavailable');
      return new Map();
    }
  }

  private endOffsets(): Promise<Map<number, bigint>> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < END_OFFSETS_TTL_MS) return this.cached.offsets;
    const offsets = withTimeout(endOffsets(this.kafka, this.config.kafka.topic), KAFKA_TIMEOUT_MS);
    this.cached = { at: now, offsets };
    offsets.catch(() => {
      if (this.cached?.offsets === offsets) this.cached = null;
    });
    return offsets;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
