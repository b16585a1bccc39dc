import type { Message } from 'kafkajs';
import { encodeRecord, matchStreamId } from '@touchline/event-store';
import { firstHalfEvent, firstHalfMinute, toRecord } from './match-events';
import { Samples } from './stats';

export interface SendsMeasured {
  eventsPerSec: number;
  p50: number;
  p99: number;
  /** CPU time of this process (the generator and the client together) per event, ms. */
  cpuMsPerEvent: number;
}

/**
 * Closed loop straight to a producer: `matches` concurrent clients, each sending its match's
 * next `batch` records (the api's LogRecord JSON and keys), waiting, and sending again, for
 * `seconds`; a client moves to a fresh match once `perMatch` events are sent.
 */
export async function closedLoopSends(
  send: (messages: Message[]) => Promise<void>,
  opts: { matches: number; batch: number; seconds: number; perMatch: number; prefix: string },
): Promise<SendsMeasured> {
  const latency = new Samples();
  const deadline = Date.now() + opts.seconds * 1000;
  const recordedAt = new Date().toISOString();
  let events = 0;
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: opts.matches }, async (_, client) => {
      let match = 0;
      let n = opts.perMatch;
      let matchId = '';
      while (Date.now() < deadline) {
        if (n + opts.batch > opts.perMatch) {
          matchId = `${opts.prefix}-${client}-${match++}-${process.pid}`;
          n = 0;
        }
        const streamId = matchStreamId(matchId);
        const messages = [];
        for (let i = 0; i < opts.batch; i++, n++) {
          // seq 1 and 2 are the schedule and the kick-off, as on the API's streams
          const event = firstHalfEvent(matchId, n, firstHalfMinute(n, opts.perMatch));
          messages.push(encodeRecord(toRecord(streamId, n + 3, event, recordedAt)));
        }
        const t0 = process.hrtime.bigint();
        await send(messages);
        latency.add(Number(process.hrtime.bigint() - t0) / 1e6);
        events += opts.batch;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const s = latency.summary();
  return {
    eventsPerSec: events / seconds,
    p50: s.p50,
    p99: s.p99,
    cpuMsPerEvent: events ? (cpu.user + cpu.system) / 1000 / events : NaN,
  };
}
