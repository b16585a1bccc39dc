import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { Config, createLogger, loadConfig, Logger } from '@touchline/platform';
import { createKafka, EventAppender } from '@touchline/event-store';
import { CONFIG, KAFKA, LOGGER, PG_POOL } from './tokens';

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
      useFactory: (c: Config, logger: Logger) => {
        const pool = new Pool({ connectionString: c.database.url, max: c.database.poolSize });
        const warn = (err: Error) => logger.warn({ err }, 'postgresql client error');
        // Idle clients report a lost server on the pool, checked-out ones on themselves: hear both.
        pool.on('error', warn);
        pool.on('connect', (client) => client.on('error', warn));
        return pool;
      },
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
