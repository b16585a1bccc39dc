import { join } from 'node:path';
import type { Request } from 'autocannon';
import { destroyAgent, inParallel, send, sendOk } from './support/http';
import { assertHealthy, runLoad, type LoadResult } from './support/load';
import { firstHalfEvent, firstHalfMinute, kickOff, scheduleBody, tieBody } from './support/match-events';
import { freePort, NodeProcess, ROOT } from './support/processes';
import { projectionCaughtUp } from './support/projection-caught-up';
import { figure, Figure, finishPart, log } from './support/results';
import { EventCounter, readyMatches } from './support/setup';
import { envInt, median } from './support/stats';
import { BenchSystem, FEEDER_KEY } from './support/system';

/**
 * Queries: GET /matches/{id}, GET /ties/{id} and GET /competitions/{c}/standings with 100
 * concurrent clients while events keep arriving, at a fixed 2,000 requests/s (latency) and flat
 * out (throughput), beside a bare node:http + pg server running the same SQL and view functions
 * as the ceiling.
 */
const SECONDS = envInt('QUERY_SECONDS', 5);
const REPS = envInt('QUERY_REPS', 3);
const TIES = envInt('QUERY_TIES', 100);
const RATE = envInt('QUERY_RATE', 2000);
const CONNECTIONS = envInt('QUERY_CONNECTIONS', 100);
const INGEST_RATE = envInt('QUERY_INGEST_RATE', 1000);
const PREFILL = envInt('QUERY_PREFILL_EVENTS', 100);
const INGEST_MATCHES = envInt('QUERY_INGEST_MATCHES', 1000);
const PER_MATCH_MINUTES = 400;
/** World Cup-sized competitions: 8 groups of 4 teams, 6 matches each, live or finished. */
const COMPETITIONS = envInt('QUERY_COMPETITIONS', 4);
const GROUPS = 8;

type Kind = 'matches' | 'ties' | 'standings';
const KINDS: readonly Kind[] = ['matches', 'ties', 'standings'];
const PATHS: Record<Kind, string> = {
  matches: 'GET /matches/{id}',
  ties: 'GET /ties/{id}',
  standings: 'GET /competitions/{c}/standings',
};
const pathOf = (kind: Kind, id: string) =>
  kind === 'standings' ? `/competitions/${id}/standings` : `/${kind}/${id}`;

interface Fixture {
  ties: string[];
  matches: string[];
  competitions: string[];
  groupMatches: string[];
  /** Other live matches that take the background ingest, so the queried rows keep a match's size. */
  live: string[];
}

/** Two-legged ties, first legs live with `PREFILL` events each (a match's state is its whole log). */
async function fixture(baseUrl: string, counter: EventCounter): Promise<Fixture> {
  const ties = Array.from({ length: TIES }, (_, i) => `tie-${i}`);
  const legs = (t: string): [string, string] => [`${t}-l1`, `${t}-l2`];
  await inParallel(ties, 32, async (tieId) => {
    const [l1, l2] = legs(tieId);
    await sendOk(baseUrl, 'POST', '/ties', tieBody(tieId, [l1, l2]), FEEDER_KEY);
    await sendOk(baseUrl, 'POST', '/matches', scheduleBody(l1, 'BENCH', { tieId, leg: 1 }), FEEDER_KEY);
    await sendOk(baseUrl, 'POST', '/matches', scheduleBody(l2, 'BENCH', { tieId, leg: 2 }), FEEDER_KEY);
    await sendOk(baseUrl, 'POST', `/matches/${l1}/events`, kickOff(l1), FEEDER_KEY);
    for (let k = 0; k < PREFILL; k += 20) {
      const first = counter.take(l1, 20);
      const events = Array.from({ length: 20 }, (_, i) =>
        firstHalfEvent(l1, first + i, firstHalfMinute(first + i, PER_MATCH_MINUTES)),
      );
      await sendOk(baseUrl, 'POST', `/matches/${l1}/events`, events, FEEDER_KEY);
    }
  });
  const { competitions, groupMatches } = await groupStages(baseUrl);
  const live = await readyMatches(baseUrl, INGEST_MATCHES);
  return { ties, matches: ties.map((t) => legs(t)[0]), competitions, groupMatches, live };
}

/** `COMPETITIONS` group stages: each group's six matches, four finished and two live, with goals and cards. */
async function groupStages(baseUrl: string): Promise<{ competitions: string[]; groupMatches: string[] }> {
  const competitions = Array.from({ length: COMPETITIONS }, (_, i) => `wc-${i}`);
  const pairs = [
    [0, 1],
    [2, 3],
    [0, 2],
    [1, 3],
    [3, 0],
    [1, 2],
  ];
  const matches = competitions.flatMap((c) =>
    Array.from({ length: GROUPS }, (_, g) => String.fromCharCode(65 + g)).flatMap((group) =>
      pairs.map(([h, a], i) => ({ c, group, i, home: `${group}${h}`, away: `${group}${a}` })),
    ),
  );
  await inParallel(matches, 32, async ({ c, group, i, home, away }) => {
    const matchId = `${c}-${group}-${i}`;
    await sendOk(
      baseUrl,
      'POST',
      '/matches',
      {
        matchId,
        competition: c,
        homeTeam: { id: home, name: home },
        awayTeam: { id: away, name: away },
        group,
        round: `Matchday ${Math.floor(i / 2) + 1}`,
      },
      FEEDER_KEY,
    );
    const goal = (team: string, minute: number) => ({
      type: 'GoalScored',
      team,
      player: `${team}-9`,
      kind: 'open_play',
      minute,
    });
    const events: Array<Record<string, unknown>> = [
      { type: 'PeriodStarted', period: '1H', minute: 0 },
      goal(home, 10 + i),
      { type: 'CardShown', team: away, player: `${away}-4`, card: 'yellow', minute: 20 },
      ...(i % 3 ? [goal(away, 30)] : []),
    ];
    if (i < 4) {
      events.push(
        { type: 'PeriodEnded', period: '1H', minute: 45 },
        { type: 'PeriodStarted', period: '2H', minute: 45 },
        { type: 'PeriodEnded', period: '2H', minute: 90 },
        { type: 'MatchEnded' },
      );
    }
    await sendOk(baseUrl, 'POST', `/matches/${matchId}/events`, events, FEEDER_KEY);
  });
  return { competitions, groupMatches: matches.map(({ c, group, i }) => `${c}-${group}-${i}`) };
}

/** Single events at a steady rate over the other live matches. */
function backgroundIngest(
  baseUrl: string,
  f: Fixture,
  counter: EventCounter,
  seconds: number,
): Promise<LoadResult> {
  let rr = 0;
  const request: Request = {
    method: 'POST',
    setupRequest: (req) => {
      const matchId = f.live[rr++ % f.live.length];
      const n = counter.take(matchId);
      return {
        ...req,
        path: `/matches/${matchId}/events`,
        body: JSON.stringify(
          firstHalfEvent(matchId, n, firstHalfMinute(n % PER_MATCH_MINUTES, PER_MATCH_MINUTES)),
        ),
      };
    },
  };
  return runLoad({
    url: baseUrl,
    connections: 20,
    seconds,
    overallRate: INGEST_RATE,
    requests: [request],
    headers: { authorization: `Bearer ${FEEDER_KEY}` },
  });
}

function queryLoad(baseUrl: string, kind: Kind, ids: string[], rate?: number): Promise<LoadResult> {
  let i = 0;
  const request: Request = {
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: pathOf(kind, ids[(i++ * 7919) % ids.length]) }),
  };
  return runLoad({
    url: baseUrl,
    connections: CONNECTIONS,
    seconds: SECONDS,
    ...(rate ? { overallRate: rate } : {}),
    requests: [request],
  });
}

interface Point {
  rps: number;
  p50: number;
  p99: number;
}
const point = (r: LoadResult): Point => {
  const s = r.latency.summary();
  return { rps: r.ok / r.seconds, p50: s.p50, p99: s.p99 };
};

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const system = await BenchSystem.start();
  const rawPort = await freePort();
  const raw = new NodeProcess(
    'raw-query-server',
    join(ROOT, 'dist', 'bench', 'support', 'raw-query-server.js'),
    {
      DATABASE_URL: system.databaseUrl,
      DATABASE_POOL_SIZE: '10',
      PORT: String(rawPort),
    },
  );
  const rawUrl = `http://127.0.0.1:${rawPort}`;
  const counter = new EventCounter();
  const runs = new Map<string, Point[]>();
  const add = (key: string, p: Point) => runs.set(key, [...(runs.get(key) ?? []), p]);
  const ingestAchieved: number[] = [];
  let memory: Record<string, number | null> = {};
  try {
    log('queries', `scheduling ${TIES} ties with live first legs of ${PREFILL} events`);
    const f = await fixture(system.baseUrl, counter);
    await projectionCaughtUp(
      system.databaseUrl,
      {
        matches: f.matches,
        version: 2 + Math.ceil(PREFILL / 20) * 20,
        ties: f.ties,
        groupMatches: f.groupMatches,
      },
      120000,
    );
    raw.start();
    for (
      let tries = 0;
      (await send(rawUrl, 'GET', `/ties/${f.ties[0]}`).catch(() => ({ status: 0 }))).status !== 200;
      tries++
    ) {
      if (tries > 100) throw new Error(`raw query server not answering:\n${raw.logs()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const targets: Record<Kind, string[]> = {
      matches: f.matches,
      ties: f.ties,
      standings: f.competitions,
    };
    // Warm-up (JIT, pools) on both servers.
    for (const url of [system.baseUrl, rawUrl]) await queryLoad(url, 'matches', f.matches, RATE);
    // Once without ingest, to tell the read path's own cost from contention with the write side.
    for (const kind of KINDS) {
      for (const [server, url] of [
        ['api', system.baseUrl],
        ['raw', rawUrl],
      ] as const) {
        const quiet = await queryLoad(url, kind, targets[kind], RATE);
        assertHealthy(`${server} ${kind} quiet`, quiet);
        add(`${server}:${kind}:quiet`, point(quiet));
        const q = point(quiet);
        log(
          'queries',
          `no ingest ${server} ${PATHS[kind]}: at ${Math.round(q.rps)} req/s p50 ${q.p50.toFixed(2)} p99 ${q.p99.toFixed(2)} ms`,
        );
      }
    }
    for (let rep = 1; rep <= REPS; rep++) {
      for (const kind of KINDS) {
        for (const [server, url] of [
          ['api', system.baseUrl],
          ['raw', rawUrl],
        ] as const) {
          const ingest = backgroundIngest(system.baseUrl, f, counter, SECONDS * 2 + 1);
          const fixed = await queryLoad(url, kind, targets[kind], RATE);
          const flat = await queryLoad(url, kind, targets[kind]);
          const ing = await ingest;
          assertHealthy(`${server} ${kind} fixed`, fixed);
          assertHealthy(`${server} ${kind} flat out`, flat);
          assertHealthy('background ingest', ing);
          ingestAchieved.push(ing.ok / ing.seconds);
          add(`${server}:${kind}:fixed`, point(fixed));
          add(`${server}:${kind}:flat`, point(flat));
          const [a, b] = [point(fixed), point(flat)];
          log(
            'queries',
            `rep ${rep} ${server} ${PATHS[kind]}: at ${Math.round(a.rps)} req/s p50 ${a.p50.toFixed(2)} p99 ${a.p99.toFixed(2)} ms | flat out ${Math.round(b.rps)} req/s p50 ${b.p50.toFixed(2)} p99 ${b.p99.toFixed(2)} ms`,
          );
        }
      }
    }
    memory = { ...system.memory(), rawQueryServerPeakRssMiB: raw.peakRssMiB() };
  } finally {
    await raw.stop();
    await system.stop();
    destroyAgent();
  }

  const m = (key: string, pick: (p: Point) => number) => median((runs.get(key) ?? []).map(pick));
  const figures: Figure[] = [];
  for (const kind of KINDS) {
    const path = PATHS[kind];
    figures.push(
      figure(
        `${path} p50 at ${RATE} req/s`,
        m(`api:${kind}:fixed`, (p) => p.p50),
        'ms',
        {
          reps: runs.get(`api:${kind}:fixed`)!.map((p) => p.p50),
          ceiling: { label: 'bare node:http + pg', value: m(`raw:${kind}:fixed`, (p) => p.p50) },
        },
      ),
      figure(
        `${path} p99 at ${RATE} req/s`,
        m(`api:${kind}:fixed`, (p) => p.p99),
        'ms',
        {
          reps: runs.get(`api:${kind}:fixed`)!.map((p) => p.p99),
          ceiling: { label: 'bare node:http + pg', value: m(`raw:${kind}:fixed`, (p) => p.p99) },
          goal: { text: `≤ 10 ms at ${RATE} req/s`, atMost: 10 },
        },
      ),
      figure(
        `${path} achieved rate (target ${RATE})`,
        m(`api:${kind}:fixed`, (p) => p.rps),
        'req/s',
        { ceiling: { label: 'bare node:http + pg', value: m(`raw:${kind}:fixed`, (p) => p.rps) } },
      ),
      figure(
        `${path} throughput, ${CONNECTIONS} clients flat out`,
        m(`api:${kind}:flat`, (p) => p.rps),
        'req/s',
        {
          reps: runs.get(`api:${kind}:flat`)!.map((p) => p.rps),
          ceiling: { label: 'bare node:http + pg', value: m(`raw:${kind}:flat`, (p) => p.rps) },
        },
      ),
      figure(
        `${path} p99 at ${RATE} req/s, no ingest running`,
        m(`api:${kind}:quiet`, (p) => p.p99),
        'ms',
        {
          ceiling: { label: 'bare node:http + pg', value: m(`raw:${kind}:quiet`, (p) => p.p99) },
          goal: { text: `≤ 10 ms at ${RATE} req/s`, atMost: 10 },
        },
      ),
      figure(
        `${path} achieved rate, no ingest running`,
        m(`api:${kind}:quiet`, (p) => p.rps),
        'req/s',
        {
          ceiling: { label: 'bare node:http + pg', value: m(`raw:${kind}:quiet`, (p) => p.rps) },
        },
      ),
      figure(
        `${path} p99, ${CONNECTIONS} clients flat out`,
        m(`api:${kind}:flat`, (p) => p.p99),
        'ms',
        { ceiling: { label: 'bare node:http + pg', value: m(`raw:${kind}:flat`, (p) => p.p99) } },
      ),
    );
  }
  figures.push(
    figure(`background ingest achieved (target ${INGEST_RATE})`, median(ingestAchieved), 'events/s'),
    figure('api peak RSS (queries)', memory.apiPeakRssMiB ?? NaN, 'MiB', {
      ceiling: { label: 'raw query server', value: memory.rawQueryServerPeakRssMiB ?? NaN },
    }),
    figure('projector peak RSS (queries)', memory.projectorPeakRssMiB ?? NaN, 'MiB'),
  );
  await finishPart('queries', startedAt, {
    settings: {
      seconds: SECONDS,
      reps: REPS,
      ties: TIES,
      rate: RATE,
      connections: CONNECTIONS,
      ingestRate: INGEST_RATE,
      prefillEvents: PREFILL,
      competitions: COMPETITIONS,
      groupsPerCompetition: GROUPS,
    },
    figures,
    memory,
    notes: [
      `Each measurement runs while ${INGEST_RATE} single events/s are posted over ${INGEST_MATCHES} other live matches (the api and projector keep working; the queried rows keep a real match's size).`,
      'Fixed rate: autocannon overallRate; flat out: closed loop, each client waits for its answer.',
      'Ceiling: bare node:http + pg in its own process, same pool size (10), same SQL and the same view functions (matchView, tieStanding), no Nest/Fastify/middleware.',
      `Standings: ${COMPETITIONS} competitions of ${GROUPS} groups × 6 matches (4 finished, 2 live, with goals and cards); each GET reads the competition's 48 rows and ranks every group (computeStandings) at query time.`,
      `A match row holds its whole state as jsonb, including the log of every event (${PREFILL} events on each queried first leg), which each GET /matches reads and parses.`,
    ],
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
