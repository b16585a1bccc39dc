import type { Recorded } from '../common/recorded';
import type {
  GoalScored,
  InPlayEvent,
  Period,
  VarReviewCompleted,
  VarReviewStarted,
} from './match-event.types';
import { findEffective } from './match.effective';
import { shootoutOutcome } from './match.shootout';
import { emptyGoalsByPeriod, sideOf, type GoalRecord, type MatchState, type Score } from './match.state';
import { periodIndex } from './period.rules';

type Logged = Recorded<InPlayEvent>;

/**
 * Applies the football effect of one effective event to the derived fields. It never refuses:
 * the log is the truth, the rules were checked before the event was accepted.
 */
export function stepDerived(s: MatchState, e: Logged): MatchState {
  const next = advanceClock(s, e);
  switch (e.type) {
    case 'PeriodStarted':
      return {
        ...next,
        status: next.status === 'scheduled' ? 'live' : next.status,
        period: e.period,
        periodInProgress: true,
        periodsStarted: [...next.periodsStarted, e.period],
        shootout: e.period === 'PSO' ? (next.shootout ?? { home: 0, away: 0 }) : next.shootout,
      };
    case 'PeriodEnded':
      return {
        ...next,
        periodInProgress: e.period === next.period ? false : next.periodInProgress,
        periodsEnded: [...next.periodsEnded, e.period],
      };
    case 'StoppageTimeAnnounced':
      return { ...next, stoppageAnnounced: { ...next.stoppageAnnounced, [e.period]: e.added } };
    case 'GoalScored':
      return scoreGoal(next, e);
    case 'GoalDisallowed': {
      const goal = next.goals.find((g) => g.eventId === e.goalEventId && g.counts);
      if (!goal) return next;
      return disallow(next, goal.seq, { reason: e.reason, byEventId: e.eventId ?? null, seq: e.seq });
    }
    case 'OffsideCalled':
    case 'SubstitutionMade':
      return next;
    case 'VarReviewStarted':
      return openReview(next, e);
    case 'VarReviewCompleted':
      return completeReview(next, e);
    case 'PenaltyAwarded':
      return { ...next, pendingPenalty: { team: e.team, eventId: e.eventId ?? null, seq: e.seq } };
    case 'PenaltyMissed':
      return next.pendingPenalty?.team === e.team ? { ...next, pendingPenalty: null } : next;
    case 'CardShown': {
      // States folded before cards were kept have none: their earlier cards are in their log.
      const cards = [...(next.cards ?? []), { seq: e.seq, team: e.team, player: e.player, card: e.card }];
      if (e.card === 'yellow') return { ...next, cards };
      return { ...next, cards, sentOff: [...next.sentOff, { team: e.team, player: e.player, seq: e.seq }] };
    }
    case 'ShootoutKick': {
      const shootoutKicks = [
        ...next.shootoutKicks,
        { seq: e.seq, team: e.team, player: e.player, scored: e.scored },
      ];
      const { score, winner } = shootoutOutcome(shootoutKicks, next.homeTeam.id, next.awayTeam.id);
      return { ...next, shootoutKicks, shootout: score, shootoutWinner: winner };
    }
    case 'MatchEnded':
      return { ...next, status: 'finished', periodInProgress: false };
    case 'MatchAbandoned':
      return { ...next, status: 'abandoned', periodInProgress: false, abandonedReason: e.reason };
    case 'EventCorrected':
    case 'EventRetracted':
      return next; // never effective: their effect is folded into the events they refer to
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** The latest point of the match clock seen, ordered by period first (45+2 in 1H < 45 in 2H). */
function advanceClock(s: MatchState, e: Logged): MatchState {
  if (e.minute === undefined) return s;
  const period: Period | null = e.type === 'PeriodStarted' ? e.period : s.period;
  const stoppage = e.stoppage ?? 0;
  const current = s.minute === null ? null : { p: periodIndex(s.period), m: s.minute, st: s.stoppage ?? 0 };
  const candidate = { p: periodIndex(period), m: e.minute, st: stoppage };
  const later =
    current === null ||
    candidate.p > current.p ||
    (candidate.p === current.p &&
      (candidate.m > current.m || (candidate.m === current.m && candidate.st >= current.st)));
  return later ? { ...s, minute: e.minute, stoppage: stoppage > 0 ? stoppage : null } : s;
}

function scoreGoal(s: MatchState, e: Recorded<GoalScored>): MatchState {
  const goal: GoalRecord = {
    eventId: e.eventId ?? null,
    seq: e.seq,
    team: e.team,
    player: e.player,
    assist: e.assist ?? null,
    kind: e.kind,
    minute: e.minute ?? null,
    stoppage: e.stoppage ?? null,
    period: s.period,
    counts: true,
    disallowed: null,
  };
  const consumesPenalty = e.kind === 'penalty' && s.pendingPenalty?.team === e.team;
  return withGoals({ ...s, pendingPenalty: consumesPenalty ? null : s.pendingPenalty }, [...s.goals, goal]);
}

function disallow(
  s: MatchState,
  goalSeq: number,
  disallowed: NonNullable<GoalRecord['disallowed']>,
): MatchState {
  const goals = s.goals.map((g) => (g.seq === goalSeq && g.counts ? { ...g, counts: false, disallowed } : g));
  return withGoals(s, goals);
}

/** Score and per-period goals always follow the goals that count. */
function withGoals(s: MatchState, goals: GoalRecord[]): MatchState {
  const score: Score = { home: 0, away: 0 };
  const goalsByPeriod = emptyGoalsByPeriod();
  for (const g of goals) {
    const side = sideOf(s, g.team);
    if (!g.counts || side === null) continue;
    score[side] += 1;
    if (g.period !== null) goalsByPeriod[g.period][side] += 1;
  }
  return { ...s, goals, score, goalsByPeriod };
}

function openReview(s: MatchState, e: Recorded<VarReviewStarted>): MatchState {
  const review = {
    reviewId: e.reviewId,
    incident: e.incident,
    refSeq: reviewedSeq(s, e),
    startedSeq: e.seq,
    completedSeq: null,
    outcome: null,
    decision: null,
  };
  return { ...s, openReview: review, reviews: [...s.reviews, review] };
}

/** Without a refEventId, a goal review is of the last goal that counts, a penalty review of the pending award. */
function reviewedSeq(s: MatchState, e: VarReviewStarted): number | null {
  if (e.refEventId !== undefined) return findEffective(s.log, e.refEventId)?.seq ?? null;
  if (e.incident === 'goal') return [...s.goals].reverse().find((g) => g.counts)?.seq ?? null;
  if (e.incident === 'penalty') return s.pendingPenalty?.seq ?? null;
  return null;
}

function completeReview(s: MatchState, e: Recorded<VarReviewCompleted>): MatchState {
  const open = s.openReview;
  if (!open || open.reviewId !== e.reviewId) return s;
  const closed = { ...open, completedSeq: e.seq, outcome: e.outcome, decision: e.decision ?? null };
  const next = {
    ...s,
    openReview: null,
    reviews: s.reviews.map((r) =>
      r.reviewId === open.reviewId && r.startedSeq === open.startedSeq ? closed : r,
    ),
  };
  if (e.outcome !== 'overturned' || open.refSeq === null) {
    if (e.outcome === 'overturned' && open.incident === 'penalty' && open.refSeq === null)
      return { ...next, pendingPenalty: null };
    return next;
  }
  const refSeq = open.refSeq;
  switch (open.incident) {
    case 'goal':
      return disallow(next, refSeq, { reason: 'var', byEventId: e.eventId ?? null, seq: e.seq });
    case 'penalty':
      return next.pendingPenalty?.seq === refSeq ? { ...next, pendingPenalty: null } : next;
    case 'red_card':
      return { ...next, sentOff: next.sentOff.filter((p) => p.seq !== refSeq) };
    case 'mistaken_identity':
      return next;
    default: {
      const never: never = open.incident;
      return never;
    }
  }
}
