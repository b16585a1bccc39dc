import type { TeamRef } from '../match/match-event.types';
import type { LeanMatchState, MatchStatus, Score } from '../match/match.state';
import { fairPlayOfMatch, type CardOfMatch } from './fair-play';
import type { TableMatch } from './standings.types';

/** One line of a competition's fixtures and results (`GET /competitions/{c}/matches`). */
export interface FixtureView {
  matchId: string;
  round: string | null;
  group: string | null;
  tieId: string | null;
  homeTeam: TeamRef;
  awayTeam: TeamRef;
  kickoffAt: string | null;
  status: MatchStatus;
  score: Score;
  shootout: Score | null;
}

export function fixtureView(state: LeanMatchState): FixtureView {
  return {
    matchId: state.matchId,
    // States folded before matches had a group or round lack the fields.
    round: state.round ?? null,
    group: state.group ?? null,
    tieId: state.tieId,
    homeTeam: { ...state.homeTeam },
    awayTeam: { ...state.awayTeam },
    kickoffAt: state.kickoffAt,
    status: state.status,
    score: { ...state.score },
    shootout: state.shootout ? { ...state.shootout } : null,
  };
}

/**
 * The cards the match now says were shown: corrections applied, retracted cards gone, and a red
 * card that a VAR review overturned rescinded.
 */
export function cardsShown(state: LeanMatchState): CardOfMatch[] {
  const rescinded = new Set(
    state.reviews
      .filter((r) => r.incident === 'red_card' && r.outcome === 'overturned' && r.refSeq !== null)
      .map((r) => r.refSeq),
  );
  return state.cards
    .filter((c) => !rescinded.has(c.seq))
    .map((c) => ({ team: c.team, player: c.player, card: c.card }));
}

/** What a group or league table needs of a match: its current score and the fair play points of its cards. */
export function tableMatchOf(state: LeanMatchState): TableMatch {
  const fairPlay = fairPlayOfMatch(cardsShown(state));
  return {
    matchId: state.matchId,
    group: state.group ?? null,
    homeTeam: state.homeTeam.id,
    awayTeam: state.awayTeam.id,
    status: state.status,
    score: { ...state.score },
    fairPlay: { home: fairPlay[state.homeTeam.id] ?? 0, away: fairPlay[state.awayTeam.id] ?? 0 },
  };
}
