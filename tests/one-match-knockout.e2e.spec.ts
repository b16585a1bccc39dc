import { feedEvents, loadFixture, scheduleFixture } from './support/fixtures';
import { Http } from './support/http';
import { readSse, SseMessage } from './support/sse';
import { TestSystem } from './support/system';

/** The 2005 Champions League final: one match, 3-3 after extra time, Liverpool win 3-2 on penalties. */
const istanbul = loadFixture('ucl-2005-final-acm-liv');
const [FINAL] = istanbul.tie.legs;
const TIE = istanbul.tie.tieId;
const events = istanbul.events[FINAL];
/** The seq an event gets: the match opens with MatchScheduled (seq 1). */
const seqOf = (eventId: string) => events.findIndex((e) => e.event.eventId === `${FINAL}-${eventId}`) + 2;
const countUntil = (eventId: string) => seqOf(eventId) - 1;

interface Standing {
  legs: Array<{ leg: number; matchId: string; score: unknown; status: string; version: number }>;
  aggregate: Record<string, number>;
  awayGoals: Record<string, number>;
  leader: string | null;
  reason: string;
  decided: boolean;
  winner: string | null;
  shootout: Record<string, number> | null;
}

describe('a one-match knockout that goes to penalties', () => {
  let system: TestSystem;
  let http: Http;
  let fed = 0;

  /** Feeds up to and including `eventId`, then reads the tie as of that event (read-your-writes). */
  const tieAfter = async (eventId: string): Promise<Standing> => {
    const upTo = countUntil(eventId);
    for (const { event } of events.slice(fed, upTo)) {
      const r = await http.post(`/matches/${FINAL}/events`, event);
      if (r.status !== 201) throw new Error(`${event.eventId} → ${r.status} ${JSON.stringify(r.body)}`);
    }
    fed = upTo;
    const reply = await http.get<Standing>(`/ties/${TIE}?minVersion=${FINAL}:${seqOf(eventId)}`);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
    await scheduleFixture(http, istanbul);
  });
  afterAll(() => system.stop());

  it('refuses a one-leg tie with away goals', async () => {
    const bad = await http.post('/ties', {
      ...istanbul.tie,
      tieId: 'another-final',
      rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('rules.awayGoals');
  });

  it('says at every turn who lifts the cup if it ended now, and why', async () => {
    expect(await tieAfter('end-1h')).toMatchObject({
      legs: [{ leg: 1, matchId: FINAL, score: { home: 3, away: 0 } }],
      aggregate: { ACM: 3, LIV: 0 },
      awayGoals: { ACM: 0, LIV: 0 },
      leader: 'ACM',
      reason: 'aggregate',
      decided: false,
    });
    const early = await http.post(`/matches/${FINAL}/events`, {
      type: 'PeriodStarted',
      period: 'ET1',
      minute: 90,
    });
    expect(early.status).toBe(422);
    expect(await tieAfter('goal-alonso-60')).toMatchObject({
      aggregate: { ACM: 3, LIV: 3 },
      reason: 'level',
    });
    expect(await tieAfter('end-et2')).toMatchObject({ leader: null, reason: 'level', decided: false });
    expect(await tieAfter('kick-8')).toMatchObject({
      leader: 'LIV',
      reason: 'penalties',
      decided: false,
      shootout: { ACM: 2, LIV: 3 },
    });
    expect(await tieAfter('kick-9')).toMatchObject({
      aggregate: { ACM: 3, LIV: 3 },
      awayGoals: { ACM: 0, LIV: 0 },
      leader: 'LIV',
      reason: 'penalties',
      decided: true,
      winner: 'LIV',
      shootout: { ACM: 2, LIV: 3 },
    });
  });

  it('streams the end live: the last kicks and the whistle, each with the state after it', async () => {
    const received: SseMessage[] = [];
    const remaining = events.length - fed;
    const live = readSse(
      `${system.baseUrl}/matches/${FINAL}/live`,
      (m) => {
        if (m.event === 'match-event') received.push(m);
        return received.length < remaining;
      },
      { headers: { 'Last-Event-ID': String(fed + 1) } },
    );
    const last = await feedEvents(http, { ...istanbul, events: { [FINAL]: events.slice(fed) } }, FINAL);
    fed = events.length;
    await live;
    expect(received.map((m) => Number(m.id))).toEqual([last - 1, last]);
    expect(received[received.length - 1].data.state).toMatchObject({
      status: 'finished',
      period: 'PSO',
      score: { home: 3, away: 3 },
      shootout: { home: 2, away: 3 },
    });
    expect((await http.get(`/ties/${TIE}?minVersion=${FINAL}:${last}`)).body).toMatchObject({
      legs: [{ status: 'finished', version: last }],
      decided: true,
      winner: 'LIV',
    });
  });

  it('travels in time: 3-0 at half time, 3-3 after 60 minutes, level at the end of extra time', async () => {
    const at = async (clock: string) =>
      (await http.get(`/matches/${FINAL}/state?at=${encodeURIComponent(clock)}`)).body;
    expect(await at('44')).toMatchObject({ score: { home: 3, away: 0 }, period: '1H' });
    expect(await at('57')).toMatchObject({ score: { home: 3, away: 2 } });
    expect(await at('119')).toMatchObject({ score: { home: 3, away: 3 }, period: 'ET2', shootout: null });
    expect((await http.get(`/matches/${FINAL}/state?atSeq=${seqOf('kick-4')}`)).body).toMatchObject({
      period: 'PSO',
      shootout: { home: 0, away: 2 },
    });
  });

  it('replays the final with the tie after each event', async () => {
    const items: Array<{ event: { eventId: string }; tie: Standing | null }> = [];
    await readSse(`${system.baseUrl}/matches/${FINAL}/replay?speed=0`, (m) => {
      if (m.event === 'end') return false;
      items.push(m.data as unknown as (typeof items)[number]);
      return true;
    });
    expect(items).toHaveLength(events.length + 1);
    const after = (id: string) => items.find((i) => i.event.eventId === `${FINAL}-${id}`)!.tie;
    expect(after('goal-crespo-44')).toMatchObject({ leader: 'ACM', reason: 'aggregate' });
    expect(after('goal-alonso-60')).toMatchObject({ leader: null, reason: 'level' });
    expect(after('kick-9')).toMatchObject({ winner: 'LIV', reason: 'penalties', decided: true });
  });

  it('credits the goals, not the shootout kicks, to the scorers', async () => {
    const scorers = (await http.get<Array<{ player: string; goals: number }>>('/competitions/UCL/scorers'))
      .body;
    expect(scorers).toEqual([
      { player: 'Hernán Crespo', team: 'ACM', goals: 2 },
      { player: 'Paolo Maldini', team: 'ACM', goals: 1 },
      { player: 'Steven Gerrard', team: 'LIV', goals: 1 },
      { player: 'Vladimír Šmicer', team: 'LIV', goals: 1 },
      { player: 'Xabi Alonso', team: 'LIV', goals: 1 },
    ]);
  });
});
