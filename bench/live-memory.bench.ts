import { destroyAgent, inParallel, sendOk } from './support/http';
import { scheduleBody, tieBody } from './support/match-events';
import { projectionCaughtUp } from './support/projection-caught-up';
import { scrapeSamples } from './support/prometheus';
import { figure, finishPart, listMiB, log } from './support/results';
import { envInt, median } from './support/stats';
import { BenchSystem, FEEDER_KEY } from './support/system';
import { liveMatches } from './support/top-up';

/**
 * The api's memory in the worst case of a match day: LIVE_MEMORY_MATCHES (1,500) matches all in
 * play at once, none ended, each of LIVE_MEMORY_EVENTS_PER_MATCH (200) records (schedule,
 * kick-off, first-half events in arrays of 20), so the write side holds every one; then, once the
 * projector has caught up, every match and every tie read through GET /matches/{id} and
 * GET /ties/{id}, so the api's hot views hold them all. Each repetition is a fresh api and
 * projector; the api's memory is read after the intake and after the reads.
 */
const MATCHES = envInt('LIVE_MEMORY_MATCHES', 1500);
const PER_MATCH = envInt('LIVE_MEMORY_EVENTS_PER_MATCH', 200);
const REPS = envInt('LIVE_MEMORY_REPS', 3);
const CLIENTS = envInt('LIVE_MEMORY_CLIENTS', 100);
const READERS = envInt('LIVE_MEMORY_READERS', 32);
/** Legs per tie: 2, every match a leg of a two-legged tie (both legs live); 1, one-match ties; 0, no ties. */
const LEGS = Number(process.env.LIVE_MEMORY_TIE_LEGS ?? '2');
if (![0, 1, 2].includes(LEGS)) throw new Error(`LIVE_MEMORY_TIE_LEGS must be 0, 1 or 2, got ${LEGS}`);
const CATCH_UP_MS = 900_000;

type Memory = Record<string, number | null>;

interface Reading {
  records: number;
  afterIngest: Memory;
  afterReads: Memory;
  hotViews: number;
  hits: number;
  ingestSeconds: number;
  catchUpSeconds: number;
}

async function measure(rep: number): Promise<Reading> {
  const system = await BenchSystem.start();
  try {
    const matches = Array.from({ length: MATCHES }, (_, i) => `live${rep}x${i.toString(36)}-${process.pid}`);
    // Consecutive matches are the legs of one tie.
    const ties = Array.from({ length: LEGS ? Math.ceil(MATCHES / LEGS) : 0 }, (_, t) => ({
      tieId: `tie${rep}x${t.toString(36)}-${process.pid}`,
      legs: matches.slice(t * LEGS, (t + 1) * LEGS),
    }));
    await inParallel(ties, 32, ({ tieId, legs }) =>
      sendOk(system.baseUrl, 'POST', '/ties', tieBody(tieId, legs), FEEDER_KEY),
    );
    const schedules = matches.map((id, i) =>
      scheduleBody(
        id,
        'BENCH',
        LEGS ? { tieId: ties[Math.floor(i / LEGS)].tieId, leg: ((i % LEGS) + 1) as 1 | 2 } : undefined,
      ),
    );
    const started = Date.now();
    const records = await liveMatches(system.baseUrl, schedules, {
      perMatch: PER_MATCH - 2,
      batch: 20,
      clients: CLIENTS,
    });
    const ingestSeconds = (Date.now() - started) / 1000;
    const afterIngest = await system.apiMemory();
    log(
      'live-memory',
      `rep ${rep}: after ${records} records in ${ingestSeconds} s (MiB): ${listMiB(afterIngest)}`,
    );
    const tieIds = ties.map((t) => t.tieId);
    await projectionCaughtUp(system.databaseUrl, { matches, version: PER_MATCH, ties: tieIds }, CATCH_UP_MS);
    const catchUpSeconds = (Date.now() - started) / 1000 - ingestSeconds;
    // Twice: the first pass loads every view from PostgreSQL and keeps it, the second finds it held.
    const paths = [...matches.map((m) => `/matches/${m}`), ...tieIds.map((t) => `/ties/${t}`)];
    const before = await scrapeSamples(`${system.baseUrl}/metrics`);
    for (let pass = 0; pass < 2; pass++) {
      await inParallel(paths, READERS, (path) =>
        sendOk(system.baseUrl, 'GET', path, undefined, undefined, [200]),
      );
    }
    const after = await scrapeSamples(`${system.baseUrl}/metrics`);
    const hitsOf = (s: Map<string, number>) =>
      ['match', 'tie'].reduce(
        (n, view) => n + (s.get(`touchline_hot_views_hits_total{view="${view}"}`) ?? 0),
        0,
      );
    const hits = hitsOf(after) - hitsOf(before);
    const hotViews = after.get('touchline_hot_views_entries') ?? NaN;
    const afterReads = await system.apiMemory();
    log(
      'live-memory',
      `rep ${rep}: projector caught up ${catchUpSeconds.toFixed(1)} s after the intake; ${paths.length} views read twice, ${hotViews} held, ${hits} hits; after the reads (MiB): ${listMiB(afterReads)}; projector peak RSS ${system.projector.peakRssMiB()} MiB`,
    );
    return { records, afterIngest, afterReads, hotViews, hits, ingestSeconds, catchUpSeconds };
  } finally {
    await system.stop();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const readings: Reading[] = [];
  try {
    for (let rep = 1; rep <= REPS; rep++) readings.push(await measure(rep));
  } finally {
    destroyAgent();
  }
  const of = (pick: (r: Reading) => number | null | undefined) => readings.map((r) => pick(r) ?? NaN);
  const mib = (name: string, pick: (r: Reading) => number | null | undefined, goal = false) =>
    figure(name, median(of(pick)), 'MiB', {
      reps: of(pick),
      ...(goal ? { goal: { text: '≤ 250 MiB', atMost: 250 } } : {}),
    });
  const live = `${MATCHES.toLocaleString('en-US')} live matches`;
  const figures = [
    mib(`api peak RSS, ${live} read (whole run)`, (r) => r.afterReads.apiPeakRssMiB, true),
    mib('api RSS after the reads', (r) => r.afterReads.apiRssMiB, true),
    mib('api peak RSS at the end of the intake, before any read', (r) => r.afterIngest.apiPeakRssMiB),
    mib('api RSS at the end of the intake', (r) => r.afterIngest.apiRssMiB),
    mib('V8 heap used at the end of the intake', (r) => r.afterIngest.heapUsedMiB),
    mib('V8 heap used after the reads', (r) => r.afterReads.heapUsedMiB),
    mib('V8 heap committed after the reads', (r) => r.afterReads.heapTotalMiB),
    figure('hot views held after the reads', median(of((r) => r.hotViews)), 'views'),
  ];
  const last = readings.at(-1)!;
  await finishPart('live-memory', startedAt, {
    settings: {
      reps: REPS,
      matches: MATCHES,
      recordsPerMatch: PER_MATCH,
      tieLegs: LEGS,
      clients: CLIENTS,
      readers: READERS,
    },
    figures,
    memory: { records: last.records, ...last.afterReads },
    notes: [
      `Each repetition: a fresh api and projector; ${LEGS ? `${LEGS === 2 ? 'two-legged' : 'one-match'} ties scheduled first, then ` : ''}every match posted (schedule, kick-off, first-half events in arrays of 20, ${CLIENTS} matches at a time, a 503/429 sent again unchanged) and left live.`,
      'The api memory is read at the end of the intake, and again after every match and tie has been read twice through its GET endpoint once the read models held every match at its last version (the first read loads the view into memory, the second is answered from it).',
      `Ingest ${median(of((r) => r.ingestSeconds)).toFixed(0)} s, projector caught up ${median(of((r) => r.catchUpSeconds)).toFixed(0)} s after it (medians).`,
    ],
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
