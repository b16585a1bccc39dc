import { ConfigResourceTypes, Kafka } from 'kafkajs';

/** Where one partition's copies live: broker (node) ids. */
export interface PartitionReplicas {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** The topic's partitions with their leader, replicas and in-sync replicas, as the cluster reports them now. */
export async function describePartitions(kafka: Kafka, topic: string): Promise<PartitionReplicas[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return (topics[0]?.partitions ?? [])
      .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}

/** The topic's value of each named setting (its own or the broker's default). */
export async function topicConfig(
  kafka: Kafka,
  topic: string,
  names: string[],
): Promise<Record<string, string | undefined>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }],
    });
    const entries = described.resources[0]?.configEntries ?? [];
    return Object.fromEntries(names.map((n) => [n, entries.find((e) => e.configName === n)?.configValue]));
  } finally {
    await admin.disconnect();
  }
}
