import { contentFingerprint } from './fingerprint';
import type { SeenEvents } from './stream-registry';

export type RetryCheck =
  | { kind: 'new' }
  | { kind: 'replay'; seqs: number[] }
  | { kind: 'conflict'; eventId: string; reason: string };

/**
 * Decides whether posted events are new, an exact retry of events already accepted (answer
 * with the original result), or a conflict (an eventId reused for other content, or a batch
 * that is part retry, part new).
 */
export function checkRetry(seen: SeenEvents, events: ReadonlyArray<{ eventId?: string }>): RetryCheck {
  const seqs: number[] = [];
  let fresh = 0;
  for (const event of events) {
    const eventId = typeof event.eventId === 'string' ? event.eventId : undefined;
    const prior = eventId ? seen.get(eventId) : undefined;
    if (!eventId || !prior) {
      fresh++;
      continue;
    }
    if (prior.fingerprint !== contentFingerprint(event)) {
      return { kind: 'conflict', eventId, reason: `eventId '${eventId}' was already used for other content` };
    }
    seqs.push(prior.seq);
  }
  if (seqs.length === 0) return { kind: 'new' };
  if (fresh > 0) {
    return {
      kind: 'conflict',
      eventId: String(events.find((e) => typeof e.eventId === 'string' && seen.has(e.eventId))?.eventId),
      reason: 'the batch mixes events already recorded with new ones; post the new ones alone',
    };
  }
  return { kind: 'replay', seqs };
}

/**
 * For a command that opens a stream (`POST /matches`…): a retry is the stream's very opening
 * event again, same eventId and same content. Anything else is for the decider to refuse.
 */
export function checkOpeningRetry(seen: SeenEvents, opening: { eventId?: string }): RetryCheck {
  const first = opening.eventId === undefined ? undefined : seen.get(opening.eventId);
  return first?.seq === 1 && first.fingerprint === contentFingerprint(opening)
    ? { kind: 'replay', seqs: [1] }
    : { kind: 'new' };
}
