import fc from 'fast-check';
import { computeStandings } from './standings.compute';
import type { StandingsRules, TableMatch, TableMatchStatus, TiebreakerPreset } from './standings.types';

const TEAMS = ['ARG', 'BRA', 'CMR', 'DEN', 'ECU', 'FRA'];

/** Small groups with few goals, so that ties (and every tiebreaker path) come up often. */
const match: fc.Arbitrary<Omit<TableMatch, 'matchId'>> = fc
  .record({
    group: fc.constantFrom<string | null>('A', 'B', null),
    pair: fc.uniqueArray(fc.constantFrom(...TEAMS), { minLength: 2, maxLength: 2 }),
    status: fc.constantFrom<TableMatchStatus>('finished', 'finished', 'live', 'scheduled', 'abandoned'),
    score: fc.record({ home: fc.nat(2), away: fc.nat(2) }),
    fairPlay: fc.record({ home: fc.integer({ min: -2, max: 0 }), away: fc.integer({ min: -2, max: 0 }) }),
  })
  .map(({ pair, ...m }) => ({ ...m, homeTeam: pair[0]!, awayTeam: pair[1]! }));

const matches = fc
  .array(match, { maxLength: 24 })
  .map((ms) => ms.map((m, i): TableMatch => ({ ...m, matchId: `m${i}` })));

const rules: fc.Arbitrary<StandingsRules> = fc.record({
  points: fc.constantFrom({ win: 3, draw: 1, loss: 0 }, { win: 2, draw: 1, loss: 0 }),
  tiebreakers: fc.constantFrom<TiebreakerPreset>('fifa', 'uefa', 'league'),
});

describe('standings properties', () => {
  it('given the same matches in any order, then the same standings', () => {
    fc.assert(
      fc.property(
        matches.chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length }))),
        rules,
        ([ms, shuffled], r) => {
          expect(computeStandings(shuffled, r)).toEqual(computeStandings(ms, r));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('given any matches, then each table lists its teams once, pos 1..n, points never rising', () => {
    fc.assert(
      fc.property(matches, rules, (ms, r) => {
        for (const table of computeStandings(ms, r).tables) {
          const teams = new Set(
            ms.filter((m) => m.group === table.group).flatMap((m) => [m.homeTeam, m.awayTeam]),
          );
          expect(table.rows.map((row) => row.team).sort()).toEqual([...teams].sort());
          expect(table.rows.map((row) => row.pos)).toEqual(table.rows.map((_, i) => i + 1));
          table.rows
            .slice(1)
            .forEach((row, i) => expect(row.points).toBeLessThanOrEqual(table.rows[i]!.points));
          expect(table.live).toBe(table.rows.some((row) => row.live));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('given any matches, then wins equal defeats and goals for equal goals against in each table', () => {
    fc.assert(
      fc.property(matches, rules, (ms, r) => {
        for (const { rows } of computeStandings(ms, r).tables) {
          const sum = (f: (row: (typeof rows)[number]) => number) => rows.reduce((s, row) => s + f(row), 0);
          expect(sum((row) => row.won)).toBe(sum((row) => row.lost));
          expect(sum((row) => row.goalsFor)).toBe(sum((row) => row.goalsAgainst));
          expect(sum((row) => row.played)).toBe(2 * (sum((row) => row.won) + sum((row) => row.drawn) / 2));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('given any matches, then teams flagged for lots come in runs of two or more with equal records', () => {
    fc.assert(
      fc.property(matches, rules, (ms, r) => {
        for (const { rows } of computeStandings(ms, r).tables) {
          rows.forEach((row, i) => {
            if (!row.lots) return;
            const level = (n: (typeof rows)[number] | undefined) =>
              n?.lots &&
              [n.points, n.goalDifference, n.goalsFor].join() ===
                [row.points, row.goalDifference, row.goalsFor].join();
            const neighbours = [rows[i - 1], rows[i + 1]].filter(level);
            expect(neighbours.length).toBeGreaterThan(0);
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
