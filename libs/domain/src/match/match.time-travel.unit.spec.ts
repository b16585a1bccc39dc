import { parseClock } from '../common/clock';
import type { Recorded } from '../common/recorded';
import { AWAY, ev, HOME, scheduled } from '../testing/match.given.spec';
import type { InPlayEvent, MatchEvent } from './match-event.types';
import { foldMatch } from './match.time-travel';

const at = (minute: number) => `2025-04-10T00:${String(minute).padStart(2, '0')}:00Z`;
const goal = ev.goal(HOME.id, 'A', 20);
const posted: Array<[InPlayEvent, string]> = [
  [ev.start('1H', 0), at(0)],
  [goal, at(20)],
  [{ type: 'OffsideCalled', team: AWAY.id }, at(21)],
  [ev.goal(AWAY.id, 'B', 30), at(30)],
  [ev.end('1H', 45, 2), at(47)],
  [{ type: 'EventCorrected', refEventId: goal.eventId as string, changes: { player: 'C' } }, at(50)],
];
const log: Recorded<MatchEvent>[] = [
  scheduled({ recordedAt: '2025-04-09T00:00:00Z' }),
  ...posted.map(([e, recordedAt], i) => ({ ...e, seq: i + 2, recordedAt })),
];

describe('parseClock', () => {
  it('reads "84" and "90+3", refuses the rest', () => {
    expect(parseClock('84')).toEqual({ minute: 84, stoppage: 0 });
    expect(parseClock('90+3')).toEqual({ minute: 90, stoppage: 3 });
    for (const bad of ['', 'x', '90+', '+3', '131', '90+31', '-1', '84.5'])
      expect(parseClock(bad)).toBeNull();
  });
});

describe('foldMatch', () => {
  it('folds everything by default, null without a schedule', () => {
    expect(foldMatch(log)?.score).toEqual({ home: 1, away: 1 });
    expect(foldMatch([])).toBeNull();
  });

  it('stops at a seq', () => {
    const s = foldMatch(log, { atSeq: 3 });
    expect([s?.version, s?.score.home, s?.score.away]).toEqual([3, 1, 0]);
  });

  it('stops at a match-clock point; events without a minute inherit the previous clock', () => {
    const s20 = foldMatch(log, { at: { minute: 20, stoppage: 0 } });
    expect(s20?.log.map((e) => e.seq)).toEqual([2, 3, 4, 7]); // the offside at "20" is kept
    expect(foldMatch(log, { at: { minute: 29, stoppage: 0 } })?.score).toEqual({ home: 1, away: 0 });
    const ht = foldMatch(log, { at: { minute: 45, stoppage: 2 } });
    expect(ht?.periodInProgress).toBe(false);
    // Corrections always apply when travelling on the match clock: the record of what happened.
    expect(foldMatch(log, { at: { minute: 25, stoppage: 0 } })?.goals[0].player).toBe('C');
  });

  it('shows what was known at a wall-clock instant, before later corrections', () => {
    const s = foldMatch(log, { asOf: '2025-04-10T00:48:00Z' });
    expect(s?.goals[0].player).toBe('A');
    expect(foldMatch(log, { asOf: '2025-04-10T00:25:00.000Z' })?.score).toEqual({ home: 1, away: 0 });
  });

  it('combines both axes', () => {
    const s = foldMatch(log, { asOf: at(48), at: { minute: 25, stoppage: 0 } });
    expect([s?.score.home, s?.score.away, s?.goals[0].player]).toEqual([1, 0, 'A']);
  });
});
