import { Http, Reply } from './support/http';
import { ADMIN_KEY, CCC_FEEDER_KEY, FEEDER_KEY, TestSystem } from './support/system';
import { topicRecords } from './support/topic';

type Problem = { type: string; title: string; status: number };

const tie = (tieId: string, competition: string, legs: [string, string]) => ({
  tieId,
  competition,
  legs,
  rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
});
const match = (matchId: string, competition: string, extra: Record<string, unknown> = {}) => ({
  matchId,
  competition,
  homeTeam: { id: 'LAFC', name: 'Los Angeles FC' },
  awayTeam: { id: 'MIA', name: 'Inter Miami CF' },
  ...extra,
});
const kickOff = (eventId: string) => ({ eventId, type: 'PeriodStarted', period: '1H', minute: 0 });

/** Access (docs/api.md, "Commands"): commands need a key with the right role (and competition); queries are public. */
describe('access', () => {
  let system: TestSystem;
  let http: Http;

  /** Every command endpoint, each with a body that would be accepted by a key allowed to post it. */
  const commands = (n: string): Array<{ name: string; path: string; body: unknown }> => [
    { name: 'POST /ties', path: '/ties', body: tie(`t-${n}`, 'CCC', [`l1-${n}`, `l2-${n}`]) },
    { name: 'POST /matches', path: '/matches', body: match(`m-${n}`, 'CCC') },
    {
      name: 'POST /competitions',
      path: '/competitions',
      body: { competitionId: 'CCC', name: 'Champions Cup' },
    },
    {
      name: 'POST /matches/{id}/events',
      path: '/matches/acc-ccc/events',
      body: { ...kickOff(`ko-${n}`), minute: 1 },
    },
  ];
  const expectUnauthorized = (r: Reply<Problem>) => {
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(r.body).toMatchObject({ status: 401 });
  };

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
    const admin = http.withKey(ADMIN_KEY);
    expect((await admin.post('/ties', tie('acc-tie', 'CCC', ['acc-ccc', 'acc-ccc-2']))).status).toBe(201);
    expect((await admin.post('/matches', match('acc-ccc', 'CCC', { tieId: 'acc-tie', leg: 1 }))).status).toBe(
      201,
    );
    expect((await admin.post('/matches', match('acc-ucl', 'UCL'))).status).toBe(201);
  });
  afterAll(() => system.stop());

  it('refuses every command without a key: 401, problem+json, WWW-Authenticate', async () => {
    const before = (await topicRecords(system)).length;
    const anonymous = http.withKey(null);
    for (const c of commands('anon')) expectUnauthorized(await anonymous.post<Problem>(c.path, c.body));
    for (const header of ['Basic dGVzdDp0ZXN0', 'Bearer', 'Bearer ', FEEDER_KEY, `Token ${FEEDER_KEY}`]) {
      for (const c of commands('anon')) {
        expectUnauthorized(await anonymous.post<Problem>(c.path, c.body, { authorization: header }));
      }
    }
    expect(await topicRecords(system)).toHaveLength(before);
  });

  it('refuses every command with a wrong key: 401', async () => {
    const before = (await topicRecords(system)).length;
    for (const key of ['not-a-key', `${FEEDER_KEY}x`, FEEDER_KEY.toUpperCase(), 'feeder']) {
      for (const c of commands('wrong'))
        expectUnauthorized(await http.withKey(key).post<Problem>(c.path, c.body));
    }
    expect(await topicRecords(system)).toHaveLength(before);
  });

  it('checks the key before the body: no key and an invalid body is still 401', async () => {
    const anonymous = http.withKey(null);
    expectUnauthorized(await anonymous.post<Problem>('/matches/acc-ccc/events', { type: 'Nope' }));
    expectUnauthorized(await anonymous.post<Problem>('/matches', { mintue: 3 }));
    expectUnauthorized(await anonymous.post<Problem>('/matches/no-such-match/events', kickOff('x')));
  });

  it('refuses a feeder key scoped to CCC on another competition: 403', async () => {
    const before = (await topicRecords(system)).length;
    const ccc = http.withKey(CCC_FEEDER_KEY);
    const forbidden = [
      await ccc.post<Problem>('/ties', tie('acc-ucl-tie', 'UCL', ['u1', 'u2'])),
      await ccc.post<Problem>('/matches', match('acc-ucl-2', 'UCL')),
      await ccc.post<Problem>('/matches/acc-ucl/events', kickOff('ucl-ko')),
      await ccc.post<Problem>('/matches/acc-ucl/events', [kickOff('ucl-ko-2')]),
      await ccc.post<Problem>('/competitions', { competitionId: 'UCL', name: 'Champions League' }),
    ];
    for (const r of forbidden) {
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({ status: 403 });
    }
    expect(await topicRecords(system)).toHaveLength(before);
  });

  it('lets the CCC feeder key feed CCC', async () => {
    const ccc = http.withKey(CCC_FEEDER_KEY);
    expect((await ccc.post('/ties', tie('acc-ccc-tie', 'CCC', ['c1', 'c2']))).status).toBe(201);
    expect((await ccc.post('/matches', match('acc-ccc-3', 'CCC'))).status).toBe(201);
    expect((await ccc.post('/matches/acc-ccc-3/events', kickOff('c3-ko'))).status).toBe(201);
    expect((await ccc.post('/competitions', { competitionId: 'CCC', name: 'Champions Cup' })).status).toBe(
      201,
    );
  });

  it('lets the admin key do everything a feeder does, on any competition', async () => {
    const admin = http.withKey(ADMIN_KEY);
    expect((await admin.post('/ties', tie('acc-admin-tie', 'UCL', ['a1', 'a2']))).status).toBe(201);
    expect((await admin.post('/matches', match('acc-admin', 'UCL'))).status).toBe(201);
    expect(
      (await admin.post('/competitions', { competitionId: 'UCL', name: 'Champions League' })).status,
    ).toBe(201);
    expect((await admin.post('/matches/acc-ucl/events', kickOff('admin-ko'))).status).toBe(201);
    expect((await admin.post('/matches/acc-ccc/events', kickOff('admin-ccc-ko'))).status).toBe(201);
  });

  it('refuses admin commands to a feeder key: 403 (and 401 without a key)', async () => {
    const r = await http.withKey(FEEDER_KEY).post<Problem>('/admin/projections/rebuild', {});
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectUnauthorized(await http.withKey(null).post<Problem>('/admin/projections/rebuild', {}));
  });

  it('records who posted each event by a stable identity that is not the key itself', async () => {
    const records = await topicRecords(system);
    const feeders = new Set(records.map((r) => r.feeder));
    expect(feeders.size).toBe(2);
    for (const f of feeders) {
      expect(f).toMatch(/^(feeder|admin):/);
      for (const key of [FEEDER_KEY, ADMIN_KEY, CCC_FEEDER_KEY]) expect(String(f)).not.toContain(key);
    }
    expect(system.api.logs()).not.toContain(CCC_FEEDER_KEY);
  });

  it('serves queries without a key', async () => {
    const anonymous = http.withKey(null);
    const view = await anonymous.eventually(
      '/matches/acc-ucl',
      (r) => r.status === 200 && r.body.version === 2,
    );
    expect(view.body).toMatchObject({ matchId: 'acc-ucl' });
    for (const path of [
      '/matches/acc-ccc/events',
      '/matches/acc-ccc/timeline',
      '/ties/acc-tie',
      '/competitions/CCC/scorers',
      '/health',
      '/docs/openapi.json',
    ]) {
      const r = await anonymous.eventually(path, (x) => x.status !== 404, 20000);
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
    }
  });
});

describe('access with no keys configured', () => {
  it('never runs open: every command is refused', async () => {
    let system: TestSystem | null = null;
    try {
      system = await TestSystem.start({ projector: false, env: { TOUCHLINE_API_KEYS: '' } });
    } catch (err) {
      // Refusing to start without keys also keeps it closed.
      expect(String(err)).toMatch(/api exited/);
      return;
    }
    try {
      const http = new Http(system.baseUrl);
      for (const key of [null, FEEDER_KEY, ADMIN_KEY, '']) {
        const r = await http.withKey(key).post<Problem>('/matches', match('open-1', 'CCC'));
        expect(r.status).toBe(401);
      }
      expect(await topicRecords(system)).toHaveLength(0);
    } finally {
      await system.stop();
    }
  });
});
