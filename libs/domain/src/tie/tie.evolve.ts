import type { Recorded } from '../common/recorded';
import type { TieEvent } from './tie-event.types';
import type { TieState } from './tie.state';

export function evolveTie(state: TieState | null, event: Recorded<TieEvent>): TieState {
  switch (event.type) {
    case 'TieScheduled':
      // A second TieScheduled is refused by the write side; if one is in the log, the first wins.
      if (state !== null) return { ...state, version: event.seq };
      return {
        tieId: event.tieId,
        competition: event.competition,
        legs: [...event.legs] as TieState['legs'],
        rules: { ...event.rules },
        version: event.seq,
      };
    default: {
      const never: never = event.type;
      throw new Error(`unknown tie event type '${String(never)}' (seq ${event.seq})`);
    }
  }
}
