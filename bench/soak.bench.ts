import { Agent } from 'node:http';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { send } from './support/http';
import { firstHalfEvent } from './support/match-events';
import { machine, RESULTS_DIR } from './support/results';
import { readyMatches } from './support/setup';
import { envInt, Samples } from './support/stats';
import { Follower } from './support/sse-followers';
import { BenchSystem, FEEDER_KEY } from './support/system';

/**
 * Soak of the live streams: CLIENTS followers spread over MATCHES live matches while RATE events
 * per second are posted for SECONDS. Every follower must end with every event of its match, in
 * order, none twice; the API's memory is sampled throughout to show whether it stays flat.
 */
const CLIENTS = envInt('SOAK_CLIENTS', 1000);
const MATCHES = envInt('SOAK_MATCHES', 40);
const RATE = envInt('SOAK_RATE', 200);
const SECONDS = envInt('SOAK_SECONDS', 600);
const SAMPLE_EVERY_S = 10;

const log = (message: string) => process.stdout.write(`[bench:soak] ${message}\n`);

async function scrape(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const read = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rssMiB: read('process_resident_memory_bytes') / 2 ** 20,
    heapMiB: read('nodejs_heap_size_used_bytes') / 2 ** 20,
    openStreams: read('touchline_streams_open'),
    feeds: read('touchline_live_feeds'),
    feedReads: read('touchline_live_feed_reads_total'),
    dropped: read('touchline_streams_dropped_total'),
    loopLagP99Ms: read('nodejs_eventloop_lag_p99_seconds') * 1000,
    cpuSeconds: read('process_cpu_seconds_total'),
  };
}

async function main(): Promise<void> {
  const system = await BenchSystem.start({
    env: { STREAMS_PER_CLIENT: String(CLIENTS + 100), LOG_LEVEL: 'warn' },
  });
  const db = new Client({ connectionString: system.databaseUrl });
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    await db.connect();
    log(`soak: ${MATCHES} matches, ${CLIENTS} live clients, ${RATE} events/s for ${SECONDS} s`);
    const matches = await readyMatches(system.baseUrl, MATCHES, 'SOAK');
    // A live stream opens on a projected match: wait for every kick-off to be read back.
    for (const m of matches) await send(system.baseUrl, 'GET', `/matches/${m}?minVersion=2`);
    const acked = new Map<string, number>(); // `${match}@${seq}` → ack time, for the sampled followers
    const latency = new Samples();
    const followers = Array.from({ length: CLIENTS }, (_, i) => {
      const matchId = matches[i % MATCHES];
      // The first follower of each match times every event from its 201 to its arrival.
      const onEvent =
        i < MATCHES
          ? (seq: number) => {
              const at = acked.get(`${matchId}@${seq}`);
              if (at !== undefined) latency.add(performance.now() - at);
              acked.delete(`${matchId}@${seq}`);
            }
          : undefined;
      return { matchId, f: new Follower(`${system.baseUrl}/matches/${matchId}/live`, agent, onEvent) };
    });
    for (let i = 0; i < followers.length; i += 100) {
      await Promise.all(followers.slice(i, i + 100).map(({ f }) => f.open()));
    }
    const refused = followers.filter(({ f }) => f.status !== 200).length;

    const samples: Array<Record<string, number>> = [];
    const xacts = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
          )
        ).rows[0].n,
      );
    const started = performance.now();
    const lastSeq = new Map<string, number>(matches.map((m) => [m, 2]));
    let posted = 0;
    let failed = 0;
    let next = 0;
    let inflight = 0;
    const feeder = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * RATE) - posted;
      for (let k = 0; k < due && inflight < 400; k++) {
        const matchId = matches[next++ % MATCHES];
        const n = posted++;
        inflight++;
        send(
          system.baseUrl,
          'POST',
          `/matches/${matchId}/events`,
          firstHalfEvent(matchId, n, 1 + (n % 44)),
          FEEDER_KEY,
        )
          .then((r) => {
            const seq = (r.body as { seq?: number }).seq;
            if (r.status === 201 && seq) {
              // From the acknowledgement: what the stream adds (projection, fan-out), not the feeder's queue.
              acked.set(`${matchId}@${seq}`, performance.now());
              lastSeq.set(matchId, Math.max(lastSeq.get(matchId)!, seq));
            } else failed++;
          })
          .catch(() => failed++)
          .finally(() => inflight--);
      }
    }, 20);
    let xPrev = await xacts();
    while (performance.now() - started < SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, SAMPLE_EVERY_S * 1000));
      const x = await xacts();
      const s = {
        t: Math.round((performance.now() - started) / 1000),
        posted,
        ...(await scrape(system.baseUrl)),
        dbXactsPerS: (x - xPrev) / SAMPLE_EVERY_S,
      };
      xPrev = x;
      samples.push(s);
      log(JSON.stringify(s));
    }
    clearInterval(feeder);
    while (inflight > 0) await new Promise((r) => setTimeout(r, 50));

    // Every follower must reach its match's last seq; give the projector time to catch up.
    const deadline = performance.now() + 120000;
    const behind = () => followers.filter(({ matchId, f }) => f.last < lastSeq.get(matchId)!);
    while (behind().length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    const expected = followers.reduce((sum, { matchId }) => sum + lastSeq.get(matchId)! - 2, 0);
    const received = followers.reduce((sum, { f }) => sum + f.received, 0);
    const rss = samples.map((s) => s.rssMiB);
    const heap = samples.map((s) => s.heapMiB);
    const result = {
      benchmark: 'soak',
      machine: await machine(),
      config: { clients: CLIENTS, matches: MATCHES, rate: RATE, seconds: SECONDS },
      posted,
      failedPosts: failed,
      refusedClients: refused,
      clientsBehindAtEnd: behind().length,
      clientsClosedEarly: followers.filter(({ f }) => f.closedEarly).length,
      eventsExpected: expected,
      eventsReceived: received,
      lostEvents:
        followers.reduce((sum, { f }) => sum + f.gaps, 0) +
        behind().reduce((s, { matchId, f }) => s + lastSeq.get(matchId)! - f.last, 0),
      repeatedEvents: followers.reduce((sum, { f }) => sum + f.repeats, 0),
      deliveryMs: latency.summary(),
      rssMiB: { first: rss[0], last: rss[rss.length - 1], min: Math.min(...rss), max: Math.max(...rss) },
      heapMiB: {
        first: heap[0],
        last: heap[heap.length - 1],
        min: Math.min(...heap),
        max: Math.max(...heap),
      },
      samples,
    };
    followers.forEach(({ f }) => f.close());
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'soak.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify({ ...result, samples: samples.length, machine: undefined })}\n`);
  } finally {
    agent.destroy();
    await db.end().catch(() => undefined);
    await system.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
