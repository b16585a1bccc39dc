import type { Request } from 'autocannon';
import type { InPlayEvent } from '@touchline/domain';
import { firstHalfEvent, firstHalfMinute } from './match-events';
import { EventCounter } from './setup';

const PER_MATCH_MINUTES = 200;

export interface FedEvent {
  matchId: string;
  n: number;
  event: InPlayEvent;
}

/** The lag bench's feed: single events, each call the next match in turn and its next event. */
export function roundRobinFeed(matches: string[]): () => FedEvent {
  const counter = new EventCounter();
  let rr = 0;
  return () => {
    const matchId = matches[rr++ % matches.length];
    const n = counter.take(matchId);
    return {
      matchId,
      n,
      event: firstHalfEvent(matchId, n, firstHalfMinute(n % PER_MATCH_MINUTES, PER_MATCH_MINUTES)),
    };
  };
}

/** An autocannon request posting the feed's next event to its match. */
export function feedRequest(next: () => FedEvent, onResponse?: Request['onResponse']): Request {
  return {
    method: 'POST',
    setupRequest: (req) => {
      const { matchId, event } = next();
      return { ...req, path: `/matches/${matchId}/events`, body: JSON.stringify(event) };
    },
    ...(onResponse ? { onResponse } : {}),
  };
}
