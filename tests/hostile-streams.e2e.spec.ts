import { Client } from 'pg';
import { Http } from './support/http';
import { offside, range, scheduleAndKickOff } from './support/matches';
import { metric, metricUntil } from './support/metrics';
import { resetRequest, SseCounter, stalledRequest } from './support/raw-client';
import { readSse } from './support/sse';
import { TestSystem } from './support/system';

const PER_CLIENT = 1100;
const LONG_EVENTS = 10_050;

/** Times `/health` while `attack` runs: the slowest answer, in ms (a figure for the docs, not a check). */
async function healthDuring<T>(
  baseUrl: string,
  attack: Promise<T>,
): Promise<{ result: T; slowestMs: number }> {
  let done = false;
  let slowestMs = 0;
  const probe = (async () => {
    while (!done) {
      const started = Date.now();
      await fetch(`${baseUrl}/health`).then((r) => r.arrayBuffer());
      slowestMs = Math.max(slowestMs, Date.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await attack.finally(() => (done = true));
  await probe;
  return { result, slowestMs };
}

async function inBatches(total: number, size: number, one: (i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < total; start += size) {
    await Promise.all(range(start, Math.min(total, start + size) - 1).map(one));
  }
}

/** Streams against a hostile client: vanishing, idle by the thousand, or never reading. */
describe('streams under hostile clients', () => {
  let system: TestSystem;
  let http: Http;
  let port: number;
  let db: Client;
  const figures: Record<string, unknown> = {};

  const xacts = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
        )
      ).rows[0].n,
    );
  const open = () => metric(system.baseUrl, 'touchline_streams_open');

  beforeAll(async () => {
    system = await TestSystem.start({
      env: {
        STREAMS_PER_CLIENT: String(PER_CLIENT),
        STREAM_STALL_MS: '2000',
        // Live feeds then read only when the projector reports a change: reads can be counted.
        LIVE_RECHECK_MS: '3600000',
        MAX_EVENTS_PER_MATCH: '20000',
      },
    });
    http = new Http(system.baseUrl);
    port = Number(new URL(system.baseUrl).port);
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    await scheduleAndKickOff(http, 'hs-live');
    await scheduleAndKickOff(http, 'hs-long');
    for (let seq = 3; seq <= LONG_EVENTS; seq += 500) {
      const batch = range(seq, Math.min(LONG_EVENTS, seq + 499)).map((s) => offside(`hs-long-${s}`));
      expect((await http.post('/matches/hs-long/events', batch)).status).toBe(201);
    }
    await http.eventually(`/matches/hs-long?minVersion=${LONG_EVENTS}`, (r) => r.status === 200, 60000);
    await http.eventually('/matches/hs-live?minVersion=2', (r) => r.status === 200);
  });
  afterAll(async () => {
    process.stdout.write(`${JSON.stringify({ test: 'hostile-streams', ...figures })}\n`);
    await db?.end();
    await system?.stop();
  });

  it('releases every timer, read and slot of 2,000 streams reset at any moment', async () => {
    const timersBefore = await metric(system.baseUrl, 'nodejs_active_resources', { type: 'Timeout' });
    const paths = [
      '/matches/hs-live/live',
      '/matches/hs-long/replay?speed=1',
      '/matches/hs-live/replay?speed=0.001',
    ];
    const { slowestMs } = await healthDuring(
      system.baseUrl,
      inBatches(2000, 100, (i) => resetRequest(port, paths[i % 3], i % 4 === 0 ? 5 : 0)),
    );
    // Streams closed by the client mid-stream, after their first messages.
    await inBatches(100, 50, async (i) => {
      const c = new SseCounter(`${system.baseUrl}${paths[i % 3]}`, i % 2 ? { 'Last-Event-ID': '1' } : {});
      await c.opened;
      await c.first();
      c.close();
    });

    expect(await metricUntil(system.baseUrl, 'touchline_streams_open', (v) => v === 0)).toBe(0);
    expect(await metric(system.baseUrl, 'touchline_live_feeds')).toBe(0);
    const timersAfter = await metric(system.baseUrl, 'nodejs_active_resources', { type: 'Timeout' });
    // A few timers come and go with pool connections and the broker client; 2,000 streams held 2,000+.
    expect(timersAfter).toBeLessThanOrEqual(timersBefore + 20);

    const cpuBefore = await metric(system.baseUrl, 'process_cpu_seconds_total');
    const xBefore = await xacts();
    await new Promise((r) => setTimeout(r, 5000));
    figures.aborted = {
      streams: 2100,
      timersBefore,
      timersAfter,
      idleCpuPercent: Math.round(
        ((await metric(system.baseUrl, 'process_cpu_seconds_total')) - cpuBefore) * 20,
      ),
      idleDbXactsPerSecond: ((await xacts()) - xBefore) / 5,
      slowestHealthMs: slowestMs,
    };
  });

  it('serves 1,000 idle live clients of one match from one reader, each getting every event once', async () => {
    const clients = range(1, 1000).map(() => new SseCounter(`${system.baseUrl}/matches/hs-live/live`));
    const { slowestMs } = await healthDuring(system.baseUrl, Promise.all(clients.map((c) => c.opened)));
    expect(clients.filter((c) => c.status !== 200)).toHaveLength(0);
    expect(await metricUntil(system.baseUrl, 'touchline_streams_open', (v) => v === 1000)).toBe(1000);
    expect(await metric(system.baseUrl, 'touchline_live_feeds')).toBe(1);

    const xBefore = await xacts();
    await new Promise((r) => setTimeout(r, 5000));
    const idleXactsPerSecond = ((await xacts()) - xBefore) / 5;

    // The per-address cap: 100 more reach it, the next is refused.
    const extra = range(1, PER_CLIENT - 1000).map(
      () => new SseCounter(`${system.baseUrl}/matches/hs-live/live`),
    );
    await Promise.all(extra.map((c) => c.opened));
    const refused = await fetch(`${system.baseUrl}/matches/hs-live/live`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    extra.forEach((c) => c.close());
    expect(await metricUntil(system.baseUrl, 'touchline_streams_open', (v) => v === 1000)).toBe(1000);

    const readsBefore = await metric(system.baseUrl, 'touchline_live_feed_reads_total');
    expect((await http.post('/matches/hs-live/events', offside('hs-live-3'))).status).toBe(201);
    expect((await http.post('/matches/hs-live/events', offside('hs-live-4'))).status).toBe(201);
    await Promise.all(clients.map((c) => c.reached(4)));
    const reads = (await metric(system.baseUrl, 'touchline_live_feed_reads_total')) - readsBefore;
    expect(clients.filter((c) => c.snapshots !== 1 || c.ids.join() !== '3,4')).toHaveLength(0);
    // One read per projected change, shared by the 1,000 clients (not one per client).
    expect(reads).toBeLessThanOrEqual(4);

    clients.forEach((c) => c.close());
    expect(await metricUntil(system.baseUrl, 'touchline_streams_open', (v) => v === 0)).toBe(0);
    figures.idle = {
      clients: 1000,
      idleXactsPerSecond,
      readsForTwoEvents: reads,
      slowestHealthMs: slowestMs,
    };
  });

  it('drops 50 replay clients that never read, holding bounded memory meanwhile', async () => {
    const rssBefore = await metric(system.baseUrl, 'process_resident_memory_bytes');
    const droppedBefore = await metric(system.baseUrl, 'touchline_streams_dropped_total');
    const sockets = range(1, 50).map(() => stalledRequest(port, '/matches/hs-long/replay?speed=0'));
    expect(await metricUntil(system.baseUrl, 'touchline_streams_open', (v) => v === 50)).toBe(50);
    let rssPeak = 0;
    const { slowestMs } = await healthDuring(
      system.baseUrl,
      (async () => {
        while ((await open()) > 0) {
          rssPeak = Math.max(rssPeak, await metric(system.baseUrl, 'process_resident_memory_bytes'));
          await new Promise((r) => setTimeout(r, 200));
        }
      })(),
    );
    expect(await open()).toBe(0);
    expect((await metric(system.baseUrl, 'touchline_streams_dropped_total')) - droppedBefore).toBe(50);
    sockets.forEach((s) => s.destroy());
    figures.stalledReplays = {
      clients: 50,
      eventsPerReplay: LONG_EVENTS,
      rssBeforeMb: Math.round(rssBefore / 2 ** 20),
      rssPeakMb: Math.round(rssPeak / 2 ** 20),
      slowestHealthMs: slowestMs,
    };
  });

  it(`replays a ${LONG_EVENTS}-event match whole, by pages, ending at its last seq`, async () => {
    let count = 0;
    let lastId = 0;
    let end: Record<string, unknown> | undefined;
    const resumes = range(1, 20).map(
      () => new SseCounter(`${system.baseUrl}/matches/hs-long/live`, { 'Last-Event-ID': '1' }),
    );
    const { slowestMs } = await healthDuring(
      system.baseUrl,
      Promise.all([
        readSse(
          `${system.baseUrl}/matches/hs-long/replay?speed=0`,
          (m) => {
            if (m.event === 'end') {
              end = m.data;
              return false;
            }
            count++;
            lastId = Number(m.id);
            return true;
          },
          { timeoutMs: 120000 },
        ),
        ...resumes.map((c) => c.reached(LONG_EVENTS)),
      ]),
    );
    expect(count).toBe(LONG_EVENTS);
    expect(lastId).toBe(LONG_EVENTS);
    expect(end).toEqual({ matchId: 'hs-long', version: LONG_EVENTS });
    // Live clients resuming from seq 1 get every later event once, in order.
    expect(
      resumes.filter(
        (c) => c.ids.length !== LONG_EVENTS - 1 || c.ids[0] !== 2 || c.ids[c.ids.length - 1] !== LONG_EVENTS,
      ),
    ).toHaveLength(0);
    resumes.forEach((c) => c.close());
    figures.longMatch = { events: LONG_EVENTS, replayPlus20Resumes: { slowestHealthMs: slowestMs } };
  });
});
