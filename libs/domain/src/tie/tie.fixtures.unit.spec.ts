import seed from '../../../../tests/fixtures/seed-tie.json';
import spursAjax from '../../../../tests/fixtures/ucl-2019-sf-tot-ajx.json';
import chelseaLiverpool2007 from '../../../../tests/fixtures/ucl-2007-sf-che-liv.json';
import liverpoolChelsea2008 from '../../../../tests/fixtures/ucl-2008-sf-liv-che.json';
import istanbul2005 from '../../../../tests/fixtures/ucl-2005-final-acm-liv.json';
import { replay, type TieFixture } from '../testing/fixture.replay.spec';
import { foldMatch } from '../match/match.time-travel';
import { scorersOf } from '../match/match.view';
import { timelineView } from '../match/match.timeline';
import { tieStanding } from './tie.standing';

const fixtures: Record<string, TieFixture> = {
  seed,
  spursAjax,
  chelseaLiverpool2007,
  liverpoolChelsea2008,
  istanbul2005,
};
const standingAfter = (f: TieFixture, eventId?: string) => {
  const r = replay(f, eventId);
  return tieStanding(r.tie, r.legs[0], r.legs[1]);
};

describe('fixtures are well formed', () => {
  it.each(Object.entries(fixtures))('%s: unique eventIds, offsets never going back', (_, f) => {
    const ids = Object.values(f.events)
      .flat()
      .map((e) => e.event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const events of Object.values(f.events)) {
      const offsets = events.map((e) => e.offsetSeconds);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });
});

describe('seed: CONCACAF Champions Cup 2025 QF, LAFC v Inter Miami', () => {
  it('leg 1: LAFC 1-0 Inter Miami', () => {
    const { legs } = replay(seed);
    expect(legs[0]).toMatchObject({ status: 'finished', score: { home: 1, away: 0 } });
    expect(scorersOf(legs[0]!)).toEqual([{ player: 'Nathan Ordaz', team: 'LAFC', goals: 1 }]);
  });

  it.each([
    ['mia-lafc-2-goal-long-9', { LAFC: 2, MIA: 0 }, 'LAFC', 'aggregate'],
    ['mia-lafc-2-goal-messi-fk-19', { LAFC: 2, MIA: 1 }, 'LAFC', 'aggregate'],
    ['mia-lafc-2-disallowed-messi-fk-20', { LAFC: 2, MIA: 0 }, 'LAFC', 'aggregate'],
    ['mia-lafc-2-goal-messi-35', { LAFC: 2, MIA: 1 }, 'LAFC', 'aggregate'],
    ['mia-lafc-2-goal-allen-61', { LAFC: 2, MIA: 2 }, 'LAFC', 'away_goals'],
    ['mia-lafc-2-goal-suarez-65', { LAFC: 2, MIA: 3 }, 'MIA', 'aggregate'],
    ['mia-lafc-2-var-1-done', { LAFC: 2, MIA: 2 }, 'LAFC', 'away_goals'],
    ['mia-lafc-2-goal-messi-pen-84', { LAFC: 2, MIA: 3 }, 'MIA', 'aggregate'],
  ])('after %s: aggregate %o, %s through on %s', (eventId, aggregate, leader, reason) => {
    expect(standingAfter(seed, eventId)).toMatchObject({
      aggregate,
      leader,
      reason,
      decided: false,
      winner: null,
    });
  });

  it('away goals after 61: LAFC 1 (Long), MIA 0', () => {
    expect(standingAfter(seed, 'mia-lafc-2-goal-allen-61').awayGoals).toEqual({ LAFC: 1, MIA: 0 });
  });

  it('full time: 3-1, Miami through 3-2 on aggregate', () => {
    const { tie, legs } = replay(seed);
    expect(legs[1]).toMatchObject({
      status: 'finished',
      score: { home: 3, away: 1 },
      minute: 90,
      stoppage: 6,
    });
    expect(tieStanding(tie, legs[0], legs[1])).toMatchObject({
      aggregate: { LAFC: 2, MIA: 3 },
      leader: 'MIA',
      reason: 'aggregate',
      decided: true,
      winner: 'MIA',
      shootout: null,
    });
    expect(scorersOf(legs[1]!)).toEqual([
      { player: 'Lionel Messi', team: 'MIA', goals: 2 },
      { player: 'Aaron Long', team: 'LAFC', goals: 1 },
      { player: 'Noah Allen', team: 'MIA', goals: 1 },
    ]);
  });

  it('timeline: the free kick and Suárez goal marked with why they do not count', () => {
    const { legs } = replay(seed);
    const goals = timelineView(legs[1]!).filter((t) => t.type === 'GoalScored');
    expect(goals.map((g) => [g.player, g.counts, g.disallowed?.reason ?? null])).toEqual([
      ['Aaron Long', true, null],
      ['Lionel Messi', false, 'other'],
      ['Lionel Messi', true, null],
      ['Noah Allen', true, null],
      ['Luis Suárez', false, 'var'],
      ['Lionel Messi', true, null],
    ]);
  });

  it('time travel: 3-1 at 68, 2-1 at 75, 3-1 at 90+3', () => {
    const stream = replay(seed).streams['ccc-2025-qf-mia-lafc-2'];
    expect(foldMatch(stream, { at: { minute: 68, stoppage: 0 } })?.score).toEqual({ home: 3, away: 1 });
    expect(foldMatch(stream, { at: { minute: 75, stoppage: 0 } })?.score).toEqual({ home: 2, away: 1 });
    expect(foldMatch(stream, { at: { minute: 90, stoppage: 3 } })).toMatchObject({
      score: { home: 3, away: 1 },
      status: 'live',
    });
    // 02:31Z is 151 minutes after kick-off: everything is known by then.
    expect(foldMatch(stream, { asOf: '2025-04-10T02:31:00Z' })?.status).toBe('finished');
    expect(foldMatch(stream, { asOf: '2025-04-10T00:10:00Z' })?.score).toEqual({ home: 0, away: 1 });
  });
});

describe('famous ties', () => {
  it('Tottenham v Ajax 2019: 3-3 on aggregate, Spurs through on away goals', () => {
    expect(standingAfter(spursAjax)).toMatchObject({
      aggregate: { TOT: 3, AJX: 3 },
      awayGoals: { TOT: 3, AJX: 1 },
      leader: 'TOT',
      reason: 'away_goals',
      decided: true,
      winner: 'TOT',
    });
    expect(standingAfter(spursAjax, 'ajx-tot-2-goal-moura-59')).toMatchObject({
      aggregate: { TOT: 2, AJX: 3 },
      leader: 'AJX',
      reason: 'aggregate',
    });
  });

  it('Chelsea v Liverpool 2007: 1-1, no goals in extra time, Liverpool through 4-1 on penalties', () => {
    const s = standingAfter(chelseaLiverpool2007);
    expect(s).toMatchObject({
      aggregate: { CHE: 1, LIV: 1 },
      awayGoals: { CHE: 0, LIV: 0 },
      leader: 'LIV',
      reason: 'penalties',
      decided: true,
      winner: 'LIV',
      shootout: { LIV: 4, CHE: 1 },
    });
    expect(standingAfter(chelseaLiverpool2007, 'liv-che-2-end-2h')).toMatchObject({
      leader: null,
      reason: 'level',
      decided: false,
    });
  });

  it('Liverpool v Chelsea 2008: Riise own goal, Chelsea through 4-3 after extra time', () => {
    const { tie, legs } = replay(liverpoolChelsea2008);
    expect(scorersOf(legs[0]!)).toEqual([{ player: 'Dirk Kuyt', team: 'LIV', goals: 1 }]);
    expect(legs[0]!.score).toEqual({ home: 1, away: 1 });
    expect(standingAfter(liverpoolChelsea2008, 'che-liv-2-end-2h')).toMatchObject({
      aggregate: { LIV: 2, CHE: 2 },
      awayGoals: { LIV: 1, CHE: 1 },
      reason: 'level',
    });
    expect(tieStanding(tie, legs[0], legs[1])).toMatchObject({
      aggregate: { LIV: 3, CHE: 4 },
      leader: 'CHE',
      reason: 'aggregate',
      decided: true,
      winner: 'CHE',
    });
  });

  it('Milan v Liverpool, 2005 final (one match): 3-0 at half time, 3-3, Liverpool win 3-2 on penalties', () => {
    expect(standingAfter(istanbul2005, 'ucl-2005-final-acm-liv-end-1h')).toMatchObject({
      aggregate: { ACM: 3, LIV: 0 },
      leader: 'ACM',
      reason: 'aggregate',
      decided: false,
    });
    expect(standingAfter(istanbul2005, 'ucl-2005-final-acm-liv-end-et2')).toMatchObject({
      aggregate: { ACM: 3, LIV: 3 },
      awayGoals: { ACM: 0, LIV: 0 },
      leader: null,
      reason: 'level',
    });
    const { tie, legs } = replay(istanbul2005);
    expect(legs[0]).toMatchObject({
      status: 'finished',
      score: { home: 3, away: 3 },
      shootout: { home: 2, away: 3 },
    });
    expect(tieStanding(tie, legs[0], legs[1])).toMatchObject({
      legs: [{ leg: 1, matchId: 'ucl-2005-final-acm-liv', score: { home: 3, away: 3 }, status: 'finished' }],
      aggregate: { ACM: 3, LIV: 3 },
      awayGoals: { ACM: 0, LIV: 0 },
      leader: 'LIV',
      reason: 'penalties',
      decided: true,
      winner: 'LIV',
      shootout: { ACM: 2, LIV: 3 },
    });
    expect(scorersOf(legs[0]!)).toEqual([
      { player: 'Hernán Crespo', team: 'ACM', goals: 2 },
      { player: 'Paolo Maldini', team: 'ACM', goals: 1 },
      { player: 'Steven Gerrard', team: 'LIV', goals: 1 },
      { player: 'Vladimír Šmicer', team: 'LIV', goals: 1 },
      { player: 'Xabi Alonso', team: 'LIV', goals: 1 },
    ]);
  });
});
