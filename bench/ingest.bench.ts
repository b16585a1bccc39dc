import type { Request } from 'autocannon';
import { encodeRecord, matchStreamId } from '@touchline/event-store';
import { destroyAgent } from './support/http';
import { benchKafka, deleteTopic } from './support/kafka';
import { runLoad, assertHealthy } from './support/load';
import { firstHalfEvent, firstHalfMinute, toRecord } from './support/match-events';
import { RawProducer } from './support/raw-producer';
import { figure, Figure, finishPart, log } from './support/results';
import { median, Samples, envInt } from './support/stats';
import { BenchSystem, createTopic, FEEDER_KEY } from './support/system';
import { MatchPool } from './support/round-robin-load';
import { scrapeMemoryBreakdown } from './support/prometheus';
import { topUp } from './support/top-up';

/**
 * Ingest: events/s and latency of POST /matches/{id}/events at 1, 10 and 100 concurrent matches
 * (one client per match, each waiting for its answer), single events and arrays of 20, beside
 * the bare kafkajs producer writing the same records with the same keys as the ceiling.
 */
const SECONDS = envInt('INGEST_SECONDS', 5);
const REPS = envInt('INGEST_REPS', 3);
const PER_MATCH = envInt('INGEST_EVENTS_PER_MATCH', 200);
const CONCURRENCY = (process.env.INGEST_CONCURRENCY ?? '1,10,100').split(',').map(Number);
const BATCHES = (process.env.INGEST_BATCHES ?? '1,20').split(',').map(Number);
/** Before reading the api's memory, more events are posted (arrays of 20) until it has taken this many. */
const MEMORY_EVENTS = envInt('INGEST_MEMORY_EVENTS', 300000);

interface Shape {
  matches: number;
  batch: number;
}
const label = (s: Shape) =>
  `${s.batch === 1 ? 'single events' : `arrays of ${s.batch}`}, ${s.matches} concurrent match${s.matches > 1 ? 'es' : ''}`;

interface Measured {
  eventsPerSec: number;
  p50: number;
  p99: number;
  /** CPU time the api process spent per accepted event (api only). */
  cpuMsPerEvent?: number;
}

/** Events the api accepted in this run, warm-up included: what its memory figure is "after". */
let ingested = 0;

/**
 * Hands out matches to connections. autocannon resets a connection's context each time it
 * wraps around its list of requests, so one pass over the list is one match: the first request
 * takes a match from the pool, the others post its next events.
 */
function feedRequests(
  pool: MatchPool,
  batch: number,
  onFailure: (status: number, body: string) => void,
): Request[] {
  const posts = Math.max(1, Math.floor(PER_MATCH / batch));
  return Array.from({ length: posts }, (_, i) => ({
    method: 'POST' as const,
    setupRequest: (req: Request, context: object) => {
      const ctx = context as { matchId?: string };
      if (i === 0 || !ctx.matchId) ctx.matchId = pool.take();
      return { ...req, path: `/matches/${ctx.matchId}/events`, body: pool.body(ctx.matchId, batch) };
    },
    onResponse: (status: number, body: string) => {
      if (status >= 300) onFailure(status, body);
    },
  }));
}

async function measureApi(system: BenchSystem, shape: Shape, expectedRate: number): Promise<Measured> {
  const need = Math.ceil((expectedRate * SECONDS * 1.5) / PER_MATCH) + shape.matches;
  const pool = new MatchPool(PER_MATCH);
  await pool.ensure(system.baseUrl, need);
  let firstFailure = '';
  const requests = feedRequests(pool, shape.batch, (status, body) => {
    if (!firstFailure) firstFailure = `${status} ${body}`;
  });
  const cpuBefore = system.api.cpuSeconds();
  const r = await runLoad({
    url: system.baseUrl,
    connections: shape.matches,
    seconds: SECONDS,
    requests,
    headers: { authorization: `Bearer ${FEEDER_KEY}` },
  });
  if (firstFailure) log('ingest', `  first failure: ${firstFailure}`);
  assertHealthy(`api ${label(shape)}`, r);
  if (pool.overflow)
    log(
      'ingest',
      `  (match pool ran dry ${pool.overflow} times; some matches grew past ${PER_MATCH} events)`,
    );
  const cpuAfter = system.api.cpuSeconds();
  const events = r.ok * shape.batch;
  ingested += events;
  const s = r.latency.summary();
  const cpuMsPerEvent =
    cpuBefore === null || cpuAfter === null || events === 0
      ? undefined
      : ((cpuAfter - cpuBefore) * 1000) / events;
  return { eventsPerSec: events / r.seconds, p50: s.p50, p99: s.p99, cpuMsPerEvent };
}

async function measureRaw(producer: RawProducer, shape: Shape): Promise<Measured> {
  const latency = new Samples();
  const deadline = Date.now() + SECONDS * 1000;
  const recordedAt = new Date().toISOString();
  let events = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: shape.matches }, async (_, client) => {
      let match = 0;
      let n = PER_MATCH;
      let matchId = '';
      while (Date.now() < deadline) {
        if (n + shape.batch > PER_MATCH) {
          matchId = `raw-${client}-${match++}-${process.pid}`;
          n = 0;
        }
        const streamId = matchStreamId(matchId);
        const messages = [];
        for (let i = 0; i < shape.batch; i++, n++) {
          // seq 1 and 2 are the schedule and the kick-off, as on the API's streams
          const event = firstHalfEvent(matchId, n, firstHalfMinute(n, PER_MATCH));
          messages.push(encodeRecord(toRecord(streamId, n + 3, event, recordedAt)));
        }
        const t0 = process.hrtime.bigint();
        await producer.send(messages);
        latency.add(Number(process.hrtime.bigint() - t0) / 1e6);
        events += shape.batch;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const s = latency.summary();
  return { eventsPerSec: events / seconds, p50: s.p50, p99: s.p99 };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const shapes: Shape[] = BATCHES.flatMap((batch) => CONCURRENCY.map((matches) => ({ matches, batch })));
  const system = await BenchSystem.start({ projector: process.env.INGEST_WITH_PROJECTOR === '1' });
  const kafka = benchKafka('touchline-bench-raw');
  const rawTopic = `${system.topic}-raw`;
  await createTopic(rawTopic, 12);
  const producer = new RawProducer(kafka, rawTopic);
  await producer.connect();
  const api = new Map<Shape, Measured[]>(shapes.map((s) => [s, []]));
  const raw = new Map<Shape, Measured[]>(shapes.map((s) => [s, []]));
  let memory: Record<string, number | null> = {};
  try {
    // Warm up both paths (JIT, connections, metadata) before anything is timed.
    await measureApi(system, { matches: 10, batch: 1 }, 2000);
    await measureRaw(producer, { matches: 10, batch: 1 });
    for (let rep = 1; rep <= REPS; rep++) {
      for (const shape of shapes) {
        const previous = api.get(shape)!;
        const expected = previous.length
          ? previous[previous.length - 1].eventsPerSec
          : shape.batch === 1
            ? 6000
            : 40000;
        const a = await measureApi(system, shape, expected);
        const r = await measureRaw(producer, shape);
        api.get(shape)!.push(a);
        raw.get(shape)!.push(r);
        log(
          'ingest',
          `rep ${rep} ${label(shape)}: api ${Math.round(a.eventsPerSec)} ev/s p50 ${a.p50.toFixed(2)} p99 ${a.p99.toFixed(2)} ms cpu ${a.cpuMsPerEvent?.toFixed(3)} ms/event | raw ${Math.round(r.eventsPerSec)} ev/s p50 ${r.p50.toFixed(2)} p99 ${r.p99.toFixed(2)} ms`,
        );
      }
    }
    if (ingested < MEMORY_EVENTS) {
      ingested += await topUp(system.baseUrl, {
        events: MEMORY_EVENTS - ingested,
        perMatch: PER_MATCH,
        batch: 20,
        clients: 100,
      });
    }
    log('ingest', `api memory read after ${ingested} events`);
    memory = {
      apiPeakRssMiB: system.api.peakRssMiB(),
      apiRssAtEndMiB: system.api.rssMiB(),
      ...(await scrapeMemoryBreakdown(`${system.baseUrl}/metrics`)),
    };
    log(
      'ingest',
      `api memory (MiB): ${Object.entries(memory)
        .map(([k, v]) => `${k.replace(/MiB$/, '')} ${v ?? '-'}`)
        .join(', ')}`,
    );
  } finally {
    await producer.disconnect();
    await system.stop();
    await deleteTopic(rawTopic);
    destroyAgent();
  }

  const figures: Figure[] = [];
  const top = Math.max(...CONCURRENCY);
  for (const shape of shapes) {
    const a = api.get(shape)!;
    const r = raw.get(shape)!;
    const rate = a.map((m) => m.eventsPerSec);
    const goal =
      shape.matches === top
        ? shape.batch === 1
          ? { text: '≥ 5,000 events/s', atLeast: 5000 }
          : { text: '≥ 30,000 events/s', atLeast: 30000 }
        : undefined;
    figures.push(
      figure(`ingest ${label(shape)}`, median(rate), 'events/s', {
        reps: rate,
        ceiling: { label: 'raw kafkajs, same records', value: median(r.map((m) => m.eventsPerSec)) },
        ...(goal ? { goal } : {}),
      }),
    );
    if (shape.matches === top && shape.batch !== 1) {
      const ratio = median(rate) / median(r.map((m) => m.eventsPerSec));
      figures.push(
        figure(`ingest ${label(shape)}: share of raw kafkajs`, ratio, '×', {
          goal: { text: '≥ 0.3 of raw', atLeast: 0.3 },
        }),
      );
    }
    figures.push(
      figure(`append latency p50, ${label(shape)}`, median(a.map((m) => m.p50)), 'ms', {
        ceiling: { label: 'raw kafkajs send', value: median(r.map((m) => m.p50)) },
      }),
      figure(`append latency p99, ${label(shape)}`, median(a.map((m) => m.p99)), 'ms', {
        ceiling: { label: 'raw kafkajs send', value: median(r.map((m) => m.p99)) },
      }),
    );
    const cpu = a.map((m) => m.cpuMsPerEvent ?? NaN);
    figures.push(
      figure(`api CPU per event, ${label(shape)}`, median(cpu), 'ms', {
        reps: cpu,
        ...(shape.matches === top && shape.batch === 1 ? { goal: { text: '≤ 0.25 ms', atMost: 0.25 } } : {}),
      }),
    );
  }
  figures.push(
    figure(
      `api peak RSS (ingest, after ${ingested.toLocaleString('en-US')} events)`,
      memory.apiPeakRssMiB ?? NaN,
      'MiB',
      {
        goal: { text: '≤ 250 MiB', atMost: 250 },
      },
    ),
    figure('api RSS at the end (ingest)', memory.apiRssAtEndMiB ?? NaN, 'MiB'),
  );
  await finishPart('ingest', startedAt, {
    settings: {
      seconds: SECONDS,
      reps: REPS,
      eventsPerMatch: PER_MATCH,
      concurrency: CONCURRENCY.join(','),
      projectorRunning: process.env.INGEST_WITH_PROJECTOR === '1' ? 'yes' : 'no',
      memoryEvents: MEMORY_EVENTS,
    },
    figures,
    memory,
    notes: [
      'Closed loop: each concurrent match has one client that posts, waits for the 201, and posts again.',
      'Matches are scheduled and kicked off before the timed window; each takes at most eventsPerMatch events (a real match has ~100-200).',
      'Raw kafkajs ceiling: one idempotent producer (acks=-1), the same LogRecord JSON and keys, concurrent sends coalesced into one request (as the API group-commits).',
      'Load generator, api, Kafka and PostgreSQL share the same cores.',
      'api memory: read after the api has taken memoryEvents events (topped up after the timed windows with whole matches of eventsPerMatch events, arrays of 20, 100 matches at a time, a 503/429 sent again unchanged), every stream kept in its registry. The breakdown beside it (rss, V8 heap total/used and per space, external, arrayBuffers) is read from the api /metrics at that moment.',
      'api CPU per event: user + system CPU time of the api process (/proc/<pid>/stat) over the timed window ÷ events accepted in it; everything the api does per request (HTTP, validation, decide, fold, Kafka client, logging).',
    ],
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
