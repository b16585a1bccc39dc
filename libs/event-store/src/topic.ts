import { Kafka } from 'kafkajs';
import { describePartitions, topicConfig } from './topic-layout';

export interface TopicSettings {
  topic: string;
  partitions: number;
  replicationFactor: number;
}

export class TopicMisconfiguredError extends Error {}

const TOPIC_ATTEMPTS = 20;

/** The in-sync copies an acks=all write needs: 2 once there are 3 replicas (one broker may fail). */
export const minInsyncReplicas = (replicationFactor: number): number => Math.min(2, replicationFactor);

/**
 * Creates the events topic if it is missing, with infinite retention, `replicationFactor`
 * copies of each partition and `min.insync.replicas` = min(2, replicationFactor): the log is
 * the system of record, so an existing topic with finite retention, or with fewer copies than
 * configured, is refused rather than used.
 * A topic just created (by this process or a neighbour) can answer "does not host this
 * topic-partition" for a while on a busy broker: that is retried, a misconfiguration is not.
 */
export async function ensureEventsTopic(kafka: Kafka, settings: TopicSettings): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureEventsTopicOnce(kafka, settings);
    } catch (err) {
      if (err instanceof TopicMisconfiguredError || attempt >= TOPIC_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.min(2000, 250 * attempt)));
    }
  }
}

async function ensureEventsTopicOnce(kafka: Kafka, settings: TopicSettings): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(settings.topic)) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: settings.topic,
            numPartitions: settings.partitions,
            replicationFactor: settings.replicationFactor,
            configEntries: [
              { name: 'retention.ms', value: '-1' },
              { name: 'retention.bytes', value: '-1' },
              { name: 'cleanup.policy', value: 'delete' },
              { name: 'min.insync.replicas', value: String(minInsyncReplicas(settings.replicationFactor)) },
            ],
          },
        ],
      });
    }
    const retention = await topicRetentionMs(kafka, settings.topic);
    if (retention !== '-1') {
      throw new TopicMisconfiguredError(
        `topic ${settings.topic} has retention.ms=${retention}; the event log must keep events forever ` +
          `(retention.ms=-1). Fix it with: kafka-configs --alter --entity-type topics --entity-name ` +
          `${settings.topic} --add-config retention.ms=-1`,
      );
    }
    const copies = Math.min(
      ...(await describePartitions(kafka, settings.topic)).map((p) => p.replicas.length),
    );
    if (copies < settings.replicationFactor) {
      throw new TopicMisconfiguredError(
        `topic ${settings.topic} has partitions with ${copies} replica(s); KAFKA_REPLICATION_FACTOR is ` +
          `${settings.replicationFactor}. Add replicas with kafka-reassign-partitions, or lower the setting.`,
      );
    }
  } finally {
    await admin.disconnect();
  }
}

export async function topicRetentionMs(kafka: Kafka, topic: string): Promise<string | undefined> {
  return (await topicConfig(kafka, topic, ['retention.ms']))['retention.ms'];
}
