import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { clusterId, EventAppender, type KafkaClient } from '@touchline/event-store';
import { Config, CONFIG, KAFKA, PG_POOL } from '@touchline/platform';
import type { Pool } from 'pg';
import { AppendMetrics } from '../metrics/append.metrics';
import { CommandPath } from './command-path';
import { KnownStreams } from './known-streams';
import { PgSnapshotStore } from './pg-snapshot-store';
import { SNAPSHOT_STORE, type SnapshotStore } from './snapshot-store.port';
import { STREAM_LOG } from './stream-log.port';
import { StreamRegistry } from './stream-registry';
import { StreamWriter } from './stream-writer';

/**
 * The write side, wired in this one place: the command path (idempotency → expectedVersion →
 * decide → append), the single writer behind it with its in-memory state of every stream, and
 * the producer it appends with. Command handlers see only `CommandPath`, queries only
 * `KnownStreams`.
 */
@Global()
@Module({
  providers: [
    {
      provide: EventAppender,
      inject: [KAFKA, CONFIG],
      useFactory: (kafka: KafkaClient, c: Config) => new EventAppender(kafka, c.kafka.topic),
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
      inject: [StreamWriter],
      useFactory: (writer: StreamWriter): KnownStreams => ({
        lastSeq: (streamId) => writer.lastSeq(streamId),
      }),
    },
  ],
  exports: [StreamRegistry, StreamWriter, CommandPath, KnownStreams],
})
export class WriteSideModule implements OnApplicationShutdown {
  constructor(private readonly appender: EventAppender) {}

  async onApplicationShutdown(): Promise<void> {
    await this.appender.disconnect();
  }
}
