import { spawn } from 'node:child_process';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import { BASE_DATABASE_URL } from './support/database';
import { Http } from './support/http';
import { metric } from './support/metrics';
import { ADMIN_KEY, CCC_FEEDER_KEY, FEEDER_KEY, TestSystem } from './support/system';
import { streamRecords } from './support/topic';

const LIMIT = 20;
const SECRET = 'identity-secret-for-tests';
const SPACED_KEY = 'test-spaced-scope-key';
const API_MAIN = join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');

/** Runs the API with `env` until it exits (asynchronously: the test's own connections stay served). */
function exitOf(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** A request from a chosen loopback address, so that one test owns its address's rate-limit bucket. */
function from(
  localAddress: string,
  port: number,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', ...headers },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const match = (matchId: string, competition = 'CCC') => ({
  matchId,
  competition,
  homeTeam: { id: 'LAFC', name: 'Los Angeles FC' },
  awayTeam: { id: 'MIA', name: 'Inter Miami CF' },
});

/** Keys, limits and the small leaks an anonymous client could use. */
describe('keys and operations under hostile clients', () => {
  let system: TestSystem;
  let http: Http;
  let port: number;

  beforeAll(async () => {
    system = await TestSystem.start({
      projector: false,
      env: {
        RATE_LIMIT_PER_SECOND: String(LIMIT),
        // A window longer than the test: what is counted does not depend on how fast it runs.
        RATE_LIMIT_WINDOW_MS: '3600000',
        TOUCHLINE_IDENTITY_SECRET: SECRET,
        TOUCHLINE_API_KEYS: `feeder:${FEEDER_KEY},admin:${ADMIN_KEY},feeder@CCC:${CCC_FEEDER_KEY},feeder@CCC | UCL :${SPACED_KEY}`,
      },
    });
    http = new Http(system.baseUrl);
    port = Number(new URL(system.baseUrl).port);
  });
  afterAll(() => system?.stop());

  it('counts made-up and malformed keys against the client address, not a bucket per key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 10; i++) {
      const authorization = i % 3 === 2 ? `Basic ${randomUUID()}` : `Bearer ${randomUUID()}`;
      statuses.push(
        await from('127.0.0.2', port, '/matches', { authorization }, JSON.stringify(match(`k-${i}`))),
      );
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    // The address is spent for anonymous requests; a real key has a bucket of its own.
    expect(await from('127.0.0.2', port, '/matches', {}, JSON.stringify(match('k-anon')))).toBe(429);
    expect(
      await from(
        '127.0.0.2',
        port,
        '/matches',
        { authorization: `Bearer ${FEEDER_KEY}` },
        JSON.stringify(match('k-real')),
      ),
    ).toBe(201);
    // Another address is not affected.
    expect(await from('127.0.0.3', port, '/matches', { authorization: 'Bearer nope' }, '{}')).toBe(401);
  });

  it('trims the parts of TOUCHLINE_API_KEYS: a spaced scope still feeds its competitions', async () => {
    const ucl = await http.withKey(SPACED_KEY).post('/matches', match('k-ucl', 'UCL'));
    expect(ucl.status).toBe(201);
    expect((await http.withKey(SPACED_KEY).post('/matches', match('k-fz', 'FZ'))).status).toBe(403);
  });

  it('records a feeder identity that is an HMAC under the server secret, not a hash of the key', async () => {
    expect((await http.withKey(CCC_FEEDER_KEY).post('/matches', match('k-who'))).status).toBe(201);
    const [record] = await streamRecords(system, 'match:k-who');
    const hmac = createHmac('sha256', SECRET).update(CCC_FEEDER_KEY).digest('hex').slice(0, 16);
    expect(record.feeder).toBe(`feeder:${hmac}`);
    const sha = createHash('sha256').update(CCC_FEEDER_KEY).digest('hex');
    expect(sha).not.toContain(String(record.feeder).split(':')[1]);
  });

  it('refuses a malformed key list at start with a clear message and exit code 78', async () => {
    const cases: Array<[string, RegExp]> = [
      ['feeder@:k', /entry 1 \(feeder\): '' is not a competition code/],
      ['feeder:dup,admin:dup', /entry 2 \(admin\): this key is already given to entry 1/],
      ['feeder:a,not-a-key-list', /entry 2: expected role:key/],
    ];
    for (const [keys, message] of cases) {
      const run = await exitOf({ ...process.env, TOUCHLINE_API_KEYS: keys, PORT: '0', LOG_LEVEL: 'silent' });
      expect(run.code).toBe(78);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/dup|not-a-key-list/);
    }
  });

  it('answers a parked-stream action on an impossible stream id with 404, never 500', async () => {
    const admin = http.withKey(ADMIN_KEY);
    for (const path of [
      '/admin/parked/%00/retry',
      '/admin/parked/%00/skip',
      '/admin/parked/match%3A%00/retry',
    ]) {
      expect((await admin.post(path, {})).status).toBe(404);
    }
    expect((await admin.post('/admin/parked/match:nothing-parked/retry', {})).status).toBe(404);
  });

  it('checks readiness on one kept Kafka connection and never shows why a dependency is down', async () => {
    const connectsBefore = await metric(system.baseUrl, 'touchline_readiness_kafka_connects_total');
    for (let i = 0; i < 100; i++) {
      await Promise.all(Array.from({ length: 4 }, () => http.get('/health/ready')));
    }
    expect((await metric(system.baseUrl, 'touchline_readiness_kafka_connects_total')) - connectsBefore).toBe(
      0,
    );

    // Take the database away (ours alone): readiness says so, without PostgreSQL's words.
    const admin = new Client({ connectionString: BASE_DATABASE_URL });
    await admin.connect();
    const name = new URL(system.databaseUrl).pathname.slice(1);
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
    const ready = await http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      type: 'https://touchline.dev/problems/not-ready',
      title: 'Not ready',
      status: 503,
      kafka: 'ok',
      postgres: 'down',
    });
  });
});
