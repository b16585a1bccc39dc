import { postJson } from './json-post';
import { firstHalfEvent, firstHalfMinute } from './match-events';
import { readyMatches } from './setup';
import { Samples } from './stats';

/**
 * Matches in play to post to: scheduled and kicked off before any timed window, each taking at
 * most `perMatch` events; when the fresh ones run out, used ones are taken again (they grow
 * past `perMatch`, with new eventIds).
 */
export class MatchPool {
  overflow = 0;
  private readonly fresh: string[] = [];
  private readonly used: string[] = [];
  private readonly next = new Map<string, number>();

  constructor(private readonly perMatch: number) {}

  async ensure(baseUrl: string, count: number): Promise<void> {
    if (this.fresh.length < count)
      this.fresh.push(...(await readyMatches(baseUrl, count - this.fresh.length)));
  }

  /** Matches that need no scheduling (a bare server that keeps no state): fresh as they are. */
  addFresh(ids: string[]): void {
    this.fresh.push(...ids);
  }

  take(): string {
    const id = this.fresh.pop();
    if (id) {
      this.used.push(id);
      return id;
    }
    this.overflow++;
    return this.used[this.overflow % this.used.length];
  }

  /** True when `batch` more events would take the match past `perMatch`. */
  full(matchId: string, batch: number): boolean {
    return (this.next.get(matchId) ?? 0) + batch > this.perMatch;
  }

  /** The match's next `batch` events as a request body (one event, or an array). */
  body(matchId: string, batch: number): string {
    const first = this.next.get(matchId) ?? 0;
    this.next.set(matchId, first + batch);
    const events = Array.from({ length: batch }, (_, i) =>
      firstHalfEvent(matchId, first + i, firstHalfMinute((first + i) % this.perMatch, this.perMatch)),
    );
    return JSON.stringify(batch === 1 ? events[0] : events);
  }
}

export interface ClosedLoopResult {
  events: number;
  seconds: number;
  /** Latency of each 2xx answer, ms. */
  latency: Samples;
  /** Events accepted through each URL (by index). */
  eventsVia: number[];
  /** Non-2xx answers by status (0: no answer). */
  failures: Record<string, number>;
  firstFailure: string;
}

/**
 * Closed loop: `clients` concurrent matches, each posting its next event (or array), waiting for
 * the answer and posting again, every request to the next of `urls` in turn (a round-robin load
 * balancer), for `seconds`.
 */
export async function closedLoop(
  urls: string[],
  pool: MatchPool,
  opts: { clients: number; batch: number; seconds: number },
): Promise<ClosedLoopResult> {
  const latency = new Samples();
  const eventsVia = urls.map(() => 0);
  const failures: Record<string, number> = {};
  let firstFailure = '';
  let events = 0;
  let turn = 0;
  const deadline = Date.now() + opts.seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      let matchId = pool.take();
      while (Date.now() < deadline) {
        if (pool.full(matchId, opts.batch)) matchId = pool.take();
        const body = pool.body(matchId, opts.batch);
        const via = turn++ % urls.length;
        const t0 = process.hrtime.bigint();
        const reply = await postJson(urls[via], `/matches/${matchId}/events`, body);
        if (reply.status >= 200 && reply.status < 300) {
          latency.add(Number(process.hrtime.bigint() - t0) / 1e6);
          events += opts.batch;
          eventsVia[via] += opts.batch;
        } else {
          failures[reply.status] = (failures[reply.status] ?? 0) + 1;
          firstFailure ||= `${reply.status} ${reply.body.slice(0, 300)}`;
        }
      }
    }),
  );
  return {
    events,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    latency,
    eventsVia,
    failures,
    firstFailure,
  };
}
