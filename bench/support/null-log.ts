import type { StreamLog } from '../../apps/api/src/write-side/stream-log.port';
import type { StreamRegistry } from '../../apps/api/src/write-side/stream-registry';

/** A log that acknowledges at once and keeps nothing: only the registry's own memory counts. */
export class NullLog implements StreamLog {
  constructor(private readonly registry: StreamRegistry) {}
  serialised<T>(_streamId: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }
  async warm(): Promise<() => void> {
    return () => undefined;
  }
  async append(records: Parameters<StreamLog['append']>[0]): Promise<void> {
    records.forEach((r) => this.registry.apply(r));
  }
}
