import { broken, type RuleBreak } from '../common/rule-violation';
import type {
  CardShown,
  GoalDisallowed,
  GoalScored,
  PenaltyAwarded,
  PenaltyMissed,
  ShootoutKick,
  SubstitutionMade,
  VarReviewCompleted,
  VarReviewStarted,
} from '../match/match-event.types';
import { findEffective } from '../match/match.effective';
import type { MatchState } from '../match/match.state';

/** The rules of what happens on the pitch: goals, VAR, penalties, cards, substitutions, shootout kicks. */

const sentOff = (s: MatchState, team: string, player: string) =>
  s.sentOff.some((p) => p.team === team && p.player === player);
const sentOffBreak = (player: string) =>
  broken('player-sent-off', 'Player sent off', `${player} has been sent off and takes no further part`);
const playing = (s: MatchState, team: string, player: string) =>
  sentOff(s, team, player) ? sentOffBreak(player) : null;

export function checkGoalScored(s: MatchState, e: GoalScored): RuleBreak | null {
  if (s.period === 'PSO')
    return broken('shootout-in-progress', 'Shootout in progress', 'shootout goals are ShootoutKick events');
  const playerTeam = e.kind === 'own_goal' ? otherTeam(s, e.team) : e.team;
  return playing(s, playerTeam, e.player);
}

export function checkGoalDisallowed(s: MatchState, e: GoalDisallowed): RuleBreak | null {
  const goal = s.goals.find((g) => g.eventId === e.goalEventId);
  if (!goal)
    return broken('goal-not-found', 'Goal not found', `no goal with eventId ${e.goalEventId} in this match`);
  if (!goal.counts) {
    return broken(
      'goal-already-disallowed',
      'Goal already disallowed',
      `${e.goalEventId} was disallowed (${goal.disallowed?.reason})`,
    );
  }
  return null;
}

export function checkVarReviewStarted(s: MatchState, e: VarReviewStarted): RuleBreak | null {
  if (s.openReview) {
    return broken(
      'var-review-already-open',
      'VAR review already open',
      `review ${s.openReview.reviewId} is still open`,
    );
  }
  if (s.reviews.some((r) => r.reviewId === e.reviewId))
    return broken(
      'var-review-id-reused',
      'VAR review id reused',
      `review ${e.reviewId} has already been held`,
    );
  if (e.refEventId !== undefined && !findEffective(s.log, e.refEventId))
    return broken(
      'event-not-found',
      'Event not found',
      `no event with eventId ${e.refEventId} in this match`,
    );
  return null;
}

export function checkVarReviewCompleted(s: MatchState, e: VarReviewCompleted): RuleBreak | null {
  if (s.openReview?.reviewId === e.reviewId) return null;
  return broken('no-open-var-review', 'No open VAR review', `review ${e.reviewId} is not open`);
}

export function checkPenaltyAwarded(s: MatchState, _e: PenaltyAwarded): RuleBreak | null {
  if (!s.pendingPenalty) return null;
  return broken(
    'penalty-already-pending',
    'Penalty already pending',
    `${s.pendingPenalty.team} has a penalty still to take`,
  );
}

export function checkPenaltyMissed(s: MatchState, e: PenaltyMissed): RuleBreak | null {
  if (s.pendingPenalty?.team === e.team) return null;
  return broken('no-pending-penalty', 'No pending penalty', `${e.team} has no penalty awarded to take`);
}

export const checkCardShown = (s: MatchState, e: CardShown): RuleBreak | null => playing(s, e.team, e.player);

export const checkSubstitutionMade = (s: MatchState, e: SubstitutionMade): RuleBreak | null =>
  playing(s, e.team, e.playerOff);

export function checkShootoutKick(s: MatchState, e: ShootoutKick): RuleBreak | null {
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
  return playing(s, e.team, e.player);
}

function otherTeam(s: MatchState, team: string): string {
  return team === s.homeTeam.id ? s.awayTeam.id : s.homeTeam.id;
}
