import { Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import type { KafkaClient } from '@touchline/event-store';
import { Config, CONFIG, KAFKA, Logger, LOGGER, PG_POOL } from '@touchline/platform';
import { ProjectionNotifications, ProjectionStatus, ReadModelRepository } from '@touchline/read-models';

/**
 * What the projector has committed, as the API sees it: the read-model repository, the shared
 * LISTEN connection on the projector's notifications, and where each projection stands against
 * the log. The SQL and the notification format live in libs/read-models; this only wires them.
 */
@Module({
  providers: [
    {
      provide: ReadModelRepository,
      inject: [PG_POOL],
      useFactory: (pool: Pool) => new ReadModelRepository(pool),
    },
    {
      provide: ProjectionNotifications,
      inject: [CONFIG, LOGGER, ReadModelRepository],
      useFactory: (c: Config, logger: Logger, repo: ReadModelRepository) =>
        new ProjectionNotifications(c.database.url, logger, repo),
    },
    {
      provide: ProjectionStatus,
      inject: [KAFKA, PG_POOL, CONFIG],
      useFactory: (kafka: KafkaClient, pool: Pool, c: Config) =>
        new ProjectionStatus(kafka, pool, c.kafka.topic),
    },
  ],
  exports: [ReadModelRepository, ProjectionNotifications, ProjectionStatus],
})
export class ReadModelsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly notifications: ProjectionNotifications) {}

  async onModuleInit(): Promise<void> {
    await this.notifications.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifications.stop();
  }
}
