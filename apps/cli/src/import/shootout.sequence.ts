import { shootoutOutcome, type Score, type ShootoutKickRecord } from '@touchline/domain';

export type Side = 'home' | 'away';
export type Kick = { side: Side; scored: boolean };

const HOME = 'home';
const AWAY = 'away';

/**
 * A shootout kick sequence that ends on exactly `final` (the published score) at the kick that
 * decides it: sides alternate, `first` kicks first, and no kick comes after the decision (the
 * rules refuse one). Sources give the score, not the kicks, so this is one sequence consistent
 * with it: each side scores while it still has goals to score, then misses. Null when no
 * sequence can end on that score (a level score, or one the shootout would have stopped before).
 */
export function shootoutSequence(final: Score, first: Side = 'home'): Kick[] | null {
  if (final.home === final.away) return null;
  const failed = new Set<string>();
  const limit = Math.max(5, final.home, final.away) + 1;

  const search = (kicks: Kick[], taken: Score, goals: Score): Kick[] | null => {
    const key = `${taken.home}/${taken.away}/${goals.home}/${goals.away}`;
    if (failed.has(key)) return null;
    const side: Side = kicks.length % 2 === 0 ? first : first === 'home' ? 'away' : 'home';
    if (taken[side] < limit) {
      for (const scored of [true, false]) {
        if (scored && goals[side] >= final[side]) continue;
        const next = [...kicks, { side, scored }];
        const nextTaken = { ...taken, [side]: taken[side] + 1 };
        const nextGoals = { ...goals, [side]: goals[side] + (scored ? 1 : 0) };
        const winner = decidedBy(next);
        if (winner !== null) {
          if (nextGoals.home === final.home && nextGoals.away === final.away) return next;
          continue;
        }
        const found = search(next, nextTaken, nextGoals);
        if (found) return found;
      }
    }
    failed.add(key);
    return null;
  };
  return search([], { home: 0, away: 0 }, { home: 0, away: 0 });
}

/** The domain's own reading of a shootout, so the sequence ends where the server says it does. */
function decidedBy(kicks: Kick[]): string | null {
  const records: ShootoutKickRecord[] = kicks.map((k, i) => ({
    seq: i + 1,
    team: k.side === 'home' ? HOME : AWAY,
    player: `kicker ${i + 1}`,
    scored: k.scored,
  }));
  return shootoutOutcome(records, HOME, AWAY).winner;
}
