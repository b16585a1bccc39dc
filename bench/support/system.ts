import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createBenchDatabase } from './database';
import { ensureEventsTopic } from '@touchline/event-store';
import { benchKafka, deleteTopic } from './kafka';
import { waitUntilReady } from '@touchline/testkit';
import { freePort, NodeProcess, ROOT } from './processes';
import { scrapeMemoryBreakdown } from './prometheus';

export const FEEDER_KEY = 'bench-feeder-key';
export const ADMIN_KEY = 'bench-admin-key';

export interface SystemOptions {
  api?: boolean;
  projector?: boolean;
  partitions?: number;
  /** An existing topic (e.g. one the rebuild benchmark filled); otherwise a fresh one. */
  topic?: string;
  env?: NodeJS.ProcessEnv;
}

/** Where `BENCH_CPU_PROF=1` makes the spawned apps write their V8 CPU profiles. */
export const PROFILE_DIR = join(ROOT, 'bench', 'results', 'profiles');

/**
 * A whole Touchline (dist/apps/api + dist/apps/projector) on the real broker and PostgreSQL,
 * with its own topic, consumer group and database, so a benchmark measures only itself.
 */
export class BenchSystem {
  readonly api: NodeProcess;
  readonly projector: NodeProcess;

  private constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly baseUrl: string,
    readonly databaseUrl: string,
    readonly topic: string,
    private readonly dropDatabase: () => Promise<void>,
    private readonly ownsTopic: boolean,
  ) {
    const app = (name: string) => join(ROOT, 'dist', 'apps', name, 'src', 'main.js');
    // --cpu-prof is refused in NODE_OPTIONS, so it goes on the command line.
    const profile = (name: string) =>
      process.env.BENCH_CPU_PROF === '1'
        ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`]
        : [];
    // V8 flags for the api alone, and for the projector alone (some, such as --heap-growing-percent, are refused in NODE_OPTIONS).
    const apiArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.api = new NodeProcess('api', app('api'), env, [...profile('api'), ...apiArgs]);
    const projectorArgs = (process.env.BENCH_PROJECTOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.projector = new NodeProcess('projector', app('projector'), env, [
      ...profile('projector'),
      ...projectorArgs,
    ]);
  }

  static async start(opts: SystemOptions = {}): Promise<BenchSystem> {
    const db = await createBenchDatabase();
    const port = await freePort();
    const id = randomUUID().slice(0, 8);
    const topic = opts.topic ?? `touchline-bench-${id}`;
    const profiling = process.env.BENCH_CPU_PROF === '1';
    if (profiling) mkdirSync(PROFILE_DIR, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      KAFKA_TOPIC: topic,
      KAFKA_PARTITIONS: String(opts.partitions ?? 12),
      PROJECTOR_GROUP: `touchline-bench-projector-${id}`,
      PROJECTOR_METRICS_PORT: '0',
      TOUCHLINE_API_KEYS: `feeder:${FEEDER_KEY},admin:${ADMIN_KEY}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_SECOND: '100000000',
      ...opts.env,
    };
    const system = new BenchSystem(env, `http://127.0.0.1:${port}`, db.url, topic, db.drop, !opts.topic);
    if (!opts.topic) await createTopic(topic, opts.partitions ?? 12);
    if (opts.api !== false) {
      system.api.start();
      await system.waitForApi();
    }
    if (opts.projector !== false) system.projector.start();
    return system;
  }

  waitForApi(timeoutMs = 300000): Promise<void> {
    return waitUntilReady(`${this.baseUrl}/health/ready`, this.api, timeoutMs);
  }

  /** Peak RSS (MiB) of each running app; read it before stop(). */
  memory(): { apiPeakRssMiB: number | null; projectorPeakRssMiB: number | null } {
    return { apiPeakRssMiB: this.api.peakRssMiB(), projectorPeakRssMiB: this.projector.peakRssMiB() };
  }

  /** The api's peak (VmHWM) and current RSS, and the breakdown of its memory its /metrics gives, in MiB. */
  async apiMemory(): Promise<Record<string, number | null>> {
    return {
      apiPeakRssMiB: this.api.peakRssMiB(),
      apiRssMiB: this.api.rssMiB(),
      ...(await scrapeMemoryBreakdown(`${this.baseUrl}/metrics`)),
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.api.stop(), this.projector.stop()]);
    await this.dropDatabase().catch(() => undefined);
    if (this.ownsTopic && process.env.BENCH_KEEP_TOPICS !== '1') await deleteTopic(this.topic);
  }
}

/**
 * Creates the topic and waits until every partition answers offset requests: right after
 * creation the broker may still say "not the leader", which the apps do not retry at start.
 */
export async function createTopic(topic: string, partitions: number): Promise<void> {
  const kafka = benchKafka('touchline-bench-setup');
  await ensureEventsTopic(kafka, { topic, partitions, replicationFactor: 1 });
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.fetchTopicOffsets(topic);
        return;
      } catch (err) {
        if (attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
