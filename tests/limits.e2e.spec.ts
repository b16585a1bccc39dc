import { Http } from './support/http';
import { ADMIN_KEY, CCC_FEEDER_KEY, FEEDER_KEY, TestSystem } from './support/system';

const LIMIT = 5;
const WINDOW_MS = 10_000;

describe('limits and hardening of the HTTP edge', () => {
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start({
      projector: false,
      env: {
        RATE_LIMIT_PER_SECOND: String(LIMIT),
        RATE_LIMIT_WINDOW_MS: String(WINDOW_MS),
        BODY_LIMIT: '16kb',
      },
    });
    http = new Http(system.baseUrl);
  });
  afterAll(() => system.stop());

  it('limits the rate per key with 429 and Retry-After, other keys unaffected', async () => {
    const body = {
      matchId: 'rate-1',
      competition: 'CCC',
      homeTeam: { id: 'A', name: 'A' },
      awayTeam: { id: 'B', name: 'B' },
    };
    const started = Date.now();
    const replies = await Promise.all(Array.from({ length: 12 }, () => http.post('/matches', body)));
    // However slow the machine, the burst spans at most this many windows of LIMIT requests each.
    const windows = Math.floor((Date.now() - started) / WINDOW_MS) + 1;
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(Math.min(12 - LIMIT, 12 - LIMIT * windows));
    for (const reply of limited) {
      expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(replies.filter((r) => r.status >= 500)).toEqual([]);
    expect((await http.withKey(ADMIN_KEY).get('/matches/rate-1')).status).not.toBe(429);

    // The key gets in again once the window the reply names has passed.
    let again = await http.withKey(FEEDER_KEY).post('/matches', body);
    while (again.status === 429) {
      await new Promise((r) => setTimeout(r, Number(again.headers.get('retry-after')) * 1000 + 100));
      again = await http.withKey(FEEDER_KEY).post('/matches', body);
    }
    expect([200, 201]).toContain(again.status);
  });

  it('refuses a body over the limit with 413', async () => {
    const huge = { matchId: 'big', competition: 'CCC', pad: 'x'.repeat(64 * 1024) };
    const reply = await http.withKey(CCC_FEEDER_KEY).post('/matches', huge);
    expect(reply.status).toBe(413);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('sends security headers and never a stack trace', async () => {
    const reply = await http.withKey(ADMIN_KEY).post('/matches/nope/events', '{"broken":');
    expect(reply.status).toBe(400);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-frame-options')).toBeTruthy();
    expect(reply.headers.get('x-powered-by')).toBeNull();
    expect(JSON.stringify(reply.body)).not.toMatch(/node_modules|\bat \w+ \(|SELECT|INSERT/);
  });
});
