/**
 * Event fixtures for tests that feed matches through the write side (in memory or through the
 * API): the same two teams, a goal with a given eventId and minute, and a whole match from
 * kick-off to its end. Plain objects as a client posts them: no seq, no recordedAt.
 */

export const TEAMS = {
  homeTeam: { id: 'MIA', name: 'Inter Miami' },
  awayTeam: { id: 'LAFC', name: 'LAFC' },
};

/** The same teams the other way round (a tie's second leg). */
export const SWAPPED_TEAMS = { homeTeam: TEAMS.awayTeam, awayTeam: TEAMS.homeTeam };

/** A header by LAFC's Long at `minute`. */
export const goal = (eventId: string, minute: number) => ({
  eventId,
  type: 'GoalScored',
  minute,
  team: 'LAFC',
  player: 'Long',
  kind: 'header',
});

/**
 * A match from kick-off to `MatchEnded` (one goal, LAFC 1-0), eventIds `<id>-ko`, `<id>-g1`,
 * `<id>-ht`, `<id>-2h`, `<id>-ft`, `<id>-end`: slice it to leave the match in play.
 */
export const wholeMatch = (id: string) => [
  { eventId: `${id}-ko`, type: 'PeriodStarted', period: '1H', minute: 0 },
  goal(`${id}-g1`, 9),
  { eventId: `${id}-ht`, type: 'PeriodEnded', period: '1H', minute: 45 },
  { eventId: `${id}-2h`, type: 'PeriodStarted', period: '2H', minute: 45 },
  { eventId: `${id}-ft`, type: 'PeriodEnded', period: '2H', minute: 90 },
  { eventId: `${id}-end`, type: 'MatchEnded' },
];
