import { Client } from 'pg';
import { Http } from './support/http';
import { partitionOfStream as partitionOf } from '@touchline/event-store';
import { TestSystem } from './support/system';

type Json = Record<string, unknown>;
type Problem = { status: number; errors?: Array<{ field: string }>; detail?: string };

const COMPETITION = 'QTEST';
const MATCH = 'q-var';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fieldsOf = (body: unknown) => ((body as Problem).errors ?? []).map((e) => e.field);

describe('queries: scoreline, timeline, raw stream, time travel, ties, scorers, read-your-writes', () => {
  let system: TestSystem;
  let http: Http;
  /** recordedAt of the post that holds LAFC's goal, and of the one with the VAR decision that overturns it. */
  let goalRecordedAt: string;
  let varRecordedAt: string;

  const post = async <T = Json>(path: string, body: unknown): Promise<T> => {
    const r = await http.post<T>(path, body);
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const schedule = (matchId: string, home: string, away: string, extra: Json = {}) =>
    post('/matches', {
      matchId,
      competition: COMPETITION,
      homeTeam: { id: home, name: `${home} FC` },
      awayTeam: { id: away, name: `${away} FC` },
      ...extra,
    });

  beforeAll(async () => {
    system = await TestSystem.start({ partitions: 4, env: { MIN_VERSION_WAIT_MS: '1200' } });
    http = new Http(system.baseUrl);

    await schedule(MATCH, 'MIA', 'LAFC');
    await post(`/matches/${MATCH}/events`, [
      { eventId: 'ko', type: 'PeriodStarted', period: '1H', minute: 0 },
      { eventId: 'g1', type: 'GoalScored', minute: 9, team: 'MIA', player: 'Messy', kind: 'open_play' },
      { eventId: 'g2', type: 'GoalScored', minute: 20, team: 'LAFC', player: 'Bouanga', kind: 'open_play' },
    ]);
    await sleep(30);
    await post(`/matches/${MATCH}/events`, [
      {
        eventId: 'r1',
        type: 'VarReviewStarted',
        minute: 21,
        reviewId: 'r1',
        incident: 'goal',
        refEventId: 'g2',
      },
      {
        eventId: 'r1-done',
        type: 'VarReviewCompleted',
        minute: 22,
        reviewId: 'r1',
        outcome: 'overturned',
        decision: 'handball',
      },
      { eventId: 'g3', type: 'GoalScored', minute: 30, team: 'LAFC', player: 'Long', kind: 'header' },
      { eventId: 'g3-off', type: 'GoalDisallowed', minute: 31, goalEventId: 'g3', reason: 'offside' },
      { eventId: 'end-1h', type: 'PeriodEnded', period: '1H', minute: 45 },
      { eventId: 'ko-2h', type: 'PeriodStarted', period: '2H', minute: 45 },
      { eventId: 'og', type: 'GoalScored', minute: 60, team: 'MIA', player: 'Palencia', kind: 'own_goal' },
      { eventId: 'added-2h', type: 'StoppageTimeAnnounced', period: '2H', added: 4, minute: 90 },
      {
        eventId: 'g4',
        type: 'GoalScored',
        minute: 90,
        stoppage: 3,
        team: 'MIA',
        player: 'Suarez',
        kind: 'header',
      },
      { eventId: 'end-2h', type: 'PeriodEnded', period: '2H', minute: 90, stoppage: 4 },
      { eventId: 'final', type: 'MatchEnded', minute: 90, stoppage: 4 },
      { eventId: 'fix-g1', type: 'EventCorrected', refEventId: 'g1', changes: { player: 'Lionel Messi' } },
    ]);
    const events = await http.eventually<{ events: Json[] }>(
      `/matches/${MATCH}/events`,
      (r) => r.body.events?.length === 16,
    );
    goalRecordedAt = events.body.events.find((e) => e.eventId === 'g2')!.recordedAt as string;
    varRecordedAt = events.body.events.find((e) => e.eventId === 'r1-done')!.recordedAt as string;
  });
  afterAll(() => system.stop());

  it('GET /matches/{id}: scoreline and state, a goal overturned by VAR and one ruled offside not counting', async () => {
    const r = await http.get(`/matches/${MATCH}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      matchId: MATCH,
      competition: COMPETITION,
      homeTeam: { id: 'MIA', name: 'MIA FC' },
      awayTeam: { id: 'LAFC', name: 'LAFC FC' },
      status: 'finished',
      period: '2H',
      score: { home: 3, away: 0 },
      shootout: null,
      version: 16,
    });
  });

  it('GET /matches/{id}/timeline: every event in order, its effect on the score, why a goal stopped counting', async () => {
    const r = await http.get<{ matchId: string; version: number; score: Json; events: Json[] }>(
      `/matches/${MATCH}/timeline`,
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ matchId: MATCH, version: 16, score: { home: 3, away: 0 } });
    const bySeq = new Map(r.body.events.map((e) => [e.seq, e]));
    expect([...bySeq.keys()]).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(bySeq.get(3)).toMatchObject({
      eventId: 'g1',
      player: 'Lionel Messi',
      corrected: true,
      counts: true,
    });
    expect(bySeq.get(4)).toMatchObject({
      eventId: 'g2',
      counts: false,
      disallowed: { reason: 'var', seq: 6 },
      scoreAfter: { home: 1, away: 1 },
    });
    expect(bySeq.get(5)).toMatchObject({
      type: 'VarReviewStarted',
      review: { outcome: 'overturned', decision: 'handball' },
    });
    expect(bySeq.get(7)).toMatchObject({
      eventId: 'g3',
      counts: false,
      disallowed: { reason: 'offside', seq: 8 },
    });
    expect(bySeq.get(13)).toMatchObject({ eventId: 'g4', minute: 90, stoppage: 3, period: '2H' });
  });

  it('stores the match without its event log: its stored events, in seq order, are the history', async () => {
    const db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT state ? 'log' AS "hasLog", version,
           (SELECT count(*)::int FROM read.events WHERE stream_id = 'match:' || $1) AS "storedEvents"
         FROM read.matches WHERE match_id = $1`,
        [MATCH],
      );
      expect(rows).toEqual([{ hasLog: false, version: 16, storedEvents: 16 }]);
    } finally {
      await db.end();
    }
  });

  it('GET /matches/{id}/events: the raw stream in seq order, from a seq on', async () => {
    const all = await http.get<{ version: number; events: Json[] }>(`/matches/${MATCH}/events`);
    expect(all.status).toBe(200);
    expect(all.body.events.map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(all.body.events[0]).toMatchObject({ type: 'MatchScheduled', streamId: `match:${MATCH}`, seq: 1 });
    expect(all.body.events[15]).toMatchObject({
      type: 'EventCorrected',
      eventId: 'fix-g1',
      refEventId: 'g1',
      changes: { player: 'Lionel Messi' },
    });
    const tail = await http.get<{ events: Json[] }>(`/matches/${MATCH}/events?fromSeq=14&limit=2`);
    expect(tail.body.events.map((e) => e.eventId)).toEqual(['end-2h', 'final']);
    expect((await http.get<{ events: Json[] }>(`/matches/${MATCH}/events?fromSeq=99`)).body.events).toEqual(
      [],
    );
  });

  it('GET /matches/{id}/state: time travel by seq and by match clock, VAR overturn included', async () => {
    const at = async (q: string) => {
      const r = await http.get(`/matches/${MATCH}/state?${q}`);
      expect(r.status).toBe(200);
      return r.body;
    };
    expect(await at('atSeq=4')).toMatchObject({ version: 4, status: 'live', score: { home: 1, away: 1 } });
    expect(await at('atSeq=6')).toMatchObject({ version: 6, score: { home: 1, away: 0 } });
    expect(await at('atSeq=1')).toMatchObject({
      version: 1,
      status: 'scheduled',
      score: { home: 0, away: 0 },
    });
    // At minute 21 the review is open: the goal still counts; at 22 it has been overturned.
    expect(await at('at=21')).toMatchObject({ score: { home: 1, away: 1 }, minute: 21 });
    expect(await at('at=22')).toMatchObject({ score: { home: 1, away: 0 } });
    expect(await at('at=84')).toMatchObject({ score: { home: 2, away: 0 }, period: '2H' });
    expect(await at('at=90+3')).toMatchObject({ score: { home: 3, away: 0 }, minute: 90, stoppage: 3 });
    expect(await at('at=90%2B2')).toMatchObject({ score: { home: 2, away: 0 } });
    expect(await at('')).toMatchObject({ version: 16, score: { home: 3, away: 0 } });
  });

  it('GET /matches/{id}/state?asOf: what was known at an instant, before later decisions; combined with at', async () => {
    expect(goalRecordedAt < varRecordedAt).toBe(true);
    const known = await http.get(`/matches/${MATCH}/state?asOf=${goalRecordedAt}`);
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({ version: 4, score: { home: 1, away: 1 } });
    const after = await http.get(`/matches/${MATCH}/state?asOf=${encodeURIComponent(varRecordedAt)}`);
    expect(after.body).toMatchObject({ version: 16, score: { home: 3, away: 0 } });
    const both = await http.get(`/matches/${MATCH}/state?asOf=${goalRecordedAt}&at=10`);
    expect(both.body).toMatchObject({ score: { home: 1, away: 0 }, minute: 9 });
    // The same instant with an offset: + arrives as a space when not encoded, and is still understood.
    const offset = new Date(goalRecordedAt);
    const local = new Date(offset.getTime() + 2 * 3600 * 1000).toISOString().replace('Z', '+02:00');
    expect((await http.get(`/matches/${MATCH}/state?asOf=${local}`)).body).toMatchObject({ version: 4 });
    const before = await http.get<Problem>(`/matches/${MATCH}/state?asOf=2001-01-01T00:00:00Z`);
    expect(before.status).toBe(404);
    expect(before.body.detail).toContain('asOf');
  });

  it('refuses bad query parameters with a 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      [`/matches/${MATCH}/events?fromSeq=abc`, 'fromSeq'],
      [`/matches/${MATCH}/events?fromSeq=-1`, 'fromSeq'],
      [`/matches/${MATCH}/events?fromSeq=1&fromSeq=2`, 'fromSeq'],
      [`/matches/${MATCH}/events?limit=0`, 'limit'],
      [`/matches/${MATCH}/state?atSeq=0`, 'atSeq'],
      [`/matches/${MATCH}/state?atSeq=1.5`, 'atSeq'],
      [`/matches/${MATCH}/state?at=84'`, 'at'],
      [`/matches/${MATCH}/state?at=200`, 'at'],
      [`/matches/${MATCH}/state?at=90%2Bx`, 'at'],
      [`/matches/${MATCH}/state?asOf=yesterday`, 'asOf'],
      [`/matches/${MATCH}/state?asOf=2025-04-10`, 'asOf'],
      [`/matches/${MATCH}/state?atseq=3`, 'atseq'],
      [`/matches/${MATCH}?minVersion=soon`, 'minVersion'],
      [`/matches/${MATCH}/timeline?minVersion=-2`, 'minVersion'],
      ['/ties/q-tie?minVersion=q-leg-1', 'minVersion'],
      ['/ties/q-tie?minVersion=q-leg-1:x', 'minVersion'],
      [`/competitions/${COMPETITION}/scorers?limit=3`, 'limit'],
    ];
    for (const [path, field] of cases) {
      const r = await http.get(path);
      expect({ path, status: r.status, type: r.headers.get('content-type') }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect({ path, fields: fieldsOf(r.body) }).toEqual({ path, fields: [field] });
    }
  });

  it('answers 404 problems for unknown matches and ties', async () => {
    for (const path of [
      '/matches/nobody',
      '/matches/nobody/timeline',
      '/matches/nobody/events',
      '/matches/nobody/state?at=10',
      '/matches/bad%20id!/state',
      '/ties/nobody',
    ]) {
      const r = await http.get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await http.get('/competitions/NOPE/scorers')).toMatchObject({ status: 200, body: [] });
  });

  it('minVersion: a read right after a write sees it; one far ahead gets 503 with Retry-After', async () => {
    await schedule('q-ryw', 'MIA', 'LAFC');
    const [ko] = await post<Array<{ seq: number }>>('/matches/q-ryw/events', [
      { eventId: 'ko', type: 'PeriodStarted', period: '1H', minute: 0 },
    ]);
    expect((await http.get(`/matches/q-ryw?minVersion=${ko.seq}`)).body).toMatchObject({
      version: 2,
      status: 'live',
    });
    for (let i = 0; i < 3; i++) {
      const { seq } = await post<{ seq: number }>('/matches/q-ryw/events', {
        type: 'GoalScored',
        minute: 10 + i,
        team: 'MIA',
        player: 'Messi',
        kind: 'open_play',
      });
      const [match, timeline, state, events] = await Promise.all([
        http.get(`/matches/q-ryw?minVersion=${seq}`),
        http.get<{ events: Json[] }>(`/matches/q-ryw/timeline?minVersion=${seq}`),
        http.get(`/matches/q-ryw/state?atSeq=${seq}&minVersion=${seq}`),
        http.get<{ events: Json[] }>(`/matches/q-ryw/events?fromSeq=${seq}&minVersion=${seq}`),
      ]);
      expect(match.body).toMatchObject({ version: seq, score: { home: i + 1, away: 0 } });
      expect(timeline.body.events.at(-1)).toMatchObject({ seq, counts: true });
      expect(state.body).toMatchObject({ version: seq });
      expect(events.body.events.map((e) => e.seq)).toEqual([seq]);
    }
    const late = await http.get<Problem>('/matches/q-ryw?minVersion=500');
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('1');
    expect(late.headers.get('content-type')).toContain('application/problem+json');
    // A match the log does not hold is not waited for.
    const unknown = await http.get('/matches/q-not-yet?minVersion=1');
    expect(unknown.status).toBe(404);
  });

  it('minVersion survives a lost LISTEN connection: the API reconnects, and re-checks meanwhile', async () => {
    const listeners = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`;
    const db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    try {
      const before = (await db.query<{ pid: number }>(listeners)).rows.map((r) => r.pid);
      expect(before.length).toBeGreaterThan(0);
      await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1)', [before]);
      const { seq } = await post<{ seq: number }>('/matches/q-ryw/events', {
        type: 'OffsideCalled',
        minute: 20,
        team: 'LAFC',
      });
      expect((await http.get(`/matches/q-ryw?minVersion=${seq}`)).body).toMatchObject({ version: seq });
      const deadline = Date.now() + 10000;
      let after: number[] = [];
      while (Date.now() < deadline) {
        after = (await db.query<{ pid: number }>(listeners)).rows.map((r) => r.pid);
        if (after.some((pid) => !before.includes(pid))) break;
        await sleep(100);
      }
      expect(after.filter((pid) => !before.includes(pid)).length).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
  });

  it('GET /ties/{id}: legs in different partitions, away goals, read-your-writes per leg', async () => {
    const leg1 = 'q-leg-1';
    let leg2 = 'q-leg-2';
    for (let i = 0; partitionOf(`match:${leg2}`, 4) === partitionOf(`match:${leg1}`, 4); i++)
      leg2 = `q-leg-2-${i}`;
    await post('/ties', {
      tieId: 'q-tie',
      competition: COMPETITION,
      legs: [leg1, leg2],
      rules: { awayGoals: 'regulation', extraTime: false, penalties: false },
    });
    await schedule(leg1, 'LAFC', 'MIA', { tieId: 'q-tie', leg: 1 });
    await schedule(leg2, 'MIA', 'LAFC', { tieId: 'q-tie', leg: 2 });
    const goal = (g: Json) => ({ type: 'GoalScored', kind: 'open_play', ...g });
    const play = (matchId: string, goals: Json[]) =>
      post<Array<{ seq: number }>>(`/matches/${matchId}/events`, [
        { type: 'PeriodStarted', period: '1H', minute: 0 },
        ...goals.filter((g) => (g.minute as number) < 45).map(goal),
        { type: 'PeriodEnded', period: '1H', minute: 45 },
        { type: 'PeriodStarted', period: '2H', minute: 45 },
        ...goals.filter((g) => (g.minute as number) >= 45).map(goal),
        { type: 'PeriodEnded', period: '2H', minute: 90 },
        { type: 'MatchEnded', minute: 90 },
      ]);
    const v2 = (
      await play(leg2, [
        { minute: 9, team: 'LAFC', player: 'Long' },
        { minute: 35, team: 'MIA', player: 'Messi' },
        { minute: 80, team: 'MIA', player: 'Suarez' },
      ])
    ).at(-1)!.seq;
    const v1 = (await play(leg1, [{ minute: 50, team: 'LAFC', player: 'Bouanga' }])).at(-1)!.seq;

    const tie = await http.get(`/ties/q-tie?minVersion=${leg1}:${v1}&minVersion=${leg2}:${v2}`);
    expect(tie.status).toBe(200);
    expect(tie.body).toEqual({
      tieId: 'q-tie',
      competition: COMPETITION,
      rules: { awayGoals: 'regulation', extraTime: false, penalties: false },
      legs: [
        {
          leg: 1,
          matchId: leg1,
          homeTeam: 'LAFC',
          awayTeam: 'MIA',
          score: { home: 1, away: 0 },
          status: 'finished',
          version: v1,
        },
        {
          leg: 2,
          matchId: leg2,
          homeTeam: 'MIA',
          awayTeam: 'LAFC',
          score: { home: 2, away: 1 },
          status: 'finished',
          version: v2,
        },
      ],
      aggregate: { LAFC: 2, MIA: 2 },
      awayGoals: { LAFC: 1, MIA: 0 },
      leader: 'LAFC',
      reason: 'away_goals',
      decided: true,
      winner: 'LAFC',
      shootout: null,
    });

    const db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ stream_id: string; p: number }>(
        `SELECT stream_id, min(kafka_partition) AS p FROM read.events WHERE stream_id = ANY($1) GROUP BY stream_id`,
        [[`match:${leg1}`, `match:${leg2}`]],
      );
      expect(new Set(rows.map((r) => r.p)).size).toBe(2);
    } finally {
      await db.end();
    }

    const stranger = await http.get(`/ties/q-tie?minVersion=${MATCH}:1`);
    expect(stranger.status).toBe(400);
    expect(fieldsOf(stranger.body)).toEqual(['minVersion']);
    const ahead = await http.get(`/ties/q-tie?minVersion=${leg1}:${v1}&minVersion=${leg2}:${v2 + 50}`);
    expect(ahead.status).toBe(503);
    expect(ahead.headers.get('retry-after')).toBe('1');
  });

  it('ETag: a versioned GET answers 304 to the ETag it gave until its version moves', async () => {
    const matchId = 'q-etag';
    const tieId = 'q-etag-tie';
    // A competition of its own: its goal must not change the scorers of the others.
    const competition = 'QETAG';
    await post('/ties', {
      tieId,
      competition,
      legs: [matchId, 'q-etag-2'],
      rules: { awayGoals: 'none', extraTime: true, penalties: true },
    });
    await schedule(matchId, 'MIA', 'LAFC', { tieId, leg: 1, competition });
    await post(`/matches/${matchId}/events`, { type: 'PeriodStarted', period: '1H', minute: 0 });
    const conditional = (path: string, etag: string) =>
      http.send<unknown>('GET', path, undefined, { 'if-none-match': etag });
    const paths = [`/matches/${matchId}`, `/matches/${matchId}/timeline`, `/matches/${matchId}/events`];

    const tags = new Map<string, string>();
    for (const path of paths) {
      const first = await http.get(`${path}?minVersion=2`);
      expect({ path, status: first.status }).toEqual({ path, status: 200 });
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"2\.[0-9a-z]+"$/);
      const again = await conditional(path, etag);
      expect({ path, status: again.status, body: again.body }).toEqual({ path, status: 304, body: null });
      expect(again.headers.get('etag')).toBe(etag);
      expect((await conditional(path, `"1.x", W/${etag}`)).status).toBe(304);
      tags.set(path, etag);
    }
    const tie = await http.eventually(`/ties/${tieId}`, (r) => r.status === 200);
    const tieTag = tie.headers.get('etag') ?? '';
    expect(tieTag).toMatch(/^"2-n\.[0-9a-z]+"$/);
    expect((await conditional(`/ties/${tieId}`, tieTag)).status).toBe(304);

    // The next event moves the version: the old tag gets the new answer, with its new tag.
    await post(`/matches/${matchId}/events`, {
      type: 'GoalScored',
      minute: 3,
      team: 'MIA',
      player: 'Messi',
      kind: 'open_play',
    });
    expect((await http.get(`/matches/${matchId}?minVersion=3`)).status).toBe(200);
    for (const path of paths) {
      const moved = await conditional(path, tags.get(path)!);
      expect({ path, status: moved.status }).toEqual({ path, status: 200 });
      expect(moved.body).toMatchObject({ version: 3 });
      expect(moved.headers.get('etag')).toMatch(/^"3\./);
    }
    const tieMoved = await conditional(`/ties/${tieId}`, tieTag);
    expect(tieMoved.status).toBe(200);
    expect(tieMoved.headers.get('etag')).toMatch(/^"3-n\./);
  });

  it('ETag: time travel, the match list and the competition queries answer 304 until what they show moves', async () => {
    const competition = 'QTAGS';
    const [a, b] = ['q-tags-a', 'q-tags-b'];
    const card = (minute: number, team: string, player: string) => ({
      type: 'CardShown',
      minute,
      team,
      player,
      card: 'yellow',
    });
    const conditional = (path: string, etag: string) =>
      http.send<unknown>('GET', path, undefined, { 'if-none-match': etag });
    const state = `/matches/${a}/state`;
    const at30 = `/matches/${a}/state?at=30`;
    const atSeq9 = `/matches/${a}/state?atSeq=9`;
    const live = '/matches?status=live&limit=100';
    const scorers = `/competitions/${competition}/scorers`;
    const tables = `/competitions/${competition}/standings`;
    const groupA = `/competitions/${competition}/standings?group=A`;
    const fixtures = `/competitions/${competition}/matches`;
    const paths = [state, at30, atSeq9, live, scorers, tables, groupA, fixtures];
    type Tagged = Map<string, { tag: string; body: unknown }>;

    /** Each path's answer and tag, the read model holding `a` at `version`; the tag gets a 304. */
    const tagged = async (version: number): Promise<Tagged> => {
      expect((await http.get(`/matches/${a}?minVersion=${version}`)).status).toBe(200);
      const tags: Tagged = new Map();
      for (const path of paths) {
        const r = await http.get(path);
        const tag = r.headers.get('etag') ?? '';
        expect({ path, status: r.status, tag }).toEqual({
          path,
          status: 200,
          tag: expect.stringMatching(/^"[^".]+\.[0-9a-z]+"$/),
        });
        const again = await conditional(path, tag);
        expect({ path, status: again.status, body: again.body }).toEqual({ path, status: 304, body: null });
        expect(again.headers.get('etag')).toBe(tag);
        tags.set(path, { tag, body: r.body });
      }
      return tags;
    };
    /**
     * The paths whose old tag now gets a 200 with a new tag. A path that still answers 304 must
     * still have the body it had: a 304 never hides a change.
     */
    const moved = async (before: Tagged): Promise<string[]> => {
      const changed: string[] = [];
      for (const [path, { tag, body }] of before) {
        const r = await conditional(path, tag);
        if (r.status === 304) {
          expect({ path, body: (await http.get(path)).body }).toEqual({ path, body });
          continue;
        }
        expect({ path, status: r.status }).toEqual({ path, status: 200 });
        expect(r.headers.get('etag')).not.toBe(tag);
        changed.push(path);
      }
      return changed;
    };

    await schedule(a, 'MIA', 'LAFC', { competition, group: 'A' });
    await post(`/matches/${a}/events`, [
      { type: 'PeriodStarted', period: '1H', minute: 0 },
      { type: 'GoalScored', minute: 3, team: 'MIA', player: 'Messi', kind: 'open_play' },
    ]);
    // The tag of time travel counts the stored events it folded: the match's version, or atSeq.
    const v3 = await tagged(3);
    expect(v3.get(state)!.tag).toMatch(/^"3\./);
    expect(v3.get(atSeq9)!.tag).toMatch(/^"3\./);

    // A goal moves every answer.
    await post(`/matches/${a}/events`, {
      type: 'GoalScored',
      minute: 20,
      team: 'LAFC',
      player: 'Bouanga',
      kind: 'open_play',
    });
    const v4 = await tagged(4);
    expect(await moved(v3)).toEqual(paths);
    expect(v4.get(at30)!.body).not.toEqual(v3.get(at30)!.body);

    // Events after the 30th minute leave the match as it stood then, but its tag names the
    // version (a correction could still move it): a 200 with the same body, never a stale 304.
    await post(`/matches/${a}/events`, [
      { type: 'GoalScored', minute: 35, team: 'LAFC', player: 'Bouanga', kind: 'open_play' },
      card(36, 'MIA', 'Busquets'),
      card(37, 'MIA', 'Alba'),
      card(38, 'MIA', 'Suarez'),
      card(39, 'MIA', 'Messi'),
    ]);
    const v9 = await tagged(9);
    expect(await moved(v4)).toEqual(paths);
    expect(v9.get(at30)!.body).toEqual(v4.get(at30)!.body);
    expect(v9.get(atSeq9)!.tag).toMatch(/^"9\./);

    // Past atSeq nothing moves that answer again; a card moves the tables (fair play) and the
    // fixtures' and scorers' versions.
    await post(`/matches/${a}/events`, card(40, 'LAFC', 'Long'));
    const v10 = await tagged(10);
    expect(await moved(v9)).toEqual(paths.filter((p) => p !== atSeq9));

    // A match entering the competition moves its tables and fixtures, nothing else.
    await schedule(b, 'NYC', 'ORL', { competition, group: 'A' });
    expect((await http.get(`${fixtures}?minVersion=${b}:1`)).status).toBe(200);
    expect(await moved(v10)).toEqual([tables, groupA, fixtures]);

    // Declaring the competition (its name, its rules) moves its tables.
    const declared = await tagged(10);
    await post('/competitions', { competitionId: competition, name: 'Tags Cup' });
    await http.eventually(tables, (r) => (r.body as Json).name === 'Tags Cup');
    expect(await moved(declared)).toEqual([tables, groupA]);
  });

  it('GET /competitions/{c}/scorers: counted goals only, most first, own goals credited to nobody', async () => {
    const r = await http.get<Json[]>(`/competitions/${COMPETITION}/scorers`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(
      [
        { player: 'Messi', team: 'MIA', goals: 4 },
        { player: 'Bouanga', team: 'LAFC', goals: 1 },
        { player: 'Lionel Messi', team: 'MIA', goals: 1 },
        { player: 'Long', team: 'LAFC', goals: 1 },
        { player: 'Suarez', team: 'MIA', goals: 2 },
      ].sort((a, b) => b.goals - a.goals || a.player.localeCompare(b.player)),
    );
    expect(r.body.some((s) => s.player === 'Palencia')).toBe(false);
  });

  it('documents every query in the OpenAPI document and exposes projection lag per partition and the memory breakdown', async () => {
    const doc = await http.get<{ paths: Record<string, Json> }>('/docs/openapi.json');
    expect(doc.status).toBe(200);
    for (const path of [
      '/matches/{matchId}',
      '/matches/{matchId}/timeline',
      '/matches/{matchId}/events',
      '/matches/{matchId}/state',
      '/ties/{tieId}',
      '/competitions/{competition}/scorers',
      '/competitions/{competition}/standings',
      '/competitions/{competition}/matches',
    ]) {
      expect(doc.body.paths[path]?.get).toBeDefined();
    }
    expect(doc.body.paths['/competitions']?.post).toBeDefined();
    const params = (
      doc.body.paths['/matches/{matchId}/state'].get as { parameters: Array<{ name: string }> }
    ).parameters.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['atSeq', 'at', 'asOf', 'minVersion']));

    const metrics = await http.get<string>('/metrics');
    const lag = metrics.body.split('\n').filter((l) => l.startsWith('touchline_projection_lag_events{'));
    expect(lag).toHaveLength(4);
    for (const line of lag) expect(line).toMatch(/^touchline_projection_lag_events\{partition="\d"\} 0$/);
    // Where the process's memory is: resident set, V8's heap (per space too), external, Buffers.
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_total_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_heap_space_size_used_bytes{space="old"}',
      'nodejs_external_memory_bytes',
      'nodejs_array_buffers_bytes',
    ]) {
      expect(metrics.body).toMatch(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} \\d[\\d.e+]*$`, 'm'));
    }
  });
});
