/** One re-read of partitions after appends with an unknown outcome. */
export interface RereadReport {
  partitions: number[];
  /** Partition → the offset the read started at (memory held every record before it). */
  from: Map<number, bigint>;
  /** Partition → the offset the read reached (the end offset measured after the producer settled). */
  to: Map<number, bigint>;
  /** Records read (and folded, or found folded already). */
  records: number;
  ms: number;
}

/**
 * Told about each re-read. `beforeRead` runs once the partitions' streams are refused and the
 * producer settled, just before the read (which waits for it); `afterRead` once their streams
 * take commands again; `overdue` when a re-read outlasted `REREAD_TIMEOUT_MS` and was given up
 * for a read of the whole log (every command refused until it is done).
 */
export interface RereadObserver {
  beforeRead?(partitions: readonly number[]): Promise<void> | void;
  afterRead?(report: RereadReport): void;
  overdue?(partitions: readonly number[]): void;
}
