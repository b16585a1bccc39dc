import fc from 'fast-check';
import { computeStandings } from './standings.compute';
import {
  DEFAULT_STANDINGS_RULES,
  type StandingsRow,
  type StandingsRules,
  type TableMatch,
  type TableMatchStatus,
  type TiebreakerPreset,
} from './standings.types';

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

  it('given the league preset, then the order is a plain sort by points, goal difference, goals, team id', () => {
    fc.assert(
      fc.property(matches, (ms) => {
        for (const { rows } of computeStandings(ms, { ...DEFAULT_STANDINGS_RULES, tiebreakers: 'league' })
          .tables) {
          const key = (r: StandingsRow) => [r.points, r.goalDifference, r.goalsFor];
          const sorted = [...rows].sort((a, b) => compareDesc(key(a), key(b)) || (a.team < b.team ? -1 : 1));
          expect(rows.map((r) => r.team)).toEqual(sorted.map((r) => r.team));
          const levelWithNeighbour = (r: StandingsRow, i: number) =>
            [rows[i - 1], rows[i + 1]].some((n) => n !== undefined && compareDesc(key(n), key(r)) === 0);
          expect(rows.map((r) => r.lots)).toEqual(rows.map(levelWithNeighbour));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('given fifa, then points, goal difference and goals scored never rise down the table', () => {
    fc.assert(
      fc.property(matches, (ms) => {
        for (const { rows } of computeStandings(ms, DEFAULT_STANDINGS_RULES).tables) {
          const key = (r: StandingsRow) => [r.points, r.goalDifference, r.goalsFor];
          rows.slice(1).forEach((r, i) => expect(compareDesc(key(rows[i]!), key(r))).toBeLessThanOrEqual(0));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("given any matches, then each row is its team's counted matches recounted one by one", () => {
    fc.assert(
      fc.property(matches, rules, (ms, r) => {
        for (const table of computeStandings(ms, r).tables) {
          for (const row of table.rows) expect(row).toMatchObject(recount(ms, table.group, row.team, r));
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Negative when a ranks above b (keys compared high to low). */
function compareDesc(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

/** The row of one team, counted the slow, obvious way (the oracle for the tally). */
function recount(ms: readonly TableMatch[], group: string | null, team: string, r: StandingsRules) {
  const mine = ms.filter(
    (m) =>
      m.group === group &&
      (m.status === 'finished' || m.status === 'live') &&
      (m.homeTeam === team || m.awayTeam === team),
  );
  const sides = mine.map((m) =>
    m.homeTeam === team
      ? { f: m.score.home, a: m.score.away, fp: m.fairPlay.home, live: m.status === 'live' }
      : { f: m.score.away, a: m.score.home, fp: m.fairPlay.away, live: m.status === 'live' },
  );
  const won = sides.filter((x) => x.f > x.a).length;
  const drawn = sides.filter((x) => x.f === x.a).length;
  const lost = sides.filter((x) => x.f < x.a).length;
  const goalsFor = sides.reduce((n, x) => n + x.f, 0);
  const goalsAgainst = sides.reduce((n, x) => n + x.a, 0);
  return {
    played: sides.length,
    won,
    drawn,
    lost,
    goalsFor,
    goalsAgainst,
    goalDifference: goalsFor - goalsAgainst,
    points: won * r.points.win + drawn * r.points.draw + lost * r.points.loss,
    fairPlay: sides.reduce((n, x) => n + x.fp, 0),
    live: sides.some((x) => x.live),
  };
}
