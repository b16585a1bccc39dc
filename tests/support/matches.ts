import type { Http } from './http';

/**
 * Schedules a match between MIA (home) and LAFC (away) and starts its first half (seq 2). Both
 * posts carry eventIds, so a 503 (an append that timed out on a loaded machine) is sent again
 * unchanged, as a careful client does: if it landed after all, the retry is answered 200.
 */
export async function scheduleAndKickOff(http: Http, matchId: string, competition = 'CCC'): Promise<void> {
  await postUntilAnswered(http, `schedule ${matchId}`, '/matches', {
    matchId,
    competition,
    homeTeam: { id: 'MIA', name: 'Inter Miami CF' },
    awayTeam: { id: 'LAFC', name: 'Los Angeles FC' },
  });
  await postUntilAnswered(http, `kick-off ${matchId}`, `/matches/${matchId}/events`, {
    eventId: `${matchId}-ko`,
    type: 'PeriodStarted',
    period: '1H',
    minute: 0,
  });
}

const SETUP_ATTEMPTS = 10;

/** Posts `body` until it is answered 200/201, sending a 503 again unchanged (the body carries its eventIds). */
export async function postUntilAnswered(
  http: Http,
  what: string,
  path: string,
  body: unknown,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const reply = await http.post(path, body);
    if (reply.status === 200 || reply.status === 201) return;
    if (reply.status !== 503 || attempt === SETUP_ATTEMPTS)
      throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
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
