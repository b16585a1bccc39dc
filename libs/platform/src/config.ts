import { z } from 'zod';

const integer = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  KAFKA_BROKERS: z.string().default('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().default('touchline'),
  KAFKA_TOPIC: z.string().default('touchline.match-events'),
  KAFKA_PARTITIONS: integer(12),
  KAFKA_REPLICATION_FACTOR: integer(1),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/test'),
  DATABASE_POOL_SIZE: integer(10),
  PROJECTOR_GROUP: z.string().default('touchline-projector'),
  PROJECTOR_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  TOUCHLINE_API_KEYS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z.string().default('1mb'),
  RATE_LIMIT_PER_SECOND: integer(10000),
  RATE_LIMIT_WINDOW_MS: integer(1000),
  MIN_VERSION_WAIT_MS: integer(5000),
  APPEND_TIMEOUT_MS: integer(5000),
  REREAD_TIMEOUT_MS: integer(30000),
  STREAMS_PER_CLIENT: integer(200),
  STREAMS_TOTAL: integer(10000),
  STREAM_BUFFER_BYTES: integer(256 * 1024),
  STREAM_STALL_MS: integer(30000),
  LIVE_RECHECK_MS: integer(2000),
  MIN_VERSION_WAITERS: integer(1000),
  HOT_VIEWS_MAX: z.coerce.number().int().min(0).default(5000),
  API_HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(1000).default(50),
  MAX_EVENTS_PER_MATCH: integer(5000),
  SNAPSHOT_EVERY_EVENTS: integer(50000),
  SNAPSHOT_INTERVAL_MS: integer(60000),
  TOUCHLINE_IDENTITY_SECRET: z.string().default(''),
  TOUCHLINE_ADVERTISED_URL: z
    .string()
    .url()
    .refine((u) => /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL')
    .optional(),
});

export type Config = {
  port: number;
  host: string;
  kafka: {
    brokers: string[];
    clientId: string;
    topic: string;
    partitions: number;
    replicationFactor: number;
  };
  database: { url: string; poolSize: number };
  projectorGroup: string;
  /** Where the projector serves `/metrics` and `/health` (0: not at all). */
  projectorMetricsPort: number;
  apiKeys: string;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  bodyLimit: string;
  /** Requests per second allowed to one API key (or one client address without a key). */
  rateLimitPerSecond: number;
  /** The window the rate limit counts over (1 s: `rateLimitPerSecond` per second). */
  rateLimitWindowMs: number;
  minVersionWaitMs: number;
  /** How long a command waits for Kafka's acknowledgement before answering 503. */
  appendTimeoutMs: number;
  /**
   * How long the partitions of an append with an unknown outcome may stay refused while they are
   * re-read; past it the writer gives the re-read up and reads the whole log again.
   */
  rereadTimeoutMs: number;
  streams: {
    /** Open SSE streams one client address may hold; beyond it 429. */
    perClient: number;
    /** Open SSE streams the whole process holds; beyond it 503. */
    total: number;
    /** Bytes a stream may have queued for a client that does not read before it is dropped. */
    bufferBytes: number;
    /** How long a replay waits for a client to take what it was sent before dropping it. */
    stallMs: number;
    /** Live feeds re-read the projected versions this often, in case a notification was missed. */
    recheckMs: number;
  };
  /** Read-your-writes waits held at once; beyond it 503. */
  minVersionWaiters: number;
  /** Match views, and as many tie views, the API holds in memory (least recently read go first; 0: none). */
  hotViewsMax: number;
  /**
   * The api's V8 heap may grow this many percent past what its last full collection kept before
   * the next one (0: V8's own factor, up to 300 %): less memory held as garbage for some more CPU.
   */
  heapGrowingPercent: number;
  maxEventsPerMatch: number;
  /** The writer snapshots its streams after this many events, at least this often, and on shutdown. */
  snapshots: { everyEvents: number; intervalMs: number };
  /** HMAC key for the feeder identities recorded with events (so they cannot be turned back into keys). */
  identitySecret: string;
  /** Where the other instances reach this one (commands are forwarded to the writer's). */
  advertisedUrl: string;
};

/** Reads the configuration from the environment; every setting has a default that works on one machine. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    kafka: {
      brokers: e.KAFKA_BROKERS.split(',')
        .map((b) => b.trim())
        .filter(Boolean),
      clientId: e.KAFKA_CLIENT_ID,
      topic: e.KAFKA_TOPIC,
      partitions: e.KAFKA_PARTITIONS,
      replicationFactor: e.KAFKA_REPLICATION_FACTOR,
    },
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    projectorGroup: e.PROJECTOR_GROUP,
    projectorMetricsPort: e.PROJECTOR_METRICS_PORT,
    apiKeys: e.TOUCHLINE_API_KEYS,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    rateLimitPerSecond: e.RATE_LIMIT_PER_SECOND,
    rateLimitWindowMs: e.RATE_LIMIT_WINDOW_MS,
    minVersionWaitMs: e.MIN_VERSION_WAIT_MS,
    appendTimeoutMs: e.APPEND_TIMEOUT_MS,
    rereadTimeoutMs: e.REREAD_TIMEOUT_MS,
    streams: {
      perClient: e.STREAMS_PER_CLIENT,
      total: e.STREAMS_TOTAL,
      bufferBytes: e.STREAM_BUFFER_BYTES,
      stallMs: e.STREAM_STALL_MS,
      recheckMs: e.LIVE_RECHECK_MS,
    },
    minVersionWaiters: e.MIN_VERSION_WAITERS,
    hotViewsMax: e.HOT_VIEWS_MAX,
    heapGrowingPercent: e.API_HEAP_GROWING_PERCENT,
    maxEventsPerMatch: e.MAX_EVENTS_PER_MATCH,
    snapshots: { everyEvents: e.SNAPSHOT_EVERY_EVENTS, intervalMs: e.SNAPSHOT_INTERVAL_MS },
    identitySecret: e.TOUCHLINE_IDENTITY_SECRET,
    advertisedUrl: (e.TOUCHLINE_ADVERTISED_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, ''),
  };
}
