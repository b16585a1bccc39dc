import { inParallel, send } from './http';
import { log, type Part } from './results';
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

/** Records accepted so far by one intake, and its posts that were sent again. */
interface Intake {
  baseUrl: string;
  accepted: number;
  retried: { n: number };
}

/**
 * Schedules and kicks off a match, then posts its first half (`perMatch` events in arrays of
 * `batch`, the last one shorter where `batch` does not divide `perMatch`) while `more()` holds,
 * counting every record accepted (the schedule and the kick-off are records too).
 */
async function firstHalf(
  intake: Intake,
  schedule: ReturnType<typeof scheduleBody>,
  opts: { perMatch: number; batch: number },
  more: () => boolean = () => true,
): Promise<void> {
  const { baseUrl, retried } = intake;
  const { matchId } = schedule;
  await postUntilAccepted(baseUrl, '/matches', schedule, retried);
  await postUntilAccepted(baseUrl, `/matches/${matchId}/events`, kickOff(matchId), retried);
  intake.accepted += 2;
  for (let first = 0; first < opts.perMatch && more(); first += opts.batch) {
    const events = Array.from({ length: Math.min(opts.batch, opts.perMatch - first) }, (_, i) =>
      firstHalfEvent(matchId, first + i, firstHalfMinute(first + i, opts.perMatch)),
    );
    await postUntilAccepted(baseUrl, `/matches/${matchId}/events`, events, retried);
    intake.accepted += events.length;
  }
}

const reportRetries = (intake: Intake, part: Part) => {
  if (intake.retried.n)
    log(part, `top-up: ${intake.retried.n} posts answered 503/429/no connection were sent again`);
};

/**
 * Posts whole matches (schedule, kick-off, `perMatch` events in arrays of `batch`, full time;
 * `clients` matches at a time; each client's last match left live) until `events` more events have been accepted, retrying what the api could
 * not answer for sure. Untimed: it only brings the api to a number of events before its memory is read.
 */
export async function topUp(
  baseUrl: string,
  opts: { events: number; perMatch: number; batch: number; clients: number },
): Promise<number> {
  const intake: Intake = { baseUrl, accepted: 0, retried: { n: 0 } };
  let match = 0;
  const client = async (): Promise<void> => {
    while (intake.accepted < opts.events) {
      const matchId = `topup${(match++).toString(36)}-${process.pid}`;
      await firstHalf(intake, scheduleBody(matchId, 'BENCH'), opts, () => intake.accepted < opts.events);
      // A client's last match stays live, as on a match day; the others end, as most matches
      // behind 300,000 events have: the write side may let them leave memory.
      if (intake.accepted >= opts.events) return;
      const end = fullTime(matchId);
      await postUntilAccepted(baseUrl, `/matches/${matchId}/events`, end, intake.retried);
      intake.accepted += end.length;
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, client));
  reportRetries(intake, 'ingest');
  return intake.accepted;
}

/**
 * Posts every match of `schedules` (schedule, kick-off, `perMatch` first-half events in arrays
 * of `batch`; `clients` matches at a time) and ends none: all are left live. Retries as `topUp`
 * does; returns the records accepted.
 */
export async function liveMatches(
  baseUrl: string,
  schedules: Array<ReturnType<typeof scheduleBody>>,
  opts: { perMatch: number; batch: number; clients: number },
): Promise<number> {
  const intake: Intake = { baseUrl, accepted: 0, retried: { n: 0 } };
  await inParallel(schedules, opts.clients, (schedule) => firstHalf(intake, schedule, opts));
  reportRetries(intake, 'live-memory');
  return intake.accepted;
}
