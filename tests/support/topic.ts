import pino from 'pino';
import { createKafka, LogRecord, readWholeLog } from '@touchline/event-store';
import { loadConfig } from '@touchline/platform';

/** Every record the system's topic holds, in partition order (read straight from Kafka). */
export async function topicRecords(system: { env: NodeJS.ProcessEnv }): Promise<LogRecord[]> {
  const kafka = createKafka({
    brokers: loadConfig().kafka.brokers,
    clientId: 'touchline-test-reader',
    logger: pino({ level: 'silent' }),
  });
  const records: LogRecord[] = [];
  await readWholeLog(kafka, system.env.KAFKA_TOPIC!, ({ record }) => records.push(record));
  return records;
}

/** The records of one stream (`match:<id>` / `tie:<id>`), in the order the log holds them. */
export async function streamRecords(
  system: { env: NodeJS.ProcessEnv },
  streamId: string,
): Promise<LogRecord[]> {
  return (await topicRecords(system)).filter((r) => r.streamId === streamId);
}
