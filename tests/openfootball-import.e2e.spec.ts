import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Http } from './support/http';
import { FEEDER_KEY, TestSystem } from './support/system';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const FIXTURES = join(__dirname, 'fixtures', 'openfootball');

type Pair = [number, number];
interface RawMatch {
  num?: number;
  team1: string | { name: string };
  team2: string | { name: string };
  score: { ft: Pair; et?: Pair; p?: Pair };
}
interface Row {
  pos: number;
  team: string;
  played: number;
  won: number;
  drawn: number;
  lost: number;
  goalsFor: number;
  goalsAgainst: number;
  goalDifference: number;
  points: number;
  live: boolean;
}
interface Standings {
  tables: Array<{ group: string | null; live: boolean; rows: Row[] }>;
  thirdPlaced: Row[] | null;
}
interface Fixture {
  matchId: string;
  round: string | null;
  group: string | null;
  tieId: string | null;
  homeTeam: { id: string };
  awayTeam: { id: string };
  status: string;
  score: { home: number; away: number };
  shootout: { home: number; away: number } | null;
}

/** "team P W D L GF-GA Pts", the way a published group table reads. */
const line = (r: Row) =>
  `${r.team} ${r.played} ${r.won} ${r.drawn} ${r.lost} ${r.goalsFor}-${r.goalsAgainst} ${r.points}`;
const fixtureLine = (f: Fixture) =>
  `${f.homeTeam.id} ${f.score.home}-${f.score.away} ${f.awayTeam.id}${f.shootout ? ` (p ${f.shootout.home}-${f.shootout.away})` : ''}`;

function rawMatches(file: string): RawMatch[] {
  const json = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
    matches?: RawMatch[];
    rounds?: Array<{ matches: RawMatch[] }>;
  };
  return json.matches ?? json.rounds!.flatMap((r) => r.matches);
}

describe('importing real tournaments from openfootball JSON, through the API', () => {
  let system: TestSystem;
  let http: Http;
  const cli = async (...args: string[]) =>
    run(
      process.execPath,
      [CLI, '--url', system.baseUrl, '--key', FEEDER_KEY, 'import', 'openfootball', ...args],
      {
        timeout: 110000,
      },
    );

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
  });
  afterAll(() => system.stop());

  /** Waits until the read models hold every match finished and every group table complete. */
  async function projected(competition: string, matches: number, groupMatches: number) {
    await http.eventually<Fixture[]>(
      `/competitions/${competition}/matches?status=finished`,
      (r) => r.status === 200 && r.body.length === matches,
      60000,
    );
    await http.eventually<Standings>(
      `/competitions/${competition}/standings`,
      (r) =>
        r.status === 200 &&
        r.body.tables.reduce((n, t) => n + t.rows.reduce((p, row) => p + row.played, 0), 0) ===
          2 * groupMatches,
      60000,
    );
  }

  async function versions(competition: string): Promise<number[]> {
    const { body } = await http.get<Fixture[]>(`/competitions/${competition}/matches`);
    return Promise.all(
      body.map(async (f) => (await http.get<{ version: number }>(`/matches/${f.matchId}`)).body.version),
    );
  }

  async function checkScores(competition: string, file: string) {
    const raw = rawMatches(file);
    for (const [i, m] of raw.entries()) {
      const id = `${competition}-${String(m.num ?? i + 1).padStart(3, '0')}`;
      const { body } = await http.get<{ status: string; score: unknown; shootout: unknown }>(
        `/matches/${id}`,
      );
      const final = m.score.et ?? m.score.ft;
      expect({ id, status: body.status, score: body.score, shootout: body.shootout }).toEqual({
        id,
        status: 'finished',
        score: { home: final[0], away: final[1] },
        shootout: m.score.p ? { home: m.score.p[0], away: m.score.p[1] } : null,
      });
    }
  }

  describe('the 2022 World Cup (a flat list of matches, teams by name)', () => {
    let output: string;

    beforeAll(async () => {
      output = (await cli(join(FIXTURES, 'worldcup-2022.json'), '--competition', 'WC2022', '--quiet')).stdout;
      await projected('WC2022', 64, 48);
    });

    it('imports the 64 matches and 16 one-match ties, and says so', () => {
      expect(output).toMatch(
        /WC2022: 64 matches imported \(16 one-match knockout ties\), \d+ events recorded, 0 already there/,
      );
      expect(output).toContain('note: scorer "Mbappé" (france) read as "Kylian Mbappé"');
      expect(output).not.toContain('not imported');
    });

    it('ends every match at its published score, shootouts included', async () => {
      await checkScores('WC2022', 'worldcup-2022.json');
    });

    it('plays the final to 3-3 after extra time, Argentina through 4-2 on penalties', async () => {
      const final = await http.get(`/matches/WC2022-064`);
      expect(final.body).toMatchObject({
        score: { home: 3, away: 3 },
        shootout: { home: 4, away: 2 },
        period: 'PSO',
      });
      const tie = await http.get('/ties/WC2022-064-tie');
      expect(tie.body).toMatchObject({
        aggregate: { argentina: 3, france: 3 },
        reason: 'penalties',
        decided: true,
        winner: 'argentina',
        shootout: { argentina: 4, france: 2 },
      });
    });

    it('gives every group the published final table', async () => {
      const { body } = await http.get<Standings>('/competitions/WC2022/standings');
      const tables = Object.fromEntries(body.tables.map((t) => [t.group, t.rows.map(line)]));
      expect(tables).toEqual({
        A: [
          'netherlands 3 2 1 0 5-1 7',
          'senegal 3 2 0 1 5-4 6',
          'ecuador 3 1 1 1 4-3 4',
          'qatar 3 0 0 3 1-7 0',
        ],
        B: ['england 3 2 1 0 9-2 7', 'usa 3 1 2 0 2-1 5', 'iran 3 1 0 2 4-7 3', 'wales 3 0 1 2 1-6 1'],
        C: [
          'argentina 3 2 0 1 5-2 6',
          'poland 3 1 1 1 2-2 4',
          'mexico 3 1 1 1 2-3 4',
          'saudi-arabia 3 1 0 2 3-5 3',
        ],
        D: [
          'france 3 2 0 1 6-3 6',
          'australia 3 2 0 1 3-4 6',
          'tunisia 3 1 1 1 1-1 4',
          'denmark 3 0 1 2 1-3 1',
        ],
        E: [
          'japan 3 2 0 1 4-3 6',
          'spain 3 1 1 1 9-3 4',
          'germany 3 1 1 1 6-5 4',
          'costa-rica 3 1 0 2 3-11 3',
        ],
        F: [
          'morocco 3 2 1 0 4-1 7',
          'croatia 3 1 2 0 4-1 5',
          'belgium 3 1 1 1 1-2 4',
          'canada 3 0 0 3 2-7 0',
        ],
        G: [
          'brazil 3 2 0 1 3-1 6',
          'switzerland 3 2 0 1 4-3 6',
          'cameroon 3 1 1 1 4-4 4',
          'serbia 3 0 1 2 5-8 1',
        ],
        H: [
          'portugal 3 2 0 1 6-4 6',
          'south-korea 3 1 1 1 4-4 4',
          'uruguay 3 1 1 1 2-2 4',
          'ghana 3 1 0 2 5-7 3',
        ],
      });
      expect(body.tables.every((t) => !t.live)).toBe(true);
    });

    it('has Mbappé top scorer with 8, Messi next with 7', async () => {
      const { body } = await http.get<Array<{ player: string; team: string; goals: number }>>(
        '/competitions/WC2022/scorers',
      );
      expect(body.slice(0, 2)).toEqual([
        { player: 'Kylian Mbappé', team: 'france', goals: 8 },
        { player: 'Lionel Messi', team: 'argentina', goals: 7 },
      ]);
    });

    it('lists fixtures and results by round and by group', async () => {
      const round = async (r: string) =>
        (await http.get<Fixture[]>(`/competitions/WC2022/matches?round=${encodeURIComponent(r)}`)).body;
      expect((await round('Round of 16')).map(fixtureLine)).toEqual([
        'netherlands 3-1 usa',
        'argentina 2-1 australia',
        'france 3-1 poland',
        'england 3-0 senegal',
        'japan 1-1 croatia (p 1-3)',
        'brazil 4-1 south-korea',
        'morocco 0-0 spain (p 3-0)',
        'portugal 6-1 switzerland',
      ]);
      expect((await round('Quarter-finals')).map(fixtureLine)).toEqual([
        'croatia 1-1 brazil (p 4-2)',
        'netherlands 2-2 argentina (p 3-4)',
        'morocco 1-0 portugal',
        'england 1-2 france',
      ]);
      const final = await round('Final');
      expect(final).toHaveLength(1);
      expect(final[0]).toMatchObject({ matchId: 'WC2022-064', tieId: 'WC2022-064-tie', group: null });
      const groupA = (await http.get<Fixture[]>('/competitions/WC2022/matches?group=A')).body;
      expect(groupA.map(fixtureLine)).toEqual([
        'qatar 0-2 ecuador',
        'senegal 0-2 netherlands',
        'qatar 1-3 senegal',
        'netherlands 1-1 ecuador',
        'ecuador 1-2 senegal',
        'netherlands 2-0 qatar',
      ]);
      expect(groupA.every((f) => f.group === 'A' && f.round?.startsWith('Matchday'))).toBe(true);
    });

    it('appends nothing when the same file is imported again', async () => {
      const before = await versions('WC2022');
      const again = (await cli(join(FIXTURES, 'worldcup-2022.json'), '--competition', 'WC2022', '--quiet'))
        .stdout;
      const total = before.reduce((a, b) => a + b, 0) - before.length; // events besides MatchScheduled
      expect(again).toContain(
        `WC2022: 64 matches imported (16 one-match knockout ties), 0 events recorded, ${total} already there`,
      );
      expect(await versions('WC2022')).toEqual(before);
    });
  });

  describe('Euro 2020 (rounds, teams as {name, code}, UEFA tiebreakers)', () => {
    let output: string;

    beforeAll(async () => {
      output = (
        await cli(
          join(FIXTURES, 'euro-2020.json'),
          '--competition',
          'EURO2020',
          '--tiebreakers',
          'uefa',
          '--quiet',
        )
      ).stdout;
      await projected('EURO2020', 51, 36);
    });

    it('imports the 51 matches, reading the goal lists of Ukraine v England the way the score says', () => {
      expect(output).toMatch(/EURO2020: 51 matches imported \(15 one-match knockout ties\)/);
      expect(output).toContain(
        'note: match 48 (Quarter-finals, 2021-07-03): Ukraine v England: goals1 and goals2',
      );
    });

    it('ends every match at its published score, shootouts included', async () => {
      await checkScores('EURO2020', 'euro-2020.json');
    });

    it('puts Italy through against England on penalties in the final', async () => {
      const tie = await http.get('/ties/EURO2020-051-tie');
      expect(tie.body).toMatchObject({
        aggregate: { ITA: 1, ENG: 1 },
        reason: 'penalties',
        decided: true,
        winner: 'ITA',
        shootout: { ITA: 3, ENG: 2 },
      });
    });

    it('gives every group the published final table, head-to-head deciding where UEFA says it does', async () => {
      const { body } = await http.get<Standings>('/competitions/EURO2020/standings');
      const tables = Object.fromEntries(body.tables.map((t) => [t.group, t.rows.map(line)]));
      expect(tables).toEqual({
        A: ['ITA 3 3 0 0 7-0 9', 'WAL 3 1 1 1 3-2 4', 'SUI 3 1 1 1 4-5 4', 'TUR 3 0 0 3 1-8 0'],
        // Denmark, Finland, Russia all on 3: the head-to-head mini-table orders them.
        B: ['BEL 3 3 0 0 7-1 9', 'DEN 3 1 0 2 5-4 3', 'FIN 3 1 0 2 1-3 3', 'RUS 3 1 0 2 2-7 3'],
        C: ['NED 3 3 0 0 8-2 9', 'AUT 3 2 0 1 4-3 6', 'UKR 3 1 0 2 4-5 3', 'MKD 3 0 0 3 2-8 0'],
        D: ['ENG 3 2 1 0 2-0 7', 'CRO 3 1 1 1 4-3 4', 'CZE 3 1 1 1 3-2 4', 'SCO 3 0 1 2 1-5 1'],
        E: ['SWE 3 2 1 0 4-2 7', 'ESP 3 1 2 0 6-1 5', 'SVK 3 1 0 2 2-7 3', 'POL 3 0 1 2 4-6 1'],
        // Germany above Portugal on their 4-2 head-to-head, though Portugal scored more overall.
        F: ['FRA 3 1 2 0 4-3 5', 'GER 3 1 1 1 6-5 4', 'POR 3 1 1 1 7-6 4', 'HUN 3 0 2 1 3-6 2'],
      });
      expect(body.thirdPlaced?.map((r) => r.team)).toEqual(['POR', 'CZE', 'SUI', 'UKR', 'FIN', 'SVK']);
    });

    it('has Ronaldo and Schick top scorers with 5, Kane on 4 for England', async () => {
      const { body } = await http.get<Array<{ player: string; team: string; goals: number }>>(
        '/competitions/EURO2020/scorers',
      );
      expect(body.slice(0, 2)).toEqual([
        { player: 'Ronaldo', team: 'POR', goals: 5 },
        { player: 'Schick', team: 'CZE', goals: 5 },
      ]);
      expect(body).toContainEqual({ player: 'Kane', team: 'ENG', goals: 4 });
    });

    it('lists the knockout rounds in kick-off order', async () => {
      const round = async (r: string) =>
        (await http.get<Fixture[]>(`/competitions/EURO2020/matches?round=${encodeURIComponent(r)}`)).body.map(
          fixtureLine,
        );
      expect(await round('Round of 16')).toEqual([
        'WAL 0-4 DEN',
        'ITA 2-1 AUT',
        'NED 0-2 CZE',
        'BEL 1-0 POR',
        'CRO 3-5 ESP',
        'FRA 3-3 SUI (p 4-5)',
        'ENG 2-0 GER',
        'SWE 1-2 UKR',
      ]);
      expect(await round('Semi-finals')).toEqual(['ITA 1-1 ESP (p 4-2)', 'ENG 2-1 DEN']);
      expect(await round('Final')).toEqual(['ITA 1-1 ENG (p 3-2)']);
    });

    it('appends nothing when the same file is imported again', async () => {
      const before = await versions('EURO2020');
      const again = await cli(
        join(FIXTURES, 'euro-2020.json'),
        '--competition',
        'EURO2020',
        '--tiebreakers',
        'uefa',
        '--quiet',
      );
      expect(again.stdout).toMatch(/EURO2020: 51 matches imported .* 0 events recorded/);
      expect(await versions('EURO2020')).toEqual(before);
    });
  });

  it('names a malformed match, writes nothing for it, and imports the others', async () => {
    const [good, bad] = rawMatches('worldcup-2022.json').slice(0, 2) as unknown as Array<
      Record<string, unknown>
    >;
    const broken = {
      ...bad,
      goals2: [
        { name: 'Davy Klaassen', minute: 'late' },
        { name: 'Cody Gakpo', minute: 84 },
      ],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'touchline-import-')), 'two.json');
    writeFileSync(file, JSON.stringify({ name: 'Two matches', matches: [good, broken] }));
    const failure = (await cli(file, '--competition', 'BROKEN', '--quiet').then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    ))!;
    expect(failure.code).toBe(1);
    expect(failure.stdout).toContain('BROKEN: 1 match imported (0 one-match knockout ties)');
    expect(failure.stdout).toContain('not imported: match 2 (Matchday 2, 2022-11-21): Senegal v Netherlands');
    expect(failure.stdout).toContain('goals2.0.minute: expected a minute such as 67');
    expect((await http.get('/matches/BROKEN-002')).status).toBe(404);
    const first = await http.eventually<{ status: string }>(
      '/matches/BROKEN-001',
      (r) => r.body?.status === 'finished',
    );
    expect(first.body).toMatchObject({ score: { home: 0, away: 2 } });
  });
});
