import { computeStandings } from './standings.compute';
import { DEFAULT_STANDINGS_RULES, type StandingsRules } from './standings.types';
import { order, result, results } from './testing/table.given.spec';

const league: StandingsRules = { points: { win: 3, draw: 1, loss: 0 }, tiebreakers: 'league' };

describe('a league: one table with no group', () => {
  // Constructed: A and B on 4 points; B beat A 1-0, A has the better goal difference.
  const season = results(null, ['A 4-0 C', 'B 1-0 A', 'A 0-0 D', 'B 0-0 C', 'B 0-1 D', 'C 0-0 D']);

  it('given the league preset, then points, goal difference, goals; the match between two is ignored', () => {
    const { tables, thirdPlaced } = computeStandings(season, league);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.group).toBeNull();
    expect(tables[0]!.rows.map((r) => [r.pos, r.team, r.points, r.goalDifference, r.lots])).toEqual([
      [1, 'D', 5, 1, false],
      [2, 'A', 4, 3, false],
      [3, 'B', 4, 0, false],
      [4, 'C', 2, -4, false],
    ]);
    expect(thirdPlaced).toBeNull();
  });

  it('given the same season under uefa, then B above A on their match', () => {
    expect(order(computeStandings(season, { ...league, tiebreakers: 'uefa' }).tables[0])).toEqual([
      'D',
      'B',
      'A',
      'C',
    ]);
  });

  it('given goal difference level, then goals scored decide; level on all three, then lots', () => {
    const table = computeStandings(results(null, ['A 3-2 C', 'B 1-0 C', 'D 1-1 E']), league).tables[0]!;
    expect(table.rows.map((r) => [r.team, r.points, r.goalDifference, r.goalsFor, r.lots])).toEqual([
      ['A', 3, 1, 3, false],
      ['B', 3, 1, 1, false],
      ['D', 1, 0, 1, true],
      ['E', 1, 0, 1, true],
      ['C', 0, -2, 2, false],
    ]);
  });

  it('given a points rule with a point for a loss, then it counts', () => {
    const rules: StandingsRules = { points: { win: 3, draw: 2, loss: 1 }, tiebreakers: 'league' };
    const table = computeStandings(results(null, ['A 1-0 B', 'B 1-1 C']), rules).tables[0]!;
    expect(table.rows.map((r) => [r.team, r.points])).toEqual([
      ['A', 3],
      ['B', 3],
      ['C', 2],
    ]);
  });

  it('given two points for a win, then three draws beat a win and two defeats', () => {
    const matches = results(null, ['W 1-0 X', 'W 0-1 Y', 'W 0-1 Z', 'D 0-0 X', 'D 0-0 Y', 'D 0-0 Z']);
    const pointsOf = (win: number) =>
      computeStandings(matches, { points: { win, draw: 1, loss: 0 }, tiebreakers: 'league' })
        .tables[0]!.rows.filter((r) => r.team === 'W' || r.team === 'D')
        .map((r) => [r.team, r.points]);
    expect(pointsOf(2)).toEqual([
      ['D', 3],
      ['W', 2],
    ]);
    expect(pointsOf(3)).toEqual([
      ['D', 3],
      ['W', 3],
    ]);
  });
});

describe('several groups', () => {
  it('given groups in any order, then tables by group name, numbers in number order, no group last', () => {
    const matches = [
      result('Group 10', 'J 1-0 K'),
      result(null, 'L 1-0 M'),
      result('Group 2', 'N 1-0 O'),
      result('Group 1', 'P 1-0 Q'),
    ];
    const groups = computeStandings(matches, DEFAULT_STANDINGS_RULES).tables.map((t) => t.group);
    expect(groups).toEqual(['Group 1', 'Group 2', 'Group 10', null]);
  });

  it('given a match in one group, then no other group table changes', () => {
    const a = results('A', ['A1 1-0 A2', 'A3 v A4']);
    const b = results('B', ['B1 2-2 B2']);
    const { tables } = computeStandings([...a, ...b], DEFAULT_STANDINGS_RULES);
    expect(order(tables[0])).toEqual(['A1', 'A3', 'A4', 'A2']);
    expect(order(tables[1])).toEqual(['B1', 'B2']);
    expect(tables[1]!.rows.every((r) => r.played === 1 && r.points === 1)).toBe(true);
  });
});

describe('third-placed teams across groups', () => {
  const groupOf = (g: string, third: string, score: string, fairPlay = 0) => [
    ...results(g, [`${g}1 3-0 ${g}4`, `${g}2 2-0 ${g}4`, `${g}1 1-0 ${g}2`, `${g}1 1-0 ${third}`]),
    result(g, `${third} ${score} ${g}4`, { fairPlay: { home: fairPlay, away: 0 } }),
    result(g, `${g}2 1-0 ${third}`),
  ];

  it('given three groups, then their thirds ranked by points, goal difference, goals, fair play', () => {
    const matches = [
      ...groupOf('A', 'T1', '1-1'), // 1 point
      ...groupOf('B', 'T2', '3-1', -2), // 3 points, GD 0, 3 goals, -2
      ...groupOf('C', 'T3', '3-1'), // 3 points, GD 0, 3 goals, 0
    ];
    const { thirdPlaced } = computeStandings(matches, DEFAULT_STANDINGS_RULES);
    expect(thirdPlaced!.map((r) => [r.pos, r.team, r.points, r.goalDifference, r.fairPlay, r.lots])).toEqual([
      [1, 'T3', 3, 0, 0, false],
      [2, 'T2', 3, 0, -2, false],
      [3, 'T1', 1, -2, 0, false],
    ]);
  });

  it('given two thirds level on everything, then lots in team-id order, pos within the ranking', () => {
    const matches = [...groupOf('A', 'T9', '2-0'), ...groupOf('B', 'T1', '2-0')];
    const { tables, thirdPlaced } = computeStandings(matches, DEFAULT_STANDINGS_RULES);
    expect(tables.map((t) => t.rows[2]!.pos)).toEqual([3, 3]);
    expect(thirdPlaced!.map((r) => [r.pos, r.team, r.lots])).toEqual([
      [1, 'T1', true],
      [2, 'T9', true],
    ]);
  });

  it('given a single group, then no third-placed ranking', () => {
    expect(computeStandings(groupOf('A', 'T1', '1-1'), DEFAULT_STANDINGS_RULES).thirdPlaced).toBeNull();
  });

  it('given a group of two teams, then no third-placed ranking', () => {
    const matches = [...groupOf('A', 'T1', '1-1'), ...results('B', ['B1 1-0 B2'])];
    expect(computeStandings(matches, DEFAULT_STANDINGS_RULES).thirdPlaced).toBeNull();
  });

  it('given groups and a table with no group, then the table with no group is not a group', () => {
    const matches = [...groupOf('A', 'T1', '1-1'), ...results(null, ['L1 1-0 L2', 'L2 1-0 L3', 'L3 v L1'])];
    expect(computeStandings(matches, DEFAULT_STANDINGS_RULES).thirdPlaced).toBeNull();
  });
});
