import worldCup2022 from '../../../../tests/fixtures/openfootball/worldcup-2022.json';
import euro2020 from '../../../../tests/fixtures/openfootball/euro-2020.json';
import { computeStandings } from './standings.compute';
import type { StandingsRules } from './standings.types';
import { groupMatchesOf, type OpenFootballFile } from './testing/openfootball.spec';

type Published = [
  team: string,
  won: number,
  drawn: number,
  lost: number,
  gf: number,
  ga: number,
  pts: number,
];

const published = (rows: Published[]) => rows;
const asPublished = (rules: StandingsRules, file: OpenFootballFile) =>
  computeStandings(groupMatchesOf(file), rules).tables.map((t) => ({
    group: t.group,
    rows: t.rows.map((r): Published => [
      r.team,
      r.won,
      r.drawn,
      r.lost,
      r.goalsFor,
      r.goalsAgainst,
      r.points,
    ]),
  }));

/** World Cup 2022 final group tables as FIFA published them (FIFA regulations art. 13). */
const WORLD_CUP_2022: Record<string, Published[]> = {
  'Group A': published([
    ['Netherlands', 2, 1, 0, 5, 1, 7],
    ['Senegal', 2, 0, 1, 5, 4, 6],
    ['Ecuador', 1, 1, 1, 4, 3, 4],
    ['Qatar', 0, 0, 3, 1, 7, 0],
  ]),
  'Group B': published([
    ['England', 2, 1, 0, 9, 2, 7],
    ['USA', 1, 2, 0, 2, 1, 5],
    ['Iran', 1, 0, 2, 4, 7, 3],
    ['Wales', 0, 1, 2, 1, 6, 1],
  ]),
  'Group C': published([
    ['Argentina', 2, 0, 1, 5, 2, 6],
    ['Poland', 1, 1, 1, 2, 2, 4],
    ['Mexico', 1, 1, 1, 2, 3, 4],
    ['Saudi Arabia', 1, 0, 2, 3, 5, 3],
  ]),
  'Group D': published([
    ['France', 2, 0, 1, 6, 3, 6],
    ['Australia', 2, 0, 1, 3, 4, 6],
    ['Tunisia', 1, 1, 1, 1, 1, 4],
    ['Denmark', 0, 1, 2, 1, 3, 1],
  ]),
  'Group E': published([
    ['Japan', 2, 0, 1, 4, 3, 6],
    ['Spain', 1, 1, 1, 9, 3, 4],
    ['Germany', 1, 1, 1, 6, 5, 4],
    ['Costa Rica', 1, 0, 2, 3, 11, 3],
  ]),
  'Group F': published([
    ['Morocco', 2, 1, 0, 4, 1, 7],
    ['Croatia', 1, 2, 0, 4, 1, 5],
    ['Belgium', 1, 1, 1, 1, 2, 4],
    ['Canada', 0, 0, 3, 2, 7, 0],
  ]),
  'Group G': published([
    ['Brazil', 2, 0, 1, 3, 1, 6],
    ['Switzerland', 2, 0, 1, 4, 3, 6],
    ['Cameroon', 1, 1, 1, 4, 4, 4],
    ['Serbia', 0, 1, 2, 5, 8, 1],
  ]),
  'Group H': published([
    ['Portugal', 2, 0, 1, 6, 4, 6],
    ['South Korea', 1, 1, 1, 4, 4, 4],
    ['Uruguay', 1, 1, 1, 2, 2, 4],
    ['Ghana', 1, 0, 2, 5, 7, 3],
  ]),
};

/** EURO 2020 (played 2021) final group tables as UEFA published them (regulations art. 20). */
const EURO_2020: Record<string, Published[]> = {
  'Group A': published([
    ['ITA', 3, 0, 0, 7, 0, 9],
    ['WAL', 1, 1, 1, 3, 2, 4],
    ['SUI', 1, 1, 1, 4, 5, 4],
    ['TUR', 0, 0, 3, 1, 8, 0],
  ]),
  'Group B': published([
    ['BEL', 3, 0, 0, 7, 1, 9],
    ['DEN', 1, 0, 2, 5, 4, 3],
    ['FIN', 1, 0, 2, 1, 3, 3],
    ['RUS', 1, 0, 2, 2, 7, 3],
  ]),
  'Group C': published([
    ['NED', 3, 0, 0, 8, 2, 9],
    ['AUT', 2, 0, 1, 4, 3, 6],
    ['UKR', 1, 0, 2, 4, 5, 3],
    ['MKD', 0, 0, 3, 2, 8, 0],
  ]),
  'Group D': published([
    ['ENG', 2, 1, 0, 2, 0, 7],
    ['CRO', 1, 1, 1, 4, 3, 4],
    ['CZE', 1, 1, 1, 3, 2, 4],
    ['SCO', 0, 1, 2, 1, 5, 1],
  ]),
  'Group E': published([
    ['SWE', 2, 1, 0, 4, 2, 7],
    ['ESP', 1, 2, 0, 6, 1, 5],
    ['SVK', 1, 0, 2, 2, 7, 3],
    ['POL', 0, 1, 2, 4, 6, 1],
  ]),
  'Group F': published([
    ['FRA', 1, 2, 0, 4, 3, 5],
    ['GER', 1, 1, 1, 6, 5, 4],
    ['POR', 1, 1, 1, 7, 6, 4],
    ['HUN', 0, 2, 1, 3, 6, 2],
  ]),
};

describe('World Cup 2022, every group from the openfootball results (fifa)', () => {
  const rules: StandingsRules = { points: { win: 3, draw: 1, loss: 0 }, tiebreakers: 'fifa' };
  const tables = asPublished(rules, worldCup2022 as OpenFootballFile);

  it('given the 48 group matches, then eight tables, Group A to Group H', () => {
    expect(tables.map((t) => t.group)).toEqual(Object.keys(WORLD_CUP_2022));
  });

  it.each(Object.entries(WORLD_CUP_2022))('given %s, then the published table', (group, rows) => {
    expect(tables.find((t) => t.group === group)!.rows).toEqual(rows);
  });
});

describe('EURO 2020, every group from the openfootball results (uefa)', () => {
  const rules: StandingsRules = { points: { win: 3, draw: 1, loss: 0 }, tiebreakers: 'uefa' };
  const file = euro2020 as OpenFootballFile;

  it.each(Object.entries(EURO_2020))('given %s, then the published table', (group, rows) => {
    expect(asPublished(rules, file).find((t) => t.group === group)!.rows).toEqual(rows);
  });

  /**
   * uefa.com, "EURO 2020 best third-placed teams confirmed": Portugal, Czech Republic, Switzerland
   * and Ukraine through; Finland and Slovakia out. (UEFA ranks thirds by wins before conduct;
   * all six had one win, so that criterion changes nothing here.)
   */
  it('given all six groups, then the thirds ranked Portugal, Czech Republic, Switzerland, Ukraine, Finland, Slovakia', () => {
    const { thirdPlaced } = computeStandings(groupMatchesOf(file), rules);
    expect(thirdPlaced!.map((r) => [r.pos, r.team, r.points, r.goalDifference, r.goalsFor])).toEqual([
      [1, 'POR', 4, 1, 7],
      [2, 'CZE', 4, 1, 3],
      [3, 'SUI', 4, -1, 4],
      [4, 'UKR', 3, -1, 4],
      [5, 'FIN', 3, -2, 1],
      [6, 'SVK', 3, -5, 2],
    ]);
  });

  it('given the fifa preset on the same results, then Group F differs: Portugal above Germany', () => {
    const fifa = asPublished({ ...rules, tiebreakers: 'fifa' }, file);
    expect(fifa.find((t) => t.group === 'Group F')!.rows.map((r) => r[0])).toEqual([
      'FRA',
      'POR',
      'GER',
      'HUN',
    ]);
  });
});
