import { AWAY, ev, given, HOME, NOW, play } from '../testing/match.given.spec';
import type { InPlayEvent, MatchScheduled } from '../match/match-event.types';
import type { MatchContext } from '../play/match.context';
import type { TieRules } from './tie-event.types';
import { evolveTie } from './tie.evolve';
import { scorersOf } from '../match/match.view';
import { tieStanding } from './tie.standing';

/** A one-match knockout `t1` (a final): its only leg is `f1`, HOME v AWAY. */
function finalSetup(rules: TieRules) {
  const tie = evolveTie(null, {
    type: 'TieScheduled',
    tieId: 't1',
    competition: 'TST',
    legs: ['f1'],
    rules,
    seq: 1,
    recordedAt: NOW,
  });
  const match: Partial<MatchScheduled> = { matchId: 'f1', tieId: 't1', leg: 1 };
  const ctx: MatchContext = { tie, legs: [null, null] };
  return {
    tie,
    match,
    ctx,
    standing: (events: InPlayEvent[]) => tieStanding(tie, play(events, match, ctx), null),
  };
}

const CUP: TieRules = { awayGoals: 'none', extraTime: true, penalties: true };
const halves = (...goals: InPlayEvent[]) => [
  ev.start('1H', 0),
  ev.end('1H', 45),
  ev.start('2H', 45),
  ...goals,
  ev.end('2H', 90),
];
const extraTime = (...goals: InPlayEvent[]) => [
  ev.start('ET1', 90),
  ...goals,
  ev.end('ET1', 105),
  ev.start('ET2', 105),
  ev.end('ET2', 120),
];

describe('one-match knockout', () => {
  it('level after 90 minutes: extra time, and penalties only after it', () => {
    const { match, ctx } = finalSetup(CUP);
    const level = halves(ev.goal(HOME.id, 'h', 50), ev.goal(AWAY.id, 'a', 70));
    given(level, { match, ctx }).when(ev.start('PSO')).then('period-not-needed');
    given(level, { match, ctx })
      .when(ev.start('ET1', 90))
      .then([ev.start('ET1', 90)]);
    given([...level, ...extraTime()], { match, ctx })
      .when(ev.start('PSO'))
      .then([ev.start('PSO')]);
  });

  it('decided in 90 minutes: no extra time, the winner goes through on the score', () => {
    const { match, ctx, standing } = finalSetup(CUP);
    const won = halves(ev.goal(AWAY.id, 'a', 70));
    given(won, { match, ctx }).when(ev.start('ET1', 90)).then('period-not-needed');
    expect(standing([...won, ev.ended()])).toMatchObject({
      aggregate: { HOM: 0, AWY: 1 },
      awayGoals: { HOM: 0, AWY: 0 },
      leader: AWAY.id,
      reason: 'aggregate',
      decided: true,
      winner: AWAY.id,
      legs: [{ leg: 1, matchId: 'f1', homeTeam: 'HOM', awayTeam: 'AWY', score: { home: 0, away: 1 } }],
    });
  });

  it('while it is played: who goes through if it ended now, never on away goals', () => {
    const { standing } = finalSetup(CUP);
    const live = [ev.start('1H', 0), ev.goal(AWAY.id, 'a', 10)];
    expect(standing(live)).toMatchObject({
      aggregate: { HOM: 0, AWY: 1 },
      awayGoals: { HOM: 0, AWY: 0 },
      leader: AWAY.id,
      reason: 'aggregate',
      decided: false,
    });
    expect(standing([...live, ev.goal(HOME.id, 'h', 30)])).toMatchObject({ leader: null, reason: 'level' });
  });

  it('a goal in extra time decides it', () => {
    const { standing } = finalSetup(CUP);
    const s = standing([...halves(), ...extraTime(ev.goal(HOME.id, 'h', 99)), ev.ended()]);
    expect(s).toMatchObject({
      aggregate: { HOM: 1, AWY: 0 },
      reason: 'aggregate',
      decided: true,
      winner: HOME.id,
    });
  });

  it('level after extra time: won on penalties once the shootout is decided', () => {
    const { standing, match, ctx } = finalSetup(CUP);
    const shootout = [
      ...halves(ev.goal(HOME.id, 'h', 53), ev.goal(AWAY.id, 'a', 80)),
      ...extraTime(),
      ev.start('PSO'),
      ev.kick(HOME.id, true),
      ev.kick(AWAY.id, true),
      ev.kick(HOME.id, false),
      ev.kick(AWAY.id, true),
      ev.kick(HOME.id, false),
      ev.kick(AWAY.id, true),
      ev.kick(HOME.id, true),
    ];
    expect(standing(shootout)).toMatchObject({
      reason: 'penalties',
      leader: AWAY.id,
      decided: false,
      shootout: { HOM: 2, AWY: 3 },
    });
    const decided = [...shootout, ev.kick(AWAY.id, true)];
    expect(standing(decided)).toMatchObject({
      aggregate: { HOM: 1, AWY: 1 },
      awayGoals: { HOM: 0, AWY: 0 },
      reason: 'penalties',
      decided: true,
      winner: AWAY.id,
      shootout: { HOM: 2, AWY: 4 },
    });
    expect(standing([...decided, ev.end('PSO'), ev.ended()])).toMatchObject({
      decided: true,
      winner: AWAY.id,
    });
    // Shootout kicks are not goals: the scorers are the two who scored in open play.
    expect(scorersOf(play(decided, match, ctx))).toEqual([
      { player: 'a', team: AWAY.id, goals: 1 },
      { player: 'h', team: HOME.id, goals: 1 },
    ]);
  });

  it('without extra time: straight to penalties after 90 minutes', () => {
    const { match, ctx } = finalSetup({ ...CUP, extraTime: false });
    given(halves(), { match, ctx }).when(ev.start('ET1', 90)).then('period-not-needed');
    given(halves(), { match, ctx })
      .when(ev.start('PSO'))
      .then([ev.start('PSO')]);
  });

  it('with neither: a draw stands, and the tie is not decided', () => {
    const { match, ctx, standing } = finalSetup({ ...CUP, extraTime: false, penalties: false });
    given(halves(), { match, ctx }).when(ev.start('ET1', 90)).then('period-not-needed');
    given(halves(), { match, ctx }).when(ev.start('PSO')).then('period-not-needed');
    expect(standing([...halves(), ev.ended()])).toMatchObject({
      reason: 'level',
      decided: false,
      winner: null,
    });
  });

  it('a match outside any tie never goes to extra time', () => {
    given(halves()).when(ev.start('ET1', 90)).then('period-not-needed');
  });
});

describe('cards in the shootout', () => {
  const { match, ctx } = finalSetup({ ...CUP, extraTime: false });
  const card = (team: string, player: string, c: 'yellow' | 'second_yellow' | 'red'): InPlayEvent => ({
    type: 'CardShown',
    team,
    player,
    card: c,
  });
  const inShootout = [...halves(), ev.start('PSO'), ev.kick(HOME.id, true)];

  it('a goalkeeper booked between kicks is accepted, with or without the minute', () => {
    given(inShootout, { match, ctx })
      .when(card(AWAY.id, 'keeper', 'yellow'))
      .then([card(AWAY.id, 'keeper', 'yellow')]);
    const at120 = { ...card(AWAY.id, 'keeper', 'yellow'), minute: 120 };
    given(inShootout, { match, ctx }).when(at120).then([at120]);
  });

  it('a player sent off in the shootout takes no further kick', () => {
    given([...inShootout, card(AWAY.id, 'kicker', 'red')], { match, ctx })
      .when(ev.kick(AWAY.id, true, 'kicker'))
      .then('player-sent-off');
  });

  it('a card once the shootout is decided, before the final whistle, is accepted', () => {
    const decided = [
      ...halves(),
      ev.start('PSO'),
      ...[1, 2, 3].flatMap(() => [ev.kick(HOME.id, true), ev.kick(AWAY.id, false)]),
    ];
    given(decided, { match, ctx })
      .when(card(AWAY.id, 'captain', 'red'))
      .then([card(AWAY.id, 'captain', 'red')]);
  });
});
