import { FetchedRun, PartitionQueues } from './partition-queues';

/** A fetched run of `records` records from `first`, with `markers` non-data offsets after them. */
const run = (first: number, records: number, markers = 0): FetchedRun => ({
  firstOffset: BigInt(first),
  lastOffset: BigInt(first + records + markers - 1),
  messages: Array.from({ length: records }, (_, i) => ({
    offset: String(first + i),
    value: null,
    timestamp: '0',
  })),
  fetched: { at: 0, waitedMs: 0 },
  offsetLag: '0',
});

describe('PartitionQueues: fetched runs waiting for their partition', () => {
  it('merges the runs that follow one another, records in order, and counts what is queued', () => {
    const queues = new PartitionQueues(100);
    queues.push(3, run(0, 2, 1));
    queues.push(3, run(3, 1));
    queues.push(3, run(4, 0, 2)); // only markers
    queues.push(5, run(10, 4));
    expect(queues.queuedMessages).toBe(7);

    const merged = queues.take(3)!;
    expect(merged).toMatchObject({ partition: 3, firstOffset: 0n, lastOffset: 5n });
    expect(merged.messages.map((m) => m.offset)).toEqual(['0', '1', '3']);
    expect(merged.runs).toHaveLength(3);
    expect(queues.has(3)).toBe(false);
    expect(queues.take(3)).toBeNull();
    expect(queues.queuedMessages).toBe(4);
  });

  it('stops a merge at a gap: the run after it is a batch of its own', () => {
    const queues = new PartitionQueues(100);
    queues.push(0, run(0, 2));
    queues.push(0, run(5, 2));
    expect(queues.take(0)).toMatchObject({ firstOffset: 0n, lastOffset: 1n });
    expect(queues.take(0)).toMatchObject({ firstOffset: 5n, lastOffset: 6n });
  });

  it('merges no more than its limit of records, but always takes one run', () => {
    const queues = new PartitionQueues(5);
    queues.push(0, run(0, 7));
    queues.push(0, run(7, 3));
    queues.push(0, run(10, 2));
    expect(queues.take(0)!.messages).toHaveLength(7);
    expect(queues.take(0)!.messages).toHaveLength(5);
  });

  it('drops a partition: its queue empties and what was taken from it before is stale', () => {
    const queues = new PartitionQueues(100);
    queues.push(1, run(0, 2));
    queues.push(2, run(0, 2));
    const taken = queues.take(1)!;
    queues.push(1, run(2, 3));
    expect(queues.isCurrent(taken)).toBe(true);

    queues.drop(1);
    expect(queues.isCurrent(taken)).toBe(false);
    expect(queues.has(1)).toBe(false);
    expect(queues.queuedMessages).toBe(2);

    queues.push(1, run(0, 1));
    expect(queues.isCurrent(queues.take(1)!)).toBe(true);
    queues.dropAll();
    expect(queues.queuedMessages).toBe(0);
    expect(queues.has(2)).toBe(false);
  });
});
