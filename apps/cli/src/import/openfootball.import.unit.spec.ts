import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOpenfootball, summary, type Poster } from './openfootball.import';

/** An API that remembers what it was sent: 201 the first time, 200 for the same body again. */
function fakeApi(refuse: (path: string) => string | null = () => null) {
  const seen = new Map<string, string>();
  const posts: string[] = [];
  const api: Poster = {
    command: async (path, body) => {
      const { matchId, tieId } = body as { matchId?: string; tieId?: string };
      posts.push(
        path === '/competitions' || path.includes('/events')
          ? path
          : `${path} ${path === '/ties' ? tieId : matchId}`,
      );
      const why = refuse(path);
      if (why) throw new Error(`POST ${path} → 422 ${why}`);
      const key = `${path} ${JSON.stringify(body)}`;
      const again = seen.has(key);
      seen.set(key, '');
      return again ? 200 : 201;
    },
  };
  return { api, posts };
}

function file(json: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'touchline-import-unit-')), 'cup.json');
  writeFileSync(path, JSON.stringify(json));
  return path;
}

const cup = file({
  name: 'Cup',
  matches: [
    {
      round: 'Matchday 1',
      group: 'Group A',
      date: '2022-11-20',
      team1: 'Qatar',
      team2: 'Ecuador',
      score: { ft: [0, 1] },
      goals2: [{ name: 'Enner Valencia', minute: 16 }],
    },
    {
      round: 'Final',
      date: '2022-12-18',
      team1: 'Argentina',
      team2: 'France',
      score: { ft: [0, 0], et: [0, 0], p: [4, 2] },
    },
    {
      round: 'Final',
      date: '2022-12-18',
      team1: 'Argentina',
      team2: 'France',
      score: { ft: [1, 0] },
      goals1: [{ name: 'Lionel Messi', minute: '90+50' }],
    },
  ],
});
const opts = { competition: 'CUP', tiebreakers: 'fifa' as const, quiet: true };

describe('posting an import plan', () => {
  it('declares the competition, then per match its tie, its schedule and its events in one post', async () => {
    const { api, posts } = fakeApi();
    const report = await importOpenfootball(api, cup, opts);
    expect(posts[0]).toBe('/competitions');
    expect(posts.filter((p) => p.includes('CUP-001'))).toEqual([
      '/matches CUP-001',
      '/matches/CUP-001/events',
    ]);
    expect(posts.filter((p) => p.includes('CUP-002'))).toEqual([
      '/ties CUP-002-tie',
      '/matches CUP-002',
      '/matches/CUP-002/events',
    ]);
    expect(report).toMatchObject({ matches: 2, ties: 1, alreadyThere: 0 });
    expect(report.failed).toEqual([
      {
        label: 'match 3 (Final, 2022-12-18): Argentina v France',
        problems: ['goals1[0] (Lionel Messi): 90+50: more than 30 minutes of added time'],
      },
    ]);
    expect(posts.some((p) => p.includes('CUP-003'))).toBe(false);
  });

  it('counts events already there on a re-run', async () => {
    const { api } = fakeApi();
    const first = await importOpenfootball(api, cup, opts);
    const again = await importOpenfootball(api, cup, opts);
    expect(again.recorded).toBe(0);
    expect(again.alreadyThere).toBe(first.recorded);
    expect(summary('CUP', again)).toContain(
      `CUP: 2 matches imported (1 one-match knockout tie), 0 events recorded, ${first.recorded} already there`,
    );
  });

  it('reports a match the API refuses by name and goes on with the others', async () => {
    const { api } = fakeApi((path) => (path === '/matches/CUP-001/events' ? 'Minute out of range' : null));
    const report = await importOpenfootball(api, cup, opts);
    expect(report.matches).toBe(1);
    expect(report.failed[1]).toEqual({
      label: 'match 1 (Matchday 1, 2022-11-20): Qatar v Ecuador',
      problems: ['POST /matches/CUP-001/events → 422 Minute out of range'],
    });
  });

  it('says which file is not JSON, or not of the format', async () => {
    const { api, posts } = fakeApi();
    const notJson = join(mkdtempSync(join(tmpdir(), 'touchline-import-unit-')), 'x.json');
    writeFileSync(notJson, '{"name": ');
    await expect(importOpenfootball(api, notJson, opts)).rejects.toThrow(`${notJson}: not JSON`);
    await expect(importOpenfootball(api, file({ name: 'x' }), opts)).rejects.toThrow(
      /x\.json|cup\.json: not an openfootball file/,
    );
    expect(posts).toEqual([]);
  });
});
