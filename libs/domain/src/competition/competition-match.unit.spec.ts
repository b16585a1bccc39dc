import { AWAY, ev, HOME, play } from '../testing/match.given.spec';
import type { InPlayEvent } from '../match/match-event.types';
import { cardsShown, fixtureView, tableMatchOf } from './competition-match';

const card = (
  team: string,
  player: string,
  c: 'yellow' | 'second_yellow' | 'red',
  eventId: string,
): InPlayEvent => ({
  type: 'CardShown',
  eventId,
  team,
  player,
  card: c,
  minute: 10,
});

describe("a match's row in its competition", () => {
  it('counts the cards the match now says were shown: not a retracted one, nor a red overturned by VAR', () => {
    const s = play([
      ev.start('1H', 0),
      card(HOME.id, 'h1', 'yellow', 'y1'),
      card(HOME.id, 'h2', 'yellow', 'y2'),
      { type: 'EventRetracted', eventId: 'x', refEventId: 'y2', reason: 'wrong player' },
      card(AWAY.id, 'a1', 'red', 'r1'),
      { type: 'VarReviewStarted', reviewId: 'v', incident: 'red_card', refEventId: 'r1', minute: 11 },
      { type: 'VarReviewCompleted', reviewId: 'v', outcome: 'overturned', minute: 12 },
      card(AWAY.id, 'a2', 'yellow', 'y3'),
      { type: 'EventCorrected', eventId: 'c', refEventId: 'y3', changes: { player: 'a3' } },
      card(AWAY.id, 'a3', 'red', 'r2'),
    ]);
    expect(cardsShown(s)).toEqual([
      { team: HOME.id, player: 'h1', card: 'yellow' },
      { team: AWAY.id, player: 'a3', card: 'yellow' },
      { team: AWAY.id, player: 'a3', card: 'red' },
    ]);
    // One deduction per player: a3's yellow then red is -5, not -1 and -4.
    expect(tableMatchOf(s).fairPlay).toEqual({ home: -1, away: -5 });
  });

  it('carries the score as it now stands, and the group and round it was scheduled in', () => {
    const goal = ev.goal(HOME.id, 'h9', 5);
    const s = play([ev.start('1H', 0), goal, ev.goal(AWAY.id, 'a9', 8), ev.disallow(goal, 9)], {
      group: 'C',
      round: 'Matchday 2',
    });
    expect(tableMatchOf(s)).toMatchObject({ group: 'C', status: 'live', score: { home: 0, away: 1 } });
    expect(fixtureView(s)).toMatchObject({ group: 'C', round: 'Matchday 2', tieId: null, shootout: null });
  });
});
