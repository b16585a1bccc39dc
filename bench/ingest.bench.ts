import type { Message } from 'kafkajs';
import { destroyAgent } from './support/http';
import { closedLoopPosts, Measured, Target } from './support/closed-loop-posts';
import { closedLoopSends, SendsMeasured } from './support/closed-loop-sends';
import { benchKafka, deleteTopic } from './support/kafka';
import { RawAppendServer } from './support/raw-append-process';
import { RawProducer } from './support/raw-producer';
import { RawTxProducer } from './support/raw-tx-producer';
import { figure, Figure, finishPart, listMiB, log } from './support/results';
import { median, envInt } from './support/stats';
import { BenchSystem, createTopic } from './support/system';
import { MatchPool } from './support/round-robin-load';
import { scrapeMemoryBreakdown } from './support/prometheus';
import { topUp } from './support/top-up';

/**
 * Ingest: events/s and latency of POST /matches/{id}/events at 1, 10 and 100 concurrent matches
 * (one client per match, each waiting for its answer), single events and arrays of 20, beside
 * the bare kafkajs producer writing the same records with the same keys as the ceiling; and, at
 * the shapes INGEST_CEILINGS / INGEST_CEILING_BATCHES name, beside two ceilings with the
 * product's guarantee: a bare transactional producer (a transaction per flush, acked once
 * visible), and a bare node:http server appending through it, driven like the api.
 */
const SECONDS = envInt('INGEST_SECONDS', 5);
const REPS = envInt('INGEST_REPS', 3);
const PER_MATCH = envInt('INGEST_EVENTS_PER_MATCH', 200);
const CONCURRENCY = (process.env.INGEST_CONCURRENCY ?? '1,10,100').split(',').map(Number);
const BATCHES = (process.env.INGEST_BATCHES ?? '1,20').split(',').map(Number);
const list = (raw: string) => (raw === '0' ? [] : raw.split(',').map(Number));
/** Concurrencies (and batch sizes) at which the transactional ceilings are measured too; 0: none. */
const CEILING_MATCHES = list(process.env.INGEST_CEILINGS ?? '1,100');
const CEILING_BATCHES = list(process.env.INGEST_CEILING_BATCHES ?? '1');
/** Before reading the api's memory, more events are posted (arrays of 20) until it has taken this many. */
const MEMORY_EVENTS = envInt('INGEST_MEMORY_EVENTS', 300000);

interface Shape {
  matches: number;
  batch: number;
}
const label = (s: Shape) =>
  `${s.batch === 1 ? 'single events' : `arrays of ${s.batch}`}, ${s.matches} concurrent match${s.matches > 1 ? 'es' : ''}`;

const withCeilings = (s: Shape) => CEILING_MATCHES.includes(s.matches) && CEILING_BATCHES.includes(s.batch);

const measureHttp = (target: Target, shape: Shape, expectedRate: number) =>
  closedLoopPosts(
    target,
    { ...shape, seconds: SECONDS, perMatch: PER_MATCH, label: label(shape) },
    expectedRate,
  );

async function measureApi(system: BenchSystem, shape: Shape, expectedRate: number): Promise<Measured> {
  const m = await measureHttp(
    {
      name: 'api',
      url: system.baseUrl,
      cpuSeconds: () => system.api.cpuSeconds(),
      pool: async (count) => {
        const pool = new MatchPool(PER_MATCH);
        await pool.ensure(system.baseUrl, count);
        return pool;
      },
    },
    shape,
    expectedRate,
  );
  return m;
}

let bareMatches = 0;
/** The bare append server keeps no state: any match id is a live match to it. */
const bareTarget = (server: RawAppendServer): Target => ({
  name: 'bare node:http + transactional kafkajs',
  url: server.url,
  cpuSeconds: () => server.cpuSeconds(),
  pool: (count) => {
    const pool = new MatchPool(PER_MATCH);
    pool.addFresh(Array.from({ length: count }, () => `bare-${(bareMatches++).toString(36)}-${process.pid}`));
    return Promise.resolve(pool);
  },
});

const measureSends = (send: (m: Message[]) => Promise<void>, shape: Shape, prefix: string) =>
  closedLoopSends(send, { ...shape, seconds: SECONDS, perMatch: PER_MATCH, prefix });

/**
 * A fresh api takes `events` events in whole matches (arrays of 20, 100 matches at a time; each
 * client's last match is left live), then its memory is read: peak and current RSS, the heap's
 * breakdown from its /metrics, and its CPU per event over the whole intake.
 */
async function readMemoryAfter(events: number): Promise<Record<string, number | null>> {
  const system = await BenchSystem.start({ projector: false });
  try {
    const cpuBefore = system.api.cpuSeconds() ?? NaN;
    const taken = await topUp(system.baseUrl, { events, perMatch: PER_MATCH, batch: 20, clients: 100 });
    const cpu = (system.api.cpuSeconds() ?? NaN) - cpuBefore;
    const memory = {
      events: taken,
      apiPeakRssMiB: system.api.peakRssMiB(),
      apiRssAtEndMiB: system.api.rssMiB(),
      apiCpuMsPerEvent: (cpu * 1000) / taken,
      ...(await scrapeMemoryBreakdown(`${system.baseUrl}/metrics`)),
    };
    log('ingest', `api memory after ${taken} events (MiB): ${listMiB(memory)}`);
    return memory;
  } finally {
    await system.stop();
  }
}

const fmt = (m: Measured | SendsMeasured) =>
  `${Math.round(m.eventsPerSec)} ev/s p50 ${m.p50.toFixed(2)} p99 ${m.p99.toFixed(2)} ms cpu ${m.cpuMsPerEvent?.toFixed(3)} ms/event`;

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const shapes: Shape[] = BATCHES.flatMap((batch) => CONCURRENCY.map((matches) => ({ matches, batch })));
  const system = await BenchSystem.start({ projector: process.env.INGEST_WITH_PROJECTOR === '1' });
  const kafka = benchKafka('touchline-bench-raw');
  const rawTopic = `${system.topic}-raw`;
  const txTopic = `${system.topic}-rawtx`;
  const bareTopic = `${system.topic}-bare`;
  const ceilings = shapes.some(withCeilings);
  await createTopic(rawTopic, 12);
  const producer = new RawProducer(kafka, rawTopic);
  await producer.connect();
  let txProducer: RawTxProducer | null = null;
  let bare: RawAppendServer | null = null;
  const api = new Map<Shape, Measured[]>(shapes.map((s) => [s, []]));
  const raw = new Map<Shape, SendsMeasured[]>(shapes.map((s) => [s, []]));
  const tx = new Map<Shape, SendsMeasured[]>(shapes.map((s) => [s, []]));
  const http = new Map<Shape, Measured[]>(shapes.map((s) => [s, []]));
  try {
    if (ceilings) {
      await createTopic(txTopic, 12);
      await createTopic(bareTopic, 12);
      txProducer = new RawTxProducer(kafka, txTopic, `touchline-bench-rawtx.${txTopic}`);
      await txProducer.connect();
      bare = await RawAppendServer.start(bareTopic);
    }
    const txSend = txProducer ? txProducer.send.bind(txProducer) : null;
    // Warm up every path (JIT, connections, metadata) before anything is timed.
    const warm: Shape = { matches: 10, batch: 1 };
    await measureApi(system, warm, 2000);
    await measureSends((m) => producer.send(m), warm, 'raw');
    if (txSend) await measureSends(txSend, warm, 'rawtx');
    if (bare) await measureHttp(bareTarget(bare), warm, 2000);
    for (let rep = 1; rep <= REPS; rep++) {
      for (const shape of shapes) {
        const previous = api.get(shape)!;
        const expected = previous.length
          ? previous[previous.length - 1].eventsPerSec
          : shape.batch === 1
            ? 6000
            : 40000;
        const a = await measureApi(system, shape, expected);
        const r = await measureSends((m) => producer.send(m), shape, 'raw');
        api.get(shape)!.push(a);
        raw.get(shape)!.push(r);
        let line = `rep ${rep} ${label(shape)}: api ${fmt(a)} | raw ${fmt(r)}`;
        if (txSend && bare && withCeilings(shape)) {
          const t = await measureSends(txSend, shape, 'rawtx');
          const h = await measureHttp(bareTarget(bare), shape, Math.max(expected, t.eventsPerSec));
          tx.get(shape)!.push(t);
          http.get(shape)!.push(h);
          line += ` | raw tx ${fmt(t)} | bare http+tx ${fmt(h)}`;
        }
        log('ingest', line);
      }
    }
  } finally {
    await producer.disconnect();
    await txProducer?.disconnect();
    await bare?.stop();
    await system.stop();
    await Promise.all([rawTopic, ...(ceilings ? [txTopic, bareTopic] : [])].map(deleteTopic));
  }
  // The timed windows took however many events the machine allowed (690,000 on a quick one):
  // the memory is read on an api of its own that takes exactly MEMORY_EVENTS.
  const memory = await readMemoryAfter(MEMORY_EVENTS).finally(destroyAgent);

  const figures: Figure[] = [];
  const top = Math.max(...CONCURRENCY);
  const TX = 'raw kafkajs transactional, acked when visible';
  const BARE = 'bare node:http + raw kafkajs transactional';
  for (const shape of shapes) {
    const a = api.get(shape)!;
    const r = raw.get(shape)!;
    const t = tx.get(shape)!;
    const h = http.get(shape)!;
    /** The transactional ceilings of a figure, where they were measured. */
    const against = (of: (m: Measured | SendsMeasured) => number) => ({
      alsoAgainst: t.length
        ? [
            { label: TX, value: median(t.map(of)) },
            { label: BARE, value: median(h.map(of)) },
          ]
        : [],
    });
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
        ...against((m) => m.eventsPerSec),
        ...(goal ? { goal } : {}),
      }),
    );
    if (shape.matches === top) {
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
        ...against((m) => m.p50),
      }),
      figure(`append latency p99, ${label(shape)}`, median(a.map((m) => m.p99)), 'ms', {
        ceiling: { label: 'raw kafkajs send', value: median(r.map((m) => m.p99)) },
        ...against((m) => m.p99),
      }),
    );
    const cpu = a.map((m) => m.cpuMsPerEvent ?? NaN);
    figures.push(
      figure(`api CPU per event, ${label(shape)}`, median(cpu), 'ms', {
        reps: cpu,
        ...(h.length
          ? {
              ceiling: {
                label: 'bare node:http server process',
                value: median(h.map((m) => m.cpuMsPerEvent ?? NaN)),
              },
            }
          : {}),
        ...(shape.matches === top && shape.batch === 1 ? { goal: { text: '≤ 0.25 ms', atMost: 0.25 } } : {}),
      }),
    );
    if (h.length) {
      figures.push(
        figure(
          `load generator CPU per event (bench process), ${label(shape)}, driving the api`,
          median(a.map((m) => m.generatorCpuMsPerEvent ?? NaN)),
          'ms',
          {
            ceiling: {
              label: 'driving the bare server',
              value: median(h.map((m) => m.generatorCpuMsPerEvent ?? NaN)),
            },
          },
        ),
        figure(
          `Kafka broker CPU per event, ${label(shape)}, api`,
          median(a.map((m) => m.brokerCpuMsPerEvent ?? NaN)),
          'ms',
          {
            ceiling: { label: 'bare server', value: median(h.map((m) => m.brokerCpuMsPerEvent ?? NaN)) },
          },
        ),
        figure(
          `raw kafkajs transactional: bench process CPU per event (client + records), ${label(shape)}`,
          median(t.map((m) => m.cpuMsPerEvent)),
          'ms',
        ),
      );
    }
  }
  figures.push(
    figure(
      `api peak RSS (ingest, a fresh api after ${(memory.events ?? NaN).toLocaleString('en-US')} events)`,
      memory.apiPeakRssMiB ?? NaN,
      'MiB',
      {
        goal: { text: '≤ 250 MiB', atMost: 250 },
      },
    ),
    figure('api RSS at the end (ingest)', memory.apiRssAtEndMiB ?? NaN, 'MiB'),
    figure(
      'api CPU per event while taking them (arrays of 20, 100 matches)',
      memory.apiCpuMsPerEvent ?? NaN,
      'ms',
    ),
  );
  await finishPart('ingest', startedAt, {
    settings: {
      seconds: SECONDS,
      reps: REPS,
      eventsPerMatch: PER_MATCH,
      concurrency: CONCURRENCY.join(','),
      projectorRunning: process.env.INGEST_WITH_PROJECTOR === '1' ? 'yes' : 'no',
      memoryEvents: MEMORY_EVENTS,
      ceilings: CEILING_MATCHES.length
        ? `${CEILING_MATCHES.join(',')} x ${CEILING_BATCHES.join(',')}`
        : 'off',
    },
    figures,
    memory,
    notes: [
      'Closed loop: each concurrent match has one client that posts, waits for the 201, and posts again.',
      'Matches are scheduled and kicked off before the timed window; each takes at most eventsPerMatch events (a real match has ~100-200).',
      'Raw kafkajs ceiling: one idempotent producer (acks=-1), the same LogRecord JSON and keys, concurrent sends coalesced into one request (as the API group-commits).',
      `Transactional ceilings (shapes: ${CEILING_MATCHES.length && CEILING_BATCHES.length ? `${CEILING_MATCHES.join(',')} matches × batch ${CEILING_BATCHES.join(',')}` : 'none'}), the product's guarantee (fencing: a zombie writer cannot append, docs/RELIABILITY.md): "${TX}" = a bare kafkajs transactional producer (acks=-1, idempotent, maxInFlightRequests 1), concurrent sends coalesced into one transaction per flush (one send per leader broker, commit, then acks held until a READ_COMMITTED ListOffsets shows the records, polled as the api does), same records and keys, driven in the bench process; "${BARE}" = a bare node:http server in its own process reading and JSON.parsing the body, wrapping it in the log's envelope and appending it through that producer, 201 once visible, driven by the same autocannon load at the same concurrency as the api.`,
      'Kafka broker CPU: user + system time of the local broker process over the window ÷ events accepted; the broker is shared, so whatever else used it meanwhile is included.',
      'Load generator, api, Kafka and PostgreSQL share the same cores.',
      "api memory: read from an api of its own, started after the timed windows, once it has taken memoryEvents events: whole matches of eventsPerMatch events (schedule, kick-off, arrays of 20, full time; 100 matches at a time, a 503/429 sent again unchanged), each client's last match left live. Ended matches leave the write side's memory after its next snapshot, as in production. The breakdown beside it (rss, V8 heap total/used and per space, external, arrayBuffers) is read from the api /metrics at that moment; the CPU per event is the api's over the whole intake.",
      'api CPU per event: user + system CPU time of the api process (/proc/<pid>/stat) over the timed window ÷ events accepted in it; everything the api does per request (HTTP, validation, decide, fold, Kafka client, logging).',
    ],
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
