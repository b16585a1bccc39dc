import type { RuleViolation } from '../common/rule-violation';
import type { InPlayEvent } from '../match/match-event.types';
import { evolveMatch } from '../match/match.evolve';
import type { MatchState } from '../match/match.state';
import type { MatchContext } from './match.context';
import { checkEvent } from './match.rules';

export type Decision = { ok: true; events: InPlayEvent[] } | { ok: false; violation: RuleViolation };

/**
 * Decides a post of in-play events, all or nothing: each is checked against the match as if the
 * ones before it had been applied (provisional seq after `state.version`, recorded `now`).
 */
export function decideMatch(
  state: MatchState,
  events: InPlayEvent[],
  ctx: MatchContext,
  now: string,
): Decision {
  let s = state;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const broken = checkEvent(s, event, ctx, { recheck: false });
    if (broken) return { ok: false, violation: { ...broken, index } };
    s = evolveMatch(s, { ...event, seq: s.version + 1, recordedAt: now });
  }
  return { ok: true, events };
}

/** The state after a post that {@link decideMatch} accepted, with the seqs it will get. */
export function applyDecided(state: MatchState, events: InPlayEvent[], now: string): MatchState {
  return events.reduce((s, e) => evolveMatch(s, { ...e, seq: s.version + 1, recordedAt: now }), state);
}
