import type { Http } from './http';

/** Schedules a match between MIA (home) and LAFC (away) and starts its first half (seq 2). */
export async function scheduleAndKickOff(http: Http, matchId: string, competition = 'CCC'): Promise<void> {
  const scheduled = await http.post('/matches', {
    matchId,
    competition,
    homeTeam: { id: 'MIA', name: 'Inter Miami CF' },
    awayTeam: { id: 'LAFC', name: 'Los Angeles FC' },
  });
  if (scheduled.status !== 201)
    throw new Error(`schedule ${matchId}: ${scheduled.status} ${JSON.stringify(scheduled.body)}`);
  const ko = await http.post(`/matches/${matchId}/events`, {
    eventId: `${matchId}-ko`,
    type: 'PeriodStarted',
    period: '1H',
    minute: 0,
  });
  if (ko.status !== 201) throw new Error(`kick-off ${matchId}: ${ko.status} ${JSON.stringify(ko.body)}`);
}

/** An in-play event that any live first half accepts, whatever order it arrives in. */
export const offside = (eventId: string, minute = 10, team = 'LAFC'): Record<string, unknown> => ({
  eventId,
  type: 'OffsideCalled',
  minute,
  team,
  player: `player-${eventId}`,
});

/** from, from+1, …, to */
export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
