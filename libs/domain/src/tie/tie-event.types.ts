export type TieRules = {
  awayGoals: 'none' | 'regulation' | 'extra_time';
  extraTime: boolean;
  penalties: boolean;
};

/** The matches of a tie, in order: one for a one-match knockout (a final), two for home and away. */
export type TieLegs = [string] | [string, string];

/** Opens a tie stream; produced by the write side from `POST /ties`. */
export interface TieScheduled {
  type: 'TieScheduled';
  tieId: string;
  competition: string;
  legs: TieLegs;
  rules: TieRules;
  eventId?: string;
}

export type TieEvent = TieScheduled;
