import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Pool } from 'pg';
import { Counter, Gauge, Histogram } from 'prom-client';
import { Config, createLogger } from '@touchline/platform';
import { createKafka, ensureEventsTopic } from '@touchline/event-store';
import { LIVE_SCHEMA, migrate, Projector } from '@touchline/read-models';
import { CONFIG, PG_POOL } from './tokens';

/** Runs the live projector: migrations, then the consumer group, stopped cleanly on shutdown. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger;
  private projector: Projector | null = null;
  private readonly projected = new Counter({
    name: 'touchline_projected_events_total',
    help: 'Events applied to the read models',
  });
  private readonly batchSize = new Histogram({
    name: 'touchline_projector_batch_size',
    help: 'Events per projector batch',
    buckets: [1, 5, 20, 100, 500, 2000, 5000],
  });
  private readonly batchSeconds = new Histogram({
    name: 'touchline_projector_batch_seconds',
    help: 'Time to apply one batch in PostgreSQL',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  });
  private readonly lag = new Gauge({
    name: 'touchline_projector_lag_events',
    help: 'Events in the log not yet projected, per partition',
    labelNames: ['partition'],
  });

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.logger = createLogger(config.logLevel, 'projector');
  }

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    await migrate(config.database.url, logger);
    const kafka = createKafka({
      brokers: config.kafka.brokers,
      clientId: `${config.kafka.clientId}-projector`,
      logger,
    });
    await ensureEventsTopic(kafka, config.kafka);
    this.projector = new Projector({
      kafka,
      pool: this.pool,
      topic: config.kafka.topic,
      groupId: config.projectorGroup,
      schema: LIVE_SCHEMA,
      logger,
      onBatch: ({ partition, events, lag, seconds }) => {
        this.projected.inc(events);
        this.batchSize.observe(events);
        this.batchSeconds.observe(seconds);
        this.lag.set({ partition: String(partition) }, Number(lag));
      },
    });
    await this.projector.start();
    logger.info({ topic: config.kafka.topic, group: config.projectorGroup }, 'projector running');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projector?.stop();
    await this.pool.end();
  }
}
