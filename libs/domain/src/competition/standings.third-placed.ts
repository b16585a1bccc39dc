import { settleByLots, splitBy } from './standings.tiebreakers';
import type { StandingsRow, StandingsTable } from './standings.types';

/**
 * The third-placed team of each group ranked across groups (as when the best thirds go through):
 * points, goal difference, goals scored, fair play, then lots in team-id order. `pos` and `lots`
 * are those of this ranking. Only with two or more groups, each holding at least three teams;
 * otherwise null. A table without a group (a league) is not a group.
 */
export function thirdPlacedOf(tables: readonly StandingsTable[]): StandingsRow[] | null {
  const groups = tables.filter((t) => t.group !== null);
  if (groups.length < 2 || groups.some((t) => t.rows.length < 3)) return null;
  const thirds = groups.map((t) => t.rows[2]!);
  const blocks = splitBy(thirds, (r) => [r.points, r.goalDifference, r.goalsFor, r.fairPlay]);
  return settleByLots(blocks, (r) => r.team).map(({ item, lots }, i) => ({ ...item, pos: i + 1, lots }));
}
