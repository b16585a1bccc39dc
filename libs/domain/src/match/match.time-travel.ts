import { compareClock, type ClockPoint } from '../common/clock';
import type { Recorded } from '../common/recorded';
import type { CorrectionChanges, MatchEvent } from './match-event.types';
import { evolveMatchInPlace } from './match.evolve';
import type { MatchState } from './match.state';

export type TimeTravel = { atSeq?: number; at?: ClockPoint; asOf?: string };

/**
 * The match as it stood: `atSeq` keeps events with seq ≤ N; `asOf` those recorded by then (what
 * was *known*, before later corrections); `at` those whose match clock is ≤ the point, in seq
 * order, an event without a minute inheriting the previous one's. Corrections and retractions
 * pass the `at` filter (they fix the record of what happened then) and the clock used is the
 * corrected one. Filters combine. Null when nothing is left of the schedule.
 */
export function foldMatch(events: Recorded<MatchEvent>[], until: TimeTravel = {}): MatchState | null {
  let kept = [...events].sort((a, b) => a.seq - b.seq);
  if (until.atSeq !== undefined) kept = kept.filter((e) => e.seq <= (until.atSeq as number));
  if (until.asOf !== undefined) kept = kept.filter((e) => recordedBy(e.recordedAt, until.asOf as string));
  if (until.at !== undefined) kept = onClockBy(kept, until.at);
  // Every state but the last is this fold's own: each event is appended to one log in place.
  return kept.reduce<MatchState | null>((s, e) => evolveMatchInPlace(s, e), null);
}

function recordedBy(recordedAt: string, asOf: string): boolean {
  const a = Date.parse(recordedAt);
  const b = Date.parse(asOf);
  return Number.isNaN(a) || Number.isNaN(b) ? recordedAt <= asOf : a <= b;
}

function onClockBy(events: Recorded<MatchEvent>[], at: ClockPoint): Recorded<MatchEvent>[] {
  const fixes = new Map<string, CorrectionChanges>();
  for (const e of events) {
    if (e.type === 'EventCorrected') fixes.set(e.refEventId, { ...fixes.get(e.refEventId), ...e.changes });
  }
  let clock: ClockPoint = { minute: 0, stoppage: 0 };
  return events.filter((e) => {
    if (e.type === 'MatchScheduled' || e.type === 'EventCorrected' || e.type === 'EventRetracted')
      return true;
    const fix = e.eventId !== undefined ? fixes.get(e.eventId) : undefined;
    const minute = fix?.minute ?? e.minute;
    const stoppage = fix?.stoppage !== undefined ? fix.stoppage : e.stoppage;
    if (minute !== undefined) clock = { minute, stoppage: stoppage ?? 0 };
    return compareClock(clock, at) <= 0;
  });
}
