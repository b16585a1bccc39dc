import { AWAY, ev, given, HOME, kickOff, NOW, play, scheduled } from '../testing/match.given.spec';
import type { InPlayEvent } from './match-event.types';
import { evolveMatch } from './match.evolve';
import { initialMatchState } from './match.state';
import { matchView, scorersOf } from './match.view';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

describe('evolveMatch', () => {
  it('starts from null and opens the stream with MatchScheduled', () => {
    expect(initialMatchState()).toBeNull();
    const s = evolveMatch(
      null,
      scheduled({ kickoffAt: '2025-04-10T00:00:00Z', tieId: 't', leg: 2, round: 'Semi-finals' }),
    );
    expect(matchView(s)).toEqual({
      matchId: 'm1',
      competition: 'TST',
      tieId: 't',
      leg: 2,
      group: null,
      round: 'Semi-finals',
      homeTeam: HOME,
      awayTeam: AWAY,
      kickoffAt: '2025-04-10T00:00:00Z',
      status: 'scheduled',
      period: null,
      minute: null,
      stoppage: null,
      score: { home: 0, away: 0 },
      shootout: null,
      version: 1,
      lastRecordedAt: '2025-04-10T00:00:00.000Z',
    });
    expect(() => evolveMatch(null, { type: 'MatchEnded', seq: 1, recordedAt: NOW })).toThrow(
      /before MatchScheduled/,
    );
  });

  it('never mutates its input and keeps state plain JSON', () => {
    const s = deepFreeze(play([...kickOff, ev.goal(HOME.id, 'A', 10)]));
    const next = evolveMatch(s, { ...ev.goal(AWAY.id, 'B', 11), seq: s.version + 1, recordedAt: NOW });
    expect(next.score).toEqual({ home: 1, away: 1 });
    expect(JSON.parse(JSON.stringify(next))).toStrictEqual(next);
  });

  it('credits an own goal to the team whose score rises, and not to the defender', () => {
    const s = play([
      ...kickOff,
      ev.goal(HOME.id, 'Defender', 10, { kind: 'own_goal' }),
      ev.goal(HOME.id, 'Striker', 20),
    ]);
    expect(s.score).toEqual({ home: 2, away: 0 });
    expect(scorersOf(s)).toEqual([{ player: 'Striker', team: HOME.id, goals: 1 }]);
  });

  it('tracks the clock by period: 45+2 of 1H comes before 45 of 2H', () => {
    const s = play([ev.start('1H', 0), ev.end('1H', 45, 2), ev.start('2H', 45)]);
    expect([s.period, s.minute, s.stoppage, s.periodInProgress]).toEqual(['2H', 45, null, true]);
    const ht = play([ev.start('1H', 0), ev.end('1H', 45, 2)]);
    expect([ht.period, ht.minute, ht.stoppage, ht.periodInProgress]).toEqual(['1H', 45, 2, false]);
  });

  it('lets an overturned VAR goal review disallow the goal (reason var)', () => {
    const goal = ev.goal(HOME.id, 'A', 10);
    const s = given([
      ...kickOff,
      goal,
      { type: 'VarReviewStarted', reviewId: 'r1', incident: 'goal', refEventId: goal.eventId, minute: 11 },
    ])
      .when({
        type: 'VarReviewCompleted',
        reviewId: 'r1',
        outcome: 'overturned',
        decision: 'offside',
        minute: 12,
      })
      .then([
        {
          type: 'VarReviewCompleted',
          reviewId: 'r1',
          outcome: 'overturned',
          decision: 'offside',
          minute: 12,
        },
      ]).state;
    expect(s.score).toEqual({ home: 0, away: 0 });
    expect(s.goals[0]).toMatchObject({ counts: false, disallowed: { reason: 'var' } });
    expect(s.openReview).toBeNull();
  });

  it('without a refEventId a goal review concerns the last goal that counts', () => {
    const s = play([
      ...kickOff,
      ev.goal(HOME.id, 'A', 10),
      ev.goal(AWAY.id, 'B', 20),
      { type: 'VarReviewStarted', reviewId: 'r1', incident: 'goal', minute: 21 },
      { type: 'VarReviewCompleted', reviewId: 'r1', outcome: 'overturned', minute: 22 },
    ]);
    expect(s.score).toEqual({ home: 1, away: 0 });
  });

  it('handles a VAR penalty review before or after the award', () => {
    const award: InPlayEvent = {
      type: 'PenaltyAwarded',
      eventId: 'pen',
      team: HOME.id,
      offender: 'X',
      reason: 'handball',
      minute: 83,
    };
    const start: InPlayEvent = { type: 'VarReviewStarted', reviewId: 'r1', incident: 'penalty', minute: 81 };
    const confirmed: InPlayEvent = {
      type: 'VarReviewCompleted',
      reviewId: 'r1',
      outcome: 'confirmed',
      decision: 'penalty',
      minute: 83,
    };
    const kick = ev.goal(HOME.id, 'Messi', 84, { kind: 'penalty' });
    const before = play([
      ...kickOff.map((e) => ({ ...e })),
      ev.end('1H', 45),
      ev.start('2H', 45),
      start,
      confirmed,
      award,
      kick,
    ]);
    const after = play([
      ev.start('1H', 0),
      ev.end('1H', 45),
      ev.start('2H', 45),
      award,
      { ...start, refEventId: 'pen' },
      confirmed,
      kick,
    ]);
    for (const s of [before, after]) {
      expect(s.score).toEqual({ home: 1, away: 0 });
      expect(s.pendingPenalty).toBeNull();
    }
  });

  it('cancels a penalty award that VAR overturns', () => {
    const s = play([
      ...kickOff,
      { type: 'PenaltyAwarded', eventId: 'pen', team: HOME.id, minute: 30 },
      { type: 'VarReviewStarted', reviewId: 'r1', incident: 'penalty', refEventId: 'pen', minute: 31 },
      { type: 'VarReviewCompleted', reviewId: 'r1', outcome: 'overturned', minute: 32 },
    ]);
    expect(s.pendingPenalty).toBeNull();
    given([...kickOff, { type: 'PenaltyAwarded', team: HOME.id, minute: 30 }])
      .when(
        { type: 'VarReviewStarted', reviewId: 'r1', incident: 'penalty', minute: 31 },
        { type: 'VarReviewCompleted', reviewId: 'r1', outcome: 'overturned', minute: 32 },
        { type: 'PenaltyMissed', team: HOME.id, player: 'A', outcome: 'saved', minute: 33 },
      )
      .then('no-pending-penalty', 2);
  });

  it('rescinds a red card that VAR overturns', () => {
    const red: InPlayEvent = {
      type: 'CardShown',
      eventId: 'red',
      team: HOME.id,
      player: 'A',
      card: 'red',
      minute: 20,
    };
    const s = play([
      ...kickOff,
      red,
      { type: 'VarReviewStarted', reviewId: 'r1', incident: 'red_card', refEventId: 'red', minute: 21 },
      { type: 'VarReviewCompleted', reviewId: 'r1', outcome: 'overturned', minute: 22 },
    ]);
    expect(s.sentOff).toEqual([]);
  });

  it('keeps goals per period for the away goals rule', () => {
    const s = play([
      ev.start('1H', 0),
      ev.goal(AWAY.id, 'B', 5),
      ev.end('1H', 45),
      ev.start('2H', 45),
      ev.goal(HOME.id, 'A', 50),
    ]);
    expect(s.goalsByPeriod['1H']).toEqual({ home: 0, away: 1 });
    expect(s.goalsByPeriod['2H']).toEqual({ home: 1, away: 0 });
  });
});
