import { Pool } from 'pg';
import { generateLog, produceLog } from './support/generated-log';
import { figure, finishPart, log } from './support/results';
import { envInt, median } from './support/stats';
import { BenchSystem } from './support/system';

/**
 * Start-up: time from process start to ready, and RSS, of an API instance on a log of finished
 * matches — from its snapshot (docs/adr/0011) beside a fold of the whole log (no snapshot), in
 * the same run. The snapshot is written once, by an instance that folded the log and stopped.
 */
const EVENTS = envInt('STARTUP_EVENTS', 1_000_000);
const PER_MATCH = envInt('STARTUP_EVENTS_PER_MATCH', 100);
const REPS = envInt('STARTUP_REPS', 3);
const BASELINE_REPS = envInt('STARTUP_BASELINE_REPS', 1);

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

interface Start {
  seconds: number;
  rssMiB: number;
  peakRssMiB: number;
}

/** One fresh API process: spawned → /health/ready, its RSS then, and its peak RSS so far. */
async function startOnce(system: BenchSystem, stop: NodeJS.Signals): Promise<Start> {
  const t0 = process.hrtime.bigint();
  system.api.start();
  await system.waitForApi(900_000);
  const start = {
    seconds: seconds(t0),
    rssMiB: system.api.rssMiB() ?? NaN,
    peakRssMiB: system.api.peakRssMiB() ?? NaN,
  };
  // SIGTERM writes a snapshot on the way out; SIGKILL leaves the store as it was.
  await system.api.stop(stop, 900_000);
  return start;
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  log('startup', `generating ~${EVENTS} events of finished matches (${PER_MATCH} per match)`);
  const generated = generateLog(EVENTS, PER_MATCH, 50);
  const total = generated.records.length;
  const matches = generated.finals.size;
  // Snapshots only when the test says: at the end of the folding instance.
  const system = await BenchSystem.start({
    api: false,
    projector: false,
    env: { SNAPSHOT_EVERY_EVENTS: String(10 * total), SNAPSHOT_INTERVAL_MS: '3600000' },
  });
  const pool = new Pool({ connectionString: system.databaseUrl, max: 1 });
  try {
    const rate = await produceLog(system.topic, generated.records);
    generated.records.length = 0;
    generated.finals.clear();
    log('startup', `produced ${total} events (${matches} matches) at ${Math.round(rate)} events/s`);

    const baseline: Start[] = [];
    for (let i = 0; i < BASELINE_REPS; i++) {
      baseline.push(await startOnce(system, 'SIGKILL'));
      log('startup', `without snapshot: ${JSON.stringify(baseline.at(-1))}`);
    }
    const t0 = process.hrtime.bigint();
    await startOnce(system, 'SIGTERM');
    const snapshotSeconds = seconds(t0);
    const { rows } = await pool.query<{ streams: string; finished: string; bytes: string }>(
      `SELECT count(*) AS streams, count(*) FILTER (WHERE finished) AS finished,
              sum(length(state) + length(seen)) AS bytes FROM write_side.snapshot_streams`,
    );
    log(
      'startup',
      `snapshot written (fold + write + exit ${snapshotSeconds.toFixed(1)} s): ${JSON.stringify(rows[0])}`,
    );

    const fromSnapshot: Start[] = [];
    for (let i = 0; i < REPS; i++) {
      // SIGTERM: a killed instance stays in the writer-election group until its session times
      // out, and the next one would wait for that, not for its own start. Nothing is dirty, so
      // the snapshot written on the way out is the positions only.
      fromSnapshot.push(await startOnce(system, 'SIGTERM'));
      log('startup', `from snapshot: ${JSON.stringify(fromSnapshot.at(-1))}`);
    }

    const med = (starts: Start[], k: keyof Start) => median(starts.map((s) => s[k]));
    const figures = [
      figure('start-up, from snapshot (spawn → ready)', med(fromSnapshot, 'seconds'), 's', {
        reps: fromSnapshot.map((s) => s.seconds),
        ceiling: { label: 'whole log folded, no snapshot', value: med(baseline, 'seconds') },
        goal: { text: '≤ 3 s', atMost: 3 },
      }),
      figure('RSS when ready, from snapshot', med(fromSnapshot, 'rssMiB'), 'MiB', {
        reps: fromSnapshot.map((s) => s.rssMiB),
        ceiling: { label: 'whole log folded, no snapshot', value: med(baseline, 'rssMiB') },
        goal: { text: '≤ 300 MiB', atMost: 300 },
      }),
      figure('peak RSS during start-up, from snapshot', med(fromSnapshot, 'peakRssMiB'), 'MiB', {
        reps: fromSnapshot.map((s) => s.peakRssMiB),
        ceiling: { label: 'whole log folded, no snapshot', value: med(baseline, 'peakRssMiB') },
      }),
      figure('first fold + snapshot write + graceful exit', snapshotSeconds, 's'),
    ];
    await finishPart('startup', startedAt, {
      settings: {
        events: total,
        matches,
        eventsPerMatch: PER_MATCH,
        partitions: 12,
        reps: REPS,
        baselineReps: BASELINE_REPS,
      },
      figures,
      memory: {},
      notes: [
        `Every match of the log is finished; the snapshot holds ${rows[0].streams} streams (${rows[0].finished} finished, ${Math.round(Number(rows[0].bytes) / 1024 ** 2)} MiB of JSON) and none is loaded at start.`,
        `The baseline (no snapshot) is the same instance folding the whole log, ${BASELINE_REPS} run(s) in the same run: what every start cost before.`,
        'Ready = GET /health/ready answers 200; RSS read from /proc at that moment, peak RSS = VmHWM.',
      ],
    });
  } finally {
    await pool.end();
    await system.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
