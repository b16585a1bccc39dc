import type { RuleBreak } from '../common/rule-violation';
import type { InPlayEvent } from '../match/match-event.types';
import type { MatchState } from '../match/match.state';
import type { TieState } from '../tie/tie.state';

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

/** Null when `e` may follow the match as it stands, else the rule it breaks. */
export type EventCheck<E extends InPlayEvent = InPlayEvent> = (
  s: MatchState,
  e: E,
  ctx: MatchContext,
  opts: CheckOptions,
) => RuleBreak | null;
