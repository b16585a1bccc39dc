import { broken, type RuleBreak } from '../common/rule-violation';
import type { InPlayEvent, InPlayEventType } from '../match/match-event.types';
import { hasEventId } from '../match/match.log-index';
import { sideOf, type MatchState } from '../match/match.state';
import { clockOutsidePeriod } from '../match/period.rules';
import type { CheckOptions, EventCheck, MatchContext } from './match.context';
import { checkHistoryChange } from './match.rules.history';
import {
  checkCardShown,
  checkGoalDisallowed,
  checkGoalScored,
  checkPenaltyAwarded,
  checkPenaltyMissed,
  checkShootoutKick,
  checkSubstitutionMade,
  checkVarReviewCompleted,
  checkVarReviewStarted,
} from './match.rules.incidents';
import { checkPeriodEnded, checkPeriodStarted, checkStoppageAnnounced } from './match.rules.periods';

/** After the final whistle only decisions about what happened, and fixes to the record. */
const AFTER_THE_END: ReadonlyArray<InPlayEvent['type']> = [
  'GoalDisallowed',
  'EventCorrected',
  'EventRetracted',
];

/** Null when `e` may follow the match as it stands, else the rule it breaks. */
export const checkEvent: EventCheck = (s, e, ctx, opts) => {
  if (!opts.recheck && e.eventId !== undefined && hasEventId(s.log, e.eventId)) {
    return broken(
      'duplicate-event-id',
      'Duplicate eventId',
      `an event with eventId ${e.eventId} is already recorded`,
    );
  }
  return checkPhase(s, e) ?? checkTeam(s, e) ?? checkType(s, e, ctx, opts) ?? checkClock(s, e);
};

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

/** For the types with no rule of their own beyond the phase, the team and the clock. */
const none = (): RuleBreak | null => null;

/** The rules particular to each event type, one entry per type (as the schemas are). */
const TYPE_CHECKS: { [T in InPlayEventType]: EventCheck<Extract<InPlayEvent, { type: T }>> } = {
  PeriodStarted: checkPeriodStarted,
  PeriodEnded: checkPeriodEnded,
  StoppageTimeAnnounced: checkStoppageAnnounced,
  GoalScored: checkGoalScored,
  GoalDisallowed: checkGoalDisallowed,
  OffsideCalled: none,
  MatchEnded: none,
  MatchAbandoned: none,
  VarReviewStarted: checkVarReviewStarted,
  VarReviewCompleted: checkVarReviewCompleted,
  PenaltyAwarded: checkPenaltyAwarded,
  PenaltyMissed: checkPenaltyMissed,
  CardShown: checkCardShown,
  SubstitutionMade: checkSubstitutionMade,
  ShootoutKick: checkShootoutKick,
  EventCorrected: (s, e, ctx) => checkHistoryChange(s, e, ctx, checkEvent),
  EventRetracted: (s, e, ctx) => checkHistoryChange(s, e, ctx, checkEvent),
};

function checkType(s: MatchState, e: InPlayEvent, ctx: MatchContext, opts: CheckOptions): RuleBreak | null {
  // The table pairs each type with its own check; TypeScript cannot follow that pairing through
  // the lookup, so the entry is widened to the union it is called with.
  const check = TYPE_CHECKS[e.type] as EventCheck;
  return check(s, e, ctx, opts);
}
