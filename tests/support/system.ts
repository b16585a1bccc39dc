import { randomUUID } from 'node:crypto';
import { createTestDatabase } from './database';
import { waitUntilReady } from '@touchline/testkit';
import { AppProcess, freePort } from './processes';

export const FEEDER_KEY = 'test-feeder-key';
export const ADMIN_KEY = 'test-admin-key';
export const CCC_FEEDER_KEY = 'test-ccc-feeder-key';

export interface SystemOptions {
  partitions?: number;
  env?: NodeJS.ProcessEnv;
  projector?: boolean;
}

/**
 * The settings of one system isolated from other suites: its own topic, consumer group and
 * database (at `databaseUrl`); the API on `port`.
 */
export function systemEnv(databaseUrl: string, port: number, opts: SystemOptions = {}): NodeJS.ProcessEnv {
  const id = randomUUID().slice(0, 8);
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    KAFKA_TOPIC: `touchline-test-${id}`,
    KAFKA_PARTITIONS: String(opts.partitions ?? 4),
    PROJECTOR_GROUP: `touchline-test-projector-${id}`,
    PROJECTOR_METRICS_PORT: '0',
    TOUCHLINE_API_KEYS: `feeder:${FEEDER_KEY},admin:${ADMIN_KEY},feeder@CCC:${CCC_FEEDER_KEY}`,
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
}

/**
 * A whole Touchline (api + projector) on the real broker and PostgreSQL, isolated from other
 * suites by its own topic, consumer group and database.
 */
export class TestSystem {
  readonly api: AppProcess;
  readonly projector: AppProcess;
  readonly baseUrl: string;

  private constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly databaseUrl: string,
    private readonly dropDatabase: () => Promise<void>,
    port: number,
  ) {
    this.api = new AppProcess('api', env);
    this.projector = new AppProcess('projector', env);
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  static async start(opts: SystemOptions = {}): Promise<TestSystem> {
    const db = await createTestDatabase();
    const port = await freePort();
    const env = systemEnv(db.url, port, opts);
    const system = new TestSystem(env, db.url, db.drop, port);
    system.api.start();
    await system.waitForApi();
    if (opts.projector !== false) system.projector.start();
    return system;
  }

  /** A hang guard only: on a loaded machine a cluster can take a while to hand out producer ids. */
  waitForApi(timeoutMs = 180_000): Promise<void> {
    return waitUntilReady(`${this.baseUrl}/health/ready`, this.api, timeoutMs);
  }

  async restartApi(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.api.stop(signal);
    this.api.start();
    await this.waitForApi();
  }

  async stop(): Promise<void> {
    await Promise.all([this.api.stop(), this.projector.stop()]);
    await this.dropDatabase().catch(() => undefined);
  }
}
