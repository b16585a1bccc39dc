import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadFixture } from './support/fixtures';
import { Http } from './support/http';
import { ADMIN_KEY, FEEDER_KEY, TestSystem } from './support/system';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const seed = loadFixture('seed-tie');
const [LEG1, LEG2] = seed.tie.legs;

describe('the touchline CLI', () => {
  let system: TestSystem;
  let cli: (key: string, ...args: string[]) => Promise<string>;
  let feedFile: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    cli = async (key, ...args) =>
      (await run(process.execPath, [CLI, '--url', system.baseUrl, '--key', key, ...args], { timeout: 60000 }))
        .stdout;
    const lines = [
      { tie: seed.tie },
      ...seed.matches.map((match) => ({ match })),
      ...seed.matches.flatMap((m) =>
        seed.events[m.matchId].map(({ event }) => ({ matchId: m.matchId, event })),
      ),
    ];
    feedFile = join(mkdtempSync(join(tmpdir(), 'touchline-cli-')), 'seed.ndjson');
    writeFileSync(feedFile, lines.map((l) => JSON.stringify(l)).join('\n'));
  });
  afterAll(() => system.stop());

  it('feeds an NDJSON file, and a re-run records nothing twice', async () => {
    const total = 3 + seed.events[LEG1].length + seed.events[LEG2].length;
    expect(await cli(FEEDER_KEY, 'feed', '--quiet', feedFile)).toContain(
      `${total} recorded, 0 already there`,
    );
    expect(await cli(FEEDER_KEY, 'feed', '--quiet', feedFile)).toContain(
      `0 recorded, ${total} already there`,
    );
    const http = new Http(system.baseUrl);
    await http.eventually(`/matches/${LEG2}`, (r) => r.body.version === seed.events[LEG2].length + 1);
  });

  it('seeds the demo group, a competition with its matches, and a re-run records nothing twice', async () => {
    const group = loadFixture('seed-group');
    const file = join(__dirname, 'fixtures', 'seed-group.json');
    await cli(FEEDER_KEY, 'seed', '--quiet', file);
    await cli(FEEDER_KEY, 'seed', '--quiet', file);
    const minVersion = group.matches
      .map((m) => `minVersion=${m.matchId}:${group.events[m.matchId].length + 1}`)
      .join('&');
    const standings = await new Http(system.baseUrl).eventually<{
      name: string | null;
      tables: Array<{ group: string; rows: Array<{ team: string; points: number; fairPlay: number }> }>;
    }>(`/competitions/WC2018/standings?${minVersion}`, (r) => r.status === 200 && r.body.name !== null);
    expect(standings.body.name).toBe('FIFA World Cup 2018');
    expect(standings.body.tables[0].rows.map((r) => [r.team, r.points, r.fairPlay])).toEqual([
      ['COL', 6, -4],
      ['JPN', 4, -4],
      ['SEN', 4, -6],
      ['POL', 3, 0],
    ]);
    const events = await new Http(system.baseUrl).get<{ version: number }>('/matches/wc2018-h-jpn-sen');
    expect(events.body.version).toBe(group.events['wc2018-h-jpn-sen'].length + 1);
  });

  it('replays the second leg: minute, event, score and tie status', async () => {
    const out = (await cli(FEEDER_KEY, 'replay', LEG2, '--speed', '0')).trim().split('\n');
    expect(out).toHaveLength(seed.events[LEG2].length + 1);
    const line = (needle: string) => out.find((l) => l.includes(needle)) ?? '';
    expect(line("9'")).toMatch(/MIA 0-1 LAFC\s+GoalScored.*LAFC through if it ended now \(aggregate\)/);
    expect(line("61'")).toMatch(/MIA 2-1 LAFC.*LAFC through if it ended now \(away_goals\)/);
    expect(line("84'")).toMatch(/MIA 3-1 LAFC.*MIA through if it ended now \(aggregate\)/);
    expect(out[out.length - 1]).toMatch(/MatchEnded.*MIA through \(aggregate\)/);
  });

  it('shows the status of the projections', async () => {
    const out = await cli(FEEDER_KEY, 'status');
    expect(out).toMatch(/ready: yes/);
    expect(out).toMatch(/projection matches\s+lag 0/);
  });

  it('rebuilds with an admin key and refuses a feeder key', async () => {
    expect(await cli(ADMIN_KEY, 'rebuild', '--quiet')).toMatch(/rebuild .* done/);
    await expect(cli(FEEDER_KEY, 'rebuild', '--quiet')).rejects.toThrow(/403/);
  });
});
