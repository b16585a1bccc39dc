import type { TieState } from '../tie/tie.state';
import type { MatchState } from './match.state';

/** A refused command: `rule` is a stable kebab-case code, `index` the event's position in the post. */
export type RuleViolation = { rule: string; title: string; detail: string; index: number };
export type RuleBreak = Omit<RuleViolation, 'index'>;

/**
 * What a match decision needs beyond the match itself: the tie it belongs to and both legs'
 * current states (one of them is this match; the decider swaps in its own provisional state).
 */
export interface MatchContext {
  tie?: TieState;
  legs?: [MatchState | null, MatchState | null];
}

/** `recheck`: re-validating history after a correction, when only the event's own facts matter. */
export type CheckOptions = { recheck: boolean };

export const broken = (rule: string, title: string, detail: string): RuleBreak => ({ rule, title, detail });
