import { Partitioners } from 'kafkajs';

// One partitioner for every call: a fresh one draws random bytes for its round-robin counter,
// which a keyed record never uses (it was ~1 % of the api's CPU in bench:ingest's profile).
const partitioner = Partitioners.DefaultPartitioner();
const metadataByCount = new Map<number, ReturnType<typeof partitionMetadata>>();

function partitionMetadata(partitions: number) {
  return Array.from({ length: partitions }, (_, i) => ({
    partitionId: i,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
}

/**
 * The partition a stream's records land in on a topic of `partitions`: the producer's default
 * partitioner (murmur2 of the key, as the Java client) applied to the stream id. Fixed for as
 * long as the topic's partition count is.
 */
export function partitionOfStream(streamId: string, partitions: number): number {
  let metadata = metadataByCount.get(partitions);
  if (!metadata) {
    metadata = partitionMetadata(partitions);
    metadataByCount.set(partitions, metadata);
  }
  return partitioner({ topic: 'any', partitionMetadata: metadata, message: { key: streamId, value: null } });
}
