import type { InPlayEvent, MatchEvent, Recorded } from '@touchline/domain';
import { recordedMatchEvent } from '@touchline/event-store';

const inPlay = (e: Recorded<MatchEvent>): e is Recorded<InPlayEvent> => e.type !== 'MatchScheduled';

/**
 * A match's log as its state was folded from it, from the match's stored events in seq order:
 * every event after MatchScheduled. The read models store states without it; the rare fold that
 * needs it, and the readers that walk the match's history, read it from the stored events.
 */
export function matchLogOf(bodies: Iterable<unknown>): Array<Recorded<InPlayEvent>> {
  const log: Array<Recorded<InPlayEvent>> = [];
  for (const body of bodies) {
    const event = recordedMatchEvent(body);
    if (inPlay(event)) log.push(event);
  }
  return log;
}
