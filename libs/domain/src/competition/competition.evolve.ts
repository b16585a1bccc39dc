import type { Recorded } from '../common/recorded';
import type { CompetitionEvent } from './competition-event.types';
import type { CompetitionState } from './competition.state';
import { DEFAULT_STANDINGS_RULES } from './standings.types';

export function evolveCompetition(
  state: CompetitionState | null,
  event: Recorded<CompetitionEvent>,
): CompetitionState {
  switch (event.type) {
    case 'CompetitionDeclared':
      // A second declaration is refused by the write side; if one is in the log, the first wins.
      if (state !== null) return { ...state, version: event.seq };
      return {
        competitionId: event.competitionId,
        name: event.name,
        standings: {
          points: { ...(event.standings?.points ?? DEFAULT_STANDINGS_RULES.points) },
          tiebreakers: event.standings?.tiebreakers ?? DEFAULT_STANDINGS_RULES.tiebreakers,
        },
        version: event.seq,
      };
    default: {
      const never: never = event.type;
      throw new Error(`unknown competition event type '${String(never)}' (seq ${event.seq})`);
    }
  }
}
