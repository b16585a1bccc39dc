import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Http } from './support/http';
import { postUntilAnswered, scheduleAndKickOff } from './support/matches';
import { PrivatePostgres } from './support/private-postgres';
import { ProjectorGate } from './support/projector-gate';
import { AppProcess } from './support/processes';
import { EventBody, seededRandom, sleep } from './support/retrying-feeder';
import { TestSystem } from './support/system';
import { FAULT_TEST_TIMEOUT_MS } from './support/timeouts';

jest.setTimeout(FAULT_TEST_TIMEOUT_MS);

const MATCHES = 40;
const EVENTS_PER_MATCH = 500; // 20,000 events to project, plus 2 per match to schedule and kick off
const ARRAY_SIZE = 50;
const OUTAGE_MS = 5000;

/** The rows a projection produced, in primary-key order, as comparable JSON. */
const TABLES: Record<string, string> = {
  matches: 'SELECT match_id, competition, tie_id, version, status, state FROM read.matches ORDER BY match_id',
  match_scorers: 'SELECT * FROM read.match_scorers ORDER BY match_id, player, team',
  events:
    'SELECT stream_id, seq, kafka_partition, kafka_offset, body FROM read.events ORDER BY stream_id, seq',
  ties: 'SELECT * FROM read.ties ORDER BY tie_id',
  parked:
    'SELECT stream_id, kafka_partition, kafka_offset, raw, error FROM read.parked ORDER BY stream_id, kafka_offset',
  checkpoints: 'SELECT projection, kafka_partition, next_offset FROM read.checkpoints ORDER BY 1, 2',
};

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function snapshot(url: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, sql] of Object.entries(TABLES)) out[name] = JSON.stringify(await query(url, sql));
  return out;
}

/** Events projected so far (0 while the schema does not exist yet or the server is away). */
async function projected(url: string): Promise<number> {
  try {
    const [row] = await query<{ n: string }>(url, 'SELECT coalesce(sum(version), 0) AS n FROM read.matches');
    return Number(row.n);
  } catch {
    return -1;
  }
}

/** A match's events: offsides and goals, the first goal disallowed at the end. */
function matchEvents(matchId: string, rnd: () => number): EventBody[] {
  const events = Array.from({ length: EVENTS_PER_MATCH - 1 }, (_, i): EventBody => {
    const team = rnd() < 0.5 ? 'MIA' : 'LAFC';
    const minute = 1 + Math.floor(rnd() * 45);
    const eventId = `${matchId}-e${i + 1}`;
    return i % 10 === 3
      ? { eventId, type: 'GoalScored', minute, team, player: `${team}-p${i % 5}`, kind: 'open_play' }
      : { eventId, type: 'OffsideCalled', minute, team };
  });
  events.push({
    eventId: `${matchId}-var`,
    type: 'GoalDisallowed',
    minute: 45,
    goalEventId: `${matchId}-e4`,
    reason: 'var',
  });
  return events;
}

/**
 * Read models are a function of the log alone, and a crash never counts an event twice or misses
 * one — also when PostgreSQL itself goes away while the projector is writing.
 */
describe('a PostgreSQL restart in the middle of projecting', () => {
  let pg: PrivatePostgres;
  let system: TestSystem;
  let http: Http;
  let clean: AppProcess | null = null;

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    const url = await pg.createDatabase('touchline_live');
    system = await TestSystem.start({ projector: false, env: { DATABASE_URL: url } });
    http = new Http(system.baseUrl);
  });
  afterAll(async () => {
    await clean?.stop();
    await system?.stop();
    await pg?.destroy();
  });

  it('resumes by itself, and its rows equal a clean rebuild from the log', async () => {
    const rnd = seededRandom(3);
    const matchIds = Array.from({ length: MATCHES }, (_, i) => `pgr-${i}`);
    const feed = (ids: string[]) =>
      Promise.all(
        ids.map(async (matchId) => {
          await scheduleAndKickOff(http, matchId);
          const events = matchEvents(matchId, rnd);
          // Every event carries its eventId: an append that timed out on a loaded machine (503) is
          // sent again unchanged, and answered 200 if it had landed after all.
          for (let i = 0; i < events.length; i += ARRAY_SIZE)
            await postUntilAnswered(
              http,
              `feed ${matchId}`,
              `/matches/${matchId}/events`,
              events.slice(i, i + ARRAY_SIZE),
            );
        }),
      );
    const total = MATCHES * (EVENTS_PER_MATCH + 2);
    const firstTenth = matchIds.slice(0, MATCHES / 10);
    const liveUrl = system.env.DATABASE_URL!;

    // The fault, at a moment the test controls: the projector folds a tenth of the matches, then
    // its next batch is held at a gate inside its open transaction, and PostgreSQL stops under it.
    await feed(firstTenth);
    const projectionStarted = Date.now();
    system.projector.start();
    const projectorPid = system.projector.pid;
    while ((await projected(liveUrl)) < firstTenth.length * (EVENTS_PER_MATCH + 2)) {
      if (!system.projector.running) throw new Error(`projector exited:\n${system.projector.logs()}`);
      await sleep(20);
    }
    const gate = await ProjectorGate.close(liveUrl);
    const feedingTheRest = feed(matchIds.slice(firstTenth.length));
    await gate.projectorHeld(() => system.projector.running);
    const before = await projected(liveUrl);
    const stopping = Date.now();
    await pg.down();
    const down = Date.now();
    await gate.open();
    // Longer than the consumer's retries: it crashes, restarts and rejoins while the server is away.
    await sleep(OUTAGE_MS);
    await pg.up();
    const up = Date.now();
    await feedingTheRest;
    expect(before).toBeLessThan(total);

    let after = 0;
    while ((after = await projected(liveUrl)) < total && system.projector.running) await sleep(100);
    const caughtUp = Date.now();
    // The same process, never restarted: it resumed on its own.
    if (!system.projector.running)
      throw new Error(`projector exited:\n${system.projector.logs().slice(-8000)}`);
    expect(system.projector.pid).toBe(projectorPid);
    expect(after).toBe(total);

    // A clean rebuild: a second projector, fresh group, fresh database, same topic.
    const cleanUrl = await pg.createDatabase('touchline_clean');
    clean = new AppProcess('projector', {
      ...system.env,
      DATABASE_URL: cleanUrl,
      PROJECTOR_GROUP: `touchline-test-clean-${randomUUID().slice(0, 8)}`,
    });
    const rebuildStarted = Date.now();
    clean.start();
    while ((await projected(cleanUrl)) < total) {
      if (!clean.running) throw new Error(`clean projector exited:\n${clean.logs()}`);
      await sleep(100);
    }
    const rebuilt = Date.now();
    await sleep(500); // the last batch's checkpoints are written in the same transaction; let any straggler land
    const [live, fresh] = [await snapshot(liveUrl), await snapshot(cleanUrl)];
    for (const table of Object.keys(TABLES))
      expect({ table, rows: live[table] }).toEqual({ table, rows: fresh[table] });
    expect(JSON.parse(live.parked)).toEqual([]);

    // The api's own connections came back too.
    const view = await http.get<{ version: number; score: { home: number; away: number } }>(
      `/matches/${matchIds[0]}`,
    );
    expect(view.status).toBe(200);
    expect(view.body.version).toBe(EVENTS_PER_MATCH + 2);

    process.stdout.write(
      `${JSON.stringify({
        test: 'postgres restart',
        eventsProjected: total,
        projectedBeforeRestart: before,
        pgStopMs: down - stopping,
        pgDownMs: up - down,
        caughtUpAfterPgUpMs: caughtUp - up,
        liveProjectionMs: caughtUp - projectionStarted,
        cleanRebuildMs: rebuilt - rebuildStarted,
        rows: Object.fromEntries(Object.entries(live).map(([t, rows]) => [t, JSON.parse(rows).length])),
        lost: total - after,
        consumerRestartsLogged: (system.projector.logs().match(/Restarting the consumer/g) ?? []).length,
        checkpointSeeksFailedLogged: (system.projector.logs().match(/could not seek to checkpoints/g) ?? [])
          .length,
      })}\n`,
    );
  });
});
