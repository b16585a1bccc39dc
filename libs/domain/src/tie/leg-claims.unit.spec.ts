import { eventLimitBreak } from '../match/match.limits';
import { LegHolder, scheduleMatchBreak, scheduleTieBreak } from './leg-claims';

const holders = (entries: Record<string, LegHolder>) => (id: string) => entries[id];

describe('a leg belongs to its tie', () => {
  it('refuses a match bearing a leg id unless it names that tie', () => {
    const ucl: LegHolder = { tie: 'ucl-qf-1' };
    expect(scheduleMatchBreak({ matchId: 'ucl-qf-1-leg-1' }, ucl)?.rule).toBe('match-is-a-tie-leg');
    expect(scheduleMatchBreak({ matchId: 'ucl-qf-1-leg-1', tieId: 'ccc-qf-1' }, ucl)?.rule).toBe(
      'match-is-a-tie-leg',
    );
    expect(scheduleMatchBreak({ matchId: 'ucl-qf-1-leg-1', tieId: 'ucl-qf-1' }, ucl)).toBeNull();
    expect(scheduleMatchBreak({ matchId: 'friendly' }, undefined)).toBeNull();
  });

  it('refuses a tie whose legs another tie claims or that were scheduled outside it', () => {
    const held = holders({ a: { tie: 't1' }, solo: { standalone: true } });
    expect(scheduleTieBreak({ tieId: 't2', legs: ['a', 'b'] }, held)?.rule).toBe(
      'leg-claimed-by-another-tie',
    );
    expect(scheduleTieBreak({ tieId: 't2', legs: ['b', 'solo'] }, held)?.rule).toBe('leg-already-scheduled');
    expect(scheduleTieBreak({ tieId: 't1', legs: ['a', 'b'] }, held)).toBeNull();
    // A one-match tie claims its single match the same way.
    expect(scheduleTieBreak({ tieId: 't3', legs: ['a'] }, held)?.rule).toBe('leg-claimed-by-another-tie');
    expect(scheduleTieBreak({ tieId: 't3', legs: ['c'] }, held)).toBeNull();
  });
});

describe('events per match', () => {
  it('refuses what would pass the limit, a whole array at once', () => {
    expect(eventLimitBreak(4999, 1, 5000)).toBeNull();
    expect(eventLimitBreak(5000, 1, 5000)?.rule).toBe('match-event-limit');
    expect(eventLimitBreak(4990, 20, 5000)?.rule).toBe('match-event-limit');
  });
});
