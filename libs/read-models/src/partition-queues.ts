/** A record as the consumer fetched it; `timestamp` is when the api's producer created it (ms, as a string). */
export interface FetchedMessage {
  offset: string;
  value: Buffer | null;
  timestamp: string;
}

/** One fetch's run of a partition: its records, or none when it held only non-data offsets. */
export interface FetchedRun {
  /** The first offset fetched (a transaction marker or an aborted record counts). */
  firstOffset: bigint;
  /** The last offset fetched, markers and aborted records included. */
  lastOffset: bigint;
  messages: FetchedMessage[];
  /** When the fetch returned (Date.now()) and how long it waited at the broker. */
  fetched: { at: number; waitedMs: number };
  /** Records of the partition after this run, as the broker last reported. */
  offsetLag: string;
}

/** Runs of one partition that follow one another, taken together: applied as one batch. */
export interface MergedRun {
  partition: number;
  firstOffset: bigint;
  lastOffset: bigint;
  messages: FetchedMessage[];
  runs: FetchedRun[];
  /** The partition's generation when taken (see `PartitionQueues.isCurrent`). */
  generation: number;
}

interface Queue {
  generation: number;
  runs: FetchedRun[];
}

/**
 * What the consumer fetched and the projector has not applied yet, per partition, in fetch
 * order. A partition's runs are taken together (those that follow one another, up to
 * `maxMessages` records), so a projector that falls behind writes fewer, larger batches. Dropping
 * a partition's runs (a seek, a reassignment) also makes the runs taken from it before stale.
 */
export class PartitionQueues {
  private readonly queues = new Map<number, Queue>();
  private messages = 0;

  constructor(private readonly maxMessages: number) {}

  /** Records queued over all partitions. */
  get queuedMessages(): number {
    return this.messages;
  }

  has(partition: number): boolean {
    return (this.queues.get(partition)?.runs.length ?? 0) > 0;
  }

  push(partition: number, run: FetchedRun): void {
    const queue = this.queue(partition);
    queue.runs.push(run);
    this.messages += run.messages.length;
  }

  /**
   * Removes and returns the partition's first runs that follow one another (each starting one
   * past the last), merged; at least one run, more while they stay within `maxMessages` records.
   */
  take(partition: number): MergedRun | null {
    const queue = this.queues.get(partition);
    if (!queue?.runs.length) return null;
    let n = 1;
    let count = queue.runs[0].messages.length;
    while (n < queue.runs.length) {
      const next = queue.runs[n];
      if (next.firstOffset !== queue.runs[n - 1].lastOffset + 1n) break;
      if (count + next.messages.length > this.maxMessages) break;
      count += next.messages.length;
      n++;
    }
    const runs = queue.runs.splice(0, n);
    this.messages -= count;
    return {
      partition,
      firstOffset: runs[0].firstOffset,
      lastOffset: runs[n - 1].lastOffset,
      messages: n === 1 ? runs[0].messages : runs.flatMap((r) => r.messages),
      runs,
      generation: queue.generation,
    };
  }

  /** Forgets the partition's queued runs; what was taken from it before is stale from now on. */
  drop(partition: number): void {
    const queue = this.queue(partition);
    for (const run of queue.runs) this.messages -= run.messages.length;
    queue.runs = [];
    queue.generation++;
  }

  /** Forgets every partition's queued runs (see `drop`). */
  dropAll(): void {
    for (const partition of this.queues.keys()) this.drop(partition);
  }

  /** False once the partition the run was taken from was dropped since. */
  isCurrent(run: MergedRun): boolean {
    return this.queues.get(run.partition)?.generation === run.generation;
  }

  private queue(partition: number): Queue {
    let queue = this.queues.get(partition);
    if (!queue) {
      queue = { generation: 0, runs: [] };
      this.queues.set(partition, queue);
    }
    return queue;
  }
}
