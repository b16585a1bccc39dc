import type { Kafka } from 'kafkajs';

/*
 * The one place that reaches behind kafkajs' public API; nothing else in the event store does.
 *
 * Why: an appender waits after every commit until read-committed readers see it, and kafkajs'
 * admin can only read the offsets of every partition of a topic, twice (stable-offsets.ts);
 * kafkajs' own cluster object sends one READ_COMMITTED ListOffsets per leader of the partitions
 * asked about. And kafkajs asks for the transaction coordinator before every AddPartitionsToTxn
 * and EndTxn; the appender's producer keeps the answer (coordinator-cache.ts), which needs its
 * cluster object as it is made.
 *
 * Checked against kafkajs 2.2.4 (package.json pins it exactly): `src/index.js` keeps the cluster
 * factory on the client under `Symbol('private:Kafka:createCluster')`, taking the options below;
 * `src/cluster/index.js` has the methods of `KafkajsCluster`, with these arguments and answers;
 * `src/protocol/isolationLevel.js` numbers the isolation levels. A kafkajs upgrade must check
 * them again (kafkajs-internals.unit.spec.ts checks that they are still there). Where the factory
 * is missing, `kafkajsClusterFactory` answers null and the caller uses the public API instead.
 */

/** kafkajs' numbering of the isolation levels (ListOffsets, Fetch). */
export const IsolationLevel = { READ_UNCOMMITTED: 0, READ_COMMITTED: 1 } as const;

/** The slice of kafkajs' internal `Cluster` used by the event store. */
export interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Adds a topic to those whose metadata (leaders) the cluster keeps. */
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  /** One ListOffsets per leader of the partitions asked about, at the cluster's isolation level. */
  fetchTopicsOffset(
    topics: { topic: string; fromBeginning: boolean; partitions: { partition: number }[] }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
  /** FindCoordinator (coordinatorType 1: a transactional id's), asked of any broker. */
  findGroupCoordinatorMetadata(options: { groupId: string; coordinatorType?: number }): Promise<unknown>;
}

export interface KafkajsClusterOptions {
  isolationLevel: (typeof IsolationLevel)[keyof typeof IsolationLevel];
  /** How long the cluster's metadata is trusted before it is read again, in ms. */
  metadataMaxAge: number;
  allowAutoTopicCreation: boolean;
}

/** Makes a cluster object of its own (not connected) on the client's brokers, retry and logger. */
export type KafkajsClusterFactory = (options: KafkajsClusterOptions) => KafkajsCluster;

const factoryKey = (kafka: Kafka): symbol | undefined =>
  Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');

/** The client's own cluster factory; null where this kafkajs keeps none under the known symbol. */
export function kafkajsClusterFactory(kafka: Kafka): KafkajsClusterFactory | null {
  const key = factoryKey(kafka);
  const factory: unknown = key ? (kafka as unknown as Record<symbol, unknown>)[key] : undefined;
  return typeof factory === 'function' ? (factory as KafkajsClusterFactory) : null;
}

/**
 * Calls `make` (which must create its kafkajs object synchronously, e.g. `kafka.producer(...)`)
 * with the client's cluster factory replaced by one that passes each new cluster through
 * `adapt`; without the factory, `make` runs as is.
 */
export function withAdaptedClusters<T>(
  kafka: Kafka,
  adapt: (cluster: KafkajsCluster) => void,
  make: () => T,
): T {
  const key = factoryKey(kafka);
  const factory = kafkajsClusterFactory(kafka);
  if (!key || !factory) return make();
  const client = kafka as unknown as Record<symbol, unknown>;
  client[key] = ((options) => {
    const cluster = factory(options);
    adapt(cluster);
    return cluster;
  }) satisfies KafkajsClusterFactory;
  try {
    return make();
  } finally {
    client[key] = factory;
  }
}
