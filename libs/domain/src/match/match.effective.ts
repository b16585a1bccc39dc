import type { Recorded } from '../common/recorded';
import type { CorrectionChanges, InPlayEvent } from './match-event.types';
import { logIndex } from './match.log-index';

type Logged = Recorded<InPlayEvent>;

export function isMeta(e: InPlayEvent): boolean {
  return e.type === 'EventCorrected' || e.type === 'EventRetracted';
}

/** The event with a correction's changes merged in; `null` removes an optional field. */
export function applyChanges<E extends InPlayEvent>(e: E, changes: CorrectionChanges): E {
  const out: Record<string, unknown> = { ...e };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = value;
  }
  return out as E;
}

/**
 * The log as the match now stands: corrections merged into the events they fix, retracted
 * events gone, and the correction/retraction events themselves left out. Seq order is kept.
 */
export function effectiveEvents(log: ReadonlyArray<Logged>): Logged[] {
  const retracted = new Set<string>();
  const corrections = new Map<string, CorrectionChanges[]>();
  for (const e of log) {
    if (e.type === 'EventRetracted') retracted.add(e.refEventId);
    if (e.type === 'EventCorrected')
      corrections.set(e.refEventId, [...(corrections.get(e.refEventId) ?? []), e.changes]);
  }
  const out: Logged[] = [];
  for (const e of log) {
    if (isMeta(e)) continue;
    if (e.eventId === undefined) {
      out.push(e);
      continue;
    }
    if (retracted.has(e.eventId)) continue;
    out.push((corrections.get(e.eventId) ?? []).reduce<Logged>((acc, c) => applyChanges(acc, c), e));
  }
  return out;
}

/**
 * The effective event with this eventId (events without one cannot be referred to): what
 * `effectiveEvents(log)` holds under it, found through the log's index instead of a pass over it.
 */
export function findEffective(log: ReadonlyArray<Logged>, eventId: string): Logged | null {
  const index = logIndex(log);
  const at = index.firstPlainOf(eventId);
  if (at === undefined || index.retracted.has(eventId)) return null;
  let event = log[at];
  for (const c of index.corrections.get(eventId) ?? []) {
    const fix = log[c];
    if (fix.type === 'EventCorrected') event = applyChanges(event, fix.changes);
  }
  return event;
}

/** Seqs of events that at least one EventCorrected has changed. */
export function correctedEventIds(log: ReadonlyArray<Logged>): string[] {
  return [...new Set(log.flatMap((e) => (e.type === 'EventCorrected' ? [e.refEventId] : [])))];
}
