import { Partitioners } from 'kafkajs';
import { partitionOfStream, StreamPartitions } from './partitioning';

describe('partitionOfStream', () => {
  it('is the producer default partitioner of the stream id, whatever the partition count, call after call', () => {
    for (const partitions of [1, 3, 12, 12, 7]) {
      const fresh = Partitioners.DefaultPartitioner();
      const partitionMetadata = Array.from({ length: partitions }, (_, i) => ({
        partitionId: i,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
      }));
      for (let i = 0; i < 200; i++) {
        const streamId = `match:m${i}-${partitions}`;
        const expected = fresh({ topic: 't', partitionMetadata, message: { key: streamId, value: null } });
        expect(partitionOfStream(streamId, partitions)).toBe(expected);
      }
    }
  });
});

describe('StreamPartitions', () => {
  it('answers as partitionOfStream, and starts again empty once it holds its maximum', () => {
    const partitions = new StreamPartitions(12, 50);
    const ids = Array.from({ length: 50 }, (_, i) => `match:m${i}`);
    for (const round of [1, 2]) {
      for (const id of ids) expect(partitions.of(id)).toBe(partitionOfStream(id, 12));
      expect([round, partitions.size]).toEqual([round, 50]);
    }
    expect(partitions.of('match:m50')).toBe(partitionOfStream('match:m50', 12));
    expect(partitions.size).toBe(1);
  });
});
