import { loadFixture, scheduleFixture, TieFixture } from './support/fixtures';
import { Http } from './support/http';
import { TestSystem } from './support/system';

interface Standing {
  aggregate: Record<string, number>;
  awayGoals: Record<string, number>;
  leader: string | null;
  reason: string;
  decided: boolean;
  winner: string | null;
  shootout: Record<string, number> | null;
}

/** Posts one event of a fixture and returns its seq. */
async function post(http: Http, matchId: string, event: Record<string, unknown>): Promise<number> {
  const reply = await http.post<{ seq: number }>(`/matches/${matchId}/events`, event);
  if (reply.status !== 201)
    throw new Error(`${String(event.eventId)} → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.seq;
}

async function feedAll(http: Http, fixture: TieFixture): Promise<Record<string, number>> {
  const versions: Record<string, number> = {};
  for (const { matchId } of fixture.matches) {
    for (const { event } of fixture.events[matchId]) versions[matchId] = await post(http, matchId, event);
  }
  return versions;
}

const tiePath = (fixture: TieFixture, versions: Record<string, number>) =>
  `/ties/${fixture.tie.tieId}?` +
  Object.entries(versions)
    .map(([m, v]) => `minVersion=${m}:${v}`)
    .join('&');

describe('the seed tie, fed over HTTP as it happened', () => {
  const seed = loadFixture('seed-tie');
  const [LEG1, LEG2] = seed.tie.legs;
  let system: TestSystem;
  let http: Http;
  let leg1Version: number;

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
    await scheduleFixture(http, seed);
    for (const { event } of seed.events[LEG1]) leg1Version = await post(http, LEG1, event);
  });
  afterAll(() => system.stop());

  it('tells at every turn of the second leg who goes through and why', async () => {
    const standingAfter = async (eventId: string): Promise<Standing> => {
      const item = seed.events[LEG2].find((e) => e.event.eventId === eventId)!;
      const seq = await post(http, LEG2, item.event);
      return (
        await http.get<Standing>(
          `/ties/${seed.tie.tieId}?minVersion=${LEG1}:${leg1Version}&minVersion=${LEG2}:${seq}`,
        )
      ).body;
    };
    const feedUntil = async (eventId: string): Promise<Standing> => {
      const events = seed.events[LEG2];
      const fed = (await http.get<{ version: number }>(`/matches/${LEG2}`)).body.version ?? 1;
      const upTo = events.findIndex((e) => e.event.eventId === eventId);
      for (const { event } of events.slice(fed - 1, upTo)) await post(http, LEG2, event);
      return standingAfter(eventId);
    };

    expect(await feedUntil('mia-lafc-2-goal-long-9')).toMatchObject({
      aggregate: { LAFC: 2, MIA: 0 },
      leader: 'LAFC',
      reason: 'aggregate',
      decided: false,
    });
    expect(await feedUntil('mia-lafc-2-goal-allen-61')).toMatchObject({
      aggregate: { LAFC: 2, MIA: 2 },
      awayGoals: { LAFC: 1, MIA: 0 },
      leader: 'LAFC',
      reason: 'away_goals',
    });
    expect(await feedUntil('mia-lafc-2-goal-suarez-65')).toMatchObject({
      aggregate: { LAFC: 2, MIA: 3 },
      leader: 'MIA',
      reason: 'aggregate',
    });
    expect(await feedUntil('mia-lafc-2-var-1-done')).toMatchObject({
      aggregate: { LAFC: 2, MIA: 2 },
      leader: 'LAFC',
      reason: 'away_goals',
    });
    expect(await feedUntil('mia-lafc-2-goal-messi-pen-84')).toMatchObject({
      aggregate: { LAFC: 2, MIA: 3 },
      leader: 'MIA',
      reason: 'aggregate',
      decided: false,
    });
    expect(await feedUntil('mia-lafc-2-full-time')).toEqual(
      expect.objectContaining({
        aggregate: { LAFC: 2, MIA: 3 },
        leader: 'MIA',
        decided: true,
        winner: 'MIA',
        shootout: null,
      }),
    );
  });

  it('travels in time: Miami 3-1 at 68 while Suárez’s goal stood, 2-1 at 75, and as known before VAR', async () => {
    expect((await http.get(`/matches/${LEG2}/state?at=68`)).body).toMatchObject({
      score: { home: 3, away: 1 },
    });
    expect((await http.get(`/matches/${LEG2}/state?at=75`)).body).toMatchObject({
      score: { home: 2, away: 1 },
    });
    expect((await http.get(`/matches/${LEG2}/state?at=90%2B6`)).body).toMatchObject({
      score: { home: 3, away: 1 },
    });

    const { events } = (
      await http.get<{ events: Array<{ eventId: string; recordedAt: string }> }>(`/matches/${LEG2}/events`)
    ).body;
    const suarez = events.find((e) => e.eventId === 'mia-lafc-2-goal-suarez-65')!;
    const known = await http.get(`/matches/${LEG2}/state?asOf=${encodeURIComponent(suarez.recordedAt)}`);
    expect(known.body).toMatchObject({ score: { home: 3, away: 1 } });
    expect((await http.get(`/matches/${LEG2}`)).body).toMatchObject({
      status: 'finished',
      score: { home: 3, away: 1 },
    });
  });

  it('credits the scorers of the competition', async () => {
    const scorers = (
      await http.get<Array<{ player: string; team: string; goals: number }>>('/competitions/CCC/scorers')
    ).body;
    expect(scorers[0]).toEqual({ player: 'Lionel Messi', team: 'MIA', goals: 2 });
    expect(scorers).not.toContainEqual(expect.objectContaining({ player: 'Luis Suárez' }));
  });
});

describe.each([
  [
    'ucl-2019-sf-tot-ajx',
    {
      aggregate: { TOT: 3, AJX: 3 },
      leader: 'TOT',
      reason: 'away_goals',
      decided: true,
      winner: 'TOT',
      shootout: null,
    },
  ],
  [
    'ucl-2007-sf-che-liv',
    {
      aggregate: { CHE: 1, LIV: 1 },
      reason: 'penalties',
      decided: true,
      winner: 'LIV',
      shootout: { LIV: 4, CHE: 1 },
    },
  ],
  [
    'ucl-2008-sf-liv-che',
    {
      aggregate: { LIV: 3, CHE: 4 },
      leader: 'CHE',
      reason: 'aggregate',
      decided: true,
      winner: 'CHE',
      shootout: null,
    },
  ],
])('the real tie %s, fed over HTTP', (name, expected) => {
  const fixture = loadFixture(name);
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
    await scheduleFixture(http, fixture);
  });
  afterAll(() => system.stop());

  it('comes out exactly as it did', async () => {
    const versions = await feedAll(http, fixture);
    const tie = await http.get<Standing>(tiePath(fixture, versions));
    expect(tie.status).toBe(200);
    expect(tie.body).toMatchObject(expected);
  });
});
