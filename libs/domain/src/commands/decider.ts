import type { RuleCode } from '../common/rule-violation';
import type { Recorded } from '../common/recorded';

/** The kinds of stream a command may open. */
export type StreamNoun = 'match' | 'tie' | 'competition';

/**
 * Why a command was refused: a broken rule of football (422), a stream that already exists with
 * other content (409), or a stream that does not exist (404). `index` points into a posted array.
 */
export type Refusal =
  | { kind: 'rule'; rule: RuleCode; title: string; detail: string; index?: number }
  | { kind: 'conflict'; code: `${StreamNoun}-exists`; title: string; detail: string }
  | { kind: 'not-found'; entity: string; id: string };

/** What deciding a command yields: the events to append, or why there are none. */
export type CommandDecision<E> = { ok: true; events: E[] } | { ok: false; refusal: Refusal };

/**
 * A stream's behaviour in three pure parts: `decide(command, state, context)` turns a command
 * into events or a refusal, `evolve(state, event)` folds an event, `initialState` is the state of
 * a stream with no events. `context` is what a decision may read of other streams (a match's tie).
 */
export interface Decider<Command, State, Event, Context> {
  decide(command: Command, state: State, context: Context): CommandDecision<Event>;
  evolve(state: State, event: Recorded<Event>): State;
  initialState: State;
}

export const accept = <E>(events: E[]): CommandDecision<E> => ({ ok: true, events });
export const refuse = <E>(refusal: Refusal): CommandDecision<E> => ({ ok: false, refusal });

/** An opening command for a stream that already exists with other content: 409 `<noun>-exists`. */
export const refuseExisting = <E>(
  noun: StreamNoun,
  id: string,
  done: 'scheduled' | 'declared',
): CommandDecision<E> =>
  refuse({
    kind: 'conflict',
    code: `${noun}-exists` as const,
    title: `That ${noun} is already ${done}`,
    detail: `${noun[0].toUpperCase()}${noun.slice(1)} '${id}' exists with other details.`,
  });
