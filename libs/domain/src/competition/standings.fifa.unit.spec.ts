import { computeStandings } from './standings.compute';
import { DEFAULT_STANDINGS_RULES, type StandingsRules } from './standings.types';
import { line, order, result, results } from './testing/table.given.spec';

const fifa: StandingsRules = DEFAULT_STANDINGS_RULES;
const tableOf = (matches: Parameters<typeof computeStandings>[0], rules = fifa) =>
  computeStandings(matches, rules).tables[0]!;

/**
 * World Cup 2018, Group H. Japan and Senegal level on points, goal difference, goals scored and
 * their match (2-2): Japan through on fair play, -4 against -6, the first time at a World Cup.
 * Bookings per match as AP listed them (federalnewsradio.com, 2018-06-28); the other two teams'
 * cards are left out, they change nothing in the order.
 */
const wc2018H = (fairPlay: { jpnSen: [number, number]; jpn: [number, number]; sen: [number, number] }) => [
  result('H', 'COL 1-2 JPN', { fairPlay: { home: 0, away: fairPlay.jpn[0] } }),
  result('H', 'POL 1-2 SEN', { fairPlay: { home: 0, away: fairPlay.sen[0] } }),
  result('H', 'JPN 2-2 SEN', { fairPlay: { home: fairPlay.jpnSen[0], away: fairPlay.jpnSen[1] } }),
  result('H', 'POL 0-3 COL'),
  result('H', 'JPN 0-1 POL', { fairPlay: { home: fairPlay.jpn[1], away: 0 } }),
  result('H', 'SEN 0-1 COL', { fairPlay: { home: fairPlay.sen[1], away: 0 } }),
];

describe('fifa: World Cup 2018 Group H, decided by fair play', () => {
  it('given the real bookings (Japan 1+2+1, Senegal 2+3+1 yellows), then Japan second', () => {
    const table = tableOf(wc2018H({ jpn: [-1, -1], jpnSen: [-2, -3], sen: [-2, -1] }));
    expect(table.rows.map(line)).toEqual([
      ['COL', 3, 2, 0, 1, 5, 2, 6],
      ['JPN', 3, 1, 1, 1, 4, 4, 4],
      ['SEN', 3, 1, 1, 1, 4, 4, 4],
      ['POL', 3, 1, 0, 2, 2, 5, 3],
    ]);
    expect(table.rows.map((r) => [r.team, r.fairPlay, r.lots])).toEqual([
      ['COL', 0, false],
      ['JPN', -4, false],
      ['SEN', -6, false],
      ['POL', 0, false],
    ]);
  });

  it('given Senegal with the better conduct instead, then Senegal second (fair play, not team ids)', () => {
    expect(order(tableOf(wc2018H({ jpn: [-3, -1], jpnSen: [-2, -1], sen: [-1, -1] })))).toEqual([
      'COL',
      'SEN',
      'JPN',
      'POL',
    ]);
  });

  it('given no bookings at all, then Japan and Senegal are left to lots, in team-id order', () => {
    const rows = tableOf(wc2018H({ jpn: [0, 0], jpnSen: [0, 0], sen: [0, 0] })).rows;
    expect(rows.map((r) => [r.pos, r.team, r.lots])).toEqual([
      [1, 'COL', false],
      [2, 'JPN', true],
      [3, 'SEN', true],
      [4, 'POL', false],
    ]);
  });
});

/**
 * World Cup 1994, Group E: all four on 4 points and goal difference 0 (en.wikipedia.org,
 * "1994 FIFA World Cup Group E"). Mexico first on goals scored (3); Ireland above Italy, both
 * 2-2, on the match between them (Italy 0-1 Ireland).
 */
const wc1994E = results('E', [
  'ITA 0-1 IRL',
  'NOR 1-0 MEX',
  'ITA 1-0 NOR',
  'MEX 2-1 IRL',
  'IRL 0-0 NOR',
  'ITA 1-1 MEX',
]);

describe('fifa: World Cup 1994 Group E, goals scored then the match between the two still level', () => {
  it('given the real results, then Mexico, Ireland, Italy, Norway', () => {
    const table = tableOf(wc1994E);
    expect(table.rows.map(line)).toEqual([
      ['MEX', 3, 1, 1, 1, 3, 3, 4],
      ['IRL', 3, 1, 1, 1, 2, 2, 4],
      ['ITA', 3, 1, 1, 1, 2, 2, 4],
      ['NOR', 3, 1, 1, 1, 1, 1, 4],
    ]);
    expect(table.rows.every((r) => !r.lots)).toBe(true);
  });

  it('given the league preset, then nothing looks at the match between them: Ireland and Italy to lots', () => {
    const rows = tableOf(wc1994E, { ...fifa, tiebreakers: 'league' }).rows;
    expect(rows.map((r) => [r.team, r.lots])).toEqual([
      ['MEX', false],
      ['IRL', true],
      ['ITA', true],
      ['NOR', false],
    ]);
  });
});

/**
 * World Cup 1990, Group F, two points for a win: Ireland and the Netherlands level on everything,
 * their match 1-1; FIFA drew lots and Ireland came second (latimes.com, 1990-06-22). Fair play
 * was no criterion then; no bookings are given here.
 */
const wc1990F = results('F', [
  'ENG 1-1 IRL',
  'NED 1-1 EGY',
  'ENG 0-0 NED',
  'IRL 0-0 EGY',
  'ENG 1-0 EGY',
  'IRL 1-1 NED',
]);

describe('fifa with two points for a win: World Cup 1990 Group F, drawn by lots', () => {
  const twoPoints: StandingsRules = { points: { win: 2, draw: 1, loss: 0 }, tiebreakers: 'fifa' };

  it('given 2/1/0, then England 4, Ireland and the Netherlands 3 each flagged for lots, Egypt 2', () => {
    const rows = tableOf(wc1990F, twoPoints).rows;
    expect(rows.map(line)).toEqual([
      ['ENG', 3, 1, 2, 0, 2, 1, 4],
      ['IRL', 3, 0, 3, 0, 2, 2, 3],
      ['NED', 3, 0, 3, 0, 2, 2, 3],
      ['EGY', 3, 0, 2, 1, 1, 2, 2],
    ]);
    expect(rows.map((r) => [r.pos, r.lots])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, false],
    ]);
  });

  it('given 3/1/0 on the same results, then England has 5', () => {
    expect(tableOf(wc1990F).rows.map((r) => r.points)).toEqual([5, 3, 3, 2]);
  });
});

/**
 * EURO 2020, Group F (published order France, Germany, Portugal, Hungary under UEFA's rules):
 * Germany and Portugal both 4 points and +1. FIFA's order looks at goals scored before the match
 * between them, so Portugal (7) goes above Germany (6) although Germany won 4-2.
 */
describe('fifa against uefa on the same results: EURO 2020 Group F', () => {
  const euro2020F = results('F', [
    'HUN 0-3 POR',
    'FRA 1-0 GER',
    'HUN 1-1 FRA',
    'POR 2-4 GER',
    'POR 2-2 FRA',
    'GER 2-2 HUN',
  ]);

  it('given fifa, then Portugal second on goals scored', () => {
    expect(order(tableOf(euro2020F))).toEqual(['FRA', 'POR', 'GER', 'HUN']);
  });

  it('given uefa, then Germany second on the match between them, as published', () => {
    expect(order(tableOf(euro2020F, { ...fifa, tiebreakers: 'uefa' }))).toEqual(['FRA', 'GER', 'POR', 'HUN']);
  });
});
