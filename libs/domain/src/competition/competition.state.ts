import type { CompetitionStandingsRules } from './competition-event.types';

/** The folded competition stream: its name and the rules of its tables. */
export interface CompetitionState {
  competitionId: string;
  name: string;
  standings: CompetitionStandingsRules;
  version: number;
}

/** What a competition never declared is ranked by: 3/1/0 points, FIFA tiebreakers. */
export const DEFAULT_COMPETITION_RULES: CompetitionStandingsRules = {
  points: { win: 3, draw: 1, loss: 0 },
  tiebreakers: 'fifa',
};

/** Null: the competition is not declared (it still works, with the default rules). */
export function initialCompetitionState(): CompetitionState | null {
  return null;
}
