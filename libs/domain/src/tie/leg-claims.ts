import { broken, type RuleBreak } from '../common/rule-violation';

/**
 * Who holds a match id: a tie that lists it as a leg, or a match scheduled outside any tie.
 * `pending` claims are commands still waiting for the log's acknowledgement: they count, so two
 * commands racing for the same id cannot both pass.
 */
export type LegHolder = { tie: string } | { standalone: true };

/**
 * A match whose id is a leg of a tie belongs to that tie: scheduling it without naming the tie
 * (or naming another one) is refused. The tie's own checks (leg number, competition, teams)
 * apply once it is named.
 */
export function scheduleMatchBreak(
  match: { matchId: string; tieId?: string | null },
  holder: LegHolder | undefined,
): RuleBreak | null {
  if (!holder || !('tie' in holder) || holder.tie === match.tieId) return null;
  return broken(
    'match-is-a-tie-leg',
    'The match is a leg of a tie',
    `'${match.matchId}' is a leg of tie '${holder.tie}': schedule it with tieId '${holder.tie}', in that tie's competition.`,
  );
}

/** A tie cannot claim a leg another tie claims, nor a match already scheduled outside it. */
export function scheduleTieBreak(
  tie: { tieId: string; legs: readonly string[] },
  holderOf: (matchId: string) => LegHolder | undefined,
): RuleBreak | null {
  for (const leg of tie.legs) {
    const holder = holderOf(leg);
    if (!holder) continue;
    if ('tie' in holder && holder.tie !== tie.tieId) {
      return broken(
        'leg-claimed-by-another-tie',
        'A leg belongs to another tie',
        `Match '${leg}' is a leg of tie '${holder.tie}'.`,
      );
    }
    if ('standalone' in holder) {
      // A scheduled match names its tie for good, so one scheduled outside this tie can never be its leg.
      return broken(
        'leg-already-scheduled',
        'A leg is already scheduled outside this tie',
        `Match '${leg}' exists and is not a leg of tie '${tie.tieId}'.`,
      );
    }
  }
  return null;
}
