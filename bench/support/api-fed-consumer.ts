import { postLagLoad } from './lag-feed';
import { waitFor } from './lag-tracker';
import { startRawConsumer } from './raw-pipeline';
import { readyMatches } from './setup';
import { Samples } from './stats';
import { BenchSystem } from './system';

type Summary = ReturnType<Samples['summary']>;

export interface ApiFedConsumer {
  /** 201s per second. */
  achieved: number;
  /** The api's 201 → the bare consumer's NOTIFY for that match at a version ≥ the seq. */
  lag: Summary;
  /** The api's append latency under this load (no projector running). */
  append: Summary;
  apiCpuMsPerEvent: number;
  visibleBeforeAck: number;
  /** Acknowledged events the consumer had not notified 30 s after the load. */
  unseen: number;
}

/**
 * A ceiling for projection lag with the product's log and the api's share of the cores: the lag
 * bench's load on an api of its own (a fresh topic, database and matches) with no projector
 * started, while the raw pipeline's bare consumer (startRawConsumer: READ_COMMITTED, the
 * projector's consumer settings, one UNNEST upsert + pg_notify per batch in a database of its
 * own) consumes the api's topic. Lag is timed from the 201 as for the product.
 */
export async function measureApiFedConsumer(opts: {
  rate: number;
  matches: number;
  seconds: number;
  connections: number;
}): Promise<ApiFedConsumer> {
  const system = await BenchSystem.start({ projector: false });
  try {
    const matches = await readyMatches(system.baseUrl, opts.matches);
    const consumer = await startRawConsumer(system.topic);
    try {
      await waitFor(
        async () => (await consumer.matchesAtLeast(2)) === opts.matches,
        120000,
        'the raw consumer to catch up with the scheduled matches',
      );
      const load = await postLagLoad(system, matches, consumer.tracker, opts);
      const unseen = await consumer.tracker.settle(30000);
      return {
        achieved: load.achieved,
        lag: consumer.tracker.lag.summary(),
        append: load.append.summary(),
        apiCpuMsPerEvent: load.apiCpuMsPerEvent,
        visibleBeforeAck: consumer.tracker.visibleBeforeAck,
        unseen,
      };
    } finally {
      await consumer.stop();
    }
  } finally {
    await system.stop();
  }
}
