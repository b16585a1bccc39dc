import { Http } from './support/http';
import { TestSystem } from './support/system';
import { topicRecords } from './support/topic';

interface Standings {
  name: string | null;
  rules: { points: { win: number; draw: number; loss: number }; tiebreakers: string };
  tables: Array<{ group: string | null; rows: Array<{ team: string; points: number; lots: boolean }> }>;
}

const team = (id: string) => ({ id, name: `Team ${id}` });

describe('declaring competitions', () => {
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
  });
  afterAll(() => system.stop());

  it('declares once: 201, the same body again 200 with nothing appended, another body 409', async () => {
    const body = {
      competitionId: 'OLD',
      name: 'Old rules league',
      standings: { points: { win: 2, draw: 1, loss: 0 }, tiebreakers: 'league' },
    };
    const first = await http.post('/competitions', body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ competitionId: 'OLD', seq: 1, eventId: 'declare-OLD' });
    const before = (await topicRecords(system)).length;
    const again = await http.post('/competitions', { ...body, standings: { ...body.standings } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await http.post('/competitions', { ...body, name: 'Another name' });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ status: 409 });
    expect(await http.post('/competitions', { ...body, standings: undefined })).toMatchObject({
      status: 409,
    });
    expect(await topicRecords(system)).toHaveLength(before);
  });

  it.each([
    ['competitionId not an id', { competitionId: 'no spaces', name: 'X' }, 'competitionId'],
    ['name missing', { competitionId: 'X1' }, 'name'],
    ['name too long', { competitionId: 'X1', name: 'n'.repeat(101) }, 'name'],
    [
      'unknown preset',
      { competitionId: 'X1', name: 'X', standings: { tiebreakers: 'coin' } },
      'standings.tiebreakers',
    ],
    [
      'points not integers',
      { competitionId: 'X1', name: 'X', standings: { points: { win: 2.5, draw: 1, loss: 0 } } },
      'standings.points.win',
    ],
    [
      'a points field missing',
      { competitionId: 'X1', name: 'X', standings: { points: { win: 3, draw: 1 } } },
      'standings.points.loss',
    ],
    ['an unknown field', { competitionId: 'X1', name: 'X', sponsor: 'Y' }, 'sponsor'],
  ])('refuses a bad declaration: %s → 400 naming it', async (_name, body, field) => {
    const r = await http.post<{ errors: Array<{ field: string }> }>('/competitions', body);
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e) => e.field)).toContain(field);
  });

  it("ranks the competition's tables by its own points and tiebreakers", async () => {
    // Two points a win, the league order: no head to head, lots straight after goals scored.
    const played = [
      ['old-1', 'PPP', 'QQQ', 1, 0],
      ['old-2', 'QQQ', 'RRR', 1, 0],
      ['old-3', 'RRR', 'PPP', 1, 0],
    ] as const;
    const versions: string[] = [];
    for (const [matchId, home, away, hg, ag] of played) {
      expect(
        (
          await http.post('/matches', {
            matchId,
            competition: 'OLD',
            homeTeam: team(home),
            awayTeam: team(away),
          })
        ).status,
      ).toBe(201);
      const goals = [
        ...Array.from({ length: hg }, () => ({
          type: 'GoalScored',
          team: home,
          player: 'h',
          kind: 'header',
          minute: 60,
        })),
        ...Array.from({ length: ag }, () => ({
          type: 'GoalScored',
          team: away,
          player: 'a',
          kind: 'header',
          minute: 70,
        })),
      ];
      const events = [
        { type: 'PeriodStarted', period: '1H', minute: 0 },
        { type: 'PeriodEnded', period: '1H', minute: 45 },
        { type: 'PeriodStarted', period: '2H', minute: 45 },
        ...goals,
        { type: 'PeriodEnded', period: '2H', minute: 90 },
        { type: 'MatchEnded' },
      ];
      const r = await http.post<Array<{ seq: number }>>(`/matches/${matchId}/events`, events);
      expect(r.status).toBe(201);
      versions.push(`minVersion=${matchId}:${r.body[r.body.length - 1].seq}`);
    }
    // The declaration is its own stream: wait until it is projected too.
    const reply = await http.eventually<Standings>(
      `/competitions/OLD/standings?${versions.join('&')}`,
      (r) => r.status === 200 && r.body.name !== null,
    );
    expect(reply.body.rules).toEqual({ points: { win: 2, draw: 1, loss: 0 }, tiebreakers: 'league' });
    expect(reply.body.tables[0].rows).toEqual([
      expect.objectContaining({ team: 'PPP', points: 2, lots: true }),
      expect.objectContaining({ team: 'QQQ', points: 2, lots: true }),
      expect.objectContaining({ team: 'RRR', points: 2, lots: true }),
    ]);
  });

  it('ranks a competition never declared by the defaults: 3/1/0 and fifa', async () => {
    expect(
      (
        await http.post('/matches', {
          matchId: 'nd-1',
          competition: 'NDC',
          homeTeam: team('SSS'),
          awayTeam: team('TTT'),
        })
      ).status,
    ).toBe(201);
    const r = await http.get<Standings>('/competitions/NDC/standings?minVersion=nd-1:1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: null,
      rules: { points: { win: 3, draw: 1, loss: 0 }, tiebreakers: 'fifa' },
    });
  });

  it('answers a declared competition with no match yet with no tables, not 404', async () => {
    expect((await http.post('/competitions', { competitionId: 'EMPTY', name: 'Not started' })).status).toBe(
      201,
    );
    // The declaration reaches the read model a moment after its 201: wait for it, not just for a 200.
    const r = await http.eventually<Standings>(
      '/competitions/EMPTY/standings',
      (x) => x.status === 200 && x.body.name !== null,
    );
    expect(r.body).toMatchObject({ name: 'Not started', tables: [] });
    expect((await http.get('/competitions/EMPTY/matches')).body).toEqual([]);
  });
});
