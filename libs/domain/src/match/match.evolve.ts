import type { Recorded } from '../common/recorded';
import { IN_PLAY_EVENT_TYPES, type InPlayEvent, type MatchEvent } from './match-event.types';

const KNOWN_TYPES = new Set<string>(IN_PLAY_EVENT_TYPES);
import { effectiveEvents, isMeta } from './match.effective';
import { derivedReset, scheduledMatch, type MatchState } from './match.state';
import { stepDerived } from './match.step';

/**
 * Folds one recorded event into the match. Never mutates `state`. A correction or retraction
 * rewrites history, so the derived fields are then recomputed from the effective log.
 */
export function evolveMatch(state: MatchState | null, event: Recorded<MatchEvent>): MatchState {
  return evolve(state, event, (log, e) => [...log, e]);
}

/**
 * {@link evolveMatch} for the one holder of `state`, which hands it over: the new state's log is
 * the same array with the event appended in place, so an ordinary event costs O(1) however long
 * the match. Whoever still read `state.log` would see the new event: for fold loops over states
 * they made themselves and for the write side's registry, which keeps only the newest state of a
 * stream. The returned state equals what {@link evolveMatch} returns (the property tests say so).
 */
export function evolveMatchInPlace(state: MatchState | null, event: Recorded<MatchEvent>): MatchState {
  return evolve(state, event, (log, e) => {
    log.push(e);
    return log;
  });
}

/**
 * Whether folding `event` reads the match's log: a correction or retraction re-folds the
 * effective log, a review naming an earlier event looks that event up. Every other event folds
 * from the match's other fields alone, so a holder of the state without its log (the read
 * models) needs the log only for these.
 */
export function needsLog(event: MatchEvent): boolean {
  return (
    event.type === 'EventCorrected' ||
    event.type === 'EventRetracted' ||
    (event.type === 'VarReviewStarted' && event.refEventId !== undefined)
  );
}

type Append = (log: MatchState['log'], event: Recorded<InPlayEvent>) => MatchState['log'];

function evolve(state: MatchState | null, event: Recorded<MatchEvent>, append: Append): MatchState {
  if (event.type === 'MatchScheduled') {
    // Scheduling twice is refused by the write side; a stray duplicate in the log changes nothing.
    return state === null
      ? scheduledMatch(event)
      : { ...state, version: event.seq, lastRecordedAt: event.recordedAt };
  }
  if (state === null) {
    throw new Error(`match event ${event.type} (seq ${event.seq}) before MatchScheduled`);
  }
  // The log is written by the write side, which validates; anything else is not ours to guess at.
  if (!KNOWN_TYPES.has(event.type))
    throw new Error(`unknown match event type '${String(event.type)}' (seq ${event.seq})`);
  const meta = { version: event.seq, lastRecordedAt: event.recordedAt };
  if (isMeta(event)) {
    // A correction is rare and recomputes everything anyway: it always gets a log of its own.
    const log = [...state.log, event];
    return { ...rederive(state, log), ...meta, log };
  }
  const log = append(state.log, event);
  try {
    // stepDerived never mutates what it is given: the state itself will do when its log grew in place.
    const before = log === state.log ? state : { ...state, log };
    const after = stepDerived(before, event);
    if (after === state) return { ...state, ...meta, log };
    // A state of this call's own (stepDerived's or `before`): the three fields are set on it, in place.
    after.version = meta.version;
    after.lastRecordedAt = meta.lastRecordedAt;
    after.log = log;
    return after;
  } catch (err) {
    if (log === state.log) log.pop(); // whatever failed, `state` is left as it was
    throw err;
  }
}

/** Derived fields recomputed from scratch over the effective form of `log`. */
export function rederive(state: MatchState, log: ReadonlyArray<Recorded<InPlayEvent>>): MatchState {
  return foldEffective(state, effectiveEvents(log)).state;
}

/**
 * Steps through effective events from kick-off. `before` sees the state each event meets (a
 * rule re-check; returning false stops there), `after` the state it leaves (the timeline).
 * States handed to the hooks share a prefix array that grows in place, which keeps this linear
 * without touching any caller's state: read them, do not keep them.
 */
export function foldEffective(
  state: MatchState,
  events: ReadonlyArray<Recorded<InPlayEvent>>,
  hooks: {
    before?: (s: MatchState, e: Recorded<InPlayEvent>, index: number) => boolean | void;
    after?: (s: MatchState, e: Recorded<InPlayEvent>, index: number) => void;
  } = {},
): { state: MatchState; stoppedAt: number | null } {
  const prefix: Array<Recorded<InPlayEvent>> = [];
  let s: MatchState = { ...state, ...derivedReset(), log: prefix };
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (hooks.before && hooks.before(s, e, i) === false)
      return { state: { ...s, log: [...prefix] }, stoppedAt: i };
    prefix.push(e);
    s = stepDerived(s, e);
    hooks.after?.(s, e, i);
  }
  return { state: { ...s, log: [...prefix] }, stoppedAt: null };
}
