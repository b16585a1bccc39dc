import { computeStandings } from './standings.compute';
import type { StandingsRules, TableMatch } from './standings.types';
import { line, order, result, results } from './testing/table.given.spec';

const uefa: StandingsRules = { points: { win: 3, draw: 1, loss: 0 }, tiebreakers: 'uefa' };
const fifa: StandingsRules = { ...uefa, tiebreakers: 'fifa' };
const tableOf = (matches: readonly TableMatch[], rules = uefa) => computeStandings(matches, rules).tables[0]!;

describe('uefa: a three-way tie resolved by the head-to-head mini-table', () => {
  /**
   * EURO 2020, Group B: Denmark, Finland and Russia all on 3 points. Their mini-table is 3 points
   * each; goal difference in it: Denmark +2, Finland 0, Russia −2 (published order Belgium,
   * Denmark, Finland, Russia).
   */
  it('given EURO 2020 Group B, then Denmark, Finland, Russia on head-to-head goal difference', () => {
    const table = tableOf(
      results('B', [
        'DEN 0-1 FIN',
        'BEL 3-0 RUS',
        'FIN 0-1 RUS',
        'DEN 1-2 BEL',
        'RUS 1-4 DEN',
        'FIN 0-2 BEL',
      ]),
    );
    expect(table.rows.map(line)).toEqual([
      ['BEL', 3, 3, 0, 0, 7, 1, 9],
      ['DEN', 3, 1, 0, 2, 5, 4, 3],
      ['FIN', 3, 1, 0, 2, 1, 3, 3],
      ['RUS', 3, 1, 0, 2, 2, 7, 3],
    ]);
  });

  /**
   * EURO 2004, Group C: Sweden, Denmark and Italy all on 5 points, every match between them drawn
   * (Denmark 0-0 Italy, Italy 1-1 Sweden, Denmark 2-2 Sweden): the mini-table is level on points
   * and goal difference and goes to goals scored in it: Sweden 3, Denmark 2, Italy 1
   * (en.wikipedia.org, "UEFA Euro 2004 Group C").
   */
  it('given EURO 2004 Group C, then Sweden, Denmark, Italy on head-to-head goals scored', () => {
    const table = tableOf(
      results('C', [
        'SWE 5-0 BUL',
        'DEN 0-0 ITA',
        'BUL 0-2 DEN',
        'ITA 1-1 SWE',
        'ITA 2-1 BUL',
        'DEN 2-2 SWE',
      ]),
    );
    expect(table.rows.map(line)).toEqual([
      ['SWE', 3, 1, 2, 0, 8, 3, 5],
      ['DEN', 3, 1, 2, 0, 4, 2, 5],
      ['ITA', 3, 1, 2, 0, 3, 2, 5],
      ['BUL', 3, 0, 0, 3, 1, 9, 0],
    ]);
  });

  /**
   * EURO 2024, Group E: all four teams on 4 points, so the mini-table is the whole group: Romania
   * and Belgium +1 (Romania 4 goals to 2), Slovakia 0, Ukraine −2 (cbssports.com, 2024-06-26).
   */
  it('given EURO 2024 Group E, four teams on 4 points, then Romania, Belgium, Slovakia, Ukraine', () => {
    const table = tableOf(
      results('E', [
        'ROU 3-0 UKR',
        'BEL 0-1 SVK',
        'SVK 1-2 UKR',
        'BEL 2-0 ROU',
        'SVK 1-1 ROU',
        'UKR 0-0 BEL',
      ]),
    );
    expect(table.rows.map(line)).toEqual([
      ['ROU', 3, 1, 1, 1, 4, 3, 4],
      ['BEL', 3, 1, 1, 1, 2, 1, 4],
      ['SVK', 3, 1, 1, 1, 3, 3, 4],
      ['UKR', 3, 1, 1, 1, 2, 4, 4],
    ]);
  });
});

describe('uefa: after the head-to-head, overall goal difference, goals, then fair play', () => {
  /** EURO 2020, Group A: Wales 1-1 Switzerland, so overall goal difference: Wales +1, Switzerland −1. */
  it('given EURO 2020 Group A, then Wales above Switzerland on overall goal difference', () => {
    const table = tableOf(
      results('A', [
        'TUR 0-3 ITA',
        'WAL 1-1 SUI',
        'TUR 0-2 WAL',
        'ITA 3-0 SUI',
        'ITA 1-0 WAL',
        'SUI 3-1 TUR',
      ]),
    );
    expect(order(table)).toEqual(['ITA', 'WAL', 'SUI', 'TUR']);
  });

  /**
   * EURO 2024, Group C: Denmark and Slovenia level on everything, their match 1-1. Six player
   * bookings each; a yellow card to Slovenia's technical director (Novaković, matchday 1, v
   * Denmark) made it 7 to 6 and put Denmark second (givemesport.com, flashscore, 2024-06-26).
   * The sources give team totals, not a split per match: the totals are put on matchday 1 here,
   * which changes nothing, since only the totals over the group are compared.
   */
  const euro2024C = (slovenia: number) => [
    result('C', 'SVN 1-1 DEN', { fairPlay: { home: slovenia, away: -6 } }),
    ...results('C', ['SRB 0-1 ENG', 'SVN 1-1 SRB', 'DEN 1-1 ENG', 'ENG 0-0 SVN', 'DEN 0-0 SRB']),
  ];

  it('given EURO 2024 Group C with the official booked, then Denmark second on fair play', () => {
    const rows = tableOf(euro2024C(-7)).rows;
    expect(rows.map(line)).toEqual([
      ['ENG', 3, 1, 2, 0, 2, 1, 5],
      ['DEN', 3, 0, 3, 0, 2, 2, 3],
      ['SVN', 3, 0, 3, 0, 2, 2, 3],
      ['SRB', 3, 0, 2, 1, 1, 2, 2],
    ]);
    expect(rows.map((r) => [r.team, r.fairPlay, r.lots])).toEqual([
      ['ENG', 0, false],
      ['DEN', -6, false],
      ['SVN', -7, false],
      ['SRB', 0, false],
    ]);
  });

  it('given the same without the official, then Denmark and Slovenia are left to lots', () => {
    expect(tableOf(euro2024C(-6)).rows.map((r) => [r.team, r.lots])).toEqual([
      ['ENG', false],
      ['DEN', true],
      ['SVN', true],
      ['SRB', false],
    ]);
  });

  it('given Slovenia with the better conduct, then Slovenia second', () => {
    expect(order(tableOf(euro2024C(-5)))).toEqual(['ENG', 'SVN', 'DEN', 'SRB']);
  });
});

/**
 * Constructed (no real group found where this path decided a place): A, B and C each beat D and
 * one another in a circle, all on 6 points, goal difference +1 and 4 goals scored. Their
 * mini-table: 3 points each, goal difference 0 each, goals A 3, B 2, C 2 — A is separated, B and
 * C are still level. B beat C 1-0. C has the better conduct.
 */
describe('the head-to-head applied again to a subset still level (uefa) or once only (fifa)', () => {
  const circle = [
    result('X', 'A 2-1 B'),
    result('X', 'B 1-0 C', { fairPlay: { home: -2, away: -1 } }),
    ...results('X', ['C 2-1 A', 'A 1-0 D', 'B 2-1 D', 'C 2-1 D']),
  ];

  it('given uefa, then the second pass on B v C alone puts B above C', () => {
    const rows = tableOf(circle).rows;
    expect(rows.map((r) => [r.team, r.points, r.goalDifference, r.goalsFor, r.lots])).toEqual([
      ['A', 6, 1, 4, false],
      ['B', 6, 1, 4, false],
      ['C', 6, 1, 4, false],
      ['D', 0, -3, 2, false],
    ]);
  });

  it('given fifa, then the mini-table is not applied again: fair play puts C above B', () => {
    expect(order(tableOf(circle, fifa))).toEqual(['A', 'C', 'B', 'D']);
  });

  it('given fifa and equal conduct, then B and C are left to lots', () => {
    const noCards = circle.map((m) => ({ ...m, fairPlay: { home: 0, away: 0 } }));
    expect(tableOf(noCards, fifa).rows.map((r) => [r.team, r.lots])).toEqual([
      ['A', false],
      ['B', true],
      ['C', true],
      ['D', false],
    ]);
  });

  it('given uefa and a circle of 1-0 wins, then no pass separates anyone and the match between two is not looked at again', () => {
    // E beat F, F beat G, G beat E, all 1-0: their mini-table is level on everything, so the
    // regulations (EURO 2020 art. 20.01 d) go on to overall goal difference, goals scored, conduct
    // and never back to the head-to-head: F's 1-0 over G does not separate F and G.
    const circle = results('Z', ['E 1-0 F', 'F 1-0 G', 'G 1-0 E', 'E 3-0 H', 'F 1-0 H', 'G 1-0 H']);
    const rows = tableOf(circle).rows;
    expect(rows.map((r) => [r.team, r.points, r.goalDifference, r.goalsFor, r.lots])).toEqual([
      ['E', 6, 3, 4, false],
      ['F', 6, 1, 2, true],
      ['G', 6, 1, 2, true],
      ['H', 0, -5, 0, false],
    ]);
  });

  it('given uefa and a pass that separates nobody, then overall goal difference decides', () => {
    // R and Q both on 5 points, their match 1-1: the mini-table separates nobody.
    const flat = results('Y', ['P 1-1 Q', 'Q 1-1 R', 'R 1-1 P', 'R 5-0 S', 'Q 1-0 S', 'S 1-0 P']);
    const rows = tableOf(flat).rows;
    expect(rows.map((r) => [r.team, r.points, r.goalDifference])).toEqual([
      ['R', 5, 5],
      ['Q', 5, 1],
      ['S', 3, -5],
      ['P', 2, -1],
    ]);
  });
});
