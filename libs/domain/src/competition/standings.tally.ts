import type { PointsRule, TableMatch } from './standings.types';

/** One team's record over a set of matches (all of a group's, or only those among tied teams). */
export interface Tally {
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
}

/** Finished matches count, and live ones at their current score ("as it stands"). */
export function counts(match: TableMatch): boolean {
  return match.status === 'finished' || match.status === 'live';
}

export function emptyTally(team: string): Tally {
  return {
    team,
    played: 0,
    won: 0,
    drawn: 0,
    lost: 0,
    goalsFor: 0,
    goalsAgainst: 0,
    points: 0,
    fairPlay: 0,
    live: false,
  };
}

/**
 * The records of `teams` over the counted `matches` (matches of other teams are ignored, so the
 * same function gives the whole table and a head-to-head mini-table).
 */
export function tallyOf(
  teams: readonly string[],
  matches: readonly TableMatch[],
  points: PointsRule,
): Map<string, Tally> {
  const tallies = new Map(teams.map((t) => [t, emptyTally(t)] as const));
  for (const m of matches) {
    const home = tallies.get(m.homeTeam);
    const away = tallies.get(m.awayTeam);
    if (!home || !away || !counts(m)) continue;
    const live = m.status === 'live';
    addResult(home, m.score.home, m.score.away, m.fairPlay.home, live, points);
    addResult(away, m.score.away, m.score.home, m.fairPlay.away, live, points);
  }
  return tallies;
}

function addResult(
  t: Tally,
  scored: number,
  conceded: number,
  fairPlay: number,
  live: boolean,
  p: PointsRule,
) {
  t.played += 1;
  t.goalsFor += scored;
  t.goalsAgainst += conceded;
  t.fairPlay += fairPlay;
  t.live ||= live;
  if (scored > conceded) {
    t.won += 1;
    t.points += p.win;
  } else if (scored < conceded) {
    t.lost += 1;
    t.points += p.loss;
  } else {
    t.drawn += 1;
    t.points += p.draw;
  }
}

export const goalDifference = (t: Tally): number => t.goalsFor - t.goalsAgainst;
