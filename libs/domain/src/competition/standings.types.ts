/**
 * Group and league tables: the plain data a competition's standings are computed from and the
 * tables they give. Pure data; the rules live in `standings.compute.ts` and its neighbours.
 */

/** Which order of tiebreakers a competition uses (see `standings.tiebreakers.ts`). */
export type TiebreakerPreset = 'fifa' | 'uefa' | 'league';

export interface PointsRule {
  win: number;
  draw: number;
  loss: number;
}

export interface StandingsRules {
  points: PointsRule;
  tiebreakers: TiebreakerPreset;
}

/** Three points for a win, one for a draw; FIFA's order of tiebreakers. */
export const DEFAULT_STANDINGS_RULES: StandingsRules = Object.freeze({
  points: Object.freeze({ win: 3, draw: 1, loss: 0 }),
  tiebreakers: 'fifa',
});

export type TableMatchStatus = 'scheduled' | 'live' | 'finished' | 'abandoned';

export interface TableMatch {
  matchId: string;
  group: string | null;
  /** Team ids. */
  homeTeam: string;
  awayTeam: string;
  status: TableMatchStatus;
  /** The match's current score: regulation and extra time, never the shootout. */
  score: { home: number; away: number };
  /** Team conduct points of that match (0 or less), see `fairPlayOfMatch`. */
  fairPlay: { home: number; away: number };
}

export interface StandingsRow {
  pos: number;
  team: string;
  played: number;
  won: number;
  drawn: number;
  lost: number;
  goalsFor: number;
  goalsAgainst: number;
  goalDifference: number;
  points: number;
  fairPlay: number;
  /** A match of this team counted in the row is being played now. */
  live: boolean;
  /** Level with another team on every criterion: the organiser draws lots between them. */
  lots: boolean;
}

export interface StandingsTable {
  group: string | null;
  live: boolean;
  rows: StandingsRow[];
}

export interface Standings {
  tables: StandingsTable[];
  /** The third-placed team of each group ranked across groups; null without two full groups. */
  thirdPlaced: StandingsRow[] | null;
}
