import type { TieRules } from './tie-event.types';

/** The folded tie stream: the schedule of two legs and the rules that separate the teams. */
export interface TieState {
  tieId: string;
  competition: string;
  legs: [string, string];
  rules: TieRules;
  version: number;
}

/** Null: the tie is not scheduled yet. */
export function initialTieState(): TieState | null {
  return null;
}
