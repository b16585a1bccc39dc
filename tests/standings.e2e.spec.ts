import { Http } from './support/http';
import { ADMIN_KEY, TestSystem } from './support/system';

type Event = Record<string, unknown> & { type: string };

interface Row {
  pos: number;
  team: string;
  played: number;
  won: number;
  drawn: number;
  lost: number;
  goalsFor: number;
  goalsAgainst: number;
  points: number;
  fairPlay: number;
  live: boolean;
  lots: boolean;
}
interface Standings {
  competition: string;
  tables: Array<{ group: string | null; live: boolean; rows: Row[] }>;
  thirdPlaced: Row[] | null;
}

const team = (id: string) => ({ id, name: `Team ${id}` });
const goal = (teamId: string, player: string, minute: number, eventId?: string): Event => ({
  type: 'GoalScored',
  team: teamId,
  player,
  kind: 'open_play',
  minute,
  ...(eventId ? { eventId } : {}),
});
const card = (teamId: string, player: string, minute: number, c = 'yellow', eventId?: string): Event => ({
  type: 'CardShown',
  team: teamId,
  player,
  card: c,
  minute,
  ...(eventId ? { eventId } : {}),
});
const kickOff: Event = { type: 'PeriodStarted', period: '1H', minute: 0 };
const halfTime: Event[] = [
  { type: 'PeriodEnded', period: '1H', minute: 45 },
  { type: 'PeriodStarted', period: '2H', minute: 45 },
];
const fullTime: Event[] = [{ type: 'PeriodEnded', period: '2H', minute: 90 }, { type: 'MatchEnded' }];

/** A whole match in one post: first-half events, then second-half events, then full time. */
const played = (firstHalf: Event[], secondHalf: Event[] = []): Event[] => [
  kickOff,
  ...firstHalf,
  ...halfTime,
  ...secondHalf,
  ...fullTime,
];

describe('group and league tables', () => {
  let system: TestSystem;
  let http: Http;
  const versions: Record<string, number> = {};

  const schedule = async (body: Record<string, unknown>) => {
    const r = await http.post('/matches', body);
    if (r.status !== 201) throw new Error(`POST /matches → ${r.status} ${JSON.stringify(r.body)}`);
    versions[body.matchId as string] = 1;
  };
  const post = async (matchId: string, events: Event[]) => {
    const r = await http.post<Array<{ seq: number }>>(`/matches/${matchId}/events`, events);
    if (r.status !== 201) throw new Error(`${matchId} → ${r.status} ${JSON.stringify(r.body)}`);
    versions[matchId] = r.body[r.body.length - 1].seq;
  };
  /** The standings once the read model holds every match of `matchIds` as last posted. */
  const standings = async (competition: string, matchIds: string[], query = '') => {
    const minVersion = matchIds.map((m) => `minVersion=${m}:${versions[m]}`).join('&');
    const r = await http.get<Standings>(`/competitions/${competition}/standings?${minVersion}${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const order = (s: Standings, group: string | null = 'A') =>
    s.tables.find((t) => t.group === group)!.rows.map((r) => r.team);

  beforeAll(async () => {
    system = await TestSystem.start();
    http = new Http(system.baseUrl);
    // Group A of "WCT": matchdays 1 and 2 are played; matchday 3's two games are played at once.
    const fixtures: Array<[string, string, string, string, string]> = [
      ['wct-a-1', 'AAA', 'BBB', 'Matchday 1', '2026-06-11T16:00:00Z'],
      ['wct-a-2', 'CCC', 'DDD', 'Matchday 1', '2026-06-11T19:00:00Z'],
      ['wct-a-3', 'AAA', 'CCC', 'Matchday 2', '2026-06-15T16:00:00Z'],
      ['wct-a-4', 'BBB', 'DDD', 'Matchday 2', '2026-06-15T19:00:00Z'],
      ['wct-a-6', 'BBB', 'CCC', 'Matchday 3', '2026-06-19T19:00:00Z'],
      ['wct-a-5', 'AAA', 'DDD', 'Matchday 3', '2026-06-19T19:00:00Z'],
    ];
    for (const [matchId, home, away, round, kickoffAt] of fixtures) {
      await schedule({
        matchId,
        competition: 'WCT',
        homeTeam: team(home),
        awayTeam: team(away),
        group: 'A',
        round,
        kickoffAt,
      });
    }
    // Group B, so that thirdPlaced exists; and a final, a one-match tie, that never counts.
    for (const [matchId, home, away, kickoffAt] of [
      ['wct-b-1', 'EEE', 'FFF', '2026-06-12T16:00:00Z'],
      ['wct-b-2', 'GGG', 'EEE', '2026-06-16T16:00:00Z'],
    ]) {
      await schedule({
        matchId,
        competition: 'WCT',
        homeTeam: team(home),
        awayTeam: team(away),
        group: 'B',
        round: 'Matchday 1',
        kickoffAt,
      });
    }
    const tie = {
      tieId: 'wct-final',
      competition: 'WCT',
      legs: ['wct-final'],
      rules: { awayGoals: 'none', extraTime: true, penalties: true },
    };
    expect((await http.post('/ties', tie)).status).toBe(201);
    await schedule({
      matchId: 'wct-final',
      competition: 'WCT',
      homeTeam: team('AAA'),
      awayTeam: team('EEE'),
      tieId: 'wct-final',
      leg: 1,
      round: 'Final',
    });

    // Matchday 1: AAA 2-0 BBB; CCC 1-1 DDD with a yellow for DDD's d1.
    await post('wct-a-1', played([goal('AAA', 'a9', 10)], [goal('AAA', 'a9', 60)]));
    await post('wct-a-2', played([goal('CCC', 'c9', 20), card('DDD', 'd1', 30)], [goal('DDD', 'd9', 70)]));
    // Matchday 2: AAA 1-0 CCC, where a red card for CCC's c2 is overturned by VAR (it counts for
    // nothing); BBB 2-1 DDD.
    await post(
      'wct-a-3',
      played(
        [
          goal('AAA', 'a9', 5),
          card('CCC', 'c2', 30, 'red', 'wct-a-3-red-c2'),
          {
            type: 'VarReviewStarted',
            reviewId: 'r1',
            incident: 'red_card',
            refEventId: 'wct-a-3-red-c2',
            minute: 31,
          },
          { type: 'VarReviewCompleted', reviewId: 'r1', outcome: 'overturned', minute: 33 },
        ],
        [],
      ),
    );
    await post('wct-a-4', played([goal('BBB', 'b9', 10), goal('DDD', 'd9', 20)], [goal('BBB', 'b9', 80)]));
    await post('wct-b-1', played([goal('EEE', 'e9', 10)]));
  });
  afterAll(() => system.stop());

  it('ranks a group by points, goal difference, goals scored', async () => {
    const s = await standings('WCT', ['wct-a-1', 'wct-a-2', 'wct-a-3', 'wct-a-4', 'wct-b-1']);
    expect(s.competition).toBe('WCT');
    const a = s.tables.find((t) => t.group === 'A')!;
    expect(a.live).toBe(false);
    expect(a.rows).toEqual([
      expect.objectContaining({
        pos: 1,
        team: 'AAA',
        played: 2,
        won: 2,
        points: 6,
        goalsFor: 3,
        goalsAgainst: 0,
      }),
      expect.objectContaining({ pos: 2, team: 'BBB', played: 2, won: 1, lost: 1, points: 3, goalsFor: 2 }),
      // Level on points and goal difference: DDD scored more.
      expect.objectContaining({ pos: 3, team: 'DDD', points: 1, goalsFor: 2, fairPlay: -1, lots: false }),
      expect.objectContaining({ pos: 4, team: 'CCC', points: 1, goalsFor: 1, fairPlay: 0, live: false }),
    ]);
    expect(s.tables.map((t) => t.group)).toEqual(['A', 'B']);
    expect(s.thirdPlaced?.map((r) => [r.pos, r.team])).toEqual([
      [1, 'DDD'],
      [2, 'FFF'],
    ]);
    // The final is a tie's match: it never counts, not even as a league table.
    expect(s.tables.some((t) => t.group === null)).toBe(false);
    const onlyB = await standings('WCT', [], '&group=B');
    expect(onlyB.tables.map((t) => t.group)).toEqual(['B']);
    expect(order(onlyB, 'B')).toEqual(['EEE', 'GGG', 'FFF']);
  });

  it('moves "as it stands" while the last round is played at once, goal by goal, and back on a VAR overturn', async () => {
    const both = ['wct-a-5', 'wct-a-6'];
    const step = async (a5: Event[], a6: Event[]) => {
      await Promise.all([a5.length && post('wct-a-5', a5), a6.length && post('wct-a-6', a6)]);
      return standings('WCT', both, '&group=A');
    };
    const sub = (teamId: string, n: number): Event => ({
      type: 'SubstitutionMade',
      team: teamId,
      playerOff: `${teamId}-${n}`,
      playerOn: `${teamId}-sub-${n}`,
      minute: 30 + n,
    });

    let s = await step([kickOff], [kickOff]);
    expect(s.tables[0].live).toBe(true);
    expect(s.tables[0].rows.map((r) => [r.team, r.points, r.live])).toEqual([
      ['AAA', 7, true],
      ['BBB', 4, true],
      ['DDD', 2, true],
      ['CCC', 2, true],
    ]);

    // CCC lead BBB: CCC up to second; a yellow for CCC's c3 is entered, then retracted as an error.
    s = await step(
      [],
      [
        goal('CCC', 'c9', 20),
        card('CCC', 'c3', 21, 'yellow', 'wct-a-6-c3'),
        { type: 'EventRetracted', refEventId: 'wct-a-6-c3', reason: 'wrong player', minute: 22 },
      ],
    );
    expect(order(s)).toEqual(['AAA', 'CCC', 'BBB', 'DDD']);
    expect(s.tables[0].rows.find((r) => r.team === 'CCC')).toMatchObject({ points: 4, fairPlay: 0 });

    // DDD lead AAA: level on points and goal difference with CCC, ahead on goals scored.
    s = await step([goal('DDD', 'd9', 30, 'wct-a-5-ddd-goal')], []);
    expect(order(s)).toEqual(['AAA', 'DDD', 'CCC', 'BBB']);

    // BBB equalise: BBB 4 points, CCC down to 2.
    s = await step([sub('AAA', 1)], [goal('BBB', 'b9', 40)]);
    expect(order(s)).toEqual(['AAA', 'DDD', 'BBB', 'CCC']);
    expect(s.tables[0].rows.map((r) => r.points)).toEqual([6, 4, 4, 2]);

    // VAR rules DDD's goal out: AAA back to 7; CCC and DDD level on everything, even head to head
    // (1-1): fair play puts CCC (0) above DDD (-1).
    s = await step(
      [
        {
          type: 'VarReviewStarted',
          reviewId: 'var-1',
          incident: 'goal',
          refEventId: 'wct-a-5-ddd-goal',
          minute: 41,
        },
        { type: 'VarReviewCompleted', reviewId: 'var-1', outcome: 'overturned', minute: 43 },
      ],
      [sub('CCC', 2)],
    );
    expect(order(s)).toEqual(['AAA', 'BBB', 'CCC', 'DDD']);
    expect(s.tables[0].rows.map((r) => [r.team, r.points, r.goalsFor, r.goalsAgainst, r.fairPlay])).toEqual([
      ['AAA', 7, 3, 0, 0],
      ['BBB', 4, 3, 4, 0],
      ['CCC', 2, 2, 3, 0],
      ['DDD', 2, 2, 3, -1],
    ]);

    s = await step([...halfTime, ...fullTime], [...halfTime, ...fullTime]);
    expect(s.tables[0].live).toBe(false);
    expect(s.tables[0].rows.every((r) => !r.live && r.played === 3)).toBe(true);
    expect(order(s)).toEqual(['AAA', 'BBB', 'CCC', 'DDD']);
  });

  it('lists fixtures and results by kick-off then matchId, filtered by round, group and status', async () => {
    const ids = async (query: string) => {
      const minVersion = Object.keys(versions)
        .filter((m) => m.startsWith('wct'))
        .map((m) => `minVersion=${m}:${versions[m]}`)
        .join('&');
      const r = await http.get<Array<{ matchId: string }>>(`/competitions/WCT/matches?${minVersion}${query}`);
      expect(r.status).toBe(200);
      return r.body.map((m) => m.matchId);
    };
    expect(await ids('')).toEqual([
      'wct-a-1',
      'wct-a-2',
      'wct-b-1',
      'wct-a-3',
      'wct-a-4',
      'wct-b-2',
      'wct-a-5',
      'wct-a-6',
      'wct-final',
    ]);
    expect(await ids('&round=Matchday%203')).toEqual(['wct-a-5', 'wct-a-6']);
    expect(await ids('&group=B')).toEqual(['wct-b-1', 'wct-b-2']);
    expect(await ids('&status=scheduled')).toEqual(['wct-b-2', 'wct-final']);
    expect(await ids('&group=A&status=finished&round=Matchday%201')).toEqual(['wct-a-1', 'wct-a-2']);
    expect(await ids('&round=Quarter-finals')).toEqual([]);

    const all = (await http.get<Array<Record<string, unknown>>>('/competitions/WCT/matches?round=Final'))
      .body;
    expect(all).toEqual([
      {
        matchId: 'wct-final',
        round: 'Final',
        group: null,
        tieId: 'wct-final',
        homeTeam: team('AAA'),
        awayTeam: team('EEE'),
        kickoffAt: null,
        status: 'scheduled',
        score: { home: 0, away: 0 },
        shootout: null,
      },
    ]);
    const a5 = (
      await http.get<Array<Record<string, unknown>>>('/competitions/WCT/matches?round=Matchday%203')
    ).body;
    expect(a5[0]).toMatchObject({
      matchId: 'wct-a-5',
      group: 'A',
      status: 'finished',
      score: { home: 0, away: 0 },
    });
  });

  it('makes a league table of the matches with neither group nor tie', async () => {
    const league = [
      ['lge-1', 'XXX', 'YYY', 3, 1],
      ['lge-2', 'YYY', 'ZZZ', 2, 2],
      ['lge-3', 'ZZZ', 'XXX', 0, 1],
    ] as const;
    for (const [matchId, home, away, hg, ag] of league) {
      await schedule({ matchId, competition: 'LGE', homeTeam: team(home), awayTeam: team(away) });
      const goals = [
        ...Array.from({ length: hg }, (_, i) => goal(home, `${home}-9`, 50 + i)),
        ...Array.from({ length: ag }, (_, i) => goal(away, `${away}-9`, 70 + i)),
      ];
      await post(matchId, played([], goals));
    }
    const s = await standings('LGE', ['lge-1', 'lge-2', 'lge-3']);
    expect(s.tables).toHaveLength(1);
    expect(s.tables[0].group).toBeNull();
    expect(s.tables[0].rows.map((r) => [r.team, r.points])).toEqual([
      ['XXX', 6],
      // Level on points: ZZZ's goal difference (-1) is better than YYY's (-2).
      ['ZZZ', 1],
      ['YYY', 1],
    ]);
    expect(s.thirdPlaced).toBeNull();
  });

  it('answers 404 for an unknown competition or group, 400 for a bad filter', async () => {
    expect((await http.get('/competitions/NOPE/standings')).status).toBe(404);
    expect((await http.get('/competitions/NOPE/matches')).status).toBe(404);
    expect((await http.get('/competitions/WCT/standings?group=Z')).status).toBe(404);
    expect((await http.get('/competitions/bad%20id/standings')).status).toBe(404);
    const bad = await http.get('/competitions/WCT/matches?status=postponed');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('status');
    expect((await http.get('/competitions/WCT/standings?grop=A')).status).toBe(400);
    expect((await http.get(`/competitions/WCT/matches?round=${'R'.repeat(65)}`)).status).toBe(400);
    expect((await http.get('/competitions/WCT/matches?round=%00')).status).toBe(400);
    expect((await http.get('/competitions/WCT/standings?group=A%00')).status).toBe(400);
  });

  it('comes out the same from a rebuild of every read model', async () => {
    const before = await standings(
      'WCT',
      Object.keys(versions).filter((m) => m.startsWith('wct')),
    );
    const fixturesBefore = (await http.get('/competitions/WCT/matches')).body;
    const started = await http
      .withKey(ADMIN_KEY)
      .post<{ rebuildId: string }>('/admin/projections/rebuild', {});
    expect(started.status).toBe(202);
    await http.eventually<{ rebuild: { status: string } }>(
      '/admin/projections',
      (r) => r.body.rebuild.status === 'done',
      60000,
    );
    expect((await http.get('/competitions/WCT/standings')).body).toEqual(before);
    expect((await http.get('/competitions/WCT/matches')).body).toEqual(fixturesBefore);
  });
});
