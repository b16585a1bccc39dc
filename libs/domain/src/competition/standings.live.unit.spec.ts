import { computeStandings } from './standings.compute';
import { DEFAULT_STANDINGS_RULES, type StandingsTable, type TableMatch } from './standings.types';
import { order, result, results } from './testing/table.given.spec';

const tableOf = (matches: readonly TableMatch[]): StandingsTable =>
  computeStandings(matches, DEFAULT_STANDINGS_RULES).tables[0]!;
const liveRows = (t: StandingsTable) => t.rows.filter((r) => r.live).map((r) => r.team);

/**
 * World Cup 2018, Group H, last round (28 June 2018), as it stood. Before it: Japan and Senegal 4
 * points, Colombia 3, Poland 0. Poland led Japan from 59' (Bednarek), Colombia led Senegal from
 * 74' (Mina). Bookings so far: Japan 3 (Makino's came at 66'), Senegal 5 (Niang's at 51').
 */
const firstTwoRounds = [
  result('H', 'COL 1-2 JPN', { fairPlay: { home: 0, away: -1 } }),
  result('H', 'POL 1-2 SEN', { fairPlay: { home: 0, away: -2 } }),
  result('H', 'JPN 2-2 SEN', { fairPlay: { home: -2, away: -3 } }),
  result('H', 'POL 0-3 COL'),
];
const lastRound = (jpnPol: string, senCol: string, cards: { jpn: number; sen: number }, ended = false) => [
  ...firstTwoRounds,
  result('H', jpnPol, { status: ended ? 'finished' : 'live', fairPlay: { home: cards.jpn, away: 0 } }),
  result('H', senCol, { status: ended ? 'finished' : 'live', fairPlay: { home: cards.sen, away: 0 } }),
];

describe('as it stands: World Cup 2018 Group H, last round', () => {
  it('given both matches kicked off at 0-0, then the table is live and counts them as draws', () => {
    const table = tableOf(lastRound('JPN 0-0 POL', 'SEN 0-0 COL', { jpn: 0, sen: 0 }));
    expect(table.live).toBe(true);
    expect(liveRows(table).sort()).toEqual(['COL', 'JPN', 'POL', 'SEN']);
    expect(table.rows.map((r) => [r.team, r.played, r.points])).toEqual([
      ['JPN', 3, 5],
      ['SEN', 3, 5],
      ['COL', 3, 4],
      ['POL', 3, 1],
    ]);
  });

  it('given Poland ahead at 59′, then Japan drop to third as it stands', () => {
    const table = tableOf(lastRound('JPN 0-1 POL', 'SEN 0-0 COL', { jpn: 0, sen: -1 }));
    expect(order(table)).toEqual(['SEN', 'COL', 'JPN', 'POL']);
  });

  it('given Colombia ahead at 74′, then Japan second on fair play, -4 to -6, still live', () => {
    const table = tableOf(lastRound('JPN 0-1 POL', 'SEN 0-1 COL', { jpn: -1, sen: -1 }));
    expect(order(table)).toEqual(['COL', 'JPN', 'SEN', 'POL']);
    expect(table.rows.map((r) => r.fairPlay)).toEqual([0, -4, -6, 0]);
    expect(table.live).toBe(true);
  });

  it('given a goal then the same goal disallowed, then the table is back where it was', () => {
    const before = tableOf(lastRound('JPN 0-1 POL', 'SEN 0-0 COL', { jpn: 0, sen: -1 }));
    const goal = tableOf(lastRound('JPN 0-1 POL', 'SEN 1-0 COL', { jpn: 0, sen: -1 }));
    const disallowed = tableOf(lastRound('JPN 0-1 POL', 'SEN 0-0 COL', { jpn: 0, sen: -1 }));
    expect(order(goal)).toEqual(['SEN', 'JPN', 'COL', 'POL']);
    expect(disallowed).toEqual(before);
  });

  it('given one match over and the other still on, then only the teams still playing are live', () => {
    const matches = [
      ...firstTwoRounds,
      result('H', 'JPN 0-1 POL', { status: 'finished', fairPlay: { home: -1, away: 0 } }),
      result('H', 'SEN 0-1 COL', { status: 'live', fairPlay: { home: -1, away: 0 } }),
    ];
    const table = tableOf(matches);
    expect(table.live).toBe(true);
    expect(liveRows(table).sort()).toEqual(['COL', 'SEN']);
  });

  it('given both matches over, then nothing is live and the final table stands', () => {
    const table = tableOf(lastRound('JPN 0-1 POL', 'SEN 0-1 COL', { jpn: -1, sen: -1 }, true));
    expect(table.live).toBe(false);
    expect(liveRows(table)).toEqual([]);
    expect(order(table)).toEqual(['COL', 'JPN', 'SEN', 'POL']);
  });
});

describe('matches that do not count', () => {
  it('given a group drawn but not started, then every team has a row with played 0, level, to lots', () => {
    const table = tableOf(results('A', ['QAT v ECU', 'SEN v NED']));
    expect(table.live).toBe(false);
    expect(table.rows.map((r) => [r.pos, r.team, r.played, r.points, r.lots])).toEqual([
      [1, 'ECU', 0, 0, true],
      [2, 'NED', 0, 0, true],
      [3, 'QAT', 0, 0, true],
      [4, 'SEN', 0, 0, true],
    ]);
  });

  it('given one result and one fixture, then the fixture adds nothing but its teams', () => {
    const table = tableOf(results('A', ['QAT 0-2 ECU', 'SEN v NED']));
    expect(table.rows.map((r) => [r.team, r.played, r.points, r.lots])).toEqual([
      ['ECU', 1, 3, false],
      ['NED', 0, 0, true],
      ['SEN', 0, 0, true],
      ['QAT', 1, 0, false],
    ]);
  });

  it('given an abandoned match with a score and cards, then it counts nothing', () => {
    const abandoned = result('A', 'QAT 0-2 ECU', { status: 'abandoned', fairPlay: { home: -4, away: -1 } });
    const table = tableOf([abandoned]);
    expect(table.rows.map((r) => [r.team, r.played, r.goalsFor, r.points, r.fairPlay])).toEqual([
      ['ECU', 0, 0, 0, 0],
      ['QAT', 0, 0, 0, 0],
    ]);
  });
});
