import fc from 'fast-check';
import { AWAY, ev, given, HOME, play, tieSetup, UEFA_OLD } from '../testing/match.given.spec';
import type { InPlayEvent } from '../match/match-event.types';
import type { Recorded } from '../common/recorded';
import { evolveMatch } from '../match/match.evolve';
import type { MatchState } from '../match/match.state';
import { legsInOrder, tieStanding } from './tie.standing';

const unrecord = ({ seq: _s, recordedAt: _r, ...e }: Recorded<InPlayEvent>): InPlayEvent => e as InPlayEvent;
const firstHalves = [ev.start('1H', 0), ev.end('1H', 45), ev.start('2H', 45)];

describe('legsInOrder', () => {
  it('takes only matches scheduled as legs of this tie, whatever ids the others bear', () => {
    const { tie, leg1 } = tieSetup(UEFA_OLD, [ev.goal(AWAY.id, 'x', 60)]);
    const impostor: MatchState = { ...leg1!, tieId: null };
    const otherTie: MatchState = { ...leg1!, tieId: 'another-tie' };
    expect(legsInOrder(tie, [leg1])).toEqual([leg1, null]);
    expect(legsInOrder(tie, [impostor])).toEqual([null, null]);
    expect(legsInOrder(tie, [otherTie])).toEqual([null, null]);
    expect(tieStanding(tie, ...legsInOrder(tie, [impostor])).aggregate).toEqual({});
  });
});

describe('tieStanding', () => {
  it('leads by aggregate before the second leg, undecided', () => {
    const { tie, leg1 } = tieSetup(UEFA_OLD, [ev.goal(AWAY.id, 'x', 60)]);
    expect(tieStanding(tie, leg1, null)).toMatchObject({
      aggregate: { AWY: 1, HOM: 0 },
      leader: AWAY.id,
      reason: 'aggregate',
      decided: false,
      winner: null,
      legs: [
        {
          leg: 1,
          matchId: 'm1',
          homeTeam: 'AWY',
          awayTeam: 'HOM',
          score: { home: 1, away: 0 },
          status: 'finished',
        },
        { leg: 2, matchId: 'm2', score: null },
      ],
    });
  });

  it('separates level aggregates by away goals, per the rules', () => {
    // Leg 1: AWY 2-1 HOM (HOM scores away). Leg 2 HOM 1-0 AWY: 2-2, HOM 1 away goal vs 0.
    const { tie, leg1, match, ctx } = tieSetup({ ...UEFA_OLD, awayGoals: 'regulation' }, [
      ev.goal(AWAY.id, 'x', 60),
      ev.goal(AWAY.id, 'x', 61),
      ev.goal(HOME.id, 'y', 62),
    ]);
    const leg2 = play([...firstHalves, ev.goal(HOME.id, 'z', 50), ev.end('2H', 90), ev.ended()], match, ctx);
    expect(tieStanding(tie, leg1, leg2)).toMatchObject({
      aggregate: { AWY: 2, HOM: 2 },
      awayGoals: { HOM: 1, AWY: 0 },
      leader: HOME.id,
      reason: 'away_goals',
      decided: true,
      winner: HOME.id,
    });
    expect(tieStanding({ ...tie, rules: { ...tie.rules, awayGoals: 'none' } }, leg1, leg2)).toMatchObject({
      leader: null,
      reason: 'level',
      decided: false,
    });
  });

  it('calls for extra time only in leg 2 of a level tie whose rules have it', () => {
    const { match, ctx } = tieSetup(UEFA_OLD, [ev.goal(AWAY.id, 'x', 60)]);
    const level = [...firstHalves, ev.goal(HOME.id, 'z', 50), ev.end('2H', 90)];
    given(level, { match, ctx })
      .when(ev.start('ET1', 90))
      .then([ev.start('ET1', 90)]);
    given(level, { match, ctx }).when(ev.start('PSO')).then('period-not-needed');
    const notLevel = [...firstHalves, ev.goal(HOME.id, 'z', 50), ev.goal(HOME.id, 'z', 51), ev.end('2H', 90)];
    given(notLevel, { match, ctx }).when(ev.start('ET1', 90)).then('period-not-needed');
    given(level, { match, ctx: { ...ctx, tie: { ...ctx.tie!, rules: { ...UEFA_OLD, extraTime: false } } } })
      .when(ev.start('ET1', 90))
      .then('period-not-needed');
    given(level, { match: { ...match, matchId: 'm1', leg: 1 }, ctx })
      .when(ev.start('ET1', 90))
      .then('period-not-needed');
  });

  it('counts extra-time goals as away goals under awayGoals extra_time', () => {
    const { tie, leg1, match, ctx } = tieSetup(UEFA_OLD, [ev.goal(AWAY.id, 'x', 60)]);
    // Leg 2: HOM 1-0 in regulation, then 1-1 in ET: aggregate 2-2, AWY's ET goal is away.
    const et = [
      ...firstHalves,
      ev.goal(HOME.id, 'z', 50),
      ev.end('2H', 90),
      ev.start('ET1', 90),
      ev.goal(HOME.id, 'z', 95),
      ev.goal(AWAY.id, 'w', 100),
      ev.end('ET1', 105),
      ev.start('ET2', 105),
      ev.end('ET2', 120),
    ];
    const leg2 = play([...et, ev.ended()], match, ctx);
    expect(tieStanding(tie, leg1, leg2)).toMatchObject({
      aggregate: { AWY: 2, HOM: 2 },
      awayGoals: { AWY: 1, HOM: 0 },
      leader: AWAY.id,
      reason: 'away_goals',
      decided: true,
    });
    given(et, { match, ctx }).when(ev.start('PSO')).then('period-not-needed');
    const regulationOnly = { ...tie, rules: { ...UEFA_OLD, awayGoals: 'regulation' as const } };
    expect(tieStanding(regulationOnly, leg1, leg2)).toMatchObject({ reason: 'level', decided: false });
    given(et, { match, ctx: { ...ctx, tie: regulationOnly } })
      .when(ev.start('PSO'))
      .then([ev.start('PSO')]);
  });

  it('is won on penalties once the shootout is decided', () => {
    const { tie, leg1, match, ctx } = tieSetup({ awayGoals: 'none', extraTime: false, penalties: true }, []);
    const leg2 = play(
      [
        ...firstHalves,
        ev.end('2H', 90),
        ev.start('PSO'),
        ev.kick(HOME.id, true),
        ev.kick(AWAY.id, false),
        ev.kick(HOME.id, true),
        ev.kick(AWAY.id, false),
      ],
      match,
      ctx,
    );
    expect(tieStanding(tie, leg1, leg2)).toMatchObject({
      reason: 'penalties',
      leader: HOME.id,
      decided: false,
      shootout: { HOM: 2, AWY: 0 },
    });
    const done = play(
      [...leg2.log.map(unrecord), ev.kick(HOME.id, true), ev.kick(AWAY.id, false)],
      match,
      ctx,
    );
    expect(tieStanding(tie, leg1, done)).toMatchObject({
      reason: 'penalties',
      leader: HOME.id,
      decided: true,
      winner: HOME.id,
      shootout: { HOM: 3, AWY: 0 },
    });
  });

  it('a finished leg 2 with the tie still level is not decided', () => {
    const { tie, leg1, match, ctx } = tieSetup(UEFA_OLD, []);
    const leg2 = play([...firstHalves, ev.end('2H', 90), ev.ended()], match, ctx);
    expect(tieStanding(tie, leg1, leg2)).toMatchObject({
      leader: null,
      reason: 'level',
      decided: false,
      winner: null,
    });
  });

  it('property: the standing does not depend on which leg is folded first', () => {
    const {
      tie,
      leg1: played1,
      match,
      ctx,
    } = tieSetup(UEFA_OLD, [ev.goal(AWAY.id, 'x', 60), ev.goal(HOME.id, 'y', 70)]);
    const played2 = play(
      [...firstHalves, ev.goal(HOME.id, 'z', 50), ev.goal(AWAY.id, 'w', 80), ev.end('2H', 90), ev.ended()],
      match,
      ctx,
    );
    const streams = [played1, played2].map((s) => [
      {
        type: 'MatchScheduled' as const,
        matchId: s.matchId,
        competition: s.competition,
        homeTeam: s.homeTeam,
        awayTeam: s.awayTeam,
        tieId: 't1',
        leg: s.leg ?? undefined,
        seq: 1,
        recordedAt: '2025-01-01T00:00:00Z',
      },
      ...s.log,
    ]);
    const expected = tieStanding(tie, played1, played2);
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...streams[0].map(() => 0), ...streams[1].map(() => 1)], {
          minLength: streams[0].length + streams[1].length,
        }),
        (order) => {
          const states: [MatchState | null, MatchState | null] = [null, null];
          const next = [0, 0];
          for (const leg of order) states[leg] = evolveMatch(states[leg], streams[leg][next[leg]++]);
          expect(tieStanding(tie, states[0], states[1])).toEqual(expected);
        },
      ),
    );
  });
});
