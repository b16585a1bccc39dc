import { Partitioners } from 'kafkajs';
import { partitionOfStream } from './partitioning';

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
