import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import {
  Config,
  CONFIG,
  createLogger,
  createPgPool,
  KAFKA,
  loadConfig,
  Logger,
  LOGGER,
  PG_POOL,
} from '@touchline/platform';
import { createKafka, EventAppender } from '@touchline/event-store';

/** The edges every feature shares: configuration, logger, Kafka, the producer, PostgreSQL. */
@Global()
@Module({
  providers: [
    { provide: CONFIG, useFactory: () => loadConfig() },
    { provide: LOGGER, inject: [CONFIG], useFactory: (c: Config) => createLogger(c.logLevel, 'api') },
    {
      provide: KAFKA,
      inject: [CONFIG, LOGGER],
      useFactory: (c: Config, logger: Logger) =>
        createKafka({ brokers: c.kafka.brokers, clientId: `${c.kafka.clientId}-api`, logger }),
    },
    {
      provide: PG_POOL,
      inject: [CONFIG, LOGGER],
      useFactory: (c: Config, logger: Logger) => createPgPool(c.database, logger),
    },
    {
      provide: EventAppender,
      inject: [KAFKA, CONFIG],
      useFactory: (kafka: Kafka, c: Config) => new EventAppender(kafka, c.kafka.topic),
    },
  ],
  exports: [CONFIG, LOGGER, KAFKA, PG_POOL, EventAppender],
})
export class InfraModule implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly appender: EventAppender,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.appender.disconnect();
    await this.pool.end();
  }
}
