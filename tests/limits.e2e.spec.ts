import { Http } from './support/http';
import { ADMIN_KEY, FEEDER_KEY, TestSystem } from './support/system';

describe('limits and hardening of the HTTP edge', () => {
  let system: TestSystem;
  let http: Http;

  beforeAll(async () => {
    system = await TestSystem.start({
      projector: false,
      env: { RATE_LIMIT_PER_SECOND: '5', BODY_LIMIT: '16kb' },
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
    const replies = await Promise.all(Array.from({ length: 12 }, () => http.post('/matches', body)));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(6);
    expect(limited[0].headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited[0].headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(replies.filter((r) => r.status >= 500)).toEqual([]);
    expect((await http.withKey(ADMIN_KEY).get('/matches/rate-1')).status).not.toBe(429);

    await new Promise((r) => setTimeout(r, 1100));
    expect([200, 201]).toContain((await http.withKey(FEEDER_KEY).post('/matches', body)).status);
  });

  it('refuses a body over the limit with 413', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const huge = { matchId: 'big', competition: 'CCC', pad: 'x'.repeat(64 * 1024) };
    const reply = await http.post('/matches', huge);
    expect(reply.status).toBe(413);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('sends security headers and never a stack trace', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const reply = await http.post('/matches/nope/events', '{"broken":');
    expect(reply.status).toBe(400);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-frame-options')).toBeTruthy();
    expect(reply.headers.get('x-powered-by')).toBeNull();
    expect(JSON.stringify(reply.body)).not.toMatch(/node_modules|\bat \w+ \(|SELECT|INSERT/);
  });
});
