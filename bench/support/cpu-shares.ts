import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (clock ticks) of every live process, by pid, with its command name. */
type Snapshot = Map<number, { comm: string; ticks: number }>;

function snapshot(): Snapshot {
  const out: Snapshot = new Map();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, { comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Busy and total ticks of the whole machine (/proc/stat's first line). */
function machine(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3] - cpu[4], total };
}

/**
 * Where the machine's CPU went between `start` and `stop`, by kind of process: the named pids
 * (e.g. the projector, this process), PostgreSQL (every `postgres` process: backends and the
 * WAL writer, checkpointer…), Kafka (`java`), the rest, and idle. Linux only (/proc); processes
 * that started and ended in between count in "other" through the machine's total only.
 */
export class CpuShares {
  private before: Snapshot = new Map();
  private machineBefore = { busy: 0, total: 0 };

  constructor(private readonly named: () => Record<string, number | undefined>) {}

  start(): void {
    this.before = snapshot();
    this.machineBefore = machine();
  }

  /** CPU seconds by kind, and the machine's busy and idle seconds (all cores). */
  stop(): Record<string, number> {
    const after = snapshot();
    const m = machine();
    const named = Object.entries(this.named());
    const seconds: Record<string, number> = { postgres: 0, kafka: 0 };
    for (const [name] of named) seconds[name] = 0;
    let known = 0;
    for (const [pid, { comm, ticks }] of after) {
      const used = ticks - (this.before.get(pid)?.ticks ?? 0);
      if (used <= 0) continue;
      const name = named.find(([, p]) => p === pid)?.[0];
      const kind = name ?? (comm === 'postgres' ? 'postgres' : comm === 'java' ? 'kafka' : null);
      if (!kind) continue;
      seconds[kind] += used / 100;
      known += used;
    }
    const busy = m.busy - this.machineBefore.busy;
    const total = m.total - this.machineBefore.total;
    seconds.other = Math.max(0, (busy - known) / 100);
    seconds.idle = (total - busy) / 100;
    return seconds;
  }
}
