import { Admin, Kafka } from 'kafkajs';
import {
  IsolationLevel,
  KafkajsCluster,
  KafkajsClusterFactory,
  kafkajsClusterFactory,
} from './kafkajs-internals';

/**
 * The last stable offsets (what a read-committed reader sees the end of) of some partitions of
 * one topic: one ListOffsets (latest, READ_COMMITTED) per leader of the partitions asked about.
 */
export interface StableOffsets {
  connect(): Promise<void>;
  /** The partitions' last stable offsets; null when the cluster did not answer. */
  latest(partitions: number[]): Promise<Map<number, bigint> | null>;
  disconnect(): Promise<void>;
}

/** Leaders are re-read after a failed request, not on a clock. */
const METADATA_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * kafkajs' admin has no call for the latest offsets of a few partitions: `fetchTopicOffsets`
 * reads every partition of the topic twice (latest, then earliest), one request after the
 * other. The client's own cluster object has the one request needed (reached through
 * ./kafkajs-internals). Where it is missing (another kafkajs), the admin call does the same job,
 * slower.
 */
export function stableOffsets(kafka: Kafka, topic: string): StableOffsets {
  const factory = kafkajsClusterFactory(kafka);
  return factory ? new ClusterStableOffsets(factory, topic) : new AdminStableOffsets(kafka, topic);
}

class ClusterStableOffsets implements StableOffsets {
  private cluster: KafkajsCluster | null = null;
  private stale = false;

  constructor(
    private readonly factory: KafkajsClusterFactory,
    private readonly topic: string,
  ) {}

  async connect(): Promise<void> {
    const cluster = this.factory({
      isolationLevel: IsolationLevel.READ_COMMITTED,
      metadataMaxAge: METADATA_MAX_AGE_MS,
      allowAutoTopicCreation: false,
    });
    try {
      await cluster.connect();
      await cluster.addTargetTopic(this.topic);
    } catch (err) {
      await cluster.disconnect().catch(() => undefined);
      throw err;
    }
    this.cluster = cluster;
  }

  async latest(partitions: number[]): Promise<Map<number, bigint> | null> {
    const cluster = this.cluster;
    if (!cluster) return null;
    try {
      if (this.stale) await cluster.refreshMetadata();
      this.stale = false;
      const [answer] = await cluster.fetchTopicsOffset([
        {
          topic: this.topic,
          fromBeginning: false,
          partitions: partitions.map((partition) => ({ partition })),
        },
      ]);
      return new Map((answer?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    } catch {
      // A leader moved or a broker went away: find the leaders again before the next request.
      this.stale = true;
      return null;
    }
  }

  async disconnect(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = null;
    await cluster?.disconnect().catch(() => undefined);
  }
}

class AdminStableOffsets implements StableOffsets {
  private admin: Admin | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async connect(): Promise<void> {
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
    } catch (err) {
      await admin.disconnect().catch(() => undefined);
      throw err;
    }
    this.admin = admin;
  }

  async latest(partitions: number[]): Promise<Map<number, bigint> | null> {
    const offsets = await this.admin?.fetchTopicOffsets(this.topic).catch(() => null);
    if (!offsets) return null;
    const wanted = new Set(partitions);
    return new Map(offsets.filter((o) => wanted.has(o.partition)).map((o) => [o.partition, BigInt(o.high)]));
  }

  async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }
}
