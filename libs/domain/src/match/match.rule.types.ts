import type { TieState } from '../tie/tie.state';
import type { MatchState } from './match.state';

/** Every rule the domain enforces, by its stable kebab-case code (the `rule` of a 422 answer). */
export const MATCH_RULES = [
  'duplicate-event-id',
  'match-not-started',
  'match-already-ended',
  'match-abandoned',
  'team-not-in-match',
  'minute-out-of-range',
  'player-sent-off',
  'period-out-of-order',
  'period-not-needed',
  'goal-not-found',
  'goal-already-disallowed',
  'var-review-already-open',
  'var-review-id-reused',
  'no-open-var-review',
  'penalty-already-pending',
  'no-pending-penalty',
  'shootout-in-progress',
  'shootout-not-in-progress',
  'shootout-decided',
  'shootout-kick-out-of-turn',
  'event-not-found',
  'correction-not-valid',
  'cannot-retract',
  'match-event-limit',
  'match-is-a-tie-leg',
  'leg-claimed-by-another-tie',
  'leg-already-scheduled',
] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

/** A refused command: `rule` is a stable kebab-case code, `index` the event's position in the post. */
export type RuleViolation = { rule: MatchRule; title: string; detail: string; index: number };
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

export const broken = (rule: MatchRule, title: string, detail: string): RuleBreak => ({
  rule,
  title,
  detail,
});
