import { FEEDER_KEY } from './system';

export type EventBody = Record<string, unknown> & { eventId: string };

/** One request a feeder makes: a single event or an array, always with the same eventIds. */
export interface FeedPost {
  matchId: string;
  body: EventBody | EventBody[];
}

/** One HTTP attempt, as the feeder saw it. */
export interface Attempt {
  startedAt: number;
  ms: number;
  /** The HTTP status, or 0 for a network error or a request the feeder gave up waiting for. */
  status: number;
  retryAfter: string | null;
}

export interface Acked {
  matchId: string;
  eventId: string;
  seq: number;
  at: number;
}

export { seededRandom } from './match-script';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const eventIdsOf = (post: FeedPost): string[] =>
  (Array.isArray(post.body) ? post.body : [post.body]).map((e) => e.eventId);

/**
 * A feeder that does what a careful client does: on a 5xx, a network error or a timeout it
 * posts the very same request again (same eventIds) after a short backoff, until it is answered
 * 2xx. Any other answer is a failure of the test.
 */
export class RetryingFeeder {
  readonly attempts: Attempt[] = [];
  readonly acked: Acked[] = [];

  constructor(
    private readonly baseUrl: () => string,
    private readonly opts: { timeoutMs?: number; backoffMs?: number; key?: string } = {},
  ) {}

  async post(post: FeedPost): Promise<void> {
    for (;;) {
      const startedAt = Date.now();
      let status = 0;
      let retryAfter: string | null = null;
      let body: unknown = null;
      try {
        const res = await fetch(`${this.baseUrl()}/matches/${post.matchId}/events`, {
          method: 'POST',
          body: JSON.stringify(post.body),
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.opts.key ?? FEEDER_KEY}`,
          },
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15000),
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        const text = await res.text();
        body = text ? JSON.parse(text) : null;
      } catch {
        status = 0;
      }
      this.attempts.push({ startedAt, ms: Date.now() - startedAt, status, retryAfter });
      if (status === 200 || status === 201) {
        const replies = (Array.isArray(body) ? body : [body]) as Array<{ eventId: string; seq: number }>;
        for (const r of replies)
          this.acked.push({ matchId: post.matchId, eventId: r.eventId, seq: r.seq, at: Date.now() });
        return;
      }
      if (status !== 0 && status < 500) {
        throw new Error(
          `POST /matches/${post.matchId}/events [${eventIdsOf(post).join(',')}] → ${status} ${JSON.stringify(body)}`,
        );
      }
      await sleep((this.opts.backoffMs ?? 200) * (0.5 + Math.random()));
    }
  }
}
