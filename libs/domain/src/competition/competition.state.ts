import type { StandingsRules } from './standings.types';

/** The folded competition stream: its name and the rules of its tables. */
export interface CompetitionState {
  competitionId: string;
  name: string;
  standings: StandingsRules;
  version: number;
}

/** Null: the competition is not declared (it still works, with the default rules). */
export function initialCompetitionState(): CompetitionState | null {
  return null;
}
