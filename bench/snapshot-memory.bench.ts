import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import type { Principal } from '../apps/api/src/access/api-keys';
import { CommandPath } from '../apps/api/src/write-side/command-path';
import { PgSnapshotStore } from '../apps/api/src/write-side/pg-snapshot-store';
import { recordEvents, scheduleMatch } from '../apps/api/src/write-side/stream-commands';
import { StreamRegistry } from '../apps/api/src/write-side/stream-registry';
import { migrate } from '@touchline/read-models';
import { createBenchDatabase } from './support/database';
import { NullLog } from './support/null-log';
import { firstHalfEvent, firstHalfMinute, kickOff, scheduleBody } from './support/match-events';
import { envInt } from './support/stats';

const EVENTS = envInt('SNAPSHOT_MEMORY_EVENTS', 300000);
const PER_MATCH = envInt('SNAPSHOT_MEMORY_PER_MATCH', 200);
const EVERY = envInt('SNAPSHOT_MEMORY_EVERY', 50000);
const CONCURRENT = envInt('SNAPSHOT_MEMORY_CONCURRENT', 100);
const feeder: Principal = { role: 'feeder', competitions: null, id: 'bench-feeder' };
const mib = (x: number) => (x / 2 ** 20).toFixed(1);
const log = (m: string) => process.stdout.write(`[bench:snapshot-memory] ${m}\n`);
const memory = () => {
  const m = process.memoryUsage();
  return `rss ${mib(m.rss)} heapUsed ${mib(m.heapUsed)} heapTotal ${mib(m.heapTotal)} external ${mib(m.external)} arrayBuffers ${mib(m.arrayBuffers)}`;
};

/**
 * The write side's snapshots without Kafka or HTTP: matches fed through the command path (100 in
 * play at a time, 200 events each in arrays of 20), and every SNAPSHOT_MEMORY_EVERY events the
 * registry's capture written to PostgreSQL by the real snapshot store, as the writer does. Prints
 * each write's size, time and the process's memory (heap, external, RSS), then the peak RSS
 * (VmHWM). SNAPSHOT_MEMORY_WRITE=0 captures without writing: the same run less the store.
 * Run with `npm run bench:snapshot-memory` (infrastructure up).
 */
async function main(): Promise<void> {
  const db = await createBenchDatabase();
  const silent = {
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    debug: () => undefined,
  };
  await migrate(db.url, silent as never);
  const pool = new Pool({ connectionString: db.url, max: 4 });
  const store = new PgSnapshotStore(pool, async () => 'bench/snapshot-memory');
  const registry = new StreamRegistry();
  const path = new CommandPath(registry, new NullLog(registry));
  const write = process.env.SNAPSHOT_MEMORY_WRITE !== '0';
  let events = 0;
  let next = EVERY;
  let peakRss = 0;
  // CONCURRENT matches in play at once, one event each in turn, as live feeds interleave.
  let started = 0;
  const inPlay: Array<{ id: string; n: number }> = [];
  const open = async () => {
    const id = `snap-${started++}`;
    await path.execute(scheduleMatch(scheduleBody(id), feeder));
    await path.execute(recordEvents(id, { events: [kickOff(id)], isArray: false }, feeder, 100000));
    inPlay.push({ id, n: 0 });
  };
  for (let i = 0; i < CONCURRENT; i++) await open();
  while (events < EVENTS) {
    for (let k = 0; k < inPlay.length && events < EVENTS; k++) {
      const m = inPlay[k];
      const batch = Array.from({ length: 20 }, (_, i) =>
        firstHalfEvent(m.id, m.n + i, firstHalfMinute(m.n + i, PER_MATCH)),
      );
      m.n += 20;
      const r = await path.execute(recordEvents(m.id, { events: batch, isArray: true }, feeder, 100000));
      if (r.status !== 201) throw new Error(`answered ${r.status}`);
      events += 20;
      if (m.n >= PER_MATCH) {
        inPlay.splice(k, 1);
        k--;
        await open();
      }
      if (events >= next) {
        next += EVERY;
        const capture = registry.capture(new Map([[0, BigInt(events)]]));
        const t0 = Date.now();
        const size = capture.streams.reduce((n, s) => n + s.state.length, 0);
        if (write) await store.write(capture);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        log(
          `${events} events: ${capture.streams.length} streams, ${mib(size)} MiB of state JSON, written in ${Date.now() - t0} ms; ${memory()}`,
        );
      }
      if (events % 10000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
  }
  (globalThis as { gc?: () => void }).gc?.();
  const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  log(
    `end (after gc): ${memory()}; ${registry.size} streams; peak rss seen ${mib(peakRss)}, VmHWM ${(Number(hwm) / 1024).toFixed(0)} MiB`,
  );
  await pool.end();
  await db.drop();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
