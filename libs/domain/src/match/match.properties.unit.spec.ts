import fc from 'fast-check';
import { AWAY, ev, HOME, NOW, scheduled } from '../testing/match.given.spec';
import type { GoalKind, InPlayEvent } from './match-event.types';
import { decideMatch } from '../play/match.decide';
import { evolveMatch, rederive } from './match.evolve';
import type { MatchState } from './match.state';
import { scorersOf } from './match.view';
import { timelineView } from './match.timeline';

const team = fc.constantFrom(HOME.id, AWAY.id);
const player = fc.constantFrom('A', 'B', 'C', 'D');
const minute = fc.integer({ min: 0, max: 45 });
const kind = fc.constantFrom<GoalKind>('open_play', 'header', 'free_kick', 'own_goal', 'penalty');

let n = 0;
const inPlay: fc.Arbitrary<InPlayEvent> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ team, player, minute, kind })
      .map((g) => ev.goal(g.team, g.player, g.minute, { kind: g.kind })),
  },
  fc
    .record({ team, player, minute })
    .map((o): InPlayEvent => ({ type: 'OffsideCalled', team: o.team, player: o.player, minute: o.minute })),
  fc
    .record({
      team,
      player,
      minute,
      card: fc.constantFrom('yellow', 'red') as fc.Arbitrary<'yellow' | 'red'>,
    })
    .map((c): InPlayEvent => ({ type: 'CardShown', eventId: `card-${++n}`, ...c })),
);

/** Keeps what the decider accepts, so every history is one a feeder could have posted. */
function accepted(events: InPlayEvent[]): { state: MatchState; kept: InPlayEvent[] } {
  let s = evolveMatch(null, scheduled());
  const kept: InPlayEvent[] = [];
  for (const e of [ev.start('1H', 0), ...events]) {
    if (!decideMatch(s, [e], {}, NOW).ok) continue;
    s = evolveMatch(s, { ...e, seq: s.version + 1, recordedAt: NOW });
    kept.push(e);
  }
  return { state: s, kept };
}

const apply = (s: MatchState, events: InPlayEvent[]) =>
  events.reduce((acc, e) => evolveMatch(acc, { ...e, seq: acc.version + 1, recordedAt: NOW }), s);

const history = fc.array(inPlay, { minLength: 1, maxLength: 25 });

describe('match properties', () => {
  it('disallowing or retracting a goal leaves the same score as never scoring it', () => {
    fc.assert(
      fc.property(history, fc.nat(), (events, pick) => {
        const { state, kept } = accepted(events);
        const goals = kept.filter((e) => e.type === 'GoalScored');
        fc.pre(goals.length > 0);
        const goal = goals[pick % goals.length];
        const never = accepted(kept.slice(1).filter((e) => e !== goal)).state;
        for (const undo of [ev.disallow(goal), ev.retract(goal)]) {
          expect(decideMatch(state, [undo], {}, NOW).ok).toBe(true);
          const after = apply(state, [undo]);
          expect(after.score).toEqual(never.score);
          expect(after.goalsByPeriod).toEqual(never.goalsByPeriod);
          expect(scorersOf(after)).toEqual(scorersOf(never));
        }
      }),
    );
  });

  it('state is plain JSON: folding on from a reloaded copy gives the same state', () => {
    fc.assert(
      fc.property(history, fc.nat(), (events, pick) => {
        const { kept } = accepted(events);
        const cut = pick % kept.length;
        const mid = accepted(kept.slice(1, cut)).state;
        const reloaded = JSON.parse(JSON.stringify(mid)) as MatchState;
        expect(reloaded).toStrictEqual(mid);
        const rest = kept.slice(Math.max(cut, 1));
        expect(apply(reloaded, rest)).toStrictEqual(apply(mid, rest));
      }),
    );
  });

  it('the timeline ends on the current score', () => {
    fc.assert(
      fc.property(history, (events) => {
        const { state } = accepted(events);
        const t = timelineView(state);
        expect(t[t.length - 1].scoreAfter).toEqual(state.score);
        expect(t.map((e) => e.seq)).toEqual(state.log.map((e) => e.seq));
      }),
    );
  });

  it('folding event by event equals recomputing from the log', () => {
    fc.assert(
      fc.property(history, (events) => {
        const { state } = accepted(events);
        expect({ ...rederive(state, state.log), log: state.log }).toStrictEqual(state);
      }),
    );
  });
});
