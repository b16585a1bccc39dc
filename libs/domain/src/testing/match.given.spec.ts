/**
 * Test support, not a test: given(events).when(command).then(events | rule) over the match decider.
 * Named `.spec.ts` so the build leaves it out; jest only runs `*.unit.spec.ts`.
 */
import type { Recorded } from '../common/recorded';
import type { GoalScored, InPlayEvent, MatchScheduled, Period, TeamRef } from '../match/match-event.types';
import { applyDecided, decideMatch, type Decision } from '../play/match.decide';
import { evolveMatch } from '../match/match.evolve';
import type { MatchContext } from '../play/match.context';
import type { MatchState } from '../match/match.state';
import type { TieRules } from '../tie/tie-event.types';
import { evolveTie } from '../tie/tie.evolve';

export const HOME: TeamRef = { id: 'HOM', name: 'Home FC' };
export const AWAY: TeamRef = { id: 'AWY', name: 'Away FC' };
export const NOW = '2025-04-10T01:00:00.000Z';

export function scheduled(over: Partial<Recorded<MatchScheduled>> = {}): Recorded<MatchScheduled> {
  return {
    type: 'MatchScheduled',
    matchId: 'm1',
    competition: 'TST',
    homeTeam: HOME,
    awayTeam: AWAY,
    seq: 1,
    recordedAt: '2025-04-10T00:00:00.000Z',
    ...over,
  };
}

/** Folds events through the decider, failing loudly if the history itself breaks a rule. */
export function play(
  history: InPlayEvent[],
  match: Partial<MatchScheduled> = {},
  ctx: MatchContext = {},
): MatchState {
  const s0 = evolveMatch(null, scheduled(match));
  const d = decideMatch(s0, history, ctx, NOW);
  if (!d.ok) throw new Error(`history refused: ${JSON.stringify(d.violation)}`);
  return applyDecided(s0, history, NOW);
}

export function given(
  history: InPlayEvent[],
  setup: { match?: Partial<MatchScheduled>; ctx?: MatchContext } = {},
) {
  const ctx = setup.ctx ?? {};
  const state = play(history, setup.match, ctx);
  return {
    state,
    when(...command: InPlayEvent[]) {
      const decision: Decision = decideMatch(state, command, ctx, NOW);
      const after = () => {
        if (!decision.ok) throw new Error(`refused: ${JSON.stringify(decision.violation)}`);
        return applyDecided(state, command, NOW);
      };
      return {
        decision,
        /** Expect the events accepted as posted, or refused with the named rule. */
        then(expected: InPlayEvent[] | string, index?: number) {
          if (typeof expected === 'string') {
            expect(decision).toMatchObject({
              ok: false,
              violation: { rule: expected, ...(index === undefined ? {} : { index }) },
            });
          } else {
            expect(decision).toEqual({ ok: true, events: expected });
          }
          return { state: decision.ok ? after() : state };
        },
        get state(): MatchState {
          return after();
        },
      };
    },
  };
}

let counter = 0;
const id = (prefix: string) => `${prefix}-${++counter}`;

/** Event builders with sensible defaults and fresh eventIds. */
export const ev = {
  start: (period: Period, minute?: number): InPlayEvent =>
    minute === undefined ? { type: 'PeriodStarted', period } : { type: 'PeriodStarted', period, minute },
  end: (period: Period, minute?: number, stoppage?: number): InPlayEvent => ({
    type: 'PeriodEnded',
    period,
    ...(minute === undefined ? {} : { minute }),
    ...(stoppage === undefined ? {} : { stoppage }),
  }),
  goal: (team: string, player: string, minute: number, extra: Partial<GoalScored> = {}): GoalScored => ({
    type: 'GoalScored',
    eventId: id(`goal-${player}`),
    team,
    player,
    kind: 'open_play',
    minute,
    ...extra,
  }),
  disallow: (goal: { eventId?: string }, minute?: number): InPlayEvent => ({
    type: 'GoalDisallowed',
    eventId: id('disallow'),
    goalEventId: goal.eventId ?? 'none',
    reason: 'offside',
    ...(minute === undefined ? {} : { minute }),
  }),
  retract: (target: { eventId?: string }): InPlayEvent => ({
    type: 'EventRetracted',
    eventId: id('retract'),
    refEventId: target.eventId ?? 'none',
    reason: 'entered in error',
  }),
  kick: (team: string, scored: boolean, player = `${team}-kicker`): InPlayEvent => ({
    type: 'ShootoutKick',
    eventId: id('kick'),
    team,
    player,
    scored,
  }),
  ended: (): InPlayEvent => ({ type: 'MatchEnded' }),
};

export const kickOff: InPlayEvent[] = [ev.start('1H', 0)];
export const regulation: InPlayEvent[] = [
  ev.start('1H', 0),
  ev.end('1H', 45, 2),
  ev.start('2H', 45),
  ev.end('2H', 90, 4),
];
export const toSecondHalf: InPlayEvent[] = [ev.start('1H', 0), ev.end('1H', 45, 2), ev.start('2H', 45)];

export const UEFA_OLD: TieRules = { awayGoals: 'extra_time', extraTime: true, penalties: true };

/**
 * A tie whose leg 1 (AWAY at home) has been played with the given events; the match under test
 * is leg 2 (`m2`, HOME at home). Returns the context and the leg-2 schedule override.
 */
export function tieSetup(rules: TieRules, leg1Events: InPlayEvent[]) {
  const tie = evolveTie(null, {
    type: 'TieScheduled',
    tieId: 't1',
    competition: 'TST',
    legs: ['m1', 'm2'],
    rules,
    seq: 1,
    recordedAt: NOW,
  });
  const leg1 = play([...regulationStart(), ...leg1Events, ev.end('2H', 90), ev.ended()], {
    matchId: 'm1',
    homeTeam: AWAY,
    awayTeam: HOME,
    tieId: 't1',
    leg: 1,
  });
  const match: Partial<MatchScheduled> = { matchId: 'm2', tieId: 't1', leg: 2 };
  const ctx: MatchContext = { tie, legs: [leg1, null] };
  return { tie, leg1, match, ctx };
}

/** 1H and the start of 2H, events in leg 1 then go at 2H minutes. */
function regulationStart(): InPlayEvent[] {
  return [ev.start('1H', 0), ev.end('1H', 45), ev.start('2H', 45)];
}
