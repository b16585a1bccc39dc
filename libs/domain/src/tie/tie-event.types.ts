export type TieRules = {
  awayGoals: 'none' | 'regulation' | 'extra_time';
  extraTime: boolean;
  penalties: boolean;
};

/** Opens a tie stream; produced by the write side from `POST /ties`. */
export interface TieScheduled {
  type: 'TieScheduled';
  tieId: string;
  competition: string;
  legs: [string, string];
  rules: TieRules;
  eventId?: string;
}

export type TieEvent = TieScheduled;
