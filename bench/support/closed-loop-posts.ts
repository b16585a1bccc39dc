import type { Request } from 'autocannon';
import { brokerCpuSeconds, brokerPid } from './kafka-broker-cpu';
import { assertHealthy, runLoad } from './load';
import { log } from './results';
import { MatchPool } from './round-robin-load';
import { FEEDER_KEY } from './system';

export interface Measured {
  events: number;
  eventsPerSec: number;
  p50: number;
  p99: number;
  /** CPU time the server process spent per accepted event. */
  cpuMsPerEvent?: number;
  /** CPU time of the bench process (the load generator) per accepted event. */
  generatorCpuMsPerEvent?: number;
  /** CPU time of the local Kafka broker per accepted event (whatever else it served meanwhile included). */
  brokerCpuMsPerEvent?: number;
}

/** A server driven by the load generator: the api, or the bare append server. */
export interface Target {
  name: string;
  url: string;
  cpuSeconds: () => number | null;
  /** A pool with at least `count` fresh matches to post to. */
  pool: (count: number) => Promise<MatchPool>;
}

export interface PostShape {
  /** Concurrent matches: one autocannon connection each. */
  matches: number;
  /** Events per post (1: a single event). */
  batch: number;
  seconds: number;
  perMatch: number;
  /** How the shape is named in messages. */
  label: string;
}

const KAFKA_PID = brokerPid();
const perEvent = (before: number | null, after: number | null, events: number) =>
  before === null || after === null || events === 0 ? undefined : ((after - before) * 1000) / events;

/**
 * Hands out matches to connections. autocannon resets a connection's context each time it
 * wraps around its list of requests, so one pass over the list is one match: the first request
 * takes a match from the pool, the others post its next events.
 */
function feedRequests(
  perMatch: number,
  pool: MatchPool,
  batch: number,
  onFailure: (status: number, body: string) => void,
): Request[] {
  const posts = Math.max(1, Math.floor(perMatch / batch));
  return Array.from({ length: posts }, (_, i) => ({
    method: 'POST' as const,
    setupRequest: (req: Request, context: object) => {
      const ctx = context as { matchId?: string };
      if (i === 0 || !ctx.matchId) ctx.matchId = pool.take();
      return { ...req, path: `/matches/${ctx.matchId}/events`, body: pool.body(ctx.matchId, batch) };
    },
    onResponse: (status: number, body: string) => {
      if (status >= 300) onFailure(status, body);
    },
  }));
}

/**
 * Closed loop over HTTP: one autocannon connection per match, each posting its match's next
 * events and waiting for the answer, for `shape.seconds`; the server's, the generator's (this
 * process) and the local broker's CPU time over the window, per event accepted.
 */
export async function closedLoopPosts(
  target: Target,
  shape: PostShape,
  expectedRate: number,
): Promise<Measured> {
  const need = Math.ceil((expectedRate * shape.seconds * 1.5) / shape.perMatch) + shape.matches;
  const pool = await target.pool(need);
  let firstFailure = '';
  const requests = feedRequests(shape.perMatch, pool, shape.batch, (status, body) => {
    if (!firstFailure) firstFailure = `${status} ${body}`;
  });
  const cpuBefore = target.cpuSeconds();
  const brokerBefore = brokerCpuSeconds(KAFKA_PID);
  const generatorBefore = process.cpuUsage();
  const r = await runLoad({
    url: target.url,
    connections: shape.matches,
    seconds: shape.seconds,
    requests,
    headers: { authorization: `Bearer ${FEEDER_KEY}` },
  });
  const generator = process.cpuUsage(generatorBefore);
  const cpuAfter = target.cpuSeconds();
  const brokerAfter = brokerCpuSeconds(KAFKA_PID);
  if (firstFailure) log('ingest', `  first failure: ${firstFailure}`);
  assertHealthy(`${target.name} ${shape.label}`, r);
  if (pool.overflow)
    log(
      'ingest',
      `  (match pool ran dry ${pool.overflow} times; some matches grew past ${shape.perMatch} events)`,
    );
  const events = r.ok * shape.batch;
  const s = r.latency.summary();
  return {
    events,
    eventsPerSec: events / r.seconds,
    p50: s.p50,
    p99: s.p99,
    cpuMsPerEvent: perEvent(cpuBefore, cpuAfter, events),
    generatorCpuMsPerEvent: events ? (generator.user + generator.system) / 1000 / events : undefined,
    brokerCpuMsPerEvent: perEvent(brokerBefore, brokerAfter, events),
  };
}
