import { Global, Module } from '@nestjs/common';
import { AppendMetrics } from '../metrics/append.metrics';
import { KnownStreams } from './known-streams';
import { CommandPath } from './command-path';
import { STREAM_LOG } from './stream-log.port';
import { StreamRegistry } from './stream-registry';
import { StreamWriter } from './stream-writer';

/**
 * The write side: the command path (idempotency → expectedVersion → decide → append), the single
 * writer behind it, and its in-memory state of every stream; queries see only `KnownStreams`.
 */
@Global()
@Module({
  providers: [
    AppendMetrics,
    StreamRegistry,
    StreamWriter,
    { provide: STREAM_LOG, useExisting: StreamWriter },
    CommandPath,
    {
      provide: KnownStreams,
      inject: [StreamWriter],
      useFactory: (writer: StreamWriter): KnownStreams => ({
        lastSeq: (streamId) => (writer.isReady ? writer.registry.lastSeq(streamId) : null),
      }),
    },
  ],
  exports: [StreamRegistry, StreamWriter, CommandPath, KnownStreams],
})
export class WriteSideModule {}
