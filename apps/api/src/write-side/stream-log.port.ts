import type { LogRecord } from '@touchline/event-store';
import type { StreamRegistry } from './stream-registry';
import type { Needs } from './stream-warmer';

/**
 * Where the command path appends: one stream's commands run one after another, and an append
 * resolves once the records are durable and folded into the registry. The Kafka implementation
 * is StreamWriter; InMemoryStreamLog serves the command path's unit tests.
 */
export interface StreamLog {
  /** Runs `fn` after every earlier command on the same stream has finished. */
  serialised<T>(streamId: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Brings back into the registry what a command reads that left memory (asking `needs` again
   * as loaded streams name others), kept there until the returned release is called.
   */
  warm(needs: (registry: StreamRegistry) => Needs): Promise<() => void>;
  /** Appends one stream's records, all or none, and folds them into the registry. */
  append(records: LogRecord[]): Promise<void>;
}

export const STREAM_LOG = Symbol('StreamLog');
