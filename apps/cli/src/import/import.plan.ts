import type { InPlayEvent, TieRules } from '@touchline/domain';
import type { TeamRef } from './openfootball.names';

/**
 * What an import will post, computed before anything is posted: the competition, then per match
 * its tie (knockouts), its schedule and all its events (one atomic post). Every id and eventId is
 * derived from the file, so posting the same plan again appends nothing.
 */
export interface ImportPlan {
  competition: {
    competitionId: string;
    name: string;
    standings: { tiebreakers: Tiebreakers };
  };
  matches: PlannedMatch[];
  /** Matches left out, each with why; nothing is posted for them. */
  rejected: Array<{ label: string; problems: string[] }>;
  /** Things the importer read generously (a repaired goal list, a completed scorer name). */
  notes: string[];
}

export type Tiebreakers = 'fifa' | 'uefa' | 'league';

export interface PlannedMatch {
  /** How messages name the match: "match 64 (Final, 2022-12-18): Argentina v France". */
  label: string;
  tie?: { tieId: string; competition: string; legs: [string]; rules: TieRules };
  match: {
    matchId: string;
    competition: string;
    homeTeam: TeamRef;
    awayTeam: TeamRef;
    kickoffAt: string;
    group?: string;
    round?: string;
    tieId?: string;
    leg?: 1;
  };
  /** Empty for a match not played yet. */
  events: InPlayEvent[];
}
