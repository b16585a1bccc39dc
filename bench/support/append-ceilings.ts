import { randomUUID } from 'node:crypto';
import { encodeRecord, matchStreamId } from '@touchline/event-store';
import { benchKafka, deleteTopic } from './kafka';
import { feedRequest, roundRobinFeed } from './lag-feed';
import { assertHealthy, runLoad } from './load';
import { toRecord } from './match-events';
import { pacedClients } from './paced-clients';
import { RawAppendServer } from './raw-append-process';
import { RawTxProducer } from './raw-tx-producer';
import { FEEDER_KEY, createTopic } from './system';

export interface AppendCeiling {
  achieved: number;
  p50: number;
  p99: number;
  /** CPU time of the serving process per event (the bare server only). */
  cpuMsPerEvent?: number;
}

export interface RateOptions {
  rate: number;
  seconds: number;
  connections: number;
  /** The match ids the api was fed, so the records have the same keys. */
  matches: string[];
}

const WARM_UP_SECONDS = 3;

/**
 * Appends at a steady rate with the product's guarantee and nothing else: a bare kafkajs
 * transactional producer (a transaction per flush, acked once visible) driven in this process
 * by `connections` paced callers; then a bare node:http server appending through the same kind
 * of producer, driven by autocannon exactly as the api is. Each on a fresh topic of 12 partitions.
 */
export async function measureAppendCeilings(
  opts: RateOptions,
): Promise<{ tx: AppendCeiling; http: AppendCeiling }> {
  const id = randomUUID().slice(0, 8);
  const txTopic = `touchline-bench-rawtx-${id}`;
  const bareTopic = `touchline-bench-bare-${id}`;
  await Promise.all([createTopic(txTopic, 12), createTopic(bareTopic, 12)]);
  const producer = new RawTxProducer(
    benchKafka('touchline-bench-rawtx'),
    txTopic,
    `touchline-bench-rawtx.${txTopic}`,
  );
  let server: RawAppendServer | null = null;
  try {
    await producer.connect();
    const next = roundRobinFeed(opts.matches);
    const recordedAt = new Date().toISOString();
    const call = () => {
      const { matchId, n, event } = next();
      return producer.send([encodeRecord(toRecord(matchStreamId(matchId), n + 3, event, recordedAt))]);
    };
    const clients = { clients: opts.connections, rate: opts.rate };
    await pacedClients({ ...clients, seconds: WARM_UP_SECONDS }, call);
    const t = await pacedClients({ ...clients, seconds: opts.seconds }, call);
    const ts = t.latency.summary();
    const tx = { achieved: t.ok / t.seconds, p50: ts.p50, p99: ts.p99 };

    server = await RawAppendServer.start(bareTopic);
    const load = (seconds: number) =>
      runLoad({
        url: server!.url,
        connections: opts.connections,
        seconds,
        overallRate: opts.rate,
        requests: [feedRequest(roundRobinFeed(opts.matches))],
        headers: { authorization: `Bearer ${FEEDER_KEY}` },
      });
    assertHealthy('bare server warm-up', await load(WARM_UP_SECONDS));
    const cpuBefore = server.cpuSeconds();
    const h = await load(opts.seconds);
    const cpuAfter = server.cpuSeconds();
    assertHealthy('bare server at a steady rate', h);
    const hs = h.latency.summary();
    const http = {
      achieved: h.ok / h.seconds,
      p50: hs.p50,
      p99: hs.p99,
      cpuMsPerEvent:
        cpuBefore === null || cpuAfter === null || h.ok === 0
          ? undefined
          : ((cpuAfter - cpuBefore) * 1000) / h.ok,
    };
    return { tx, http };
  } finally {
    await producer.disconnect();
    await server?.stop();
    await Promise.all([txTopic, bareTopic].map(deleteTopic));
  }
}
