import type { RuleViolation } from '../common/rule-violation';
import type { InPlayEvent } from '../match/match-event.types';
import { evolveMatch, evolveMatchInPlace } from '../match/match.evolve';
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
    // Nothing checks the state after the last event. The first provisional step copies the log of
    // `state` (the caller's); later ones extend that copy, which only this decision holds.
    if (index < events.length - 1) s = foldDecided(s, event, now, s !== state);
  }
  return { ok: true, events };
}

/** The state after a post that {@link decideMatch} accepted, with the seqs it will get. */
export function applyDecided(state: MatchState, events: InPlayEvent[], now: string): MatchState {
  return events.reduce((s, e) => foldDecided(s, e, now, s !== state), state);
}

function foldDecided(s: MatchState, event: InPlayEvent, now: string, owned: boolean): MatchState {
  const recorded = { ...event, seq: s.version + 1, recordedAt: now };
  return owned ? evolveMatchInPlace(s, recorded) : evolveMatch(s, recorded);
}
