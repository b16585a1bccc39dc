import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Http } from './support/http';
import { scheduleAndKickOff } from './support/matches';
import { readSse, SseMessage } from './support/sse';
import { TestSystem } from './support/system';

type View = { matchId: string; status: string; score: { home: number; away: number } };

/** What the match centre needs from the API besides the match queries: lists, resumable replays, its files. */
describe('the API behind the match centre', () => {
  let system: TestSystem;
  let http: Http;

  const post = async (path: string, body: unknown): Promise<void> => {
    const r = await http.post(path, body);
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const schedule = (matchId: string, kickoffAt: string) =>
    post('/matches', {
      matchId,
      competition: 'LIST',
      homeTeam: { id: 'HOM', name: 'Home' },
      awayTeam: { id: 'AWY', name: 'Away' },
      kickoffAt,
    });

  beforeAll(async () => {
    system = await TestSystem.start({ partitions: 2 });
    http = new Http(system.baseUrl);
    await schedule('list-later', '2030-01-02T20:00:00Z');
    await schedule('list-sooner', '2030-01-01T20:00:00+01:00');
    await scheduleAndKickOff(http, 'list-live');
    await scheduleAndKickOff(http, 'list-done-first');
    await scheduleAndKickOff(http, 'list-done-last');
    for (const id of ['list-done-first', 'list-done-last']) {
      await post(`/matches/${id}/events`, [
        { eventId: `${id}-g`, type: 'GoalScored', team: 'MIA', player: 'Suárez', kind: 'header', minute: 12 },
        { eventId: `${id}-end`, type: 'MatchEnded', minute: 45 },
      ]);
    }
    await http.eventually<View[]>('/matches?status=recent', (r) => r.body.length === 2);
  });
  afterAll(() => system.stop());

  it('GET /matches?status= lists live, recent and scheduled matches across competitions', async () => {
    const ids = async (query: string) =>
      (await http.get<View[]>(`/matches${query}`)).body.map((m) => m.matchId);
    expect(await ids('?status=live')).toEqual(['list-live']);
    expect(await ids('?status=recent')).toEqual(['list-done-last', 'list-done-first']);
    expect(await ids('?status=scheduled')).toEqual(['list-sooner', 'list-later']);
    expect(await ids('?status=recent&limit=1')).toEqual(['list-done-last']);
    expect((await ids('')).sort()).toEqual(
      ['list-done-first', 'list-done-last', 'list-later', 'list-live', 'list-sooner'].sort(),
    );
    const [done] = (await http.get<View[]>('/matches?status=recent&limit=1')).body;
    expect(done).toMatchObject({ status: 'finished', score: { home: 1, away: 0 } });

    const openApi = await http.get<{ paths: Record<string, Record<string, unknown>> }>('/docs/openapi.json');
    expect(Object.keys(openApi.body.paths['/matches'] ?? {})).toEqual(
      expect.arrayContaining(['get', 'post']),
    );
    expect(Object.keys(openApi.body.paths).filter((p) => p.startsWith('/centre'))).toEqual([]);
  });

  it('GET /matches refuses a bad status, limit or parameter with a 400 naming it', async () => {
    for (const [query, field] of [
      ['?status=over', 'status'],
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?sort=asc', 'sort'],
    ]) {
      const r = await http.get(`/matches${query}`);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toContain(field);
    }
  });

  it('a replay starts at fromSeq, or after Last-Event-ID when a client reconnects', async () => {
    const seqs = async (query: string, headers: Record<string, string> = {}) => {
      const got: SseMessage[] = [];
      await readSse(
        `${system.baseUrl}/matches/list-done-last/replay?speed=0${query}`,
        (m) => {
          got.push(m);
          return m.event !== 'end';
        },
        { headers },
      );
      return got.filter((m) => m.event === 'match-event').map((m) => Number(m.id));
    };
    expect(await seqs('')).toEqual([1, 2, 3, 4]);
    expect(await seqs('&fromSeq=3')).toEqual([3, 4]);
    expect(await seqs('&fromSeq=1', { 'Last-Event-ID': '2' })).toEqual([3, 4]);
    expect(await seqs('&fromSeq=9')).toEqual([]);

    // The state carried with a resumed replay still covers the events before it.
    let first: SseMessage | undefined;
    await readSse(`${system.baseUrl}/matches/list-done-last/replay?speed=0&fromSeq=4`, (m) => {
      first = m;
      return false;
    });
    expect(first?.data).toMatchObject({ seq: 4, state: { status: 'finished', score: { home: 1, away: 0 } } });

    const bad = await http.get('/matches/list-done-last/replay?fromSeq=0');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('fromSeq');
  });

  it('serves the centre under its own Content-Security-Policy, and leaves the API-wide one as it is', async () => {
    for (const path of [
      '/centre/',
      '/centre/matches/list-live',
      '/centre/ties/t1',
      '/centre/competitions/LIST',
    ]) {
      const res = await fetch(`${system.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(await res.text()).toContain('/centre/assets/main.js');
    }
    const script = await fetch(`${system.baseUrl}/centre/assets/main.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const again = await fetch(`${system.baseUrl}/centre/assets/main.js`, {
      headers: { 'if-none-match': script.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);

    expect((await fetch(`${system.baseUrl}/centre/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${system.baseUrl}/centre/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${system.baseUrl}/centre/matches/bad%20id`)).status).toBe(404);

    const api = await fetch(`${system.baseUrl}/matches/list-live`);
    expect(api.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  it("keeps the page's own script and styles under 100 kB", () => {
    const dir = join(__dirname, '..', 'dist', 'centre');
    const bytes = readdirSync(dir)
      .filter((f) => /\.(js|css|html|svg)$/.test(f))
      .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    expect(bytes).toBeLessThanOrEqual(100 * 1024);
  });
});
