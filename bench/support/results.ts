import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BASE_DATABASE_URL } from './database';
import { ROOT } from './processes';
import { round } from './stats';

export type Part =
  'ingest' | 'lag' | 'rebuild' | 'queries' | 'tables' | 'startup' | 'instances' | 'live-memory';

/** One measured number, beside the ceiling measured in the same run and the goal it is held to. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Each repetition's value; `value` is their median. */
  reps?: number[];
  ceiling?: { label: string; value: number };
  ratio?: number;
  /** Further ceilings of the same run, each with the figure's ratio to it. */
  also?: Array<{ label: string; value: number; ratio?: number }>;
  goal?: { text: string; met: boolean };
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  java: string;
  kafka: string;
  postgres: string;
  /** 1-minute load average when the part finished: how busy the shared machine was. */
  loadAverage: number;
}

export interface PartResult {
  runId: string;
  part: Part;
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  settings: Record<string, number | string>;
  figures: Figure[];
  memory: Record<string, number | null>;
  notes: string[];
}

export const RESULTS_DIR = join(ROOT, 'bench', 'results');
export const RESULTS_FILE = join(RESULTS_DIR, 'results.json');

export function loadResults(): PartResult[] {
  if (!existsSync(RESULTS_FILE)) return [];
  return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as PartResult[];
}

/** Runs whose figures stay out of the report, and why (kept beside it, in their own file). */
function setAside(): { tag: string; note: string } | null {
  // Profiled runs are slower by design.
  if (process.env.BENCH_CPU_PROF === '1')
    return { tag: 'profiled', note: 'profiled run (BENCH_CPU_PROF=1): not used for docs/BENCHMARKS.md' };
  // Pinned runs estimate another machine's layout, not this one's.
  if (process.env.BENCH_APP_CPUS)
    return {
      tag: 'pinned',
      note: `the api on CPUs ${process.env.BENCH_APP_CPUS} alone (BENCH_APP_CPUS): not used for docs/BENCHMARKS.md`,
    };
  return null;
}

export function appendResult(result: PartResult): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const aside = setAside();
  if (aside) {
    result.notes.push(aside.note);
    writeFileSync(
      join(RESULTS_DIR, `${aside.tag}-${result.part}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    return;
  }
  const all = loadResults();
  all.push(result);
  writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

/** The same run id for every part of one `npm run bench`. */
export const runId = (): string => process.env.BENCH_RUN_ID ?? new Date().toISOString();

function javaVersionFromStderr(): string {
  try {
    const r = execFileSync('bash', ['-c', 'java -version 2>&1 | head -1'], { encoding: 'utf8' });
    return r.trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

function kafkaVersion(): string {
  const libs = join(ROOT, '.infra', 'kafka', 'libs');
  try {
    const jar = readdirSync(libs).find((f) => /^kafka-clients-.+\.jar$/.test(f));
    const v = jar?.replace(/^kafka-clients-/, '').replace(/\.jar$/, '');
    if (v) return `Apache Kafka ${v} (KRaft, one node)`;
  } catch {
    // not run by scripts/infra.sh
  }
  return 'unknown (broker not started by scripts/infra.sh)';
}

async function postgresVersion(): Promise<string> {
  const c = new Client({ connectionString: BASE_DATABASE_URL });
  try {
    await c.connect();
    const { rows } = await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    return `PostgreSQL ${rows[0].v}`;
  } catch {
    return 'unknown';
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function machine(): Promise<Machine> {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    java: javaVersionFromStderr(),
    kafka: kafkaVersion(),
    postgres: await postgresVersion(),
    loadAverage: round(loadavg()[0], 2),
  };
}

/** A figure with its ceiling, the ratio to it, and whether the goal holds. */
export function figure(
  name: string,
  value: number,
  unit: string,
  extra: {
    reps?: number[];
    ceiling?: { label: string; value: number };
    alsoAgainst?: Array<{ label: string; value: number }>;
    goal?: { text: string; atLeast?: number; atMost?: number };
  } = {},
): Figure {
  const f: Figure = { name, value: round(value, value >= 100 ? 0 : 2), unit };
  if (extra.reps) f.reps = extra.reps.map((r) => round(r, r >= 100 ? 0 : 2));
  if (extra.ceiling) {
    f.ceiling = {
      label: extra.ceiling.label,
      value: round(extra.ceiling.value, extra.ceiling.value >= 100 ? 0 : 2),
    };
    if (extra.ceiling.value > 0) f.ratio = round(value / extra.ceiling.value, 2);
  }
  if (extra.alsoAgainst?.length) {
    f.also = extra.alsoAgainst.map((c) => ({
      label: c.label,
      value: round(c.value, c.value >= 100 ? 0 : 2),
      ...(c.value > 0 ? { ratio: round(value / c.value, 2) } : {}),
    }));
  }
  if (extra.goal) {
    const { atLeast, atMost, text } = extra.goal;
    const met = (atLeast === undefined || value >= atLeast) && (atMost === undefined || value <= atMost);
    f.goal = { text, met };
  }
  return f;
}

export function printFigures(part: Part, figures: Figure[]): void {
  const lines = figures.map((f) => {
    const ceiling = f.ceiling ? `  | ceiling ${f.ceiling.value} ${f.unit} (${f.ceiling.label})` : '';
    const ratio = f.ratio !== undefined ? `  | ratio ${f.ratio}` : '';
    const also = (f.also ?? [])
      .map((c) => `  | ${c.label} ${c.value} ${f.unit}, ratio ${c.ratio ?? '-'}`)
      .join('');
    const goal = f.goal ? `  | goal ${f.goal.text}: ${f.goal.met ? 'met' : 'MISSED'}` : '';
    const reps = f.reps && f.reps.length > 1 ? `  [reps ${f.reps.join(', ')}]` : '';
    return `  ${f.name}: ${f.value} ${f.unit}${reps}${ceiling}${ratio}${also}${goal}`;
  });
  process.stdout.write(`\n[bench:${part}] results\n${lines.join('\n')}\n`);
}

/** `name value, …` of a memory reading, the `MiB` suffix dropped from each name and values to 3 decimals. */
export const listMiB = (values: Record<string, number | null>): string =>
  Object.entries(values)
    .map(([k, v]) => `${k.replace(/MiB$/, '')} ${typeof v === 'number' ? Math.round(v * 1000) / 1000 : '-'}`)
    .join(', ');

export function log(part: Part, message: string): void {
  process.stdout.write(`[bench:${part}] ${message}\n`);
}

/** The end of a part: its figures printed, then appended to the results with the run id, the time and the machine. */
export async function finishPart(
  part: Part,
  startedAt: string,
  result: Pick<PartResult, 'settings' | 'figures' | 'memory' | 'notes'>,
): Promise<void> {
  printFigures(part, result.figures);
  appendResult({
    runId: runId(),
    part,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: await machine(),
    ...result,
  });
}
