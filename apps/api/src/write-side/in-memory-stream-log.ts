import type { LogRecord } from '@touchline/event-store';
import type { SnapshotStore } from './snapshot-store.port';
import type { StreamLog } from './stream-log.port';
import type { StreamRegistry } from './stream-registry';
import { type Needs, StreamWarmer } from './stream-warmer';

/**
 * A log in memory, for millisecond unit tests of the command path only: integration tests and
 * the running system append to Kafka through StreamWriter.
 */
export class InMemoryStreamLog implements StreamLog {
  readonly records: LogRecord[] = [];
  private readonly queues = new Map<string, Promise<unknown>>();

  private readonly warmer: StreamWarmer;

  constructor(
    private readonly registry: StreamRegistry,
    store: SnapshotStore | null = null,
  ) {
    this.warmer = new StreamWarmer(registry, store);
  }

  warm(needs: (registry: StreamRegistry) => Needs): Promise<() => void> {
    return this.warmer.warm(needs);
  }

  serialised<T>(streamId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(streamId) ?? Promise.resolve()).then(fn);
    this.queues.set(
      streamId,
      run.catch(() => undefined),
    );
    return run;
  }

  async append(records: LogRecord[]): Promise<void> {
    this.records.push(...records);
    records.forEach((r) => this.registry.apply(r));
  }
}
