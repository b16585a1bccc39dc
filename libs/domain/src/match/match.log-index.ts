import type { Recorded } from '../common/recorded';
import type { InPlayEvent } from './match-event.types';

type Logged = Recorded<InPlayEvent>;

const isPlain = (e: Logged) => e.type !== 'EventCorrected' && e.type !== 'EventRetracted';

/**
 * Where each eventId sits in one log array, so that "is this eventId recorded?" and "what is the
 * event with this eventId now?" cost O(1) instead of a scan of the whole match. Built the first
 * time a log is asked, kept beside it (never in the state: the state stays plain JSON) and
 * brought up to date when the same array has grown since (a fold appending to the log it owns).
 * A log is append-only: nothing here notices an element replaced in place.
 */
export class LogIndex {
  /** First position of each eventId, correction and retraction events included. */
  private readonly first = new Map<string, number>();
  /** The rare eventId first used by a correction or retraction, then by a plain event: that event. */
  private readonly plainAfterFix = new Map<string, number>();
  /** Positions of the corrections of each eventId, in log order. */
  readonly corrections = new Map<string, number[]>();
  /** Position of the first retraction of each eventId. */
  readonly retracted = new Map<string, number>();
  private indexed = 0;

  constructor(private readonly log: ReadonlyArray<Logged>) {}

  catchUp(): this {
    const log = this.log;
    for (; this.indexed < log.length; this.indexed++) {
      const e = log[this.indexed];
      const at = this.indexed;
      if (e.eventId !== undefined) {
        const first = this.first.get(e.eventId);
        if (first === undefined) this.first.set(e.eventId, at);
        else if (!isPlain(log[first]) && isPlain(e) && !this.plainAfterFix.has(e.eventId))
          this.plainAfterFix.set(e.eventId, at);
      }
      if (e.type === 'EventRetracted' && !this.retracted.has(e.refEventId))
        this.retracted.set(e.refEventId, at);
      if (e.type === 'EventCorrected') {
        const list = this.corrections.get(e.refEventId);
        if (list) list.push(at);
        else this.corrections.set(e.refEventId, [at]);
      }
    }
    return this;
  }

  /** Position of the first event of any kind with this eventId. */
  firstOf(eventId: string): number | undefined {
    return this.first.get(eventId);
  }

  /** Position of the first event with this eventId that is not a correction or retraction. */
  firstPlainOf(eventId: string): number | undefined {
    const first = this.first.get(eventId);
    if (first === undefined || isPlain(this.log[first])) return first;
    return this.plainAfterFix.get(eventId);
  }
}

const indexes = new WeakMap<ReadonlyArray<Logged>, LogIndex>();

/** The index of `log`, built on first use and brought up to date if the array has grown since. */
export function logIndex(log: ReadonlyArray<Logged>): LogIndex {
  let index = indexes.get(log);
  if (!index) {
    index = new LogIndex(log);
    indexes.set(log, index);
  }
  return index.catchUp();
}

/** Whether any event of `log` (a correction or retraction too) carries this eventId. */
export function hasEventId(log: ReadonlyArray<Logged>, eventId: string): boolean {
  return logIndex(log).firstOf(eventId) !== undefined;
}

/**
 * The event recorded under this eventId, as it was recorded (corrections are events of their
 * own), or null: what an idempotent retry is compared with.
 */
export function recordedById(log: ReadonlyArray<Logged>, eventId: string): Logged | null {
  const at = logIndex(log).firstOf(eventId);
  return at === undefined ? null : log[at];
}
