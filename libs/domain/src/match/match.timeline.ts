import type { DisallowReason, InPlayEventType, Period, VarOutcome } from './match-event.types';
import { correctedEventIds, effectiveEvents } from './match.effective';
import { foldEffective } from './match.evolve';
import type { MatchState, Score } from './match.state';

export interface TimelineBase {
  seq: number;
  eventId: string | null;
  type: InPlayEventType;
  minute: number | null;
  stoppage: number | null;
  period: Period | null;
  recordedAt: string;
  /** The score once this event had been applied (a goal later ruled out still shows its bump here). */
  scoreAfter: Score;
  /** The shootout score once this event had been applied (null before PSO). */
  shootoutAfter: Score | null;
  corrected: boolean;
  /** Goals only: whether it counts now, and if not, why and since which seq. */
  counts?: boolean;
  disallowed?: { reason: DisallowReason; seq: number } | null;
  /** VarReviewStarted only: how the review ended (outcome null while it is open). */
  review?: { outcome: VarOutcome | null; decision: string | null };
}

/** A timeline entry: the base fields plus the event's own (team, player, kind, reason…). */
export type TimelineEntry = TimelineBase & { [field: string]: unknown };

/**
 * Every event as the match now stands, in seq order: retracted events gone, corrections applied.
 * The corrections and retractions themselves are in the raw stream, not here.
 */
export function timelineView(state: MatchState): TimelineEntry[] {
  const corrected = new Set(correctedEventIds(state.log));
  const entries: TimelineEntry[] = [];
  foldEffective(state, effectiveEvents(state.log), {
    after: (after, e) => {
      const { seq, recordedAt, eventId, type, minute, stoppage, ...fields } = e;
      const entry: TimelineEntry = {
        ...fields,
        seq,
        eventId: eventId ?? null,
        type,
        minute: minute ?? null,
        stoppage: stoppage ?? null,
        period: after.period,
        recordedAt,
        scoreAfter: { ...after.score },
        shootoutAfter: after.shootout ? { ...after.shootout } : null,
        corrected: eventId !== undefined && corrected.has(eventId),
      };
      if (e.type === 'GoalScored') {
        const goal = state.goals.find((g) => g.seq === seq);
        entry.period = goal?.period ?? after.period;
        entry.counts = goal?.counts ?? false;
        entry.disallowed = goal?.disallowed
          ? { reason: goal.disallowed.reason, seq: goal.disallowed.seq }
          : null;
      }
      if (e.type === 'VarReviewStarted') {
        const review = state.reviews.find((r) => r.startedSeq === seq);
        entry.review = { outcome: review?.outcome ?? null, decision: review?.decision ?? null };
      }
      entries.push(entry);
    },
  });
  return entries;
}
