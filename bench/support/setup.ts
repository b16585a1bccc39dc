import { inParallel, sendOk } from './http';
import { kickOff, scheduleBody } from './match-events';
import { FEEDER_KEY } from './system';

let matchSeq = 0;

/** Schedules and kicks off `count` fresh matches through the API, outside any timed window. */
export async function readyMatches(
  baseUrl: string,
  count: number,
  competition = 'BENCH',
  tieOf?: (i: number) => { tieId: string; leg: 1 | 2 },
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `m${(matchSeq++).toString(36)}-${process.pid}`);
  await inParallel(
    ids.map((id, i) => ({ id, i })),
    32,
    async ({ id, i }) => {
      await sendOk(baseUrl, 'POST', '/matches', scheduleBody(id, competition, tieOf?.(i)), FEEDER_KEY);
      await sendOk(baseUrl, 'POST', `/matches/${id}/events`, kickOff(id), FEEDER_KEY);
    },
  );
  return ids;
}

/** Hands out each match's next event number, so posts from any connection never reuse an eventId. */
export class EventCounter {
  private readonly next = new Map<string, number>();

  take(matchId: string, count = 1): number {
    const first = this.next.get(matchId) ?? 0;
    this.next.set(matchId, first + count);
    return first;
  }
}
