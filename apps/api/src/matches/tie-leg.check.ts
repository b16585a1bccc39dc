import type { MatchScheduled } from '@touchline/domain';
import { Problem } from '../http/problem';
import type { SCHEDULING_RULES } from '../http/problem.types';
import { StreamRegistry } from '../write-side/stream-registry';

const rule = (code: (typeof SCHEDULING_RULES)[number], title: string, detail: string) =>
  new Problem(422, code, title, detail, { rule: code });

/**
 * A match that names a tie must be one of its legs, in the tie's competition, and (when the other
 * leg is known) between the same two teams with home and away swapped: away goals only mean
 * something if each side hosts once. Returns the leg number (1 or 2).
 */
export function checkTieLeg(
  registry: StreamRegistry,
  match: Omit<MatchScheduled, 'type'> & { tieId: string },
): 1 | 2 {
  const tie = registry.tie(match.tieId);
  if (!tie) throw rule('tie-not-found', 'The tie does not exist', `Schedule tie '${match.tieId}' first.`);
  const legIndex = tie.state.legs.indexOf(match.matchId);
  if (legIndex < 0) {
    throw rule(
      'match-not-in-tie',
      'The match is not a leg of that tie',
      `Tie '${match.tieId}' has legs ${tie.state.legs.join(', ')}.`,
    );
  }
  if (match.leg !== undefined && match.leg !== legIndex + 1) {
    throw rule(
      'wrong-leg',
      'Wrong leg number',
      `'${match.matchId}' is leg ${legIndex + 1} of tie '${match.tieId}'.`,
    );
  }
  if (match.competition !== tie.competition) {
    throw rule(
      'tie-competition-mismatch',
      "A leg must be in its tie's competition",
      `Tie '${match.tieId}' is in '${tie.competition}', not '${match.competition}'.`,
    );
  }
  const otherId = tie.state.legs.length === 2 ? tie.state.legs[1 - legIndex] : null;
  const other = otherId === null ? undefined : registry.match(otherId)?.state;
  if (other && (other.homeTeam.id !== match.awayTeam.id || other.awayTeam.id !== match.homeTeam.id)) {
    throw rule(
      'tie-teams-mismatch',
      'Both legs must be between the same teams, each hosting once',
      `The other leg is ${other.homeTeam.id} (home) v ${other.awayTeam.id} (away); ` +
        `this one must be ${other.awayTeam.id} v ${other.homeTeam.id}.`,
    );
  }
  return (legIndex + 1) as 1 | 2;
}
