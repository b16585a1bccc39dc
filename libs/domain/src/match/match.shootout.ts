import type { Score, ShootoutKickRecord } from './match.state';

const REGULAR_KICKS = 5;

/**
 * Score and winner of a shootout: five kicks each, then sudden death; decided as soon as one
 * side cannot be caught.
 */
export function shootoutOutcome(
  kicks: ReadonlyArray<ShootoutKickRecord>,
  homeId: string,
  awayId: string,
): { score: Score; winner: string | null } {
  const taken = { home: 0, away: 0 };
  const score = { home: 0, away: 0 };
  for (const k of kicks) {
    const side = k.team === homeId ? 'home' : k.team === awayId ? 'away' : null;
    if (side === null) continue;
    taken[side] += 1;
    if (k.scored) score[side] += 1;
  }
  return { score, winner: winnerOf(taken, score, homeId, awayId) };
}

function winnerOf(taken: Score, score: Score, homeId: string, awayId: string): string | null {
  if (taken.home <= REGULAR_KICKS && taken.away <= REGULAR_KICKS) {
    const homeLeft = REGULAR_KICKS - taken.home;
    const awayLeft = REGULAR_KICKS - taken.away;
    if (score.home > score.away + awayLeft) return homeId;
    if (score.away > score.home + homeLeft) return awayId;
    return null;
  }
  // Sudden death: only a completed round can decide it.
  if (taken.home === taken.away && score.home !== score.away)
    return score.home > score.away ? homeId : awayId;
  return null;
}
