import { randomUUID } from 'node:crypto';
import pino from 'pino';
import {
  createKafka,
  ensureEventsTopic,
  topicRetentionMs,
  TopicMisconfiguredError,
} from '@touchline/event-store';

const kafka = createKafka({
  brokers: ['127.0.0.1:9092'],
  clientId: 'touchline-test',
  logger: pino({ level: 'silent' }),
});

describe('the events topic', () => {
  it('is created with infinite retention and the configured partitions', async () => {
    const topic = `touchline-test-topic-${randomUUID().slice(0, 8)}`;
    await ensureEventsTopic(kafka, { topic, partitions: 6, replicationFactor: 1 });
    expect(await topicRetentionMs(kafka, topic)).toBe('-1');
    const admin = kafka.admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0].partitions).toHaveLength(6);
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('is refused when an existing topic has finite retention', async () => {
    const topic = `touchline-test-topic-${randomUUID().slice(0, 8)}`;
    const admin = kafka.admin();
    await admin.connect();
    // Not waiting for leaders: a busy broker can answer "does not host this topic-partition" for
    // a moment after creating it, which ensureEventsTopic retries itself.
    await admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '604800000' }] }],
    });
    await expect(ensureEventsTopic(kafka, { topic, partitions: 1, replicationFactor: 1 })).rejects.toThrow(
      TopicMisconfiguredError,
    );
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('is refused when an existing topic has fewer replicas than configured', async () => {
    const topic = `touchline-test-topic-${randomUUID().slice(0, 8)}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: '-1' }],
        },
      ],
    });
    await expect(ensureEventsTopic(kafka, { topic, partitions: 1, replicationFactor: 3 })).rejects.toThrow(
      /has partitions with 1 replica\(s\); KAFKA_REPLICATION_FACTOR is 3/,
    );
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });
});
