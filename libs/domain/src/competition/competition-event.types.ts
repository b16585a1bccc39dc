/** How a competition's tables rank teams: points per result and the tiebreaker preset. */
export interface CompetitionStandingsRules {
  points: { win: number; draw: number; loss: number };
  tiebreakers: 'fifa' | 'uefa' | 'league';
}

/** Opens a competition stream; produced by the write side from `POST /competitions`. */
export interface CompetitionDeclared {
  type: 'CompetitionDeclared';
  competitionId: string;
  name: string;
  /** As posted: what is left out takes the defaults (3/1/0 points, FIFA tiebreakers). */
  standings?: {
    points?: CompetitionStandingsRules['points'];
    tiebreakers?: CompetitionStandingsRules['tiebreakers'];
  };
  eventId?: string;
}

export type CompetitionEvent = CompetitionDeclared;
