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

/**
 * `partitionOfStream` for one partition count, remembered per stream: an append asks for its
 * stream's partition twice (to name it in the answer and to group the flush), and each answer
 * costs a Buffer and a murmur2 of the key (~2 % of the api's CPU per single event). At most
 * `max` streams are remembered; past that the memory starts again empty.
 */
export class StreamPartitions {
  private readonly known = new Map<string, number>();

  constructor(
    readonly partitions: number,
    private readonly max = 100_000,
  ) {}

  of(streamId: string): number {
    let partition = this.known.get(streamId);
    if (partition === undefined) {
      partition = partitionOfStream(streamId, this.partitions);
      if (this.known.size >= this.max) this.known.clear();
      this.known.set(streamId, partition);
    }
    return partition;
  }

  get size(): number {
    return this.known.size;
  }
}
