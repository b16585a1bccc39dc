import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { Pool } from 'pg';
import { createKafka, type LogRecord, readWholeLog, writersTopicOf } from '@touchline/event-store';
import { migrate } from '@touchline/read-models';
import { createTestDatabase } from './database';

/** What writers started in a test process run on: a topic of their own and a database. */
export interface WriterStores {
  /** `touchline-test-<name>-…`, created by the first writer that starts on it. */
  readonly topic: string;
  /** A client of the shared broker. */
  readonly real: Kafka;
  /** On a fresh, migrated database (from beforeAll on). */
  readonly pool: Pool;
  /** Every record of the topic, in partition order (read committed). */
  log(): Promise<LogRecord[]>;
}

/**
 * Registers in the calling describe the set-up of its stores: a topic name of its own on the
 * shared broker and a fresh migrated database (beforeAll), and their removal (afterAll) once
 * `stop` has stopped what the describe started on them.
 */
export function writerStores(
  name: string,
  opts: { poolMax: number; stop: () => Promise<void> },
): WriterStores {
  const topic = `touchline-test-${name}-${randomUUID().slice(0, 8)}`;
  const real = createKafka({
    brokers: ['127.0.0.1:9092'],
    clientId: `touchline-test-recovery-${name}`,
    logger: pino({ level: 'silent' }),
  });
  let db: { url: string; drop: () => Promise<void> } | undefined;
  let pool: Pool | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.url, pino({ level: 'silent' }));
    pool = new Pool({ connectionString: db.url, max: opts.poolMax });
  });

  afterAll(async () => {
    await opts.stop();
    await pool?.end();
    const admin = real.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, writersTopicOf(topic)] }).catch(() => undefined);
    await admin.disconnect();
    await db?.drop();
  });

  return {
    topic,
    real,
    get pool(): Pool {
      if (!pool) throw new Error('the database is set up in beforeAll');
      return pool;
    },
    log: async () => {
      const records: LogRecord[] = [];
      await readWholeLog(real, topic, ({ record }) => records.push(record));
      return records;
    },
  };
}
