import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'pg';
import { computeStandings, DEFAULT_STANDINGS_RULES } from '@touchline/domain';
import { NOTIFICATIONS_APPLICATION_NAME, ReadModelRepository } from '@touchline/read-models';
import { Http } from './support/http';
import { scheduleAndKickOff, offside } from './support/matches';
import { metric, metricUntil } from './support/metrics';
import { MatchRowsGate } from './support/projector-gate';
import { TestSystem } from './support/system';

type Json = Record<string, unknown>;
type MatchBody = { version: number; score: { home: number; away: number } };
type StandingsBody = {
  tables: Array<{ group: string | null; rows: Array<{ team: string; goalsFor: number; points: number }> }>;
  thirdPlaced: unknown;
};
type TieBody = {
  aggregate: Record<string, number>;
  legs: Array<{ matchId: string; version: number | null }>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A hang guard only: the projector's pace on a loaded machine decides how long these take. */
const GUARD_MS = 60_000;

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + GUARD_MS;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what} (last ${JSON.stringify(v)})`);
    await sleep(50);
  }
}

describe('hot views: live matches and ties answered from memory, never older than what was projected', () => {
  let system: TestSystem;
  let http: Http;
  let db: Pool;

  const hits = (view: string) => metric(system.baseUrl, 'touchline_hot_views_hits_total', { view });
  const misses = (view: string) => metric(system.baseUrl, 'touchline_hot_views_misses_total', { view });
  const get = async <T>(path: string): Promise<T> => {
    const r = await http.get<T>(path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const post = async (path: string, body: unknown): Promise<void> => {
    const r = await http.post(path, body);
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const goal = (eventId: string, minute: number, team = 'MIA'): Json => ({
    eventId,
    type: 'GoalScored',
    minute,
    team,
    player: `${team}-9`,
    kind: 'open_play',
  });
  const projectedVersion = async (matchId: string): Promise<number> =>
    (await db.query<{ v: number }>('SELECT version AS v FROM read.matches WHERE match_id = $1', [matchId]))
      .rows[0]?.v ?? 0;

  beforeAll(async () => {
    // minVersion waits are hang guards here: a fresh projector joining its group may take a while.
    system = await TestSystem.start({ partitions: 4, env: { MIN_VERSION_WAIT_MS: String(GUARD_MS) } });
    http = new Http(system.baseUrl);
    db = new Pool({ connectionString: system.databaseUrl, max: 2 });
    // Views are held only while the api hears the projector's notifications.
    const connected = 'touchline_projection_notifications_connected';
    expect(await metricUntil(system.baseUrl, connected, (v) => v === 1, {}, GUARD_MS)).toBe(1);
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  it('answers a match read again from memory, without SQL, until an event moves it; then the new view', async () => {
    await scheduleAndKickOff(http, 'hv-match');
    const first = await get<MatchBody>('/matches/hv-match?minVersion=2');
    expect(first.version).toBe(2);

    const [h0, m0] = [await hits('match'), await misses('match')];
    const again = await get<MatchBody>('/matches/hv-match');
    expect(again).toEqual(first);
    expect(await hits('match')).toBe(h0 + 1);
    expect(await misses('match')).toBe(m0);

    await post('/matches/hv-match/events', goal('hv-g1', 10));
    // Without minVersion: the notification of the new version drops the view held.
    const moved = await until(
      'the goal in GET /matches/hv-match',
      () => get<MatchBody>('/matches/hv-match'),
      (b) => b.version >= 3,
    );
    expect(moved).toMatchObject({ version: 3, score: { home: 1, away: 0 } });
    for (let i = 0; i < 5; i++) expect((await get<MatchBody>('/matches/hv-match')).version).toBe(3);

    // With minVersion: a view held at an older version never answers it.
    await post('/matches/hv-match/events', goal('hv-g2', 20));
    expect(await get<MatchBody>('/matches/hv-match?minVersion=4')).toMatchObject({
      version: 4,
      score: { home: 2, away: 0 },
    });
    expect((await get<MatchBody>('/matches/hv-match')).version).toBe(4);
  });

  it('answers a tie from memory until one of its legs moves', async () => {
    const [l1, l2] = ['hv-tie-l1', 'hv-tie-l2'];
    await post('/ties', {
      tieId: 'hv-tie',
      competition: 'CCC',
      legs: [l1, l2],
      rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
    });
    const team = (id: string) => ({ id, name: `${id} FC` });
    await post('/matches', {
      matchId: l1,
      competition: 'CCC',
      homeTeam: team('MIA'),
      awayTeam: team('LAFC'),
      tieId: 'hv-tie',
      leg: 1,
    });
    await post('/matches', {
      matchId: l2,
      competition: 'CCC',
      homeTeam: team('LAFC'),
      awayTeam: team('MIA'),
      tieId: 'hv-tie',
      leg: 2,
    });
    await post(`/matches/${l1}/events`, {
      eventId: 'hv-tie-ko',
      type: 'PeriodStarted',
      period: '1H',
      minute: 0,
    });
    await until(
      'the second leg projected',
      () => projectedVersion(l2),
      (v) => v >= 1,
    );
    const first = await get<TieBody>(`/ties/hv-tie?minVersion=${l1}:2&minVersion=${l2}:1`);
    expect(first.legs.map((l) => l.version)).toEqual([2, 1]);

    const h0 = await hits('tie');
    expect(await get<TieBody>('/ties/hv-tie')).toEqual(first);
    expect(await hits('tie')).toBe(h0 + 1);

    await post(`/matches/${l1}/events`, goal('hv-tie-g1', 5));
    const moved = await get<TieBody>(`/ties/hv-tie?minVersion=${l1}:3`);
    expect(moved.legs[0].version).toBe(3);
    expect(moved.aggregate.MIA).toBe(1);
    await until(
      'the goal in GET /ties/hv-tie',
      () => get<TieBody>('/ties/hv-tie'),
      (b) => b.legs[0].version === 3,
    );
    expect((await get<TieBody>('/ties/hv-tie')).aggregate.MIA).toBe(1);
  });

  it('answers standings from memory until a result changes them or a match joins the competition; then what a fresh query computes', async () => {
    const team = (id: string) => ({ id, name: `${id} FC` });
    const schedule = async (matchId: string, group: string, home: string, away: string) => {
      await post('/matches', {
        matchId,
        competition: 'HVS',
        homeTeam: team(home),
        awayTeam: team(away),
        group,
      });
      await post(`/matches/${matchId}/events`, {
        eventId: `${matchId}-ko`,
        type: 'PeriodStarted',
        period: '1H',
        minute: 0,
      });
    };
    /** The tables as the rows now compute them (the cold read's query), beside the api's answer. */
    const fresh = async () => {
      const { rows } = await new ReadModelRepository(db).tableMatches('HVS');
      const { tables, thirdPlaced } = computeStandings(rows, DEFAULT_STANDINGS_RULES);
      return { tables, thirdPlaced };
    };
    const standings = () => get<StandingsBody>('/competitions/HVS/standings');
    const goalsOf = (b: StandingsBody, t: string) =>
      b.tables.flatMap((x) => x.rows).find((r) => r.team === t)?.goalsFor;

    await schedule('hv-s1', 'A', 'MIA', 'LAFC');
    const first = await get<StandingsBody>('/competitions/HVS/standings?minVersion=hv-s1:2');
    expect(first).toMatchObject(await fresh());
    const [h0, m0] = [await hits('standings'), await misses('standings')];
    expect(await standings()).toEqual(first);
    expect(await hits('standings')).toBe(h0 + 1);
    expect(await misses('standings')).toBe(m0);

    // A result posted to a group match: without minVersion, its notification drops the view held.
    await post('/matches/hv-s1/events', goal('hv-s1-g1', 10));
    const scored = await until('the goal in the standings', standings, (b) => goalsOf(b, 'MIA') === 1);
    expect(scored).toMatchObject(await fresh());
    expect(await standings()).toEqual(scored);

    // A match scheduled into the competition moves no version the view was read at: the
    // projector's tables:<competition> drops it all the same.
    const h1 = await hits('standings');
    expect(await standings()).toEqual(scored);
    expect(await hits('standings')).toBe(h1 + 1);
    await schedule('hv-s2', 'B', 'NYC', 'ORL');
    await until(
      'the second match projected',
      () => projectedVersion('hv-s2'),
      (v) => v >= 2,
    );
    const now = await fresh();
    const joined = await until('group B in the standings', standings, (b) =>
      isDeepStrictEqual({ tables: b.tables, thirdPlaced: b.thirdPlaced }, now),
    );
    expect(joined.tables.map((t) => t.group)).toEqual(['A', 'B']);
    // Read-your-writes on a held view: taken only at the version asked for.
    await post('/matches/hv-s2/events', goal('hv-s2-g1', 3, 'NYC'));
    const asked = await get<StandingsBody>('/competitions/HVS/standings?minVersion=hv-s2:3');
    expect(goalsOf(asked, 'NYC')).toBe(1);
    expect(asked).toMatchObject(await fresh());
  });

  it("does not answer from memory what was projected while its notifications' connection was down", async () => {
    await scheduleAndKickOff(http, 'hv-fault');
    await get<MatchBody>('/matches/hv-fault?minVersion=2');
    const h0 = await hits('match');
    expect((await get<MatchBody>('/matches/hv-fault')).version).toBe(2);
    expect(await hits('match')).toBe(h0 + 1);

    // Hold the projector's batch with the next event inside its transaction, so it commits (and
    // notifies) only once the api's LISTEN session is gone: that notification is never heard.
    const gate = await MatchRowsGate.close(system.databaseUrl, ['hv-fault']);
    try {
      await post('/matches/hv-fault/events', offside('hv-fault-off', 12));
      await until(
        'the projector held at the gate',
        () => gate.held(),
        (held) => held.length > 0,
      );
      const { rows } = await db.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [NOTIFICATIONS_APPLICATION_NAME],
      );
      expect(rows).toHaveLength(1);
      const resets = await metric(system.baseUrl, 'touchline_hot_views_resets_total');
      await db.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await gate.open();
      await until(
        'the event projected',
        () => projectedVersion('hv-fault'),
        (v) => v >= 3,
      );
      // Lost, then back (each drops every view held); the new session listens again.
      await metricUntil(
        system.baseUrl,
        'touchline_hot_views_resets_total',
        (v) => v >= resets + 2,
        {},
        GUARD_MS,
      );
      expect(await metric(system.baseUrl, 'touchline_projection_notifications_connected')).toBe(1);
    } finally {
      await gate.open();
    }
    expect((await get<MatchBody>('/matches/hv-fault')).version).toBe(3);
    expect((await get<MatchBody>('/matches/hv-fault')).version).toBe(3);

    // Notifications are heard again: the next event drops the view now held.
    await post('/matches/hv-fault/events', offside('hv-fault-off-2', 14));
    await until(
      'the next event',
      () => get<MatchBody>('/matches/hv-fault'),
      (b) => b.version === 4,
    );
  });
});
