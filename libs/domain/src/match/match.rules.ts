import type { InPlayEvent } from './match-event.types';
import { checkHistoryChange } from './match.rules.history';
import { checkPeriodEnded, checkPeriodStarted, checkStoppageAnnounced } from './match.rules.periods';
import { broken, type CheckOptions, type MatchContext, type RuleBreak } from './match.rule.types';
import { findEffective } from './match.effective';
import { sideOf, type MatchState } from './match.state';
import { clockOutsidePeriod } from './period.rules';

/** After the final whistle only decisions about what happened, and fixes to the record. */
const AFTER_THE_END: ReadonlyArray<InPlayEvent['type']> = [
  'GoalDisallowed',
  'EventCorrected',
  'EventRetracted',
];

/** Null when `e` may follow the match as it stands, else the rule it breaks. */
export function checkEvent(
  s: MatchState,
  e: InPlayEvent,
  ctx: MatchContext,
  opts: CheckOptions,
): RuleBreak | null {
  if (!opts.recheck && e.eventId !== undefined && s.log.some((l) => l.eventId === e.eventId)) {
    return broken(
      'duplicate-event-id',
      'Duplicate eventId',
      `an event with eventId ${e.eventId} is already recorded`,
    );
  }
  return checkPhase(s, e) ?? checkTeam(s, e) ?? checkType(s, e, ctx, opts) ?? checkClock(s, e);
}

function checkPhase(s: MatchState, e: InPlayEvent): RuleBreak | null {
  const lateReview = e.type === 'VarReviewCompleted' && s.openReview?.reviewId === e.reviewId;
  switch (s.status) {
    case 'scheduled':
      if (e.type === 'PeriodStarted' || e.type === 'MatchAbandoned') return null;
      return broken('match-not-started', 'Match not started', `${e.type} before kick-off (PeriodStarted 1H)`);
    case 'live':
      return null;
    case 'finished':
      if (AFTER_THE_END.includes(e.type) || lateReview) return null;
      return broken('match-already-ended', 'Match already ended', `${e.type} after MatchEnded`);
    case 'abandoned':
      if (AFTER_THE_END.includes(e.type) || lateReview) return null;
      return broken('match-abandoned', 'Match abandoned', `${e.type} after MatchAbandoned`);
    default: {
      const never: never = s.status;
      return never;
    }
  }
}

function checkTeam(s: MatchState, e: InPlayEvent): RuleBreak | null {
  if (!('team' in e) || sideOf(s, e.team) !== null) return null;
  return broken(
    'team-not-in-match',
    'Team not in match',
    `${e.team} is neither ${s.homeTeam.id} (home) nor ${s.awayTeam.id} (away)`,
  );
}

/** Minutes must fit the period being played (or, between periods, the one just ended). */
function checkClock(s: MatchState, e: InPlayEvent): RuleBreak | null {
  if (e.minute === undefined || s.status !== 'live' || e.type === 'PeriodStarted' || s.period === null)
    return null;
  // Between periods feeds often log half-time changes one minute on ("46'").
  const why = clockOutsidePeriod(s.period, e.minute, e.stoppage, s.periodInProgress ? 0 : 1);
  return why ? broken('minute-out-of-range', 'Minute out of range', why) : null;
}

const sentOff = (s: MatchState, team: string, player: string) =>
  s.sentOff.some((p) => p.team === team && p.player === player);
const sentOffBreak = (player: string) =>
  broken('player-sent-off', 'Player sent off', `${player} has been sent off and takes no further part`);

function checkType(s: MatchState, e: InPlayEvent, ctx: MatchContext, opts: CheckOptions): RuleBreak | null {
  switch (e.type) {
    case 'PeriodStarted':
      return checkPeriodStarted(s, e, ctx, opts);
    case 'PeriodEnded':
      return checkPeriodEnded(s, e);
    case 'StoppageTimeAnnounced':
      return checkStoppageAnnounced(s, e);
    case 'GoalScored': {
      if (s.period === 'PSO')
        return broken(
          'shootout-in-progress',
          'Shootout in progress',
          'shootout goals are ShootoutKick events',
        );
      const playerTeam = e.kind === 'own_goal' ? otherTeam(s, e.team) : e.team;
      return sentOff(s, playerTeam, e.player) ? sentOffBreak(e.player) : null;
    }
    case 'GoalDisallowed': {
      const goal = s.goals.find((g) => g.eventId === e.goalEventId);
      if (!goal)
        return broken(
          'goal-not-found',
          'Goal not found',
          `no goal with eventId ${e.goalEventId} in this match`,
        );
      if (!goal.counts) {
        return broken(
          'goal-already-disallowed',
          'Goal already disallowed',
          `${e.goalEventId} was disallowed (${goal.disallowed?.reason})`,
        );
      }
      return null;
    }
    case 'OffsideCalled':
    case 'MatchEnded':
    case 'MatchAbandoned':
      return null;
    case 'VarReviewStarted':
      if (s.openReview) {
        return broken(
          'var-review-already-open',
          'VAR review already open',
          `review ${s.openReview.reviewId} is still open`,
        );
      }
      if (s.reviews.some((r) => r.reviewId === e.reviewId)) {
        return broken(
          'var-review-id-reused',
          'VAR review id reused',
          `review ${e.reviewId} has already been held`,
        );
      }
      if (e.refEventId !== undefined && !findEffective(s.log, e.refEventId)) {
        return broken(
          'event-not-found',
          'Event not found',
          `no event with eventId ${e.refEventId} in this match`,
        );
      }
      return null;
    case 'VarReviewCompleted':
      if (s.openReview?.reviewId === e.reviewId) return null;
      return broken('no-open-var-review', 'No open VAR review', `review ${e.reviewId} is not open`);
    case 'PenaltyAwarded':
      if (!s.pendingPenalty) return null;
      return broken(
        'penalty-already-pending',
        'Penalty already pending',
        `${s.pendingPenalty.team} has a penalty still to take`,
      );
    case 'PenaltyMissed':
      if (s.pendingPenalty?.team === e.team) return null;
      return broken('no-pending-penalty', 'No pending penalty', `${e.team} has no penalty awarded to take`);
    case 'CardShown':
      return sentOff(s, e.team, e.player) ? sentOffBreak(e.player) : null;
    case 'SubstitutionMade':
      return sentOff(s, e.team, e.playerOff) ? sentOffBreak(e.playerOff) : null;
    case 'ShootoutKick':
      return checkShootoutKick(s, e);
    case 'EventCorrected':
    case 'EventRetracted':
      return checkHistoryChange(s, e, ctx);
    default: {
      const never: never = e;
      return never;
    }
  }
}

function checkShootoutKick(s: MatchState, e: { team: string; player: string }): RuleBreak | null {
  if (s.period !== 'PSO' || !s.periodInProgress) {
    return broken('shootout-not-in-progress', 'Shootout not in progress', 'shootout kicks only during PSO');
  }
  if (s.shootoutWinner !== null)
    return broken('shootout-decided', 'Shootout decided', `${s.shootoutWinner} has already won it`);
  const last = s.shootoutKicks[s.shootoutKicks.length - 1];
  if (last && last.team === e.team) {
    return broken(
      'shootout-kick-out-of-turn',
      'Shootout kick out of turn',
      `${e.team} took the last kick; the other side kicks next`,
    );
  }
  return sentOff(s, e.team, e.player) ? sentOffBreak(e.player) : null;
}

function otherTeam(s: MatchState, team: string): string {
  return team === s.homeTeam.id ? s.awayTeam.id : s.homeTeam.id;
}
