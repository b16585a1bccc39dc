import type { Period } from '../match/match-event.types';
import type { LeanMatchState, MatchStatus, Score } from '../match/match.state';
import { EXTRA_TIME, REGULATION } from '../match/period.rules';
import type { TieRules } from './tie-event.types';
import type { TieState } from './tie.state';

export type TieReason = 'aggregate' | 'away_goals' | 'penalties' | 'level';

export interface TieLegView {
  leg: 1 | 2;
  matchId: string;
  homeTeam: string | null;
  awayTeam: string | null;
  score: Score | null;
  status: MatchStatus | null;
}

export interface TieStanding {
  tieId: string;
  competition: string;
  rules: TieRules;
  legs: TieLegView[];
  /** Goals over the legs, keyed by team id. */
  aggregate: Record<string, number>;
  /** Goals scored as the visiting team that the tie's rules count as away goals. */
  awayGoals: Record<string, number>;
  leader: string | null;
  reason: TieReason;
  decided: boolean;
  winner: string | null;
  shootout: Record<string, number> | null;
}

/** Whether a goal scored as the visiting side in `period` counts as an away goal under `rules`. */
export function countsAsAwayGoal(rules: TieRules, period: Period | null): boolean {
  if (period === null || REGULATION.includes(period)) return true;
  return rules.awayGoals === 'extra_time' && EXTRA_TIME.includes(period);
}

/**
 * "Who goes through if it ended now, and why". A pure function of the legs' states, so it cannot
 * depend on which leg's events were folded first. Team ids come from the legs. A one-match tie
 * has only `leg1` (`leg2` is ignored): its aggregate is that match's score, with no away goals.
 */
export function tieStanding(
  tie: TieState,
  leg1: LeanMatchState | null,
  leg2: LeanMatchState | null,
): TieStanding {
  const oneMatch = tie.legs.length === 1;
  const states = oneMatch ? [leg1] : [leg1, leg2];
  const deciding = oneMatch ? leg1 : leg2;
  const teams = [...new Set(states.flatMap((s) => (s ? [s.homeTeam.id, s.awayTeam.id] : [])))];
  const aggregate: Record<string, number> = Object.fromEntries(teams.map((t) => [t, 0]));
  const awayGoals: Record<string, number> = Object.fromEntries(teams.map((t) => [t, 0]));
  for (const s of states) {
    if (!s) continue;
    aggregate[s.homeTeam.id] += s.score.home;
    aggregate[s.awayTeam.id] += s.score.away;
    if (oneMatch) continue;
    for (const g of s.goals) {
      if (g.counts && g.team === s.awayTeam.id && countsAsAwayGoal(tie.rules, g.period))
        awayGoals[g.team] += 1;
    }
  }
  const shootout = deciding?.shootout
    ? { [deciding.homeTeam.id]: deciding.shootout.home, [deciding.awayTeam.id]: deciding.shootout.away }
    : null;
  const { leader, reason } = leaderOf(tie.rules, teams, aggregate, awayGoals, shootout);
  const shootoutDecided = deciding?.shootoutWinner != null;
  const over =
    states.every((s) => s?.status === 'finished' || (s === deciding && shootoutDecided)) && deciding !== null;
  const decided = over && leader !== null && (reason !== 'penalties' || shootoutDecided);
  return {
    tieId: tie.tieId,
    competition: tie.competition,
    rules: { ...tie.rules },
    legs: tie.legs.map((matchId, i) => legView(i === 0 ? 1 : 2, matchId, states[i] ?? null)),
    aggregate,
    awayGoals,
    leader,
    reason,
    decided,
    winner: decided ? leader : null,
    shootout,
  };
}

function leaderOf(
  rules: TieRules,
  teams: string[],
  aggregate: Record<string, number>,
  awayGoals: Record<string, number>,
  shootout: Record<string, number> | null,
): { leader: string | null; reason: TieReason } {
  if (teams.length < 2) return { leader: null, reason: 'level' };
  const [a, b] = teams;
  const ahead = (tally: Record<string, number>) => ((tally[a] ?? 0) > (tally[b] ?? 0) ? a : b);
  if (aggregate[a] !== aggregate[b]) return { leader: ahead(aggregate), reason: 'aggregate' };
  if (rules.awayGoals !== 'none' && awayGoals[a] !== awayGoals[b])
    return { leader: ahead(awayGoals), reason: 'away_goals' };
  if (shootout && (shootout[a] ?? 0) !== (shootout[b] ?? 0))
    return { leader: ahead(shootout), reason: 'penalties' };
  return { leader: null, reason: 'level' };
}

function legView(leg: 1 | 2, matchId: string, s: LeanMatchState | null): TieLegView {
  return {
    leg,
    matchId,
    homeTeam: s?.homeTeam.id ?? null,
    awayTeam: s?.awayTeam.id ?? null,
    score: s ? { ...s.score } : null,
    status: s?.status ?? null,
  };
}

/**
 * The legs in tie order, picked by matchId from whatever states are at hand (a one-match tie:
 * second is null). A match only counts if it was scheduled as a leg of this very tie: a match
 * that merely bears a leg's id (scheduled alone, or for another tie) is not the tie's.
 */
export function legsInOrder<S extends LeanMatchState>(
  tie: TieState,
  states: ReadonlyArray<S | null | undefined>,
): [S | null, S | null] {
  const find = (id: string | undefined) =>
    id === undefined ? null : (states.find((s) => s?.matchId === id && s.tieId === tie.tieId) ?? null);
  return [find(tie.legs[0]), find(tie.legs[1])];
}
