import type { LogRecord } from '@touchline/event-store';
import type { Acked, EventBody, FeedPost } from './retrying-feeder';

/** One match's planned events (each with a fixed eventId) and the score they add up to. */
export interface MatchPlan {
  matchId: string;
  events: EventBody[];
  goals: { MIA: number; LAFC: number };
}

/** A match's events: offsides and some goals, all first-half minutes, each with a fixed eventId. */
export function planMatch(matchId: string, eventsPerMatch: number, rnd: () => number): MatchPlan {
  const goals = { MIA: 0, LAFC: 0 };
  const events = Array.from({ length: eventsPerMatch }, (_, i): EventBody => {
    const team = rnd() < 0.5 ? 'MIA' : 'LAFC';
    const minute = 1 + Math.floor(rnd() * 45);
    const eventId = `${matchId}-e${i + 1}`;
    if (rnd() < 0.1) {
      goals[team]++;
      return { eventId, type: 'GoalScored', minute, team, player: `${team}-p${i % 7}`, kind: 'open_play' };
    }
    return { eventId, type: 'OffsideCalled', minute, team, player: `${team}-p${i % 11}` };
  });
  return { matchId, events, goals };
}

/** A feeder's requests: its matches' events in order, one by one or in small arrays, interleaved. */
export function feederPosts(matches: MatchPlan[], rnd: () => number): FeedPost[] {
  const queues = matches.map((m) => ({ matchId: m.matchId, rest: [...m.events] }));
  const posts: FeedPost[] = [];
  while (queues.some((q) => q.rest.length)) {
    for (const q of queues.filter((x) => x.rest.length)) {
      const size = rnd() < 0.5 ? 1 : 2 + Math.floor(rnd() * 4);
      const events = q.rest.splice(0, size);
      posts.push({ matchId: q.matchId, body: events.length === 1 ? events[0] : events });
    }
  }
  return posts;
}

/**
 * Checks the log against the plan (matches scheduled and kicked off, then fed): every stream's
 * seq gapless from 1, every planned event in it exactly once, and every acknowledgement's seq the
 * one the log holds. Returns the counts of lost and duplicated events.
 */
export function expectEveryEventOnce(
  records: LogRecord[],
  matches: MatchPlan[],
  acked: Acked[],
): { lost: number; duplicates: number } {
  const byStream = new Map<string, LogRecord[]>();
  for (const r of records) byStream.set(r.streamId, [...(byStream.get(r.streamId) ?? []), r]);
  let lost = 0;
  let duplicates = 0;
  for (const match of matches) {
    const stream = byStream.get(`match:${match.matchId}`) ?? [];
    expect(stream.map((r) => r.seq)).toEqual(stream.map((_, i) => i + 1));
    const ids = stream.map((r) => r.eventId);
    duplicates += ids.length - new Set(ids).size;
    lost += match.events.filter((e) => !ids.includes(e.eventId)).length;
    expect(stream).toHaveLength(match.events.length + 2);
  }
  for (const a of acked) {
    const stream = byStream.get(`match:${a.matchId}`) ?? [];
    expect(stream[a.seq - 1]?.eventId).toBe(a.eventId);
  }
  expect({ lost, duplicates }).toEqual({ lost: 0, duplicates: 0 });
  return { lost, duplicates };
}
