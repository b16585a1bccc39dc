import type { Request } from 'autocannon';
import type { InPlayEvent } from '@touchline/domain';
import { LagTracker, now } from './lag-tracker';
import { assertHealthy, runLoad } from './load';
import { firstHalfEvent, firstHalfMinute } from './match-events';
import { EventCounter } from './setup';
import { Samples } from './stats';
import { BenchSystem, FEEDER_KEY } from './system';

const PER_MATCH_MINUTES = 200;

export interface FedEvent {
  matchId: string;
  n: number;
  event: InPlayEvent;
}

/** The lag bench's feed: single events, each call the next match in turn and its next event. */
export function roundRobinFeed(matches: string[]): () => FedEvent {
  const counter = new EventCounter();
  let rr = 0;
  return () => {
    const matchId = matches[rr++ % matches.length];
    const n = counter.take(matchId);
    return {
      matchId,
      n,
      event: firstHalfEvent(matchId, n, firstHalfMinute(n % PER_MATCH_MINUTES, PER_MATCH_MINUTES)),
    };
  };
}

/** An autocannon request posting the feed's next event to its match. */
export function feedRequest(next: () => FedEvent, onResponse?: Request['onResponse']): Request {
  return {
    method: 'POST',
    setupRequest: (req) => {
      const { matchId, event } = next();
      return { ...req, path: `/matches/${matchId}/events`, body: JSON.stringify(event) };
    },
    ...(onResponse ? { onResponse } : {}),
  };
}

/** What the api did under the lag bench's load. */
export interface LagLoad {
  /** 201s per second. */
  achieved: number;
  /** Latency of each 201, milliseconds. */
  append: Samples;
  /** The api process's CPU over the load, per 201 (NaN when unreadable). */
  apiCpuMsPerEvent: number;
}

/**
 * The lag bench's load on `system`'s api: `rate` single events/s round-robin over `matches`
 * (open loop, autocannon overallRate) from `connections` connections for `seconds`, each 201
 * reported to `tracker` as acknowledged when the bench process saw it.
 */
export async function postLagLoad(
  system: BenchSystem,
  matches: string[],
  tracker: LagTracker,
  opts: { rate: number; seconds: number; connections: number },
): Promise<LagLoad> {
  const request = feedRequest(roundRobinFeed(matches), (status, body) => {
    if (status !== 201) return;
    const { matchId, seq } = JSON.parse(body) as { matchId: string; seq: number };
    tracker.acked(matchId, seq, now());
  });
  const cpuBefore = system.api.cpuSeconds();
  const r = await runLoad({
    url: system.baseUrl,
    connections: opts.connections,
    seconds: opts.seconds,
    overallRate: opts.rate,
    requests: [request],
    headers: { authorization: `Bearer ${FEEDER_KEY}` },
  });
  const cpuAfter = system.api.cpuSeconds();
  assertHealthy('lag load', r);
  const apiCpuMsPerEvent =
    cpuBefore !== null && cpuAfter !== null && r.ok ? ((cpuAfter - cpuBefore) * 1000) / r.ok : NaN;
  return { achieved: r.ok / r.seconds, append: r.latency, apiCpuMsPerEvent };
}
