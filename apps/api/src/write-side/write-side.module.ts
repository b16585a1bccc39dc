import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { clusterId, EventAppender, type KafkaClient, WriterElection } from '@touchline/event-store';
import { Config, CONFIG, KAFKA, Logger, LOGGER, PG_POOL } from '@touchline/platform';
import type { Pool } from 'pg';
import { AppendMetrics } from '../metrics/append.metrics';
import { CommandPath } from './command-path';
import { KnownStreams } from './known-streams';
import { PgSnapshotStore } from './pg-snapshot-store';
import { SNAPSHOT_STORE, type SnapshotStore } from './snapshot-store.port';
import { STREAM_LOG } from './stream-log.port';
import { StreamRegistry } from './stream-registry';
import { StreamWriter } from './stream-writer';
import { WriterKnownStreams } from './writer-known-streams';

/**
 * The write side, wired in this one place: the command path (idempotency → expectedVersion →
 * decide → append), the single writer behind it with its in-memory state of every stream, and
 * the producer it appends with, and the election that says whether this instance is that writer. Command handlers see only `CommandPath`, queries only
 * `KnownStreams`.
 */
@Global()
@Module({
  providers: [
    {
      provide: EventAppender,
      inject: [KAFKA, CONFIG, AppendMetrics],
      useFactory: (kafka: KafkaClient, c: Config, metrics: AppendMetrics) =>
        new EventAppender(kafka, c.kafka.topic, {
          onFlush: (timings) => metrics.observeFlush(timings),
        }),
    },
    {
      provide: WriterElection,
      inject: [KAFKA, CONFIG],
      useFactory: (kafka: KafkaClient, c: Config) =>
        new WriterElection(kafka, {
          topic: c.kafka.topic,
          replicationFactor: c.kafka.replicationFactor,
          advertisedUrl: c.advertisedUrl,
        }),
    },
    AppendMetrics,
    {
      provide: SNAPSHOT_STORE,
      inject: [PG_POOL, KAFKA, CONFIG],
      useFactory: (pool: Pool, kafka: KafkaClient, c: Config): SnapshotStore =>
        new PgSnapshotStore(pool, async () => `${await clusterId(kafka)}/${c.kafka.topic}`),
    },
    StreamRegistry,
    StreamWriter,
    { provide: STREAM_LOG, useExisting: StreamWriter },
    CommandPath,
    {
      provide: KnownStreams,
      inject: [StreamWriter, WriterElection, LOGGER],
      useFactory: (writer: StreamWriter, election: WriterElection, logger: Logger): KnownStreams =>
        new WriterKnownStreams(writer, election, logger),
    },
  ],
  exports: [StreamRegistry, StreamWriter, CommandPath, KnownStreams, WriterElection],
})
export class WriteSideModule implements OnApplicationShutdown {
  constructor(
    private readonly appender: EventAppender,
    private readonly election: WriterElection,
  ) {}

  /** Leaving the group first hands the role on at once, not after a session timeout. */
  async onApplicationShutdown(): Promise<void> {
    await this.election.stop();
    await this.appender.disconnect();
  }
}
