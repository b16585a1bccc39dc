import { send } from './http';
import { log } from './results';
import { firstHalfEvent, firstHalfMinute, kickOff, scheduleBody } from './match-events';
import { FEEDER_KEY } from './system';

/** The rest of a match whose first half the top-up posted: half-time, the second half, full time. */
const fullTime = (matchId: string) => [
  { eventId: `${matchId}-pe1`, type: 'PeriodEnded', period: '1H', minute: 45 },
  { eventId: `${matchId}-ps2`, type: 'PeriodStarted', period: '2H', minute: 45 },
  { eventId: `${matchId}-pe2`, type: 'PeriodEnded', period: '2H', minute: 90 },
  { eventId: `${matchId}-end`, type: 'MatchEnded', minute: 90 },
];

/** Answers worth sending again unchanged: the outcome was unknown (503), refused for now (429) or the connection failed. */
const RETRIABLE = new Set([0, 429, 503]);
const MAX_TRIES = 120;

/**
 * Sends one write until it is answered 2xx. Retrying the same body is safe: eventIds make an
 * event's second append a no-op, and a schedule that did land answers 409 (the id is taken).
 */
async function postUntilAccepted(
  baseUrl: string,
  path: string,
  body: unknown,
  retried: { n: number },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const reply = await send(baseUrl, 'POST', path, body, FEEDER_KEY).catch(() => ({
      status: 0,
      body: null,
    }));
    if (reply.status >= 200 && reply.status < 300) return;
    // A schedule sent again after an unknown outcome finds its own match: it did land.
    if (reply.status === 409 && attempt > 1 && path === '/matches') return;
    if (!RETRIABLE.has(reply.status) || attempt >= MAX_TRIES) {
      throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.body)} (attempt ${attempt})`);
    }
    retried.n++;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Posts whole matches (schedule, kick-off, `perMatch` events in arrays of `batch`, full time;
 * `clients` matches at a time; each client's last match left live) until `events` more events have been accepted, retrying what the api could
 * not answer for sure. Untimed: it only brings the api to a number of events before its memory is read.
 */
export async function topUp(
  baseUrl: string,
  opts: { events: number; perMatch: number; batch: number; clients: number },
): Promise<number> {
  const retried = { n: 0 };
  let accepted = 0;
  let match = 0;
  const client = async (): Promise<void> => {
    while (accepted < opts.events) {
      const matchId = `topup${(match++).toString(36)}-${process.pid}`;
      await postUntilAccepted(baseUrl, '/matches', scheduleBody(matchId, 'BENCH'), retried);
      await postUntilAccepted(baseUrl, `/matches/${matchId}/events`, kickOff(matchId), retried);
      accepted += 2; // the schedule and the kick-off are records too
      for (
        let first = 0;
        first + opts.batch <= opts.perMatch && accepted < opts.events;
        first += opts.batch
      ) {
        const events = Array.from({ length: opts.batch }, (_, i) =>
          firstHalfEvent(matchId, first + i, firstHalfMinute(first + i, opts.perMatch)),
        );
        await postUntilAccepted(baseUrl, `/matches/${matchId}/events`, events, retried);
        accepted += opts.batch;
      }
      // A client's last match stays live, as on a match day; the others end, as most matches
      // behind 300,000 events have: the write side may let them leave memory.
      if (accepted >= opts.events) return;
      const end = fullTime(matchId);
      await postUntilAccepted(baseUrl, `/matches/${matchId}/events`, end, retried);
      accepted += end.length;
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, client));
  if (retried.n) log('ingest', `top-up: ${retried.n} posts answered 503/429/no connection were sent again`);
  return accepted;
}
