import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InPlayEvent } from '@touchline/domain';
import type { PlannedMatch } from './import.plan';
import { MalformedFileError, planOpenfootballImport } from './openfootball.parse';

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', '..', 'tests', 'fixtures', 'openfootball', name), 'utf8'),
  );

const plan = (json: unknown, competition = 'T') =>
  planOpenfootballImport(json, { competition, tiebreakers: 'fifa' });
const flat = (...matches: unknown[]) => ({ name: 'Test Cup', matches });
const groupMatch = (extra: Record<string, unknown>) => ({
  round: 'Matchday 1',
  date: '2022-11-20',
  time: '19:00',
  team1: 'Qatar',
  team2: 'Ecuador',
  group: 'Group A',
  ...extra,
});

const goals = (m: PlannedMatch) => m.events.filter((e) => e.type === 'GoalScored');
const find = (matches: PlannedMatch[], home: string, away: string) =>
  matches.find((m) => m.match.homeTeam.name === home && m.match.awayTeam.name === away)!;
const brief = (e: InPlayEvent) =>
  `${e.type}${'period' in e ? ` ${e.period}` : ''} ${e.minute ?? ''}${e.stoppage ? `+${e.stoppage}` : ''}`.trim();

describe('openfootball import plan: the flat shape (worldcup-2022.json)', () => {
  const wc = plan(fixture('worldcup-2022.json'), 'WC2022');

  it('plans all 64 matches, the competition, and a one-leg tie for each of the 16 knockouts', () => {
    expect(wc.rejected).toEqual([]);
    expect(wc.competition).toEqual({
      competitionId: 'WC2022',
      name: 'World Cup 2022',
      standings: { tiebreakers: 'fifa' },
    });
    expect(wc.matches).toHaveLength(64);
    expect(wc.matches.filter((m) => m.tie)).toHaveLength(16);
    expect(wc.matches.filter((m) => m.match.group)).toHaveLength(48);
    expect(new Set(wc.matches.map((m) => m.match.matchId)).size).toBe(64);
  });

  it('schedules a group match with its group, round, kick-off and team ids from the names', () => {
    expect(wc.matches[0].match).toEqual({
      matchId: 'WC2022-001',
      competition: 'WC2022',
      homeTeam: { id: 'qatar', name: 'Qatar' },
      awayTeam: { id: 'ecuador', name: 'Ecuador' },
      kickoffAt: '2022-11-20T19:00:00Z',
      group: 'A',
      round: 'Matchday 1',
    });
    expect(find(wc.matches, 'Saudi Arabia', 'Mexico').match.homeTeam.id).toBe('saudi-arabia');
  });

  it('plays the final as a one-leg tie through extra time and a 4-2 shootout', () => {
    const final = wc.matches[63];
    expect(final.tie).toEqual({
      tieId: 'WC2022-064-tie',
      competition: 'WC2022',
      legs: ['WC2022-064'],
      rules: { awayGoals: 'none', extraTime: true, penalties: true },
    });
    expect(final.match).toMatchObject({ round: 'Final', tieId: 'WC2022-064-tie', leg: 1 });
    expect(final.match.group).toBeUndefined();
    expect(final.events.map(brief)).toEqual([
      'PeriodStarted 1H 0',
      'PenaltyAwarded 23',
      'GoalScored 23',
      'GoalScored 36',
      'PeriodEnded 1H 45',
      'PeriodStarted 2H 45',
      'PenaltyAwarded 80',
      'GoalScored 80',
      'GoalScored 81',
      'PeriodEnded 2H 90',
      'PeriodStarted ET1 90',
      'PeriodEnded ET1 105',
      'PeriodStarted ET2 105',
      'GoalScored 108',
      'PenaltyAwarded 118',
      'GoalScored 118',
      'PeriodEnded ET2 120',
      'PeriodStarted PSO 120',
      ...Array.from({ length: 8 }, () => 'ShootoutKick 120'),
      'PeriodEnded PSO 120',
      'MatchEnded 120',
    ]);
    const kicks = final.events.filter((e) => e.type === 'ShootoutKick');
    expect(kicks.map((k) => `${k.team}:${k.scored ? 'o' : 'x'}`).join(' ')).toBe(
      'argentina:o france:o argentina:o france:o argentina:o france:x argentina:o france:x',
    );
    expect(goals(final).map((g) => `${g.minute} ${g.team} ${g.player} ${g.kind}`)).toEqual([
      '23 argentina Lionel Messi penalty',
      '36 argentina Ángel Di María open_play',
      '80 france Kylian Mbappé penalty',
      '81 france Kylian Mbappé open_play',
      '108 argentina Lionel Messi open_play',
      '118 france Kylian Mbappé penalty',
    ]);
  });

  it('gives every event a stable eventId under its match, the same on every run', () => {
    const again = plan(fixture('worldcup-2022.json'), 'WC2022');
    expect(again).toEqual(wc);
    for (const m of wc.matches) {
      const ids = m.events.map((e) => e.eventId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => id?.startsWith(`${m.match.matchId}:`))).toBe(true);
    }
  });

  it('credits an own goal to the side whose score rises, naming the defender', () => {
    const canMar = find(wc.matches, 'Canada', 'Morocco');
    expect(goals(canMar).find((g) => g.kind === 'own_goal')).toMatchObject({
      team: 'canada',
      player: 'Nayef Aguerd',
      minute: 40,
    });
    const argAus = find(wc.matches, 'Argentina', 'Australia');
    expect(goals(argAus).find((g) => g.kind === 'own_goal')).toMatchObject({
      team: 'australia',
      player: 'Enzo Fernández',
      minute: 77,
    });
  });

  it('puts added time from `offset` on the clock and ends the period at the last added minute', () => {
    const engIrn = find(wc.matches, 'England', 'Iran');
    expect(engIrn.events.map(brief)).toContain('GoalScored 45+1');
    expect(engIrn.events.map(brief)).toContain('PeriodEnded 1H 45+1');
    expect(engIrn.events.map(brief)).toContain('GoalScored 90+13');
    expect(engIrn.events.map(brief).slice(-2)).toEqual(['PeriodEnded 2H 90+13', 'MatchEnded 90+13']);
    const croBra = find(wc.matches, 'Croatia', 'Brazil');
    expect(goals(croBra).map((g) => `${g.team} ${g.minute}+${g.stoppage ?? 0}`)).toEqual([
      'brazil 105+1',
      'croatia 117+0',
    ]);
    expect(croBra.events.map(brief)).toContain('PeriodEnded ET1 105+1');
  });

  it('completes a scorer named by surname alone when exactly one team-mate name ends with it', () => {
    const scorers = new Map<string, number>();
    for (const m of wc.matches)
      for (const g of goals(m))
        if (g.type === 'GoalScored' && g.kind !== 'own_goal')
          scorers.set(g.player, (scorers.get(g.player) ?? 0) + 1);
    expect(scorers.get('Kylian Mbappé')).toBe(8);
    expect(scorers.has('Mbappé')).toBe(false);
    expect(scorers.get('Marcus Rashford')).toBe(3);
    expect(wc.notes).toContain('scorer "Mbappé" (france) read as "Kylian Mbappé"');
  });
});

describe('openfootball import plan: the rounds shape (euro-2020.json)', () => {
  const euro = planOpenfootballImport(fixture('euro-2020.json'), {
    competition: 'EURO2020',
    tiebreakers: 'uefa',
  });

  it('plans all 51 matches with team codes as ids, rounds from the round entries, numbers from `num`', () => {
    expect(euro.rejected).toEqual([]);
    expect(euro.competition.standings.tiebreakers).toBe('uefa');
    expect(euro.matches).toHaveLength(51);
    expect(euro.matches.filter((m) => m.tie)).toHaveLength(15);
    expect(euro.matches[0].match).toEqual({
      matchId: 'EURO2020-001',
      competition: 'EURO2020',
      homeTeam: { id: 'TUR', name: 'Turkey' },
      awayTeam: { id: 'ITA', name: 'Italy' },
      kickoffAt: '2021-06-11T21:00:00Z',
      group: 'A',
      round: 'Matchday 1',
    });
    const final = euro.matches.find((m) => m.match.round === 'Final')!;
    expect(final.match.matchId).toBe('EURO2020-051');
    const kicks = final.events.filter((e) => e.type === 'ShootoutKick');
    expect(kicks.filter((k) => k.team === 'ITA' && k.scored)).toHaveLength(3);
    expect(kicks.filter((k) => k.team === 'ENG' && k.scored)).toHaveLength(2);
  });

  it('plays extra time without a shootout when extra time decides it', () => {
    const itaAut = find(euro.matches, 'Italy', 'Austria');
    expect(itaAut.events.map(brief).filter((b) => b.startsWith('Period'))).toEqual([
      'PeriodStarted 1H 0',
      'PeriodEnded 1H 45',
      'PeriodStarted 2H 45',
      'PeriodEnded 2H 90',
      'PeriodStarted ET1 90',
      'PeriodEnded ET1 105',
      'PeriodStarted ET2 105',
      'PeriodEnded ET2 120',
    ]);
    expect(goals(itaAut)).toHaveLength(3);
  });

  it('reads goal lists that contradict the score but fit it swapped as swapped, and says so', () => {
    const ukrEng = find(euro.matches, 'Ukraine', 'England');
    expect(goals(ukrEng).every((g) => g.type === 'GoalScored' && g.team === 'ENG')).toBe(true);
    expect(goals(ukrEng)).toHaveLength(4);
    expect(euro.notes).toContain(
      'match 48 (Quarter-finals, 2021-07-03): Ukraine v England: goals1 and goals2 contradict the score 0-4 and fit it swapped: read swapped',
    );
  });
});

describe('openfootball import plan: reading the format generously', () => {
  it('takes minutes as numbers or text: "45+2", "90\'", "67", and minutes past 90 as added time', () => {
    const p = plan(
      flat(
        groupMatch({
          score: { ft: [3, 1] },
          goals1: [
            { name: 'A One', minute: '45+2' },
            { name: 'A Two', minute: "90'" },
            { name: 'A Three', minute: '67' },
          ],
          goals2: [{ name: 'B One', minute: 93 }],
        }),
      ),
    );
    expect(p.rejected).toEqual([]);
    expect(goals(p.matches[0]).map(brief)).toEqual([
      'GoalScored 45+2',
      'GoalScored 67',
      'GoalScored 90',
      'GoalScored 90+3',
    ]);
  });

  it('schedules a match not played yet (no score) without events', () => {
    const p = plan(flat(groupMatch({})));
    expect(p.rejected).toEqual([]);
    expect(p.matches[0].events).toEqual([]);
  });

  it('makes slug ids from names with accents and punctuation, and reads a zone in the time', () => {
    const p = plan(
      flat(groupMatch({ team1: "Côte d'Ivoire", team2: 'Bosnia & Herzegovina', time: '18:00 UTC+3' })),
    );
    expect(p.matches[0].match).toMatchObject({
      homeTeam: { id: 'cote-d-ivoire' },
      awayTeam: { id: 'bosnia-herzegovina' },
      kickoffAt: '2022-11-20T18:00:00+03:00',
    });
  });

  it('treats every match without a group as a league match when the file has no groups', () => {
    const p = plan(
      flat({
        ...groupMatch({
          score: { ft: [1, 1] },
          goals1: [{ name: 'A', minute: 3 }],
          goals2: [{ name: 'B', minute: 4 }],
        }),
        group: undefined,
      }),
    );
    expect(p.rejected).toEqual([]);
    expect(p.matches[0].tie).toBeUndefined();
  });

  it('plays a shootout straight after 90 minutes when the score has no extra time, with rules to match', () => {
    const p = plan(
      flat(groupMatch({}), {
        ...groupMatch({ round: 'Final', score: { ft: [0, 0], p: [5, 4] } }),
        group: undefined,
      }),
    );
    const final = p.matches[1];
    expect(final.tie?.rules).toEqual({ awayGoals: 'none', extraTime: false, penalties: true });
    expect(final.events.map(brief).slice(3, 5)).toEqual(['PeriodEnded 2H 90', 'PeriodStarted PSO 120']);
  });
});

describe('openfootball import plan: malformed matches are named and left out, the others go in', () => {
  const reject = (...matches: unknown[]) => plan(flat(groupMatch({ score: { ft: [0, 0] } }), ...matches));

  it.each([
    [
      groupMatch({ num: 7, score: { ft: [1, 0] }, goals1: [{ name: 'Akram Afif', minute: 'late' }] }),
      'match 7 (Matchday 1, 2022-11-20): Qatar v Ecuador',
      'goals1.0.minute: expected a minute such as 67',
    ],
    [
      groupMatch({ score: { ft: [2, 0] }, goals1: [{ name: 'A', minute: 10 }] }),
      'match 2 (Matchday 1, 2022-11-20): Qatar v Ecuador',
      'goals1 and goals2 list 1-0 goals but the score is 2-0',
    ],
    [
      groupMatch({ score: { ft: [1, 0] }, goals1: [{ name: 'A', minute: 44, offset: 2 }] }),
      'match 2',
      'goals1[0] (A): 44+2: time is only added at 45, 90, 105 or 120',
    ],
    [
      groupMatch({
        score: { ft: [1, 0], et: [2, 0] },
        goals1: [
          { name: 'A', minute: 10 },
          { name: 'A', minute: 100 },
        ],
      }),
      'match 2',
      'extra time or penalties in a match that is not a knockout',
    ],
    [
      {
        ...groupMatch({
          round: 'Final',
          score: { ft: [1, 1] },
          goals1: [{ name: 'A', minute: 10 }],
          goals2: [{ name: 'B', minute: 20 }],
        }),
        group: undefined,
      },
      'match 2 (Final, 2022-11-20): Qatar v Ecuador',
      'a knockout match level at 1-1 needs a penalty score (score.p)',
    ],
    [
      { ...groupMatch({ round: 'Final', score: { ft: [0, 0], et: [0, 0], p: [5, 1] } }), group: undefined },
      'match 2',
      'penalties 5-1: no shootout ends on that score',
    ],
    [groupMatch({ team2: undefined }), 'match 2 (Matchday 1, 2022-11-20): Qatar v ?', 'team2'],
    [groupMatch({ team2: 'Qatar' }), 'match 2', 'team1 and team2 are the same team (qatar)'],
    [groupMatch({ date: '20/11/2022' }), 'match 2 (Matchday 1, 20/11/2022)', 'date'],
    [groupMatch({ score: { ft: [1, 0] }, goals1: [{ minute: 3 }] }), 'match 2', 'goals1.0.name'],
    [
      groupMatch({
        score: { ft: [1, 0] },
        goals1: [{ name: 'A', minute: 50 }],
        goals2: undefined,
        time: '25:00',
      }),
      'match 2',
      'time: "25:00" is not a time of day',
    ],
  ])('%#: rejects the match with a message naming it', (bad, label, problem) => {
    const p = reject(bad);
    expect(p.matches).toHaveLength(1);
    expect(p.rejected).toHaveLength(1);
    expect(p.rejected[0].label).toContain(label);
    expect(p.rejected[0].problems.join('\n')).toContain(problem);
  });

  it('rejects a second match with the same number', () => {
    const p = plan(flat(groupMatch({ num: 1 }), groupMatch({ num: 1, team1: 'Senegal' })));
    expect(p.matches).toHaveLength(1);
    expect(p.rejected).toEqual([
      {
        label: 'match 1 (Matchday 1, 2022-11-20): Senegal v Ecuador',
        problems: ['num 1 is used by another match'],
      },
    ]);
  });

  it('refuses a file that is neither shape, or has no matches', () => {
    expect(() => plan({ name: 'x', fixtures: [] })).toThrow(MalformedFileError);
    expect(() => plan([1, 2])).toThrow(/not an openfootball file/);
    expect(() => plan({ name: 'x', rounds: [] })).toThrow(/no matches/);
  });
});
