import { Http } from './support/http';
import { TestSystem } from './support/system';

describe('walking skeleton: HTTP → Kafka → projector → PostgreSQL → HTTP', () => {
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
  });
  afterAll(() => system.stop());

  it('shows a goal posted to a match in its projected scoreline', async () => {
    expect(
      (
        await http.post('/matches', {
          matchId: 'skeleton-1',
          competition: 'CCC',
          homeTeam: { id: 'MIA', name: 'Inter Miami CF' },
          awayTeam: { id: 'LAFC', name: 'Los Angeles FC' },
        })
      ).status,
    ).toBe(201);
    const posted = await http.post('/matches/skeleton-1/events', [
      { eventId: 'ko', type: 'PeriodStarted', period: '1H', minute: 0 },
      {
        eventId: 'long-9',
        type: 'GoalScored',
        minute: 9,
        team: 'LAFC',
        player: 'Aaron Long',
        kind: 'header',
      },
    ]);
    expect(posted.status).toBe(201);
    expect(posted.body).toEqual([
      { matchId: 'skeleton-1', seq: 2, eventId: 'ko' },
      { matchId: 'skeleton-1', seq: 3, eventId: 'long-9' },
    ]);

    const match = await http.eventually(
      '/matches/skeleton-1',
      (r) => r.status === 200 && r.body.version === 3,
    );
    expect(match.body).toMatchObject({
      matchId: 'skeleton-1',
      status: 'live',
      period: '1H',
      score: { home: 0, away: 1 },
    });
  });

  it('shows nothing new while the projector is down, and catches up when it is back', async () => {
    await system.projector.stop('SIGKILL');
    const posted = await http.post('/matches/skeleton-1/events', {
      eventId: 'messi-35',
      type: 'GoalScored',
      minute: 35,
      team: 'MIA',
      player: 'Lionel Messi',
      kind: 'open_play',
    });
    expect(posted.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await http.get('/matches/skeleton-1')).body).toMatchObject({
      version: 3,
      score: { home: 0, away: 1 },
    });

    system.projector.start();
    const caught = await http.eventually('/matches/skeleton-1', (r) => r.body.version === 4, 30000);
    expect(caught.body).toMatchObject({ score: { home: 1, away: 1 } });
  });

  it('answers liveness and readiness, touching Kafka and PostgreSQL', async () => {
    expect((await http.get('/health')).body).toEqual({ status: 'ok' });
    expect((await http.get('/health/ready')).body).toEqual({ status: 'ok', kafka: 'ok', postgres: 'ok' });
  });

  it('stops cleanly on SIGTERM (exit 0)', async () => {
    expect(await system.projector.stop('SIGTERM')).toBe(0);
    expect(await system.api.stop('SIGTERM')).toBe(0);
  });
});
