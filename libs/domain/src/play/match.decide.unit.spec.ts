import { AWAY, ev, given, HOME, kickOff, regulation, toSecondHalf } from '../testing/match.given.spec';
import type { InPlayEvent } from '../match/match-event.types';

describe('decideMatch: the clock and the phases of a match', () => {
  it('refuses events before kick-off, except an abandonment', () => {
    given([])
      .when(ev.goal(HOME.id, 'A', 3))
      .then('match-not-started');
    given([])
      .when({ type: 'MatchAbandoned', reason: 'waterlogged pitch' })
      .then([{ type: 'MatchAbandoned', reason: 'waterlogged pitch' }]);
  });

  it('accepts a goal in the current period', () => {
    const goal = ev.goal(HOME.id, 'A', 12);
    given(kickOff).when(goal).then([goal]);
  });

  it('refuses a team that is not in the match', () => {
    given(kickOff)
      .when(ev.goal('XYZ', 'A', 12))
      .then('team-not-in-match');
  });

  it('checks minutes against the current period, stoppage only at its last minute', () => {
    given(kickOff)
      .when(ev.goal(HOME.id, 'A', 50))
      .then('minute-out-of-range');
    given(kickOff)
      .when(ev.goal(HOME.id, 'A', 44, { stoppage: 2 }))
      .then('minute-out-of-range');
    given(toSecondHalf)
      .when(ev.goal(HOME.id, 'A', 30))
      .then('minute-out-of-range');
    const late = ev.goal(HOME.id, 'A', 90, { stoppage: 6 });
    given([...toSecondHalf, { type: 'StoppageTimeAnnounced', period: '2H', added: 5, minute: 90 }])
      .when(late)
      .then([late]);
  });

  it('lets events within a period arrive out of minute order', () => {
    const early = ev.goal(HOME.id, 'A', 34);
    given([...kickOff, { type: 'OffsideCalled', team: AWAY.id, minute: 35 }])
      .when(early)
      .then([early]);
  });

  it('accepts a late entry of the half just ended during the break', () => {
    const card: InPlayEvent = {
      type: 'CardShown',
      team: HOME.id,
      player: 'B',
      card: 'yellow',
      minute: 45,
      stoppage: 1,
    };
    given([ev.start('1H', 0), ev.end('1H', 45, 2)])
      .when(card)
      .then([card]);
  });

  it('runs periods in order, each after the previous one ended', () => {
    given(kickOff).when(ev.start('2H', 45)).then('period-out-of-order');
    given([]).when(ev.start('2H', 45)).then('period-out-of-order');
    given([ev.start('1H', 0), ev.end('1H', 45)])
      .when(ev.start('ET1', 90))
      .then('period-out-of-order');
    given(kickOff).when(ev.end('2H', 90)).then('period-out-of-order');
    given([ev.start('1H', 0), ev.end('1H', 45)])
      .when(ev.start('1H', 0))
      .then('period-out-of-order');
  });

  it('plays no extra time or shootout in a standalone match', () => {
    given(regulation).when(ev.start('ET1', 90)).then('period-not-needed');
    given(regulation).when(ev.start('PSO')).then('period-not-needed');
  });

  it('allows only decisions and corrections after the final whistle', () => {
    const goal = ev.goal(HOME.id, 'A', 88);
    const played = [...toSecondHalf, goal, ev.end('2H', 90, 3), ev.ended()];
    given(played)
      .when(ev.goal(AWAY.id, 'B', 90, { stoppage: 5 }))
      .then('match-already-ended');
    given(played).when(ev.start('ET1', 90)).then('match-already-ended');
    const ruledOut = ev.disallow(goal);
    expect(given(played).when(ruledOut).then([ruledOut]).state.score).toEqual({ home: 0, away: 0 });
  });

  it('refuses everything in-play after an abandonment', () => {
    given([...kickOff, { type: 'MatchAbandoned', reason: 'floodlights', minute: 30 }])
      .when(ev.goal(HOME.id, 'A', 31))
      .then('match-abandoned');
  });

  it('is all or nothing, naming the index of the first broken event', () => {
    const ok = ev.goal(HOME.id, 'A', 10);
    given(kickOff)
      .when(ok, ev.goal('XYZ', 'B', 11))
      .then('team-not-in-match', 1);
  });

  it('checks each posted event as if the earlier ones had been applied', () => {
    const goal = ev.goal(HOME.id, 'A', 10);
    const ruledOut = ev.disallow(goal, 11);
    given(kickOff).when(goal, ruledOut).then([goal, ruledOut]);
    given(kickOff).when(goal, ruledOut, ev.disallow(goal, 12)).then('goal-already-disallowed', 2);
  });

  it('refuses an eventId already recorded', () => {
    const goal = ev.goal(HOME.id, 'A', 10);
    given([...kickOff, goal])
      .when({ ...goal, minute: 11 })
      .then('duplicate-event-id');
  });
});

describe('decideMatch: goals, VAR, penalties, cards', () => {
  it('disallows only known goals, once', () => {
    const goal = ev.goal(HOME.id, 'A', 10);
    given(kickOff)
      .when(ev.disallow({ eventId: 'nope' }))
      .then('goal-not-found');
    given([...kickOff, goal, ev.disallow(goal)])
      .when(ev.disallow(goal))
      .then('goal-already-disallowed');
  });

  it('keeps at most one VAR review open and completes only open ones', () => {
    const open: InPlayEvent = { type: 'VarReviewStarted', reviewId: 'r1', incident: 'goal', minute: 20 };
    given([...kickOff, open])
      .when({ ...open, reviewId: 'r2' })
      .then('var-review-already-open');
    given(kickOff)
      .when({ type: 'VarReviewCompleted', reviewId: 'r1', outcome: 'confirmed' })
      .then('no-open-var-review');
    given(kickOff)
      .when({ type: 'VarReviewStarted', reviewId: 'r1', incident: 'goal', refEventId: 'ghost' })
      .then('event-not-found');
  });

  it('needs a pending penalty for a miss, and the award for that team', () => {
    given(kickOff)
      .when({ type: 'PenaltyMissed', team: HOME.id, player: 'A', outcome: 'saved' })
      .then('no-pending-penalty');
    const award: InPlayEvent = { type: 'PenaltyAwarded', team: AWAY.id, minute: 30 };
    given([...kickOff, award])
      .when({ type: 'PenaltyMissed', team: HOME.id, player: 'A', outcome: 'saved' })
      .then('no-pending-penalty');
    const miss: InPlayEvent = {
      type: 'PenaltyMissed',
      team: AWAY.id,
      player: 'B',
      outcome: 'woodwork',
      minute: 31,
    };
    given([...kickOff, award])
      .when(miss)
      .then([miss]);
    given([...kickOff, award, miss])
      .when(miss)
      .then('no-pending-penalty');
  });

  it('keeps a sent-off player from scoring, but an own goal of the other side is not his', () => {
    const red: InPlayEvent = { type: 'CardShown', team: HOME.id, player: 'A', card: 'red', minute: 20 };
    given([...kickOff, red])
      .when(ev.goal(HOME.id, 'A', 30))
      .then('player-sent-off');
    given([...kickOff, red])
      .when(ev.goal(AWAY.id, 'A', 30, { kind: 'own_goal' }))
      .then('player-sent-off');
    const other = ev.goal(HOME.id, 'C', 30);
    given([...kickOff, red])
      .when(other)
      .then([other]);
  });
});
