import { Partitioners } from 'kafkajs';

/** The partition the producer's default partitioner gives a stream on a topic of `partitions`. */
export function partitionOf(streamId: string, partitions: number): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, i) => ({
    partitionId: i,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return partitioner({ topic: 'any', partitionMetadata, message: { key: streamId, value: null } });
}
