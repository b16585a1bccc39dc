import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type { Producer, ProducerConfig } from 'kafkajs';
import pino from 'pino';
import {
  createKafka,
  encodeRecord,
  EventAppender,
  FlushTimings,
  LogRecord,
  matchStreamId,
  partitionOfStream,
} from '@touchline/event-store';
import { BROKERS, deleteTopic } from './support/kafka';
import { RawProducer } from './support/raw-producer';
import { createTopic } from './support/system';
import { envInt, median, Samples } from './support/stats';

/**
 * Where a transactional append's time goes, without HTTP: closed-loop clients (one stream
 * each, single records) append straight to an `EventAppender` on a fresh 12-partition topic,
 * and every flush reports its stages (queued, send, commit, visible wait, polls). kafkajs' own
 * request events of the appender's producer count the requests per flush by API (an
 * AddPartitionsToTxn beyond one per produce call is a retry, e.g. after CONCURRENT_TRANSACTIONS)
 * and their durations. Beside it, the bare idempotent send of the same records (the ingest
 * bench's ceiling). Not part of `npm run bench`: `node dist/bench/append-stages.js`.
 * Knobs: APPEND_CLIENTS (1,10,100), APPEND_SECONDS (5), APPEND_REPS (3), APPEND_RAW (1; 0 skips it).
 */
const CLIENTS = (process.env.APPEND_CLIENTS ?? '1,10,100').split(',').map(Number);
const SECONDS = envInt('APPEND_SECONDS', 5);
const REPS = envInt('APPEND_REPS', 3);
const RAW = process.env.APPEND_RAW !== '0';
const PARTITIONS = 12;

/** kafkajs' errors and warnings, counted by their message's first words. */
const kafkaLogs = new Map<string, number>();
const countLog = (line: string) => {
  const key = String((JSON.parse(line) as { msg?: unknown }).msg)
    .split(' ')
    .slice(0, 8)
    .join(' ');
  kafkaLogs.set(key, (kafkaLogs.get(key) ?? 0) + 1);
};
/** The product's client (its timeouts and retries); it hands kafkajs' warnings and errors to pino. */
const kafka = createKafka({
  clientId: 'touchline-bench-append-stages',
  brokers: BROKERS,
  logger: pino({ level: 'warn' }, { write: countLog }),
});

/** Requests of the appender's producers, by API: count and durations (kafkajs measures in whole ms). */
const requests = new Map<string, Samples>();
const makeProducer = kafka.producer.bind(kafka);
kafka.producer = (config?: ProducerConfig): Producer => {
  const producer = makeProducer(config);
  if (config?.transactionalId)
    producer.on(producer.events.REQUEST, ({ payload }) => {
      const samples = requests.get(payload.apiName) ?? new Samples();
      samples.add(payload.duration);
      requests.set(payload.apiName, samples);
    });
  return producer;
};

const record = (streamId: string, seq: number): LogRecord => ({
  streamId,
  seq,
  type: 'OffsideCalled',
  eventId: `${streamId}/${seq}`,
  schemaVersion: 1,
  recordedAt: new Date().toISOString(),
  feeder: 'feeder:bench',
  minute: 12,
  team: 'MIA',
});

/** One stream per client, spread over the partitions as the benchmarks' matches are. */
const streamOf = (run: string, client: number) => matchStreamId(`stages-${run}-${client}`);

interface Run {
  perSec: number;
  latency: Samples;
  flushes: FlushTimings[];
  requests: Map<string, Samples>;
}

/**
 * `clients` closed-loop clients for SECONDS, one stream each: each sends its stream's next
 * record once the last is answered. Latency per send, in ms.
 */
async function closedLoop(
  clients: number,
  send: (streamId: string, seq: number) => Promise<unknown>,
): Promise<{ perSec: number; latency: Samples }> {
  const run = randomUUID().slice(0, 8);
  const latency = new Samples();
  const deadline = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const streamId = streamOf(run, c);
      for (let seq = 1; Date.now() < deadline; seq++) {
        const t0 = process.hrtime.bigint();
        await send(streamId, seq);
        latency.add(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return { perSec: latency.count / (Number(process.hrtime.bigint() - started) / 1e9), latency };
}

async function appendLoop(appender: EventAppender, flushes: FlushTimings[], clients: number): Promise<Run> {
  requests.clear();
  flushes.length = 0;
  const { perSec, latency } = await closedLoop(clients, (streamId, seq) =>
    appender.append([record(streamId, seq)]),
  );
  return { perSec, latency, flushes: [...flushes], requests: new Map(requests) };
}

const rawLoop = (producer: RawProducer, clients: number) =>
  closedLoop(clients, (streamId, seq) =>
    producer.send([
      { ...encodeRecord(record(streamId, seq)), partition: partitionOfStream(streamId, PARTITIONS) },
    ]),
  );

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function describe(clients: number, r: Run): string {
  const stage = (name: keyof FlushTimings, scale = 1000) => {
    const s = new Samples();
    for (const f of r.flushes) s.add(f[name] * scale);
    const { p50, p99 } = s.summary();
    return `${name} ${ms(p50)}/${ms(p99)}`;
  };
  const lat = r.latency.summary();
  const flushes = r.flushes.length;
  const perFlush = [...r.requests]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, s]) => `${api} ${(s.count / Math.max(1, flushes)).toFixed(2)}× p50 ${s.summary().p50} ms`)
    .join(', ');
  return [
    `${clients} client(s): ${Math.round(r.perSec)} appends/s, append p50 ${ms(lat.p50)} p99 ${ms(lat.p99)} ms, ${flushes} flushes`,
    `  stages p50/p99 ms: ${stage('queued')}, ${stage('send')}, ${stage('commit')}, ${stage('visible')}; polls p50/p99 ${stage('polls', 1)}; records/flush ${stage('records', 1)}`,
    `  requests per flush: ${perFlush}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const topic = `touchline-bench-stages-${randomUUID().slice(0, 8)}`;
  await createTopic(topic, PARTITIONS);
  const flushes: FlushTimings[] = [];
  const appender = new EventAppender(kafka, topic, {
    transactionalId: `touchline-bench-stages-${randomUUID().slice(0, 8)}`,
    onFlush: (t) => flushes.push(t),
  });
  const raw = new RawProducer(kafka, `${topic}-raw`);
  await createTopic(`${topic}-raw`, PARTITIONS);
  await appender.connect();
  await raw.connect();
  const summary = new Map<number, { api: Run[]; raw: number[] }>(
    CLIENTS.map((c) => [c, { api: [], raw: [] }]),
  );
  try {
    await appendLoop(appender, flushes, 10); // warm-up
    for (let rep = 1; rep <= REPS; rep++) {
      for (const clients of CLIENTS) {
        const r = await appendLoop(appender, flushes, clients);
        summary.get(clients)!.api.push(r);
        console.log(`[append-stages] rep ${rep}, load ${load()}: ${describe(clients, r)}`);
        if (RAW) {
          const b = await rawLoop(raw, clients);
          summary.get(clients)!.raw.push(b.latency.summary().p50);
          const s = b.latency.summary();
          console.log(
            `  raw idempotent send: ${Math.round(b.perSec)} sends/s, p50 ${ms(s.p50)} p99 ${ms(s.p99)} ms`,
          );
        }
      }
    }
  } finally {
    await appender.disconnect();
    await raw.disconnect();
    await deleteTopic(topic);
    await deleteTopic(`${topic}-raw`);
  }
  for (const [clients, { api, raw: rawP50 }] of summary) {
    const p = (f: (s: { p50: number; p99: number }) => number) =>
      ms(median(api.map((r) => f(r.latency.summary()))));
    console.log(
      `[append-stages] medians of ${REPS}, ${clients} client(s): ${Math.round(median(api.map((r) => r.perSec)))} appends/s, p50 ${p((s) => s.p50)} p99 ${p((s) => s.p99)} ms` +
        (RAW ? `; raw send p50 ${ms(median(rawP50))} ms` : ''),
    );
  }
  for (const [message, n] of kafkaLogs) console.log(`[append-stages] kafkajs logged ${n}×: ${message}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
