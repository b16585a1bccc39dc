import type { MatchScheduled } from '../match/match-event.types';
import { broken, type RuleBreak } from '../common/rule-violation';
import type { MatchState } from '../match/match.state';
import type { LegHolder } from '../tie/leg-claims';
import type { TieState } from '../tie/tie.state';

/** A match's scheduling rules read its tie and the tie's legs as they stand. */
export interface ScheduleMatchContext {
  tie?: TieState;
  /** The states of the tie's legs, by match id (absent: not scheduled yet). */
  legStates?: ReadonlyMap<string, MatchState>;
  /** Who holds this match's id: a tie listing it, itself scheduled outside ties, or nobody. */
  holder?: LegHolder;
}

/**
 * A match that names a tie must be one of its legs, in the tie's competition, and (when the other
 * leg is known) between the same two teams with home and away swapped: away goals only mean
 * something if each side hosts once.
 */
export function tieLegBroken(
  match: Omit<MatchScheduled, 'type'> & { tieId: string },
  { tie, legStates }: ScheduleMatchContext,
): RuleBreak | null {
  if (!tie) return broken('tie-not-found', 'The tie does not exist', `Schedule tie '${match.tieId}' first.`);
  const legIndex = tie.legs.indexOf(match.matchId);
  if (legIndex < 0) {
    return broken(
      'match-not-in-tie',
      'The match is not a leg of that tie',
      `Tie '${match.tieId}' has legs ${tie.legs.join(', ')}.`,
    );
  }
  if (match.leg !== undefined && match.leg !== legIndex + 1) {
    return broken(
      'wrong-leg',
      'Wrong leg number',
      `'${match.matchId}' is leg ${legIndex + 1} of tie '${match.tieId}'.`,
    );
  }
  if (match.competition !== tie.competition) {
    return broken(
      'tie-competition-mismatch',
      "A leg must be in its tie's competition",
      `Tie '${match.tieId}' is in '${tie.competition}', not '${match.competition}'.`,
    );
  }
  const otherId = tie.legs.length === 2 ? tie.legs[1 - legIndex] : null;
  const other = otherId === null ? undefined : legStates?.get(otherId);
  if (other && (other.homeTeam.id !== match.awayTeam.id || other.awayTeam.id !== match.homeTeam.id)) {
    return broken(
      'tie-teams-mismatch',
      'Both legs must be between the same teams, each hosting once',
      `The other leg is ${other.homeTeam.id} (home) v ${other.awayTeam.id} (away); ` +
        `this one must be ${other.awayTeam.id} v ${other.homeTeam.id}.`,
    );
  }
  return null;
}
