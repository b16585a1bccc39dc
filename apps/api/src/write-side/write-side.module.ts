import { Global, Module } from '@nestjs/common';
import { AppendMetrics } from '../metrics/append.metrics';
import { KnownStreams } from '../queries/known-streams';
import { StreamRegistry } from './stream-registry';
import { StreamWriter } from './stream-writer';

/** The single writer and its in-memory state of every stream; queries see only `KnownStreams`. */
@Global()
@Module({
  providers: [
    AppendMetrics,
    StreamRegistry,
    StreamWriter,
    {
      provide: KnownStreams,
      inject: [StreamWriter],
      useFactory: (writer: StreamWriter): KnownStreams => ({
        lastSeq: (streamId) => (writer.isReady ? writer.registry.lastSeq(streamId) : null),
      }),
    },
  ],
  exports: [StreamRegistry, StreamWriter, KnownStreams],
})
export class WriteSideModule {}
