import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Pool } from 'pg';
import { Config, CONFIG, createLogger, Logger, PG_POOL } from '@touchline/platform';
import { clusterId, createKafka, ensureEventsTopic, type KafkaClient } from '@touchline/event-store';
import { bindToLog, LIVE_SCHEMA, migrate, Projector } from '@touchline/read-models';
import { ProjectorMetrics } from './projector.metrics';
import { LiveProjection, RebuildRunner } from './rebuild.runner';

/** Runs the live projector (migrations first) and the rebuild runner; stops both cleanly. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown, LiveProjection {
  private readonly logger: Logger;
  private readonly kafka: KafkaClient;
  private live: Projector | null = null;
  private rebuilds: RebuildRunner | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly metrics: ProjectorMetrics,
  ) {
    this.logger = createLogger(config.logLevel, 'projector');
    this.kafka = createKafka({
      brokers: config.kafka.brokers,
      clientId: `${config.kafka.clientId}-projector`,
      logger: this.logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    await migrate(config.database.url, logger);
    await ensureEventsTopic(this.kafka, config.kafka);
    await this.bindReadModelsToLog();
    await this.resume();
    this.rebuilds = new RebuildRunner({
      kafka: this.kafka,
      pool: this.pool,
      topic: config.kafka.topic,
      group: config.projectorGroup,
      logger,
      live: this,
    });
    await this.rebuilds.start();
    logger.info({ topic: config.kafka.topic, group: config.projectorGroup }, 'projector running');
  }

  /** Read models folded from another log (a new broker, another topic) or in an older shape start over from offset 0. */
  private async bindReadModelsToLog(): Promise<void> {
    const logId = `${await clusterId(this.kafka)}/${this.config.kafka.topic}`;
    if (await bindToLog(this.pool, LIVE_SCHEMA, logId)) {
      this.logger.warn(
        { logId },
        'read models were folded from another log or in an older shape; cleared to fold this one from offset 0',
      );
    }
  }

  async pause(): Promise<void> {
    await this.live?.stop();
    this.live = null;
  }

  async resume(): Promise<void> {
    if (this.live) return;
    const live = new Projector({
      kafka: this.kafka,
      pool: this.pool,
      topic: this.config.kafka.topic,
      groupId: this.config.projectorGroup,
      schema: LIVE_SCHEMA,
      logger: this.logger,
      onBatch: (b) => this.metrics.observe(b),
      onReread: (r) => this.metrics.reread(r),
    });
    await live.start();
    this.live = live;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.rebuilds?.stop();
    await this.pause();
    await this.pool.end();
  }
}
