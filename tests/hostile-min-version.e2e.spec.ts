import { Client } from 'pg';
import { Http } from './support/http';
import { offside, range, scheduleAndKickOff } from './support/matches';
import { metric, metricUntil } from './support/metrics';
import { TestSystem } from './support/system';

const WAITERS = 40;
const LEG1 = 'mv-leg-1';
const LEG2 = 'mv-leg-2';

/** `minVersion` as an amplifier: many targets, unknown streams, thousands of waits. */
describe('minVersion under hostile clients', () => {
  let system: TestSystem;
  let http: Http;
  let db: Client;
  const figures: Record<string, unknown> = {};
  const xacts = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
        )
      ).rows[0].n,
    );

  beforeAll(async () => {
    system = await TestSystem.start({
      env: { MIN_VERSION_WAITERS: String(WAITERS), MIN_VERSION_WAIT_MS: '120000' },
    });
    http = new Http(system.baseUrl);
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    const tie = await http.post('/ties', {
      tieId: 'mv-tie',
      competition: 'CCC',
      legs: [LEG1, LEG2],
      rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
    });
    expect(tie.status).toBe(201);
    await scheduleAndKickOff(http, 'mv-solo');
    await http.eventually('/matches/mv-solo?minVersion=2', (r) => r.status === 200);
    await http.eventually('/ties/mv-tie', (r) => r.status === 200);
  });
  afterAll(async () => {
    process.stdout.write(`${JSON.stringify({ test: 'hostile-min-version', ...figures })}\n`);
    await db?.end();
    await system?.stop();
  });

  it('refuses a tie minVersion with more targets than legs before reading anything', async () => {
    // 900 targets in a 13.5 kB query string (the size Node accepts for a request head).
    const many = range(1, 900)
      .map((i) => `minVersion=m:${i % 10}`)
      .join('&');
    const before = await xacts();
    const one = await http.get(`/ties/no-such-tie?${many}`);
    const perRequest = (await xacts()) - before;
    expect(one.status).toBe(400);
    expect(JSON.stringify(one.body)).toContain('minVersion');

    const started = Date.now();
    const replies = await Promise.all(range(1, 200).map(() => http.get(`/ties/no-such-tie?${many}`)));
    const burstMs = Date.now() - started;
    const bystander = Date.now();
    expect((await http.get('/matches/mv-solo')).status).toBe(200);
    figures.manyTargets = {
      targets: 900,
      xactsForOne: perRequest,
      burst: 200,
      burstMs,
      bystanderMs: Date.now() - bystander,
    };
    expect(replies.filter((r) => r.status !== 400)).toHaveLength(0);
    // One request used to cost 1,430 transactions; now it is refused from its query string.
    expect(perRequest).toBeLessThan(20);

    const three = await http.get(
      `/ties/mv-tie?minVersion=${LEG1}:1&minVersion=${LEG2}:1&minVersion=${LEG1}:2`,
    );
    expect(three.status).toBe(400);
    const twice = await http.get(`/ties/mv-tie?minVersion=${LEG1}:1&minVersion=${LEG1}:2`);
    expect(twice.status).toBe(400);
  });

  it('answers 404 at once for a stream the log does not hold, never a wait', async () => {
    const waitsBefore = await metric(system.baseUrl, 'touchline_min_version_waits');
    const replies = await Promise.all([
      http.get('/matches/mv-nobody?minVersion=3'),
      http.get('/matches/mv-nobody/timeline?minVersion=3'),
      http.get('/matches/mv-nobody/events?minVersion=3'),
      http.get('/matches/mv-nobody/state?minVersion=3'),
      http.get(`/ties/mv-no-tie?minVersion=${LEG1}:1`),
      http.get(`/ties/mv-tie?minVersion=${LEG1}:1`),
    ]);
    expect(replies.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    // (the last: the tie exists, its leg 1 was never scheduled)
    expect(waitsBefore).toBe(0);
  });

  it(`holds at most ${WAITERS} waits on one timer, refuses the next at once, and releases them all when the version lands`, async () => {
    const timersBefore = await metric(system.baseUrl, 'nodejs_active_resources', { type: 'Timeout' });
    const waiting = range(1, WAITERS).map(() =>
      http
        .get('/matches/mv-solo?minVersion=3')
        .catch((err: Error) => ({ status: 0, body: { err: err.message } })),
    );
    expect(await metricUntil(system.baseUrl, 'touchline_min_version_waits', (v) => v === WAITERS)).toBe(
      WAITERS,
    );
    const timersWaiting = await metric(system.baseUrl, 'nodejs_active_resources', { type: 'Timeout' });
    const before = await xacts();
    await new Promise((r) => setTimeout(r, 3000));
    const waitXactsPerSecond = ((await xacts()) - before) / 3;

    const refused = await http.get('/matches/mv-solo?minVersion=3');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await metric(system.baseUrl, 'touchline_min_version_waits')).toBe(WAITERS);
    // The waits share one ticker: not one timer each.
    expect(timersWaiting).toBeLessThanOrEqual(timersBefore + 10);

    expect((await http.post('/matches/mv-solo/events', offside('mv-solo-3'))).status).toBe(201);
    const answered = await Promise.all(waiting);
    expect(
      answered.filter((r) => r.status !== 200 || (r.body as { version?: number }).version !== 3),
    ).toHaveLength(0);
    expect(await metric(system.baseUrl, 'touchline_min_version_waits')).toBe(0);
    figures.waits = { held: WAITERS, timersBefore, timersWaiting, waitXactsPerSecond };
  });
});
