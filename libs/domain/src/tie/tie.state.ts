import type { TieLegs, TieRules } from './tie-event.types';

/** The folded tie stream: the schedule of its legs (one or two) and the rules that separate the teams. */
export interface TieState {
  tieId: string;
  competition: string;
  legs: TieLegs;
  rules: TieRules;
  version: number;
}

/** Null: the tie is not scheduled yet. */
export function initialTieState(): TieState | null {
  return null;
}

/** The leg that can go to extra time and penalties: the only one, or the second. */
export function decidingLeg(tie: Pick<TieState, 'legs'>): string {
  return tie.legs[tie.legs.length - 1];
}
