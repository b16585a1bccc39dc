import { Kafka } from 'kafkajs';
import pino from 'pino';
import { createKafka } from '@touchline/event-store';
import { loadConfig } from '@touchline/platform';

export const BROKERS = loadConfig().kafka.brokers;

export function benchKafka(clientId: string): Kafka {
  return createKafka({ brokers: BROKERS, clientId, logger: pino({ level: 'fatal' }) });
}

/** Deletes a benchmark's topic (best effort: topics are cheap, but 1M-event ones are not small). */
export async function deleteTopic(topic: string): Promise<void> {
  const admin = benchKafka('touchline-bench-admin').admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics: [topic], timeout: 10000 });
  } catch {
    // already gone, or the broker is busy: harmless
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
