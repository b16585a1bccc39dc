import { ackGap, checkLog, openLoop } from './support/failover-feed';
import { generateLog, produceLog } from './support/generated-log';
import { closeConnections } from './support/json-post';
import { destroyAgent } from './support/http';
import { BenchInstances } from './support/instances';
import {
  histogramDelta,
  histogramQuantileMs,
  HistogramSnapshot,
  scrapeHistogram,
} from './support/prometheus';
import { figure, Figure, finishPart, log } from './support/results';
import { ClosedLoopResult, closedLoop, MatchPool } from './support/round-robin-load';
import { readyMatches } from './support/setup';
import { envInt, median, Samples } from './support/stats';

/**
 * Several API instances (one elected writer, followers forwarding commands to it, docs/adr/0010):
 * 1. the same closed-loop ingest through 1, 2 and 3 instances in turn (round robin), with each
 *    instance's CPU per event, and what the writer's acknowledgements wait for the commit to be
 *    visible to read-committed readers;
 * 2. append latency while the writer is killed (kill -9) under a steady rate, the gap in the
 *    acknowledgements, the 503s, and the log read back for lost and duplicated events;
 * 3. the same kill with a large log of finished matches behind the instances (snapshot path).
 */
const SECONDS = envInt('INSTANCES_SECONDS', 5);
const REPS = envInt('INSTANCES_REPS', 3);
const CLIENTS = envInt('INSTANCES_CLIENTS', 100);
const PER_MATCH = 200;
const COUNTS = [1, 2, 3];
const BATCHES = [1, 20];
/**
 * 50/s by default: on the 2 shared cores 3 instances take ~150 single events/s flat out (closed
 * loop), so 200/s would measure a queue that never drains, not the failover.
 */
const FAILOVER_RATE = envInt('FAILOVER_RATE', 50);
const FAILOVER_SECONDS = envInt('FAILOVER_SECONDS', 30);
const FAILOVER_KILL_AT = envInt('FAILOVER_KILL_AT_SECONDS', 10);
/** Which of the three to run (all by default). */
const PARTS = (process.env.INSTANCES_PARTS ?? 'scale,failover,large').split(',');
/** 0 leaves the large-log failover out. */
const LARGE_EVENTS = process.env.FAILOVER_LARGE_EVENTS === '0' ? 0 : envInt('FAILOVER_LARGE_EVENTS', 200_000);

const VISIBLE_WAIT = 'touchline_append_visible_wait_seconds';
const APPEND_LATENCY = 'touchline_append_latency_seconds';

interface Shape {
  instances: number;
  batch: number;
}
const label = (s: Shape) =>
  `${s.instances} instance${s.instances > 1 ? 's' : ''}, ${s.batch === 1 ? 'single events' : `arrays of ${s.batch}`}`;

interface Window {
  eventsPerSec: number;
  p50: number;
  p99: number;
  /** CPU of every instance posted to ÷ events accepted cluster-wide, ms. */
  clusterCpuMsPerEvent: number;
  /** The writer's CPU ÷ events accepted cluster-wide (it appends them all), ms. */
  writerCpuMsPerEvent: number;
  /** Each follower's CPU ÷ the events accepted through it (the ones it forwarded), ms; mean over followers. */
  followerCpuMsPerForwardedEvent: number;
  /** Each follower's CPU ÷ events accepted cluster-wide, ms; mean over followers. */
  followerCpuMsPerEvent: number;
  visibleWaitP50: number;
  visibleWaitP99: number;
  /** Writer's append latency (producer handed records → ack), from its metric. */
  writerAppendP50: number;
  /** Events per transaction (events ÷ visible-wait observations). */
  eventsPerTransaction: number;
  failures: number;
}

async function scrape(url: string): Promise<{ wait: HistogramSnapshot; append: HistogramSnapshot }> {
  const [wait, append] = await Promise.all([
    scrapeHistogram(`${url}/metrics`, VISIBLE_WAIT, ''),
    scrapeHistogram(`${url}/metrics`, APPEND_LATENCY, ''),
  ]);
  return { wait, append };
}

async function measure(
  instances: BenchInstances,
  order: number[],
  pool: MatchPool,
  shape: Shape,
): Promise<Window> {
  const used = order.slice(0, shape.instances);
  const writerUrl = instances.urls[order[0]];
  const before = await scrape(writerUrl);
  const cpuBefore = instances.cpuSeconds();
  const r: ClosedLoopResult = await closedLoop(
    used.map((i) => instances.urls[i]),
    pool,
    { clients: CLIENTS, batch: shape.batch, seconds: SECONDS },
  );
  const cpuAfter = instances.cpuSeconds();
  const after = await scrape(writerUrl);
  const cpuMs = used.map((i) => ((cpuAfter[i] ?? NaN) - (cpuBefore[i] ?? NaN)) * 1000);
  const wait = histogramDelta(after.wait, before.wait).get('') ?? new Map<number, number>();
  const append = histogramDelta(after.append, before.append).get('') ?? new Map<number, number>();
  const s = r.latency.summary();
  const followers = cpuMs.slice(1);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const failures = Object.values(r.failures).reduce((a, b) => a + b, 0);
  if (failures)
    log('instances', `  ${failures} non-2xx ${JSON.stringify(r.failures)}; first: ${r.firstFailure}`);
  const w = histogramQuantileMs(wait, 0.5);
  return {
    eventsPerSec: r.events / r.seconds,
    p50: s.p50,
    p99: s.p99,
    clusterCpuMsPerEvent: cpuMs.reduce((a, b) => a + b, 0) / r.events,
    writerCpuMsPerEvent: cpuMs[0] / r.events,
    followerCpuMsPerForwardedEvent: mean(followers.map((ms, k) => ms / r.eventsVia[k + 1])),
    followerCpuMsPerEvent: mean(followers.map((ms) => ms / r.events)),
    visibleWaitP50: w.ms,
    visibleWaitP99: histogramQuantileMs(wait, 0.99).ms,
    writerAppendP50: histogramQuantileMs(append, 0.5).ms,
    eventsPerTransaction: w.count ? r.events / w.count : NaN,
    failures,
  };
}

async function scaleOut(figures: Figure[], notes: string[]): Promise<void> {
  const instances = await BenchInstances.create(3);
  try {
    await instances.startAll();
    const writer = await instances.writer();
    const order = [writer, ...[0, 1, 2].filter((i) => i !== writer)];
    log('instances', `3 instances up, writer is api-${writer}`);
    const pool = new MatchPool(PER_MATCH);
    const shapes: Shape[] = BATCHES.flatMap((batch) => COUNTS.map((n) => ({ instances: n, batch })));
    const results = new Map<Shape, Window[]>(shapes.map((s) => [s, []]));
    const expected = (s: Shape) => results.get(s)!.at(-1)?.eventsPerSec ?? (s.batch === 1 ? 1500 : 8000);
    // Warm-up (JIT, connections, forwarding paths), not recorded.
    await pool.ensure(instances.urls[writer], CLIENTS * 2);
    await measure(instances, order, pool, { instances: 3, batch: 1 });
    for (let rep = 1; rep <= REPS; rep++) {
      for (const shape of shapes) {
        const need = Math.ceil((expected(shape) * SECONDS * 1.5) / PER_MATCH) + CLIENTS;
        await pool.ensure(instances.urls[writer], need);
        const w = await measure(instances, order, pool, shape);
        results.get(shape)!.push(w);
        log(
          'instances',
          `rep ${rep} ${label(shape)}: ${Math.round(w.eventsPerSec)} ev/s p50 ${w.p50.toFixed(1)} p99 ${w.p99.toFixed(1)} ms | cpu/event cluster ${w.clusterCpuMsPerEvent.toFixed(3)} writer ${w.writerCpuMsPerEvent.toFixed(3)} follower/forwarded ${w.followerCpuMsPerForwardedEvent.toFixed(3)} ms | visible wait p50 ${w.visibleWaitP50.toFixed(2)} p99 ${w.visibleWaitP99.toFixed(2)} ms, writer append p50 ${w.writerAppendP50.toFixed(2)} ms, ${w.eventsPerTransaction.toFixed(1)} events/transaction`,
        );
      }
    }
    if (pool.overflow)
      notes.push(
        `The match pool ran dry ${pool.overflow} times: some matches grew past ${PER_MATCH} events.`,
      );
    const failures = [...results.values()].flat().reduce((n, w) => n + w.failures, 0);
    notes.push(`Non-2xx answers over every timed window: ${failures}.`);
    for (const shape of shapes) {
      const ws = results.get(shape)!;
      const med = (k: keyof Window) => median(ws.map((w) => w[k]));
      const base = shapes.find((s) => s.batch === shape.batch && s.instances === 1)!;
      const baseRate = median(results.get(base)!.map((w) => w.eventsPerSec));
      figures.push(
        figure(`ingest, ${label(shape)}`, med('eventsPerSec'), 'events/s', {
          reps: ws.map((w) => w.eventsPerSec),
          ...(shape.instances > 1 ? { ceiling: { label: '1 instance, same run', value: baseRate } } : {}),
        }),
        figure(`append p50, ${label(shape)}`, med('p50'), 'ms'),
        figure(`append p99, ${label(shape)}`, med('p99'), 'ms'),
        figure(`CPU per event, all instances, ${label(shape)}`, med('clusterCpuMsPerEvent'), 'ms', {
          reps: ws.map((w) => w.clusterCpuMsPerEvent),
        }),
        figure(`CPU per event, writer, ${label(shape)}`, med('writerCpuMsPerEvent'), 'ms'),
      );
      if (shape.instances > 1)
        figures.push(
          figure(
            `CPU per forwarded event, each follower, ${label(shape)}`,
            med('followerCpuMsPerForwardedEvent'),
            'ms',
          ),
          figure(
            `CPU per event (cluster-wide), each follower, ${label(shape)}`,
            med('followerCpuMsPerEvent'),
            'ms',
          ),
        );
      figures.push(
        figure(`visible wait p50 (per transaction), ${label(shape)}`, med('visibleWaitP50'), 'ms', {
          ceiling: { label: "writer's append p50", value: med('writerAppendP50') },
        }),
        figure(`visible wait p99 (per transaction), ${label(shape)}`, med('visibleWaitP99'), 'ms'),
        figure(`events per transaction, ${label(shape)}`, med('eventsPerTransaction'), 'events'),
      );
    }
  } finally {
    await instances.stop();
  }
}

interface Failover {
  figures: Figure[];
  summary: Record<string, number | string>;
}

/** A steady rate through 3 instances; the writer killed (SIGKILL) `killAt` s in. */
async function failover(
  instances: BenchInstances,
  what: string,
  opts: { rate: number; seconds: number; killAt: number },
): Promise<Failover> {
  const writer = await instances.writer();
  const total = opts.rate * opts.seconds;
  const matches = await readyMatches(instances.urls[writer], Math.max(100, Math.ceil(total / 150)));
  let killedAt = Infinity;
  const killer = (async () => {
    await new Promise((r) => setTimeout(r, opts.killAt * 1000));
    killedAt = Date.now();
    await instances.apis[writer].stop('SIGKILL');
  })();
  log(
    'instances',
    `${what}: ${total} events at ${opts.rate}/s, writer api-${writer} killed at ${opts.killAt} s`,
  );
  const r = await openLoop(instances.urls, matches, { ...opts, perMatch: PER_MATCH }, () => killedAt);
  await killer;
  const survivors = [0, 1, 2].filter((i) => i !== writer);
  const newWriter = await instances.writer(survivors);
  const check = await checkLog(instances.system.topic, r.planned, r.acks);
  const gap = ackGap(r.acks, killedAt);
  const s: ReturnType<Samples['summary']> = r.latency.summary();
  const before = r.beforeKill.summary();
  const after = r.afterKill.summary();
  const noAnswer = Object.values(r.noAnswer).reduce((a, b) => a + b, 0);
  const summary = {
    events: total,
    acked: r.acks.length,
    killed: `api-${writer}`,
    newWriter: `api-${newWriter}`,
    p50Ms: s.p50,
    p99Ms: s.p99,
    maxMs: s.max,
    beforeKillP50Ms: before.p50,
    beforeKillP99Ms: before.p99,
    afterKillP50Ms: after.p50,
    afterKillP99Ms: after.p99,
    ackGapMs: gap.gapMs,
    killToFirstAckMs: gap.killToFirstAckMs,
    answered503: r.answered503,
    noAnswer: JSON.stringify(r.noAnswer),
    otherFailures: JSON.stringify(r.otherFailures),
    givenUp: r.givenUp,
    ...check,
  };
  log('instances', `${what}: ${JSON.stringify(summary)}`);
  const figures = [
    figure(`${what}: append p50 over the run (scheduled send → 201, retries included)`, s.p50, 'ms'),
    figure(`${what}: append p99 over the run`, s.p99, 'ms'),
    figure(`${what}: append max over the run`, s.max, 'ms'),
    figure(
      `${what}: append p50 / p99 of the events whose acknowledged attempt was sent before the kill`,
      before.p50,
      'ms',
      {
        ceiling: { label: 'p99', value: before.p99 },
      },
    ),
    figure(
      `${what}: append p50 / p99 of the events whose acknowledged attempt was sent after the kill`,
      after.p50,
      'ms',
      {
        ceiling: { label: 'p99', value: after.p99 },
      },
    ),
    figure(
      `${what}: gap in acks (last of a request sent before the kill → first of one sent after)`,
      gap.gapMs / 1000,
      's',
    ),
    figure(`${what}: kill → first ack of a request sent after it`, gap.killToFirstAckMs / 1000, 's'),
    figure(`${what}: 503 answers (each retried after its Retry-After)`, r.answered503, 'answers'),
    figure(
      `${what}: attempts with no answer (refused, reset or 10 s timeout; retried after 100 ms)`,
      noAnswer,
      'attempts',
    ),
    figure(`${what}: events lost (read back from the log)`, check.lost, 'events'),
    figure(`${what}: events duplicated in the log`, check.duplicated, 'events'),
  ];
  return { figures, summary };
}

async function failoverSmall(figures: Figure[], notes: string[]): Promise<void> {
  const instances = await BenchInstances.create(3);
  try {
    await instances.startAll();
    const f = await failover(instances, 'failover', {
      rate: FAILOVER_RATE,
      seconds: FAILOVER_SECONDS,
      killAt: FAILOVER_KILL_AT,
    });
    figures.push(...f.figures);
    notes.push(`failover: ${JSON.stringify(f.summary)}`);
  } finally {
    await instances.stop();
  }
}

async function failoverLarge(figures: Figure[], notes: string[]): Promise<void> {
  // Snapshots only when an instance stops gracefully, as in bench:startup.
  const instances = await BenchInstances.create(3, {
    env: { SNAPSHOT_EVERY_EVENTS: String(10 * LARGE_EVENTS), SNAPSHOT_INTERVAL_MS: '3600000' },
  });
  try {
    const generated = generateLog(LARGE_EVENTS, 100, 50);
    const total = generated.records.length;
    const rate = await produceLog(instances.system.topic, generated.records);
    generated.records.length = 0;
    log('instances', `large log: ${total} events produced at ${Math.round(rate)}/s`);
    let t0 = Date.now();
    instances.apis[0].start();
    await instances.waitForApi(0);
    const foldSeconds = (Date.now() - t0) / 1000;
    await instances.apis[0].stop('SIGTERM', 900_000);
    t0 = Date.now();
    await instances.startAll();
    log(
      'instances',
      `large log: first fold ${foldSeconds.toFixed(1)} s, 3 instances from the snapshot in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    const f = await failover(instances, `failover on ${Math.round(total / 1000)}k events`, {
      rate: FAILOVER_RATE,
      seconds: Math.max(15, FAILOVER_SECONDS - FAILOVER_KILL_AT + 5),
      killAt: 5,
    });
    figures.push(...f.figures);
    notes.push(
      `failover on the large log (${total} events of finished matches, ~100 each; snapshot written by a graceful stop before): ${JSON.stringify(f.summary)}`,
    );
  } finally {
    await instances.stop();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const figures: Figure[] = [];
  const notes: string[] = [
    'Three API instances on one topic (12 partitions) and one database, no projector; the load generator, the instances, Kafka and PostgreSQL share the same cores.',
    'Scale-out: 3 instances run throughout; "n instances" posts to the writer and n − 1 followers only (the other followers idle). Closed loop: each of the concurrent matches posts, waits for the 201, posts again; each request to the next instance in turn.',
    'CPU: user + system of each instance (/proc/<pid>/stat) over the timed window. "all instances" ÷ events accepted cluster-wide; "writer" ÷ the same (it appends every event); "per forwarded event, each follower" is a follower\'s CPU ÷ the events accepted through it, averaged over followers.',
    "Visible wait: the writer's touchline_append_visible_wait_seconds (one observation per transaction: commit acknowledged → last stable offset past the records), read from its /metrics before and after each window; quantiles interpolated within buckets. Its ceiling column is the writer's own append p50 (touchline_append_latency_seconds), which includes the wait.",
    `Failover: ${FAILOVER_RATE} single events/s over ${FAILOVER_SECONDS} s through the 3 instances in turn, the writer killed with SIGKILL ${FAILOVER_KILL_AT} s in; one feeder per match (100 matches), posting its events in order, one at a time, the same event again after the Retry-After of a 503 or after 100 ms when no answer came (refused, reset, 10 s timeout), each request to the next instance in turn. Latency from the event's scheduled time to its 201 (an event held up behind its match's previous one counts its wait). Lost and duplicated counted by reading the whole topic back.`,
  ];
  try {
    if (PARTS.includes('scale')) await scaleOut(figures, notes);
    if (PARTS.includes('failover')) await failoverSmall(figures, notes);
    if (PARTS.includes('large') && LARGE_EVENTS) await failoverLarge(figures, notes);
  } finally {
    closeConnections();
    destroyAgent();
  }
  await finishPart('instances', startedAt, {
    settings: {
      seconds: SECONDS,
      reps: REPS,
      clients: CLIENTS,
      eventsPerMatch: PER_MATCH,
      failoverRate: FAILOVER_RATE,
      failoverSeconds: FAILOVER_SECONDS,
      failoverKillAt: FAILOVER_KILL_AT,
      largeEvents: LARGE_EVENTS,
      parts: PARTS.join(','),
    },
    figures,
    memory: {},
    notes,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
