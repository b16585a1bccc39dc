import { AWAY, ev, given, HOME, kickOff, play, toSecondHalf } from '../testing/match.given.spec';
import type { InPlayEvent } from './match-event.types';
import { scorersOf } from './match.view';
import { timelineView } from './match.timeline';

describe('EventCorrected', () => {
  const goal = ev.goal(HOME.id, 'Wrong Name', 10);
  const history = [...kickOff, goal];

  it('re-credits a goal everywhere', () => {
    const fix: InPlayEvent = {
      type: 'EventCorrected',
      refEventId: goal.eventId as string,
      changes: { player: 'Right Name' },
    };
    const s = given(history).when(fix).then([fix]).state;
    expect(scorersOf(s)).toEqual([{ player: 'Right Name', team: HOME.id, goals: 1 }]);
    expect(timelineView(s).find((t) => t.type === 'GoalScored')).toMatchObject({
      player: 'Right Name',
      corrected: true,
    });
  });

  it('recognises an own goal: the defender is no longer credited', () => {
    const s = given(history).when({
      type: 'EventCorrected',
      refEventId: goal.eventId as string,
      changes: { kind: 'own_goal' },
    }).state;
    expect(s.score).toEqual({ home: 1, away: 0 });
    expect(scorersOf(s)).toEqual([]);
  });

  it('moves a goal to the other team', () => {
    const s = given(history).when({
      type: 'EventCorrected',
      refEventId: goal.eventId as string,
      changes: { team: AWAY.id },
    }).state;
    expect(s.score).toEqual({ home: 0, away: 1 });
  });

  it('refuses fields the event does not have, or values that break the rules', () => {
    const ref = goal.eventId as string;
    given(history)
      .when({ type: 'EventCorrected', refEventId: 'ghost', changes: { minute: 3 } })
      .then('event-not-found');
    given(history)
      .when({ type: 'EventCorrected', refEventId: ref, changes: { team: 'XYZ' } })
      .then('correction-not-valid');
    given(history)
      .when({ type: 'EventCorrected', refEventId: ref, changes: { minute: 60 } })
      .then('correction-not-valid');
    const card: InPlayEvent = {
      type: 'CardShown',
      eventId: 'c1',
      team: HOME.id,
      player: 'A',
      card: 'yellow',
      minute: 5,
    };
    given([...kickOff, card])
      .when({ type: 'EventCorrected', refEventId: 'c1', changes: { kind: 'header' } })
      .then('correction-not-valid');
  });

  it('refuses a correction that would leave a sent-off player scoring', () => {
    const red: InPlayEvent = {
      type: 'CardShown',
      eventId: 'red',
      team: HOME.id,
      player: 'B',
      card: 'red',
      minute: 5,
    };
    given([...kickOff, red, goal])
      .when({ type: 'EventCorrected', refEventId: 'red', changes: { player: 'Wrong Name' } })
      .then('correction-not-valid');
  });

  it('allows a minute correction within the period, even after the end', () => {
    const fix: InPlayEvent = {
      type: 'EventCorrected',
      refEventId: goal.eventId as string,
      changes: { minute: 12, stoppage: null },
    };
    const s = given([
      ...toSecondHalf.slice(0, 1),
      goal,
      ev.end('1H', 45),
      ev.start('2H', 45),
      ev.end('2H', 90),
      ev.ended(),
    ]).when(fix).state;
    expect(s.goals[0]).toMatchObject({ minute: 12, stoppage: null, period: '1H' });
  });
});

describe('EventRetracted', () => {
  it('removes the event from every view and recomputes the score', () => {
    const goal = ev.goal(HOME.id, 'A', 10);
    const s = given([...kickOff, goal, ev.goal(AWAY.id, 'B', 20)]).when(ev.retract(goal)).state;
    expect(s.score).toEqual({ home: 0, away: 1 });
    expect(timelineView(s).map((t) => t.type)).toEqual(['PeriodStarted', 'GoalScored']);
    expect(timelineView(s)[1].scoreAfter).toEqual({ home: 0, away: 1 });
    expect(scorersOf(s)).toEqual([{ player: 'B', team: AWAY.id, goals: 1 }]);
  });

  it('never retracts periods or match ends', () => {
    const start: InPlayEvent = { type: 'PeriodStarted', eventId: 'p1', period: '1H', minute: 0 };
    given([start]).when(ev.retract(start)).then('cannot-retract');
    const end: InPlayEvent = { type: 'MatchEnded', eventId: 'end' };
    given([start, end]).when(ev.retract(end)).then('cannot-retract');
    given([start])
      .when(ev.retract({ eventId: 'ghost' }))
      .then('event-not-found');
  });

  it('refuses to retract what a later event depends on', () => {
    const award: InPlayEvent = { type: 'PenaltyAwarded', eventId: 'pen', team: HOME.id, minute: 30 };
    given([
      ...kickOff,
      award,
      { type: 'PenaltyMissed', team: HOME.id, player: 'A', outcome: 'saved', minute: 31 },
    ])
      .when(ev.retract(award))
      .then('cannot-retract');
  });

  it('makes a disallowed goal count again when the disallowal is retracted', () => {
    const goal = ev.goal(HOME.id, 'A', 10);
    const no = ev.disallow(goal, 11);
    expect(given([...kickOff, goal, no]).when(ev.retract(no)).state.score).toEqual({ home: 1, away: 0 });
  });
});

describe('timelineView', () => {
  it('shows every event with its effect on the score, ruled-out goals marked why, reviews with outcome', () => {
    const goal = ev.goal(HOME.id, 'A', 10);
    const s = play([
      ...kickOff,
      goal,
      {
        type: 'VarReviewStarted',
        eventId: 'v',
        reviewId: 'r1',
        incident: 'goal',
        refEventId: goal.eventId,
        minute: 11,
      },
      { type: 'VarReviewCompleted', reviewId: 'r1', outcome: 'overturned', decision: 'offside', minute: 12 },
    ]);
    const t = timelineView(s);
    expect(t.map((e) => [e.seq, e.type, e.scoreAfter.home])).toEqual([
      [2, 'PeriodStarted', 0],
      [3, 'GoalScored', 1],
      [4, 'VarReviewStarted', 1],
      [5, 'VarReviewCompleted', 0],
    ]);
    expect(t[1]).toMatchObject({
      counts: false,
      disallowed: { reason: 'var', seq: 5 },
      player: 'A',
      period: '1H',
      minute: 10,
    });
    expect(t[2]).toMatchObject({ review: { outcome: 'overturned', decision: 'offside' } });
  });
});
