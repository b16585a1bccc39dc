import { Client } from 'pg';
import { Http } from './support/http';
import { ADMIN_KEY, TestSystem } from './support/system';

const MATCHES = 8;

async function feedMatch(http: Http, matchId: string, goals: number): Promise<void> {
  expect(
    (
      await http.post('/matches', {
        matchId,
        competition: 'REB',
        homeTeam: { id: 'HOM', name: 'Home' },
        awayTeam: { id: 'AWY', name: 'Away' },
      })
    ).status,
  ).toBe(201);
  const events: Array<Record<string, unknown>> = [
    { eventId: 'ko', type: 'PeriodStarted', period: '1H', minute: 0 },
  ];
  for (let g = 0; g < goals; g++) {
    events.push({
      eventId: `g${g}`,
      type: 'GoalScored',
      minute: 2 + g * 4,
      team: g % 3 ? 'HOM' : 'AWY',
      player: `Player ${g % 4}`,
      kind: 'open_play',
    });
  }
  events.push({ eventId: 'no-g0', type: 'GoalDisallowed', minute: 44, goalEventId: 'g0', reason: 'offside' });
  expect((await http.post(`/matches/${matchId}/events`, events)).status).toBe(201);
}

async function readModelRows(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const q = async (sql: string) => JSON.stringify((await c.query(sql)).rows);
  const rows = [
    await q('SELECT match_id, version, status, state FROM read.matches ORDER BY match_id'),
    await q('SELECT * FROM read.match_scorers ORDER BY match_id, player, team'),
    await q('SELECT stream_id, seq, body FROM read.events ORDER BY stream_id, seq'),
    await q('SELECT tie_id, version, state FROM read.ties ORDER BY tie_id'),
    await q('SELECT * FROM read.competition_matches ORDER BY match_id'),
    await q('SELECT * FROM read.competitions ORDER BY competition_id'),
  ].join('\n');
  await c.end();
  return rows;
}

describe('rebuilding every read model from offset 0', () => {
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
    for (let i = 0; i < MATCHES; i++) await feedMatch(http, `reb-${i}`, 3 + (i % 5));
    await http.eventually('/admin/projections', (r) => {
      const p = r.body.projections as Array<{ lag: number }> | undefined;
      return r.status === 200 && !!p && p.every((x) => x.lag === 0);
    });
  });
  afterAll(() => system.stop());

  it('needs an admin key', async () => {
    expect((await http.post('/admin/projections/rebuild', {})).status).toBe(403);
    expect((await http.withKey(null).post('/admin/projections/rebuild', {})).status).toBe(401);
  });

  it('swaps in identical read models while readers never see a missing or half-built one', async () => {
    const before = await readModelRows(system.databaseUrl);
    const matchesBefore = await Promise.all(
      Array.from({ length: MATCHES }, (_, i) => http.get(`/matches/reb-${i}`).then((r) => r.body)),
    );

    const started = await http
      .withKey(ADMIN_KEY)
      .post<{ rebuildId: string }>('/admin/projections/rebuild', {});
    expect(started.status).toBe(202);
    const { rebuildId } = started.body;

    // The first read follows the 202, so at least one falls inside the rebuild however fast it is.
    let polls = 0;
    for (;;) {
      const i = polls++ % MATCHES;
      const reply = await http.get(`/matches/reb-${i}`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(matchesBefore[i]);
      const status = await http.get<{ rebuild: { rebuildId: string; status: string } }>('/admin/projections');
      expect(status.body.rebuild.rebuildId).toBe(rebuildId);
      expect(status.body.rebuild.status).not.toBe('failed');
      if (status.body.rebuild.status === 'done') break;
    }

    const report = await http.get<{ rebuild: { done: number; total: number } }>('/admin/projections');
    expect(report.body.rebuild.done).toBe(report.body.rebuild.total);
    expect(await readModelRows(system.databaseUrl)).toEqual(before);
  });

  it('keeps projecting new events after the swap', async () => {
    const posted = await http.post('/matches/reb-0/events', {
      eventId: 'late',
      type: 'GoalScored',
      minute: 45,
      team: 'HOM',
      player: 'Late',
      kind: 'header',
    });
    expect(posted.status).toBe(201);
    const seq = (posted.body as { seq: number }).seq;
    await http.eventually('/matches/reb-0', (r) => r.body.version === seq);
  });

  it('rebuilds one match in place', async () => {
    const before = await http.get('/matches/reb-3');
    const rebuilt = await http.withKey(ADMIN_KEY).post('/admin/matches/reb-3/rebuild', {});
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toEqual({ matchId: 'reb-3', version: before.body.version });
    expect((await http.get('/matches/reb-3')).body).toEqual(before.body);
    expect((await http.withKey(ADMIN_KEY).post('/admin/matches/nope/rebuild', {})).status).toBe(404);
  });
});
