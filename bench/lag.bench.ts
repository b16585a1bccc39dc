import { Client } from 'pg';
import { PROJECTED_CHANNEL, PROJECTOR_CONSUMER } from '@touchline/read-models';
import { destroyAgent } from './support/http';
import { AppendCeiling, measureAppendCeilings } from './support/append-ceilings';
import { ApiFedConsumer, measureApiFedConsumer } from './support/api-fed-consumer';
import { postLagLoad } from './support/lag-feed';
import { measureRawPipeline } from './support/raw-pipeline';
import { figure, finishPart, log } from './support/results';
import { readyMatches } from './support/setup';
import { LagTracker, now, waitFor } from './support/lag-tracker';
import { envInt, Samples } from './support/stats';
import { BenchSystem } from './support/system';
import { freePort } from './support/processes';
import {
  histogramDelta,
  histogramQuantileMs,
  HistogramSnapshot,
  scrapeHistogram,
  scrapeSamples,
} from './support/prometheus';

const STAGES = ['delivered', 'fetch_wait', 'queued', 'load', 'fold', 'write', 'commit'];

/** p50/p99 of each stage of the projector's batches (its stage histogram), observed during the load. */
/** The projector's batches by where their states came from (touchline_projector_batch_loads_total). */
async function batchLoads(metricsUrl: string): Promise<{ memory: number; database: number }> {
  const samples = await scrapeSamples(metricsUrl);
  const count = (from: string) => samples.get(`touchline_projector_batch_loads_total{from="${from}"}`) ?? 0;
  return { memory: count('memory'), database: count('database') };
}

function stageBreakdown(delta: HistogramSnapshot): string[] {
  return STAGES.filter((st) => delta.has(st)).map((st) => {
    const b = delta.get(st)!;
    const p50 = histogramQuantileMs(b, 0.5);
    const p99 = histogramQuantileMs(b, 0.99);
    const per = st === 'delivered' ? 'records' : 'batches';
    return `stage ${st}: p50 ${p50.ms.toFixed(1)} ms, p99 ${p99.ms.toFixed(1)} ms (${p50.count} ${per})`;
  });
}

/**
 * Projection lag: from the API's 201 (Kafka acknowledged) to the event being visible in
 * PostgreSQL, timed exactly with LISTEN on the projector's notification channel, at a steady
 * rate spread over many live matches. Also the append latency at that rate, beside the raw
 * pipeline's send and two ceilings with the product's guarantee (support/append-ceilings.ts).
 */
const RATE = envInt('LAG_RATE', 1000);
const MATCHES = envInt('LAG_MATCHES', 1000);
const SECONDS = envInt('LAG_SECONDS', 30);
const CONNECTIONS = envInt('LAG_CONNECTIONS', 100);
/** LAG_CEILINGS=0 skips the transactional append ceilings; each runs LAG_CEILING_SECONDS. */
const CEILINGS = process.env.LAG_CEILINGS !== '0';
const CEILING_SECONDS = envInt('LAG_CEILING_SECONDS', Math.min(SECONDS, 20));
/** LAG_API_CEILING=0 skips the raw consumer fed by the api (projector stopped); it runs LAG_SECONDS. */
const API_CEILING = process.env.LAG_API_CEILING !== '0';

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const metricsPort = await freePort();
  const system = await BenchSystem.start({ env: { PROJECTOR_METRICS_PORT: String(metricsPort) } });
  const stagesOf = () =>
    scrapeHistogram(`http://127.0.0.1:${metricsPort}/metrics`, 'touchline_projector_stage_seconds', 'stage');
  let stages: string[] = [];
  const listener = new Client({ connectionString: system.databaseUrl });
  const tracker = new LagTracker();
  let memory: Record<string, number | null> = {};
  let achieved = 0;
  let append = new Samples();
  let apiCpuMsPerEvent = NaN;
  let matches: string[] = [];
  try {
    log('lag', `scheduling ${MATCHES} live matches`);
    matches = await readyMatches(system.baseUrl, MATCHES);
    await listener.connect();
    await waitFor(
      async () => {
        const { rows } = await listener.query<{ n: string }>(
          'SELECT count(*) AS n FROM read.matches WHERE version >= 2',
        );
        return Number(rows[0].n) === MATCHES;
      },
      120000,
      'the projector to catch up with the scheduled matches',
    );
    await listener.query(`LISTEN ${PROJECTED_CHANNEL}`);
    listener.on('notification', (msg) => tracker.projected(msg.payload ?? '', now()));

    const stagesBefore = await stagesOf();
    const loadsBefore = await batchLoads(`http://127.0.0.1:${metricsPort}/metrics`);
    log('lag', `posting ${RATE} events/s over ${MATCHES} matches for ${SECONDS} s`);
    const load = await postLagLoad(system, matches, tracker, {
      rate: RATE,
      seconds: SECONDS,
      connections: CONNECTIONS,
    });
    ({ achieved, append, apiCpuMsPerEvent } = load);
    const unseen = await tracker.settle(30000);
    if (unseen) log('lag', `${unseen} acknowledged events never became visible within 30 s`);
    memory = system.memory();
    stages = stageBreakdown(histogramDelta(await stagesOf(), stagesBefore));
    const loadsAfter = await batchLoads(`http://127.0.0.1:${metricsPort}/metrics`);
    const fromMemory = loadsAfter.memory - loadsBefore.memory;
    const fromDatabase = loadsAfter.database - loadsBefore.database;
    stages.push(
      `batches folded from states remembered in memory: ${fromMemory} of ${fromMemory + fromDatabase} (the others loaded them from PostgreSQL)`,
    );
    for (const line of stages) log('lag', line);
  } finally {
    await listener.end().catch(() => undefined);
    await system.stop();
    destroyAgent();
  }

  log(
    'lag',
    `raw pipeline baseline: kafkajs produce -> consume -> one pg transaction + NOTIFY, ${RATE} events/s`,
  );
  const raw = await measureRawPipeline({ rate: RATE, matches: MATCHES, seconds: SECONDS });
  let fed: ApiFedConsumer | null = null;
  if (API_CEILING) {
    log(
      'lag',
      `raw consumer fed by the api: a fresh api, no projector, ${RATE} events/s over ${MATCHES} new matches for ${SECONDS} s`,
    );
    fed = await measureApiFedConsumer({
      rate: RATE,
      matches: MATCHES,
      seconds: SECONDS,
      connections: CONNECTIONS,
    }).finally(destroyAgent);
    log(
      'lag',
      `raw consumer fed by the api: ${Math.round(fed.achieved)} ev/s, lag p50 ${fed.lag.p50.toFixed(2)} p99 ${fed.lag.p99.toFixed(2)} max ${fed.lag.max.toFixed(2)} ms (${fed.lag.count} samples, ${fed.unseen} unseen), append p50 ${fed.append.p50.toFixed(2)} p99 ${fed.append.p99.toFixed(2)} ms, api cpu ${fed.apiCpuMsPerEvent.toFixed(3)} ms/event`,
    );
  }
  let ceilings: { tx: AppendCeiling; http: AppendCeiling } | null = null;
  if (CEILINGS) {
    log(
      'lag',
      `append ceilings with the product's guarantee: ${RATE} events/s for ${CEILING_SECONDS} s each`,
    );
    ceilings = await measureAppendCeilings({
      rate: RATE,
      seconds: CEILING_SECONDS,
      connections: CONNECTIONS,
      matches,
    });
    log(
      'lag',
      `raw kafkajs transactional: ${Math.round(ceilings.tx.achieved)} ev/s p50 ${ceilings.tx.p50.toFixed(2)} p99 ${ceilings.tx.p99.toFixed(2)} ms | bare node:http + tx: ${Math.round(ceilings.http.achieved)} ev/s p50 ${ceilings.http.p50.toFixed(2)} p99 ${ceilings.http.p99.toFixed(2)} ms cpu ${ceilings.http.cpuMsPerEvent?.toFixed(3)} ms/event`,
    );
  }
  const TX = 'raw kafkajs transactional, acked when visible';
  const BARE = 'bare node:http + raw kafkajs transactional';
  const against = (of: (c: AppendCeiling) => number) => ({
    alsoAgainst: ceilings
      ? [
          { label: TX, value: of(ceilings.tx) },
          { label: BARE, value: of(ceilings.http) },
        ]
      : [],
  });

  const FED = 'raw consumer fed by the api (projector stopped)';
  /** The raw consumer fed by the api, where it was measured. */
  const againstFed = (of: (f: ApiFedConsumer) => number) => ({
    alsoAgainst: fed ? [{ label: FED, value: of(fed) }] : [],
  });

  const lag = tracker.lag.summary();
  const ap = append.summary();
  const figures = [
    figure('achieved ingest rate (target ' + RATE + ')', achieved, 'events/s', {
      ceiling: { label: 'raw pipeline achieved', value: raw.achieved },
      alsoAgainst: [...against((c) => c.achieved).alsoAgainst, ...againstFed((f) => f.achieved).alsoAgainst],
    }),
    figure(`projection lag p50 at ${RATE} events/s`, lag.p50, 'ms', {
      ceiling: { label: 'raw kafkajs→pg pipeline', value: raw.lag.p50 },
      ...againstFed((f) => f.lag.p50),
    }),
    figure(`projection lag p99 at ${RATE} events/s`, lag.p99, 'ms', {
      ceiling: { label: 'raw kafkajs→pg pipeline', value: raw.lag.p99 },
      ...againstFed((f) => f.lag.p99),
      goal: { text: '≤ 100 ms', atMost: 100 },
    }),
    figure(`projection lag max at ${RATE} events/s`, lag.max, 'ms', {
      ceiling: { label: 'raw kafkajs→pg pipeline', value: raw.lag.max },
      ...againstFed((f) => f.lag.max),
    }),
    figure(`append latency p50 at ${RATE} events/s`, ap.p50, 'ms', {
      ceiling: { label: 'raw kafkajs send', value: raw.send.p50 },
      ...against((c) => c.p50),
    }),
    figure(`append latency p99 at ${RATE} events/s`, ap.p99, 'ms', {
      ceiling: { label: 'raw kafkajs send', value: raw.send.p99 },
      ...against((c) => c.p99),
      goal: { text: '≤ 20 ms', atMost: 20 },
    }),
    figure(`api CPU per event at ${RATE} events/s (projector running)`, apiCpuMsPerEvent, 'ms', {
      ...(ceilings?.http.cpuMsPerEvent !== undefined
        ? { ceiling: { label: 'bare node:http server process', value: ceilings.http.cpuMsPerEvent } }
        : {}),
    }),
    figure('api peak RSS (lag)', memory.apiPeakRssMiB ?? NaN, 'MiB'),
    figure('projector peak RSS (lag)', memory.projectorPeakRssMiB ?? NaN, 'MiB'),
  ];
  await finishPart('lag', startedAt, {
    settings: {
      rate: RATE,
      matches: MATCHES,
      seconds: SECONDS,
      connections: CONNECTIONS,
      samples: lag.count,
      ceilingSeconds: CEILINGS ? CEILING_SECONDS : 'off',
      apiFedCeiling: fed ? `${SECONDS} s, ${fed.lag.count} samples` : 'off',
    },
    figures,
    memory,
    notes: [
      'Lag = time the bench process saw the 201 → time it received the projector NOTIFY naming that match at a version ≥ the seq (LISTEN on touchline_projected, delivered on commit).',
      `Visible before the bench saw the 201 (counted as 0 ms): ${tracker.visibleBeforeAck}.`,
      `Raw pipeline: the same records through a bare kafkajs producer and consumer with the projector's consumer settings (maxWaitTimeInMs ${PROJECTOR_CONSUMER.maxWaitTimeMs}, ${PROJECTOR_CONSUMER.partitionsConsumedConcurrently} partitions at a time, offsets committed at most every ${PROJECTOR_CONSUMER.commitIntervalMs} ms; a pool of 10), writing each batch in one pg transaction (UNNEST upsert of versions) + pg_notify.`,
      'One sample per event, single events, open loop (autocannon overallRate).',
      ...(fed
        ? [
            `"${FED}": after the product run and the raw pipeline stopped, a fresh api (its own topic, database and ${MATCHES} new matches) with no projector process, under the same load (${RATE} events/s, ${CONNECTIONS} connections, ${SECONDS} s, the same feed), while the raw pipeline's bare consumer (READ_COMMITTED, the same settings and per-batch SQL, its own database and NOTIFY channel) consumes the api's topic; lag timed from the 201 the same way. Unlike the raw pipeline, it has the api sharing the cores and the api's transactional log (control records, acks held until the records are visible), so product ÷ this ratio is the projector's own cost over a bare consumer. Its run: ${fed.lag.count} samples, ${fed.visibleBeforeAck} visible before the 201, ${fed.unseen} never seen within 30 s; append latency p50 ${fed.append.p50.toFixed(2)} ms, p99 ${fed.append.p99.toFixed(2)} ms; api CPU ${fed.apiCpuMsPerEvent.toFixed(3)} ms/event (with the projector running: ${apiCpuMsPerEvent.toFixed(3)}).`,
          ]
        : []),
      `Append ceilings with the product's guarantee (fencing: a zombie writer cannot append, docs/RELIABILITY.md), measured after the system and the raw pipeline stopped (no projector running), each ${CEILING_SECONDS} s after 3 s of warm-up, the same match ids and events: "${TX}" = a bare kafkajs transactional producer (acks=-1, idempotent, maxInFlightRequests 1), concurrent sends coalesced into one transaction per flush (one send per leader broker, commit, acks held until a READ_COMMITTED ListOffsets shows the records), driven by ${CONNECTIONS} callers in the bench process sharing ${RATE}/s, evenly spaced, each waiting for its answer; "${BARE}" = a bare node:http server in its own process appending the JSON.parsed body through that producer, 201 once visible, driven by the same autocannon load as the api (${CONNECTIONS} connections, overallRate ${RATE}).`,
      "Projector stages during the load (its touchline_projector_stage_seconds histogram, interpolated inside buckets): delivered = record created by the api producer → the fetch bringing it returned; fetch_wait = that fetch waiting at the broker; queued = waiting in its partition's queue for the partition's worker; load/fold/write/commit = the batch's statements (a live batch: write includes its commit).",
      ...stages,
    ],
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
