import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
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
import { createKafka } from '@touchline/event-store';

/** The edges every feature shares: configuration, logger, Kafka, PostgreSQL. */
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
  ],
  exports: [CONFIG, LOGGER, KAFKA, PG_POOL],
})
export class InfraModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
