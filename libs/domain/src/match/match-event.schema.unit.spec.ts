import { parseInPlayEvents } from './match-event.schema';
import { parseScheduleMatch } from './schedule-match.schema';
import { parseScheduleTie } from '../tie/schedule-tie.schema';

const goal = { type: 'GoalScored', team: 'MIA', player: 'Lionel Messi', kind: 'penalty', minute: 84 };
const fields = (r: { ok: boolean; errors?: Array<{ field: string }> }) =>
  r.ok ? [] : (r.errors ?? []).map((e) => e.field);

describe('parseInPlayEvents', () => {
  it('accepts one event or an array', () => {
    expect(parseInPlayEvents(goal)).toEqual({ ok: true, value: { events: [goal], isArray: false } });
    expect(parseInPlayEvents([goal, { type: 'MatchEnded' }])).toEqual({
      ok: true,
      value: { events: [goal, { type: 'MatchEnded' }], isArray: true },
    });
  });

  it('names an unknown field, never storing a typo', () => {
    const r = parseInPlayEvents({ type: 'GoalScored', team: 'MIA', player: 'X', kind: 'header', mintue: 84 });
    expect(r).toEqual({ ok: false, errors: [{ field: 'mintue', message: 'unknown field' }] });
    expect(fields(parseInPlayEvents([goal, { ...goal, extra: 1 }]))).toEqual(['[1].extra']);
  });

  it('names the field of a bad value, with the array index', () => {
    expect(fields(parseInPlayEvents([goal, { ...goal, minute: 131 }]))).toEqual(['[1].minute']);
    expect(fields(parseInPlayEvents({ ...goal, minute: 10.5 }))).toEqual(['minute']);
    expect(fields(parseInPlayEvents({ ...goal, stoppage: 31 }))).toEqual(['stoppage']);
    expect(fields(parseInPlayEvents({ ...goal, eventId: 'x'.repeat(129) }))).toEqual(['eventId']);
    expect(fields(parseInPlayEvents({ ...goal, player: 'x'.repeat(101) }))).toEqual(['player']);
    expect(fields(parseInPlayEvents({ ...goal, kind: 'bicycle' }))).toEqual(['kind']);
    expect(fields(parseInPlayEvents({ type: 'GoalScored', team: 'MIA', kind: 'header' }))).toEqual([
      'player',
    ]);
    expect(
      fields(
        parseInPlayEvents({ type: 'EventCorrected', refEventId: 'g', changes: { minute: 3, card: 'red' } }),
      ),
    ).toEqual(['changes.card']);
  });

  it('refuses an unknown type on the field "type"', () => {
    expect(fields(parseInPlayEvents({ type: 'GoalScoredd' }))).toEqual(['type']);
    expect(fields(parseInPlayEvents([goal, { minute: 3 }]))).toEqual(['[1].type']);
  });

  it('refuses non-objects, empty and oversized arrays', () => {
    expect(fields(parseInPlayEvents('goal'))).toEqual(['body']);
    expect(fields(parseInPlayEvents(null))).toEqual(['body']);
    expect(fields(parseInPlayEvents([]))).toEqual(['body']);
    expect(fields(parseInPlayEvents(Array.from({ length: 501 }, () => goal)))).toEqual(['body']);
    expect(parseInPlayEvents(Array.from({ length: 500 }, () => goal)).ok).toBe(true);
  });

  it('strips expectedVersion, which must agree across an array', () => {
    expect(parseInPlayEvents({ ...goal, expectedVersion: 7 })).toEqual({
      ok: true,
      value: { events: [goal], isArray: false, expectedVersion: 7 },
    });
    expect(parseInPlayEvents([goal, { ...goal, expectedVersion: 7 }])).toMatchObject({
      ok: true,
      value: { expectedVersion: 7 },
    });
    expect(
      fields(
        parseInPlayEvents([
          { ...goal, expectedVersion: 7 },
          { ...goal, expectedVersion: 8 },
        ]),
      ),
    ).toEqual(['[1].expectedVersion']);
    expect(fields(parseInPlayEvents({ ...goal, expectedVersion: -1 }))).toEqual(['expectedVersion']);
  });
});

describe('parseScheduleMatch', () => {
  const body = {
    matchId: 'ccc-2025-qf-mia-lafc-2',
    competition: 'CCC',
    homeTeam: { id: 'MIA', name: 'Inter Miami CF' },
    awayTeam: { id: 'LAFC', name: 'Los Angeles FC' },
    kickoffAt: '2025-04-10T00:00:00Z',
    tieId: 'ccc-2025-qf-lafc-mia',
    leg: 2,
  };
  it('accepts a well-formed match', () =>
    expect(parseScheduleMatch(body)).toEqual({ ok: true, value: body }));
  it('checks ids, teams and the tie link', () => {
    expect(fields(parseScheduleMatch({ ...body, matchId: '-bad' }))).toEqual(['matchId']);
    expect(fields(parseScheduleMatch({ ...body, awayTeam: { id: 'MIA', name: 'Again' } }))).toEqual([
      'awayTeam.id',
    ]);
    expect(fields(parseScheduleMatch({ ...body, homeTeam: { id: 'MIA' } }))).toEqual(['homeTeam.name']);
    expect(fields(parseScheduleMatch({ ...body, leg: undefined }))).toEqual(['leg']);
    expect(fields(parseScheduleMatch({ ...body, tieId: undefined }))).toEqual(['tieId']);
    expect(fields(parseScheduleMatch({ ...body, leg: 3 }))).toEqual(['leg']);
    expect(fields(parseScheduleMatch({ ...body, venue: 'Chase Stadium' }))).toEqual(['venue']);
    expect(fields(parseScheduleMatch({ ...body, kickoffAt: 'tomorrow' }))).toEqual(['kickoffAt']);
  });
  it('takes a group (1-32 chars) and a round (1-64 chars)', () => {
    const grouped = { ...body, tieId: undefined, leg: undefined, group: 'A', round: 'Matchday 3' };
    expect(parseScheduleMatch(grouped)).toMatchObject({
      ok: true,
      value: { group: 'A', round: 'Matchday 3' },
    });
    expect(fields(parseScheduleMatch({ ...grouped, group: '' }))).toEqual(['group']);
    expect(fields(parseScheduleMatch({ ...grouped, group: 'G'.repeat(33) }))).toEqual(['group']);
    expect(fields(parseScheduleMatch({ ...grouped, round: 'R'.repeat(65) }))).toEqual(['round']);
    expect(fields(parseScheduleMatch({ ...grouped, round: 3 }))).toEqual(['round']);
  });
});

describe('parseScheduleTie', () => {
  const body = {
    tieId: 'ccc-2025-qf-lafc-mia',
    competition: 'CCC',
    legs: ['a', 'b'],
    rules: { awayGoals: 'regulation', extraTime: true, penalties: true },
  };
  it('accepts a tie and checks its legs and rules', () => {
    expect(parseScheduleTie(body)).toEqual({ ok: true, value: body });
    expect(fields(parseScheduleTie({ ...body, legs: ['a', 'a'] }))).toEqual(['legs[1]']);
    expect(fields(parseScheduleTie({ ...body, legs: [] }))).toEqual(['legs']);
    expect(fields(parseScheduleTie({ ...body, legs: ['a', 'b', 'c'] }))).toEqual(['legs']);
    expect(
      fields(parseScheduleTie({ ...body, rules: { awayGoals: 'regulation', extraTime: true } })),
    ).toEqual(['rules.penalties']);
    expect(fields(parseScheduleTie({ ...body, rules: { ...body.rules, awayGoals: 'always' } }))).toEqual([
      'rules.awayGoals',
    ]);
  });

  it('accepts one leg, a one-match knockout, only without away goals', () => {
    const final = {
      ...body,
      legs: ['final'],
      rules: { awayGoals: 'none', extraTime: true, penalties: true },
    };
    expect(parseScheduleTie(final)).toEqual({ ok: true, value: final });
    expect(
      fields(parseScheduleTie({ ...final, rules: { ...final.rules, awayGoals: 'regulation' } })),
    ).toEqual(['rules.awayGoals']);
  });
});
