import { broken, type RuleBreak } from '../common/rule-violation';
import type { PeriodEnded, PeriodStarted, StoppageTimeAnnounced } from '../match/match-event.types';
import type { MatchState } from '../match/match.state';
import { clockOutsidePeriod, nextPeriods } from '../match/period.rules';
import { legsInOrder, tieStanding } from '../tie/tie.standing';
import { decidingLeg } from '../tie/tie.state';
import type { CheckOptions, MatchContext } from './match.context';

const outOfOrder = (detail: string) => broken('period-out-of-order', 'Period out of order', detail);
const notNeeded = (detail: string) => broken('period-not-needed', 'Period not needed', detail);

export function checkPeriodStarted(
  s: MatchState,
  e: PeriodStarted,
  ctx: MatchContext,
  opts: CheckOptions,
): RuleBreak | null {
  if (s.periodInProgress) return outOfOrder(`${s.period} has not ended`);
  if (s.periodsStarted.includes(e.period)) return outOfOrder(`${e.period} has already been played`);
  const lastEnded = s.periodsEnded.length > 0 ? s.periodsEnded[s.periodsEnded.length - 1] : null;
  const allowed = nextPeriods(lastEnded);
  if (!allowed.includes(e.period)) {
    return outOfOrder(
      `${e.period} cannot follow ${lastEnded ?? 'kick-off'}; expected ${allowed.join(' or ') || 'nothing'}`,
    );
  }
  const clock = clockOutsidePeriod(e.period, e.minute, e.stoppage);
  if (clock) return broken('minute-out-of-range', 'Minute out of range', clock);
  if (e.period === '1H' || e.period === '2H' || e.period === 'ET2' || opts.recheck) return null;
  return extraPeriodNeeded(s, e.period, ctx);
}

/**
 * ET and shootout happen only in a tie's deciding match (the second leg, or the only one), when
 * the tie is level and its rules call for them.
 */
function extraPeriodNeeded(s: MatchState, period: 'ET1' | 'PSO', ctx: MatchContext): RuleBreak | null {
  const tie = ctx.tie;
  const onlyIn = `${period} is only played in the deciding match of a tie (its only or second leg)`;
  if (s.tieId === null) return notNeeded(onlyIn);
  if (!tie || tie.tieId !== s.tieId) return notNeeded(`the tie ${s.tieId} is not known`);
  if (decidingLeg(tie) !== s.matchId) return notNeeded(onlyIn);
  const others = (ctx.legs ?? []).filter((l) => l?.matchId !== s.matchId);
  const [leg1, leg2] = legsInOrder(tie, [...others, s]);
  const standing = tieStanding(tie, leg1, leg2);
  if (standing.reason !== 'level') {
    return notNeeded(
      `the tie is not level: ${standing.leader} leads on ${standing.reason.replace('_', ' ')}`,
    );
  }
  const { extraTime, penalties } = tie.rules;
  if (period === 'ET1' && !extraTime) return notNeeded('the tie rules have no extra time');
  if (period === 'PSO' && !penalties) return notNeeded('the tie rules have no penalty shootout');
  if (period === 'PSO' && extraTime && !s.periodsEnded.includes('ET2'))
    return notNeeded('extra time comes before penalties');
  return null;
}

export function checkPeriodEnded(s: MatchState, e: PeriodEnded): RuleBreak | null {
  if (!s.periodInProgress || s.period !== e.period) {
    return outOfOrder(
      s.periodInProgress ? `${s.period} is in progress, not ${e.period}` : `${e.period} is not in progress`,
    );
  }
  return null;
}

export function checkStoppageAnnounced(s: MatchState, e: StoppageTimeAnnounced): RuleBreak | null {
  if (!s.periodInProgress || s.period !== e.period) return outOfOrder(`${e.period} is not in progress`);
  if (e.period === 'PSO') return outOfOrder('a shootout has no stoppage time');
  return null;
}
