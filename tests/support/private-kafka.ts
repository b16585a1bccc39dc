import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { createKafka, LogRecord, readWholeLog } from '@touchline/event-store';
import { freePort } from './processes';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/**
 * A Kafka broker of the test's own (scripts/infra.sh with KAFKA_INSTANCE), so that a test can
 * stop and start it without touching the shared broker other suites use.
 */
export class PrivateKafka {
  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async start(name: string): Promise<PrivateKafka> {
    const broker = new PrivateKafka(name, await freePort(), await freePort());
    await rm(broker.home, { recursive: true, force: true });
    await broker.up();
    return broker;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  private get home(): string {
    return join(ROOT, '.infra', this.name);
  }

  /** Starts the (stopped) broker on the same data; resolves once it serves clients again. */
  async up(): Promise<void> {
    await this.infra('kafka-up');
  }

  /** Stops the broker (SIGTERM, a controlled shutdown). */
  async down(): Promise<void> {
    await this.infra('kafka-down');
  }

  /** Stops the broker and deletes its data, so the next run starts fresh. */
  async destroy(): Promise<void> {
    await this.down().catch(() => undefined);
    await rm(this.home, { recursive: true, force: true });
  }

  /** Every record of `topic` on this broker, in partition order. */
  async records(topic: string): Promise<LogRecord[]> {
    const kafka = createKafka({
      brokers: [this.brokers],
      clientId: 'touchline-test-reader',
      logger: pino({ level: 'silent' }),
    });
    const records: LogRecord[] = [];
    await readWholeLog(kafka, topic, ({ record }) => records.push(record));
    return records;
  }

  private async infra(command: string): Promise<void> {
    await run('bash', [join(ROOT, 'scripts', 'infra.sh'), command], {
      env: {
        ...process.env,
        KAFKA_INSTANCE: this.name,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        KAFKA_HEAP: '512m',
      },
    });
  }
}
