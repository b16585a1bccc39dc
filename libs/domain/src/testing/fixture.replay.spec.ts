/**
 * Test support, not a test: replays a tie fixture of tests/fixtures through the same parse →
 * decide → evolve path the write side uses. Named `.spec.ts` so the build leaves it out.
 */
import type { Recorded } from '../common/recorded';
import type { MatchEvent } from '../match/match-event.types';
import { parseInPlayEvents } from '../match/match-event.schema';
import { decideMatch } from '../play/match.decide';
import { evolveMatch } from '../match/match.evolve';
import type { MatchState } from '../match/match.state';
import { parseScheduleMatch } from '../match/schedule-match.schema';
import { parseScheduleTie } from '../tie/schedule-tie.schema';
import { evolveTie } from '../tie/tie.evolve';
import type { TieState } from '../tie/tie.state';

export interface TieFixture {
  tie: unknown;
  matches: Array<{ matchId: string; kickoffAt?: string } & Record<string, unknown>>;
  events: Record<
    string,
    Array<{ offsetSeconds: number; event: { eventId?: string } & Record<string, unknown> }>
  >;
}

export interface Replayed {
  tie: TieState;
  legs: [MatchState | null, MatchState | null];
  /** Each match's recorded stream, as the log would hold it. */
  streams: Record<string, Recorded<MatchEvent>[]>;
}

function must<T>(r: { ok: true; value: T } | { ok: false; errors: unknown }, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** Replays leg 1 then leg 2, stopping right after `untilEventId` when given. */
export function replay(fixture: TieFixture, untilEventId?: string): Replayed {
  const tieBody = must(parseScheduleTie(fixture.tie), 'tie');
  const tie = evolveTie(null, {
    type: 'TieScheduled',
    ...tieBody,
    seq: 1,
    recordedAt: '2000-01-01T00:00:00Z',
  });
  const legs: [MatchState | null, MatchState | null] = [null, null];
  const streams: Record<string, Recorded<MatchEvent>[]> = {};
  for (const body of fixture.matches) {
    const m = must(parseScheduleMatch(body), `match ${body.matchId}`);
    const legIndex = tie.legs.indexOf(m.matchId);
    const kickoff = Date.parse(m.kickoffAt ?? '2000-01-01T00:00:00Z');
    const first: Recorded<MatchEvent> = {
      type: 'MatchScheduled',
      ...m,
      seq: 1,
      recordedAt: new Date(kickoff - 86_400_000).toISOString(),
    };
    let s = evolveMatch(null, first);
    streams[m.matchId] = [first];
    legs[legIndex] = s;
    for (const { offsetSeconds, event } of fixture.events[m.matchId] ?? []) {
      const { events } = must(parseInPlayEvents(event), `event ${event.eventId}`);
      const now = new Date(kickoff + offsetSeconds * 1000).toISOString();
      const d = decideMatch(s, events, { tie, legs }, now);
      if (!d.ok) throw new Error(`event ${event.eventId} refused: ${JSON.stringify(d.violation)}`);
      for (const e of d.events) {
        const recorded = { ...e, seq: s.version + 1, recordedAt: now };
        streams[m.matchId].push(recorded);
        s = evolveMatch(s, recorded);
      }
      legs[legIndex] = s;
      if (event.eventId === untilEventId) return { tie, legs, streams };
    }
  }
  if (untilEventId !== undefined) throw new Error(`no event ${untilEventId} in the fixture`);
  return { tie, legs, streams };
}
