import {
  decideMatch,
  evolveMatch,
  foldMatch,
  type InPlayEvent,
  type MatchEvent,
  type MatchState,
  type Recorded,
} from '@touchline/domain';
import type { Principal } from '../apps/api/src/access/api-keys';
import { CommandPath } from '../apps/api/src/write-side/command-path';
import { recordEvents, scheduleMatch } from '../apps/api/src/write-side/stream-commands';
import { StreamRegistry } from '../apps/api/src/write-side/stream-registry';
import { NullLog } from './support/null-log';
import { firstHalfEvent, firstHalfMinute, kickOff, scheduleBody } from './support/match-events';
import { envInt, median } from './support/stats';

/**
 * The domain on the hot path, without I/O: what one event costs as a match grows, and what the
 * write side keeps in memory. Medians of FOLD_REPS runs (after one warm-up):
 * - fold: `foldMatch` over a recorded match, event by event (replays and time travel);
 * - command path: `CommandPath` + `StreamRegistry` over a log in memory, one event per command
 *   (idempotency, decide, log records, fold, fingerprint: the api's work per event less HTTP,
 *   Kafka and logging);
 * - a correction of the first goal at the end of the long match, decided and folded;
 * - heap after MEMORY_EVENTS events through the command path, MEMORY_PER_MATCH per match.
 * Run with `node --expose-gc dist/bench/fold.bench.js` (`npm run bench:fold`).
 */
const LENGTHS = (process.env.FOLD_LENGTHS ?? '500,5000').split(',').map(Number);
const REPS = envInt('FOLD_REPS', 5);
const MEMORY_EVENTS = envInt('MEMORY_EVENTS', 300000);
const MEMORY_PER_MATCH = envInt('MEMORY_PER_MATCH', 200);
const NOW = '2026-01-01T00:00:00.000Z';
const feeder: Principal = { role: 'feeder', competitions: null, id: 'bench-feeder' };

const log = (message: string) => process.stdout.write(`[bench:fold] ${message}\n`);

function inPlay(matchId: string, length: number): InPlayEvent[] {
  return [
    kickOff(matchId),
    ...Array.from({ length: length - 1 }, (_, n) => firstHalfEvent(matchId, n, firstHalfMinute(n, length))),
  ];
}

function recordedMatch(matchId: string, length: number): Array<Recorded<MatchEvent>> {
  const schedule: Recorded<MatchEvent> = {
    type: 'MatchScheduled',
    ...scheduleBody(matchId),
    eventId: `schedule-${matchId}`,
    seq: 1,
    recordedAt: NOW,
  };
  return [schedule, ...inPlay(matchId, length).map((e, i) => ({ ...e, seq: i + 2, recordedAt: NOW }))];
}

/** Nanoseconds per unit of `run`'s work, timed once. */
function time(units: number, run: () => void): number {
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0) / units;
}

async function timeAsync(units: number, run: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - t0) / units;
}

const foldAll = (events: Array<Recorded<MatchEvent>>): MatchState => foldMatch(events)!;

async function commandPath(matches: number, perMatch: number): Promise<StreamRegistry> {
  const registry = new StreamRegistry();
  const path = new CommandPath(registry, new NullLog(registry));
  for (let m = 0; m < matches; m++) {
    const matchId = `bench-${m}`;
    await path.execute(scheduleMatch(scheduleBody(matchId), feeder));
    for (const event of inPlay(matchId, perMatch)) {
      const r = await path.execute(
        recordEvents(matchId, { events: [event], isArray: false }, feeder, 100000),
      );
      if (r.status !== 201) throw new Error(`command path answered ${r.status}`);
    }
  }
  return registry;
}

function correctionCost(events: Array<Recorded<MatchEvent>>): number {
  const s = foldAll(events);
  const goal = events.find((e) => e.type === 'GoalScored')!;
  const fix: InPlayEvent = {
    type: 'EventCorrected',
    eventId: 'fix-1',
    refEventId: goal.eventId!,
    changes: { player: 'someone-else' },
  };
  return time(1, () => {
    const decision = decideMatch(s, [fix], {}, NOW);
    if (!decision.ok) throw new Error(`correction refused: ${decision.violation.rule}`);
    evolveMatch(s, { ...fix, seq: s.version + 1, recordedAt: NOW });
  });
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });

async function main(): Promise<void> {
  log(`node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
  for (const length of LENGTHS) {
    const events = recordedMatch(`long-${length}`, length);
    const fold: number[] = [];
    const path: number[] = [];
    const correction: number[] = [];
    for (let rep = 0; rep <= REPS; rep++) {
      const e = time(events.length, () => foldAll(events));
      const p = await timeAsync(length + 1, async () => void (await commandPath(1, length)));
      const c = correctionCost(events);
      if (rep === 0) continue; // warm-up
      fold.push(e);
      path.push(p);
      correction.push(c);
    }
    const line = (name: string, ns: number[]) =>
      log(
        `${length} events, ${name}: ${fmt(1e9 / median(ns))} events/s, ${fmt(median(ns))} ns/event (${ns.map((x) => fmt(x)).join(' / ')})`,
      );
    line('foldMatch', fold);
    line('command path', path);
    log(
      `${length} events, one correction at the end: ${fmt(median(correction) / 1000, 1)} µs (${correction.map((x) => fmt(x / 1000, 1)).join(' / ')})`,
    );
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    log('heap figure skipped: run with node --expose-gc');
    return;
  }
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const matches = Math.ceil(MEMORY_EVENTS / MEMORY_PER_MATCH);
  const t = await timeAsync(matches * MEMORY_PER_MATCH, async () => {
    const registry = await commandPath(matches, MEMORY_PER_MATCH);
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    log(
      `command path, ${fmt(matches * MEMORY_PER_MATCH)} events over ${fmt(matches)} matches: write side heap ${fmt((heapUsed - heapBefore) / 2 ** 20, 1)} MiB (process RSS ${fmt(rss / 2 ** 20)} MiB, ${registry.size} streams)`,
    );
  });
  log(`  (${fmt(t)} ns/event while filling it)`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
