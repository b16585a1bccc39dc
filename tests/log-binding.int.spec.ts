import { randomUUID } from 'node:crypto';
import { Http } from './support/http';
import { AppProcess } from './support/processes';
import { TestSystem } from './support/system';

const teams = {
  competition: 'CCC',
  homeTeam: { id: 'MIA', name: 'Miami' },
  awayTeam: { id: 'LAFC', name: 'LAFC' },
};

async function feed(http: Http, matchId: string, goals: number): Promise<number> {
  expect((await http.post('/matches', { matchId, ...teams })).status).toBe(201);
  const events: Array<Record<string, unknown>> = [{ type: 'PeriodStarted', period: '1H', minute: 0 }];
  for (let g = 0; g < goals; g++) {
    events.push({ type: 'GoalScored', minute: 1 + g, team: 'MIA', player: `P${g}`, kind: 'open_play' });
  }
  const reply = await http.post<Array<{ seq: number }>>(`/matches/${matchId}/events`, events);
  expect(reply.status).toBe(201);
  return reply.body[reply.body.length - 1].seq;
}

/** Checkpoints are offsets in one log: read models folded from another must not skip this one's events. */
describe('read models bound to the log they were folded from', () => {
  let first: TestSystem;
  let second: TestSystem | null = null;
  let projector: AppProcess | null = null;

  beforeAll(async () => {
    first = await TestSystem.start({ partitions: 1 });
  });
  afterAll(async () => {
    await projector?.stop();
    await second?.stop();
    await first.stop();
  });

  it('starts over from offset 0 when pointed at another log, missing nothing', async () => {
    const http = new Http(first.baseUrl);
    const v = await feed(http, 'old-log', 30);
    await http.eventually('/matches/old-log', (r) => r.body.version === v);
    await first.projector.stop();

    // Another log (a fresh topic, as after a broker is replaced) with fewer records than the
    // old checkpoint: without the binding its first 32 offsets would be skipped.
    second = await TestSystem.start({ partitions: 1, projector: false });
    const http2 = new Http(second.baseUrl);
    const v2 = await feed(http2, 'new-log', 5);
    projector = new AppProcess('projector', {
      ...first.env,
      KAFKA_TOPIC: second.env.KAFKA_TOPIC,
      PROJECTOR_GROUP: `touchline-test-rebind-${randomUUID().slice(0, 8)}`,
    });
    projector.start();

    await http.eventually('/matches/new-log', (r) => r.status === 200 && r.body.version === v2);
    expect((await http.get('/matches/new-log')).body).toMatchObject({ score: { home: 5, away: 0 } });
    expect((await http.get('/matches/old-log')).status).toBe(404);
    expect(projector.logs()).toMatch(/folded from another log/);
  });
});
