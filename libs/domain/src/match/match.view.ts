import type { Period, TeamRef } from './match-event.types';
import type { LeanMatchState, MatchStatus, Score } from './match.state';

/** The JSON of `GET /matches/{id}` and of time travel (`/state?at=…`): one shape for both. */
export interface MatchView {
  matchId: string;
  competition: string;
  tieId: string | null;
  leg: 1 | 2 | null;
  group: string | null;
  round: string | null;
  homeTeam: TeamRef;
  awayTeam: TeamRef;
  kickoffAt: string | null;
  status: MatchStatus;
  period: Period | null;
  minute: number | null;
  stoppage: number | null;
  score: Score;
  shootout: Score | null;
  version: number;
  lastRecordedAt: string | null;
}

export function matchView(state: LeanMatchState): MatchView {
  return {
    matchId: state.matchId,
    competition: state.competition,
    tieId: state.tieId,
    leg: state.leg,
    // States folded before matches had a group or round lack the fields.
    group: state.group ?? null,
    round: state.round ?? null,
    homeTeam: { ...state.homeTeam },
    awayTeam: { ...state.awayTeam },
    kickoffAt: state.kickoffAt,
    status: state.status,
    period: state.period,
    minute: state.minute,
    stoppage: state.stoppage,
    score: { ...state.score },
    shootout: state.shootout ? { ...state.shootout } : null,
    version: state.version,
    lastRecordedAt: state.lastRecordedAt,
  };
}

export type ScorerLine = { player: string; team: string; goals: number };

/** Goals that count, credited to their scorer; own goals are credited to nobody. */
export function scorersOf(state: LeanMatchState): ScorerLine[] {
  const lines = new Map<string, ScorerLine>();
  for (const g of state.goals) {
    if (!g.counts || g.kind === 'own_goal') continue;
    const key = JSON.stringify([g.team, g.player]);
    const line = lines.get(key) ?? { player: g.player, team: g.team, goals: 0 };
    lines.set(key, { ...line, goals: line.goals + 1 });
  }
  return sortScorers([...lines.values()]);
}

/** Most goals first, then by name: the order of `GET /competitions/{c}/scorers`. */
export function sortScorers(lines: ScorerLine[]): ScorerLine[] {
  return [...lines].sort(
    (a, b) => b.goals - a.goals || a.player.localeCompare(b.player) || a.team.localeCompare(b.team),
  );
}
