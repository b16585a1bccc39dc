import { PERIOD_RANGE, type InPlayEvent, type Period } from '@touchline/domain';
import { clockOrder } from './openfootball.clock';
import type { MatchResult, ReadMatch, SidedGoal } from './openfootball.match';

/** Renames of scorers, per team id (see `playerAliases`). */
export type Aliases = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The events of a played match, in order: each period started and ended (ended at the last
 * added minute a goal shows), goals on the clock (a penalty goal after its award, an own goal
 * credited to the side whose score rises), the shootout kicks, the final whistle. eventIds are
 * `<matchId>:<what>`, so the same file gives the same events.
 */
export function matchEvents(
  matchId: string,
  m: ReadMatch,
  result: MatchResult,
  aliases: Aliases,
): InPlayEvent[] {
  const id = (what: string) => `${matchId}:${what}`;
  const goals = [...result.goals].sort((a, b) => clockOrder(a.clock, b.clock));
  const periods: Array<Exclude<Period, 'PSO'>> = result.extraTime ? ['1H', '2H', 'ET1', 'ET2'] : ['1H', '2H'];
  const events: InPlayEvent[] = [];
  let end = { minute: 90, stoppage: 0 };
  let n = 0;
  for (const period of periods) {
    const { from, to } = PERIOD_RANGE[period];
    events.push({ type: 'PeriodStarted', period, minute: from, eventId: id(`${period}-start`) });
    const inPeriod = goals.filter((g) => g.clock.period === period);
    for (const g of inPeriod) events.push(...goalEvents(g, ++n, m, aliases, id));
    end = { minute: to, stoppage: Math.max(0, ...inPeriod.map((g) => g.clock.stoppage)) };
    events.push({ type: 'PeriodEnded', period, ...clock(end), eventId: id(`${period}-end`) });
  }
  if (result.shootout) {
    const minute = PERIOD_RANGE.PSO.from;
    events.push({ type: 'PeriodStarted', period: 'PSO', minute, eventId: id('PSO-start') });
    const taken = { home: 0, away: 0 };
    result.shootout.forEach((kick, k) => {
      const team = m[kick.side];
      taken[kick.side] += 1;
      events.push({
        type: 'ShootoutKick',
        team: team.id,
        player: `${team.name} kicker ${taken[kick.side]}`,
        scored: kick.scored,
        minute,
        eventId: id(`kick-${k + 1}`),
      });
    });
    events.push({ type: 'PeriodEnded', period: 'PSO', minute, eventId: id('PSO-end') });
    end = { minute, stoppage: 0 };
  }
  events.push({ type: 'MatchEnded', ...clock(end), eventId: id('end') });
  return events;
}

function goalEvents(
  g: SidedGoal,
  n: number,
  m: ReadMatch,
  aliases: Aliases,
  id: (what: string) => string,
): InPlayEvent[] {
  const team = m[g.side].id;
  const playersTeam = g.kind === 'own_goal' ? m[g.side === 'home' ? 'away' : 'home'].id : team;
  const player = aliases.get(playersTeam)?.get(g.player) ?? g.player;
  const at = clock(g.clock);
  const goal: InPlayEvent = {
    type: 'GoalScored',
    team,
    player,
    kind: g.kind,
    ...at,
    eventId: id(`goal-${n}`),
  };
  if (g.kind !== 'penalty') return [goal];
  return [{ type: 'PenaltyAwarded', team, ...at, eventId: id(`goal-${n}-award`) }, goal];
}

const clock = (c: { minute: number; stoppage: number }) =>
  c.stoppage > 0 ? { minute: c.minute, stoppage: c.stoppage } : { minute: c.minute };
