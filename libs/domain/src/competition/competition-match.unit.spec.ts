import group from '../../../../tests/fixtures/seed-group.json';
import { AWAY, ev, HOME, play } from '../testing/match.given.spec';
import type { InPlayEvent } from '../match/match-event.types';
import { parseInPlayEvents } from '../match/match-event.schema';
import { decideMatch } from '../play/match.decide';
import { evolveMatch } from '../match/match.evolve';
import type { MatchState } from '../match/match.state';
import { parseScheduleMatch } from '../match/schedule-match.schema';
import { cardsShown, fixtureView, tableMatchOf } from './competition-match';
import { computeStandings } from './standings.compute';
import { DEFAULT_STANDINGS_RULES } from './standings.types';

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

describe('the demo group: World Cup 2018, Group H', () => {
  /** Every match of the fixture through the same parse, decide and evolve as the write side. */
  const states = group.matches.map((body) => {
    const scheduled = parseScheduleMatch(body);
    if (!scheduled.ok) throw new Error(JSON.stringify(scheduled.errors));
    let s: MatchState = evolveMatch(null, {
      type: 'MatchScheduled',
      ...scheduled.value,
      seq: 1,
      recordedAt: '2018-06-01T00:00:00Z',
    });
    for (const { event } of group.events[body.matchId as keyof typeof group.events]) {
      const parsed = parseInPlayEvents(event);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const d = decideMatch(s, parsed.value.events, {}, '2018-06-30T00:00:00Z');
      if (!d.ok) throw new Error(`${event.eventId}: ${JSON.stringify(d.violation)}`);
      for (const e of d.events)
        s = evolveMatch(s, { ...e, seq: s.version + 1, recordedAt: '2018-06-30T00:00:00Z' });
    }
    return s;
  });

  it('ends as it did: Japan above Senegal on fair play, -4 against -6', () => {
    expect(states.map((s) => [s.matchId, s.status, s.score])).toEqual([
      ['wc2018-h-col-jpn', 'finished', { home: 1, away: 2 }],
      ['wc2018-h-pol-sen', 'finished', { home: 1, away: 2 }],
      ['wc2018-h-jpn-sen', 'finished', { home: 2, away: 2 }],
      ['wc2018-h-pol-col', 'finished', { home: 0, away: 3 }],
      ['wc2018-h-jpn-pol', 'finished', { home: 0, away: 1 }],
      ['wc2018-h-sen-col', 'finished', { home: 0, away: 1 }],
    ]);
    const [table] = computeStandings(states.map(tableMatchOf), DEFAULT_STANDINGS_RULES).tables;
    expect(table.rows.map((r) => [r.team, r.points, r.goalsFor, r.goalsAgainst, r.fairPlay, r.lots])).toEqual(
      [
        ['COL', 6, 5, 2, -4, false],
        ['JPN', 4, 4, 4, -4, false],
        ['SEN', 4, 4, 4, -6, false],
        ['POL', 3, 2, 5, 0, false],
      ],
    );
  });
});
