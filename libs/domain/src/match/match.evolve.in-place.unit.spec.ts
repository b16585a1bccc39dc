import fc from 'fast-check';
import type { Recorded } from '../common/recorded';
import { AWAY, ev, HOME, NOW, scheduled } from '../testing/match.given.spec';
import type { InPlayEvent, MatchEvent } from './match-event.types';
import { decideMatch } from '../play/match.decide';
import { evolveMatch, evolveMatchInPlace } from './match.evolve';
import type { MatchState } from './match.state';
import { foldMatch } from './match.time-travel';

const team = fc.constantFrom(HOME.id, AWAY.id);
const player = fc.constantFrom('A', 'B', 'C');
const minute = fc.integer({ min: 0, max: 45 });
let n = 0;

/** Goals, cards and offsides, and undoing or fixing an earlier one (picked by position). */
const step: fc.Arbitrary<{ make: (earlier: InPlayEvent[]) => InPlayEvent }> = fc.oneof(
  fc.record({ team, player, minute }).map((g) => ({ make: () => ev.goal(g.team, g.player, g.minute) })),
  fc.record({ team, player, minute, red: fc.boolean() }).map((c) => ({
    make: (): InPlayEvent => ({
      type: 'CardShown',
      eventId: `card-${++n}`,
      team: c.team,
      player: c.player,
      minute: c.minute,
      card: c.red ? 'red' : 'yellow',
    }),
  })),
  fc.record({ team, player, minute }).map((o) => ({
    make: (): InPlayEvent => ({ type: 'OffsideCalled', eventId: `off-${++n}`, ...o }),
  })),
  fc.record({ pick: fc.nat(), undo: fc.constantFrom('retract', 'disallow', 'correct') }).map((u) => ({
    make: (earlier: InPlayEvent[]): InPlayEvent => {
      const targets = earlier.filter((e) => e.type === 'GoalScored' || e.type === 'CardShown');
      const target = targets.length ? targets[u.pick % targets.length] : { eventId: 'none' };
      if (u.undo === 'retract') return ev.retract(target);
      if (u.undo === 'disallow') return ev.disallow(target);
      return {
        type: 'EventCorrected',
        eventId: `fix-${++n}`,
        refEventId: target.eventId ?? 'none',
        changes: { minute: 30 },
      };
    },
  })),
);

/** A history the decider accepted event by event, as the log would hold it. */
function recordedHistory(steps: Array<{ make: (earlier: InPlayEvent[]) => InPlayEvent }>) {
  const log: Array<Recorded<MatchEvent>> = [scheduled()];
  let s = evolveMatch(null, scheduled());
  const kept: InPlayEvent[] = [];
  for (const e of [ev.start('1H', 0), ...steps.map((x) => x.make(kept))]) {
    if (!decideMatch(s, [e], {}, NOW).ok) continue;
    const r = { ...e, seq: s.version + 1, recordedAt: NOW };
    s = evolveMatch(s, r);
    log.push(r);
    kept.push(e);
  }
  return { log, state: s, kept };
}

const histories = fc.array(step, { minLength: 1, maxLength: 30 });

describe('evolveMatchInPlace', () => {
  it('folds to the same state as evolveMatch, corrections and retractions included', () => {
    fc.assert(
      fc.property(histories, (steps) => {
        const { log, state } = recordedHistory(steps);
        const inPlace = log.reduce<MatchState | null>((s, e) => evolveMatchInPlace(s, e), null);
        expect(inPlace).toStrictEqual(state);
        expect(foldMatch(log)).toStrictEqual(state);
      }),
    );
  });

  it('reuses the log array for an ordinary event and copies it for a correction', () => {
    const s0 = evolveMatch(null, scheduled());
    const s1 = evolveMatchInPlace(s0, { ...ev.start('1H', 0), seq: 2, recordedAt: NOW });
    expect(s1.log).toBe(s0.log);
    const goal = ev.goal(HOME.id, 'A', 3);
    const s2 = evolveMatchInPlace(s1, { ...goal, seq: 3, recordedAt: NOW });
    expect(s2.log).toBe(s0.log);
    const s3 = evolveMatchInPlace(s2, { ...ev.retract(goal), seq: 4, recordedAt: NOW });
    expect(s3.log).not.toBe(s2.log);
    expect(s2.log.map((e) => e.seq)).toEqual([2, 3]);
    expect(s3.log.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect([s2.score, s3.score]).toEqual([
      { home: 1, away: 0 },
      { home: 0, away: 0 },
    ]);
  });

  it('changes nothing of the state it is given but its log, whether the event moves the match or not', () => {
    const s0 = evolveMatch(null, scheduled());
    const s1 = evolveMatchInPlace(s0, { ...ev.start('1H', 0), seq: 2, recordedAt: NOW });
    // An offside at an earlier minute: the clock stays, nothing derived changes but version and time.
    const s2 = evolveMatchInPlace(s1, { ...ev.goal(HOME.id, 'A', 5), seq: 3, recordedAt: NOW });
    const before = JSON.parse(JSON.stringify({ ...s2, log: [] })) as MatchState;
    const offside: InPlayEvent = {
      type: 'OffsideCalled',
      eventId: 'off-x',
      team: AWAY.id,
      player: 'B',
      minute: 1,
    };
    const s3 = evolveMatchInPlace(s2, { ...offside, seq: 4, recordedAt: '2025-01-01T00:00:04.000Z' });
    const s4 = evolveMatchInPlace(s3, { ...ev.goal(AWAY.id, 'B', 7), seq: 5, recordedAt: NOW });
    expect(s3).not.toBe(s2);
    expect(s4).not.toBe(s3);
    expect({ ...s2, log: [] }).toStrictEqual(before);
    expect([s3.version, s3.lastRecordedAt, s3.minute]).toEqual([4, '2025-01-01T00:00:04.000Z', 5]);
    expect([s3.score, s4.score, s4.minute, s4.version]).toEqual([
      { home: 1, away: 0 },
      { home: 1, away: 1 },
      7,
      5,
    ]);
  });

  it('leaves the state as it was when the event cannot be folded', () => {
    const s = evolveMatchInPlace(evolveMatch(null, scheduled()), {
      ...ev.start('1H', 0),
      seq: 2,
      recordedAt: NOW,
    });
    const before = JSON.parse(JSON.stringify(s)) as MatchState;
    const bad = { type: 'NoSuchEvent', seq: 3, recordedAt: NOW } as unknown as Recorded<MatchEvent>;
    expect(() => evolveMatchInPlace(s, bad)).toThrow(/unknown match event type/);
    expect(s).toStrictEqual(before);
  });
});

describe('deciding never touches the state it is given', () => {
  it('whether the post is accepted or refused, one event or many', () => {
    fc.assert(
      fc.property(histories, histories, (past, posted) => {
        const { state, kept } = recordedHistory(past);
        const before = JSON.parse(JSON.stringify(state)) as MatchState;
        const length = state.log.length;
        const post = posted.map((x) => x.make(kept));
        decideMatch(state, post, {}, NOW);
        decideMatch(state, post.slice(0, 1), {}, NOW);
        expect(state.log).toHaveLength(length);
        expect(state).toStrictEqual(before);
      }),
    );
  });
});
