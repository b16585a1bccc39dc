import { Partitioners } from 'kafkajs';

/**
 * The partition a stream's records land in on a topic of `partitions`: the producer's default
 * partitioner (murmur2 of the key, as the Java client) applied to the stream id. Fixed for as
 * long as the topic's partition count is.
 */
export function partitionOfStream(streamId: string, partitions: number): number {
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
