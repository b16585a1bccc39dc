import { readWholeLog } from '@touchline/event-store';
import { postJson } from './json-post';
import { benchKafka } from './kafka';
import { firstHalfEvent, firstHalfMinute } from './match-events';
import { Samples } from './stats';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Gives up on one event after this long (a hang guard; it is then counted as not acknowledged). */
const GIVE_UP_MS = 180_000;

export interface Ack {
  eventId: string;
  seq: number;
  /** When the answer arrived (Date.now()). */
  at: number;
  /** When the attempt that got it was sent (Date.now()). */
  sentAt: number;
}

export interface OpenLoopResult {
  planned: string[];
  acks: Ack[];
  /** Scheduled send → 201, retries included (what the feeder waited), ms. */
  latency: Samples;
  /** The same, of the events acknowledged before the kill (the steady state) and after it. */
  beforeKill: Samples;
  afterKill: Samples;
  answered503: number;
  /** Attempts that got no answer, by error code: ECONNREFUSED (the killed instance), ECONNRESET, TIMEOUT. */
  noAnswer: Record<string, number>;
  /** Any other non-2xx answer. */
  otherFailures: Record<string, number>;
  givenUp: number;
}

/**
 * Open loop: `rate` single events per second for `seconds` over `matches` (event i to match
 * i mod matches), each request to the next of `urls` in turn. Each match has its feeder, which
 * does what a real one does: it posts its events in order, one at a time, each at its scheduled
 * time or as soon as the one before is acknowledged; on a 503 it waits the Retry-After and posts
 * the same event again, on no answer it waits 100 ms and posts it again (to the next instance).
 * Latency is from the event's scheduled time, so an event held up behind its match's previous one
 * counts its wait.
 */
export async function openLoop(
  urls: string[],
  matches: string[],
  opts: { rate: number; seconds: number; perMatch: number },
  /** When the fault happened (Date.now()), Infinity until it has. */
  killedAt: () => number,
): Promise<OpenLoopResult> {
  const total = Math.round(opts.rate * opts.seconds);
  const r: OpenLoopResult = {
    planned: [],
    acks: [],
    latency: new Samples(),
    beforeKill: new Samples(),
    afterKill: new Samples(),
    answered503: 0,
    noAnswer: {},
    otherFailures: {},
    givenUp: 0,
  };
  let turn = 0;
  const started = performance.now();
  const post = async (matchId: string, n: number, due: number): Promise<void> => {
    const event = firstHalfEvent(matchId, n, firstHalfMinute(n % opts.perMatch, opts.perMatch));
    const eventId = event.eventId ?? `${matchId}-${n}`;
    r.planned.push(eventId);
    const body = JSON.stringify(event);
    while (performance.now() - due < GIVE_UP_MS) {
      const sentAt = Date.now();
      const reply = await postJson(urls[turn++ % urls.length], `/matches/${matchId}/events`, body, 10_000);
      if (reply.status === 200 || reply.status === 201) {
        const at = Date.now();
        const { seq } = JSON.parse(reply.body) as { seq: number };
        r.acks.push({ eventId, seq, at, sentAt });
        const ms = performance.now() - due;
        r.latency.add(ms);
        (sentAt <= killedAt() ? r.beforeKill : r.afterKill).add(ms);
        return;
      }
      if (reply.status === 503) {
        r.answered503++;
        await sleep((Number(reply.retryAfter) || 1) * 1000);
      } else if (reply.status === 0) {
        r.noAnswer[reply.body] = (r.noAnswer[reply.body] ?? 0) + 1;
        await sleep(100);
      } else {
        r.otherFailures[reply.status] = (r.otherFailures[reply.status] ?? 0) + 1;
        await sleep(500);
      }
    }
    r.givenUp++;
  };
  await Promise.all(
    matches.map(async (matchId, m) => {
      for (let i = m, n = 0; i < total; i += matches.length, n++) {
        const due = started + (i * 1000) / opts.rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        await post(matchId, n, due);
      }
    }),
  );
  return r;
}

export interface LogCheck {
  /** Planned events the log does not hold. */
  lost: number;
  /** Planned events the log holds more than once. */
  duplicated: number;
  /** Acknowledgements whose seq is not the one the log gave the event. */
  ackSeqMismatches: number;
  recordsRead: number;
}

/** Reads the whole topic and counts each planned event's records (printed, never asserted). */
export async function checkLog(topic: string, planned: string[], acks: Ack[]): Promise<LogCheck> {
  const seen = new Map<string, number[]>(planned.map((id) => [id, []]));
  const recordsRead = await readWholeLog(benchKafka('touchline-bench-log-check'), topic, ({ record }) =>
    seen.get(record.eventId)?.push(record.seq),
  );
  let lost = 0;
  let duplicated = 0;
  for (const seqs of seen.values()) {
    if (seqs.length === 0) lost++;
    if (seqs.length > 1) duplicated++;
  }
  const ackSeqMismatches = acks.filter((a) => seen.get(a.eventId)?.[0] !== a.seq).length;
  return { lost, duplicated, ackSeqMismatches, recordsRead };
}

/**
 * Around the moment `killedAt`, by when the acknowledged attempt was sent (an answer already on
 * its way when the writer died does not tell that the role moved): the last ack of an attempt
 * sent before the kill, and the first of one sent after it.
 */
export function ackGap(acks: Ack[], killedAt: number): { gapMs: number; killToFirstAckMs: number } {
  let before = -Infinity;
  let after = Infinity;
  for (const a of acks) {
    if (a.sentAt <= killedAt) before = Math.max(before, a.at);
    else after = Math.min(after, a.at);
  }
  return { gapMs: after - before, killToFirstAckMs: after - killedAt };
}
