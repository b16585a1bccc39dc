/**
 * Test support, not a test (named `.spec.ts` so the build leaves it out): group matches written
 * the way a results page prints them, e.g. `'COL 1-2 JPN'`.
 */
import type { StandingsRow, StandingsTable, TableMatch, TableMatchStatus } from '../standings.types';

export interface MatchOptions {
  status?: TableMatchStatus;
  fairPlay?: { home: number; away: number };
}

/** `'COL 1-2 JPN'` (a result or a current score) or `'POL v SEN'` (not started). */
export function result(group: string | null, line: string, options: MatchOptions = {}): TableMatch {
  const played = /^(\S+) (\d+)-(\d+) (\S+)$/.exec(line);
  const fixture = /^(\S+) v (\S+)$/.exec(line);
  if (!played && !fixture) throw new Error(`not a result: ${line}`);
  const [homeTeam, awayTeam] = played ? [played[1]!, played[4]!] : [fixture![1]!, fixture![2]!];
  return {
    matchId: `${group ?? 'league'}:${homeTeam}-${awayTeam}`,
    group,
    homeTeam,
    awayTeam,
    status: options.status ?? (played ? 'finished' : 'scheduled'),
    score: played ? { home: Number(played[2]), away: Number(played[3]) } : { home: 0, away: 0 },
    fairPlay: options.fairPlay ?? { home: 0, away: 0 },
  };
}

export const results = (group: string | null, lines: readonly string[]): TableMatch[] =>
  lines.map((l) => result(group, l));

/** The order of a table, team ids only. */
export const order = (table: StandingsTable | undefined): string[] => (table?.rows ?? []).map((r) => r.team);

/** A row as a results page prints it: team, played, won, drawn, lost, for, against, points. */
export const line = (r: StandingsRow): [string, number, number, number, number, number, number, number] => [
  r.team,
  r.played,
  r.won,
  r.drawn,
  r.lost,
  r.goalsFor,
  r.goalsAgainst,
  r.points,
];
