import { Client } from 'pg';
import { PROJECTED_CHANNEL, PROJECTOR_CONSUMER } from '@touchline/read-models';
import { destroyAgent } from './support/http';
import { AppendCeiling, measureAppendCeilings } from './support/append-ceilings';
import { ApiFedConsumer, measureApiFedConsumer } from './support/api-fed-consumer';
import { postLagLoad } from './support/lag-feed';
import { measureRawPipeline } from './support/raw-pipeline';
import { Figure, figure, finishPart, log } from './support/results';
import { readyMatches } from './support/setup';
import { LagTracker, now, waitFor } from './support/lag-tracker';
import { envInt, median, Samples } from './support/stats';
import { BenchSystem } from './support/system';
import { freePort } from './support/processes';
import {
  histogramDelta,
  histogramQuantileMs,
  HistogramSnapshot,
  scrapeHistogram,
} from './support/prometheus';
import {
  AdminRebuild,
  adminRebuildsDuring,
  batchCountsDelta,
  IN_FLIGHT_MS,
  LagAroundRebuilds,
  lagAroundRebuilds,
  ProjectorBatchCounts,
  projectorBatchCounts,
} from './support/admin-rebuilds';

const STAGES = ['delivered', 'fetch_wait', 'queued', 'load', 'fold', 'write', 'commit'];

/** p50/p99 of each stage of the projector's batches (its stage histogram), observed during the load. */
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
/**
 * LAG_ADMIN_REBUILDS=N: N admins' in-place rebuilds of a live match (`POST /admin/matches/{id}/rebuild`),
 * spread over the load; the lag is then also given within LAG_ADMIN_WINDOW_MS after each and in
 * the same length before it (support/admin-rebuilds.ts). Off by default.
 */
const ADMIN_REBUILDS = process.env.LAG_ADMIN_REBUILDS ? envInt('LAG_ADMIN_REBUILDS', 1) : 0;
const ADMIN_WINDOW_MS = envInt('LAG_ADMIN_WINDOW_MS', 2000);

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
  let rebuilds: AdminRebuild[] = [];
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

    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const stagesBefore = await stagesOf();
    const batchesBefore = await projectorBatchCounts(metricsUrl);
    log('lag', `posting ${RATE} events/s over ${MATCHES} matches for ${SECONDS} s`);
    const admin = ADMIN_REBUILDS
      ? adminRebuildsDuring(system, matches, {
          count: ADMIN_REBUILDS,
          seconds: SECONDS,
          windowMs: ADMIN_WINDOW_MS,
          metricsUrl,
        })
      : Promise.resolve([]);
    const [load] = await Promise.all([
      postLagLoad(system, matches, tracker, { rate: RATE, seconds: SECONDS, connections: CONNECTIONS }),
      admin.then((done) => (rebuilds = done)),
    ]);
    ({ achieved, append, apiCpuMsPerEvent } = load);
    const unseen = await tracker.settle(30000);
    if (unseen) log('lag', `${unseen} acknowledged events never became visible within 30 s`);
    memory = system.memory();
    stages = stageBreakdown(histogramDelta(await stagesOf(), stagesBefore));
    const batches = batchCountsDelta(await projectorBatchCounts(metricsUrl), batchesBefore);
    stages.push(
      `batches folded from states remembered in memory: ${batches.memory} of ${batches.memory + batches.database} (the others loaded them from PostgreSQL); not written and read again from Kafka: ${batches.refused} refused by their guard, ${batches.behind} behind Kafka`,
    );
    for (const [i, r] of rebuilds.entries()) {
      const counted = (b: ProjectorBatchCounts) =>
        `${b.refused} refused, ${b.database} loaded from PostgreSQL, ${b.memory} from memory`;
      stages.push(
        `admin rebuild ${i + 1} of ${rebuilds.length} (match ${r.matchId}): call ${r.callMs.toFixed(1)} ms; every partition writing again after ${r.allWritingAgainMs.toFixed(0)} ms, every match after ${r.allFromMemoryMs.toFixed(0)} ms; batches in the ${ADMIN_WINDOW_MS} ms after the call: ${counted(r.after)} (before it: ${counted(r.before)})`,
      );
    }
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
  const around = rebuilds.length ? lagAroundRebuilds(tracker, rebuilds, ADMIN_WINDOW_MS) : null;
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
    ...(around ? adminRebuildFigures(around, rebuilds) : []),
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
      ...(rebuilds.length ? { adminRebuilds: rebuilds.length, adminWindowMs: ADMIN_WINDOW_MS } : {}),
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
      ...(around
        ? [
            `Admin rebuilds (LAG_ADMIN_REBUILDS): ${rebuilds.length} in-place rebuilds of a live match (POST /admin/matches/{id}/rebuild, each renews every checkpoint's epoch), the k-th at k/${rebuilds.length + 1} of the load. Lag "after" = events acknowledged from ${IN_FLIGHT_MS} ms before a call was sent to ${ADMIN_WINDOW_MS} ms after it (those of the first ${IN_FLIGHT_MS} ms may have been on their way through the projector), ${around.after.count} samples; "before" = the same length just before that, ${around.before.count} samples; "away" = the others, ${around.elsewhere.count}. The call = sent → its 200 in the bench process. After an admin's commit every partition's next batch is refused by its guard and the partition read again from Kafka; what the projector remembers of the partition starts empty, so each batch naming a match not written since loads from PostgreSQL. Every partition writing again = sent → each partition has committed a batch after the admin's commit (the projector's notifications come after the admin's, in commit order); every match folded from memory again = sent → every match of the load has been written by such a batch. Batches counted from the projector's touchline_projector_batch_loads_total and touchline_projector_rereads_total in ${ADMIN_WINDOW_MS} ms from the call, and in as long just before it.`,
          ]
        : []),
      "Projector stages during the load (its touchline_projector_stage_seconds histogram, interpolated inside buckets): delivered = record created by the api producer → the fetch bringing it returned; fetch_wait = that fetch waiting at the broker; queued = waiting in its partition's queue for the partition's worker; load/fold/write/commit = the batch's statements (a live batch: write includes its commit).",
      ...stages,
    ],
  });
}

/** The lag around admins' rebuilds, the calls and the projector's recovery (LAG_ADMIN_REBUILDS). */
function adminRebuildFigures(around: LagAroundRebuilds, rebuilds: AdminRebuild[]): Figure[] {
  const window = `${ADMIN_WINDOW_MS / 1000} s`;
  const lagFigures = (samples: Samples, where: string) => {
    const l = samples.summary();
    return (['p50', 'p99', 'max'] as const).map((q) => figure(`projection lag ${q} ${where}`, l[q], 'ms'));
  };
  /** The median over the rebuilds, each rebuild's value beside it. */
  const perRebuild = (name: string, unit: string, of: (r: AdminRebuild) => number) => {
    const reps = rebuilds.map(of);
    return figure(name, median(reps), unit, { reps });
  };
  return [
    ...lagFigures(around.before, "before an admin's rebuild"),
    ...lagFigures(around.after, "after an admin's rebuild"),
    ...lagFigures(around.elsewhere, "away from admins' rebuilds"),
    perRebuild("admin's rebuild of a live match: the call", 'ms', (r) => r.callMs),
    perRebuild('admin rebuild → every partition writing again', 'ms', (r) => r.allWritingAgainMs),
    perRebuild('admin rebuild → every match folded from memory again', 'ms', (r) => r.allFromMemoryMs),
    perRebuild('batches refused by their guard, per admin rebuild', 'batches', (r) => r.after.refused),
    perRebuild(
      `batches loaded from PostgreSQL in ${window} after an admin's rebuild`,
      'batches',
      (r) => r.after.database,
    ),
    perRebuild(`batches loaded from PostgreSQL in ${window} before it`, 'batches', (r) => r.before.database),
    perRebuild(
      `batches in ${window} after an admin's rebuild`,
      'batches',
      (r) => r.after.database + r.after.memory,
    ),
    perRebuild(`batches in ${window} before it`, 'batches', (r) => r.before.database + r.before.memory),
  ];
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
