import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeProcess as BaseNodeProcess } from '@touchline/testkit';

export { freePort } from '@touchline/testkit';

/** Repository root, from dist/bench/support at run time. */
export const ROOT = join(__dirname, '..', '..', '..');

/** Peak resident set (VmHWM) of a live process, in MiB; null once it has exited. */
export function peakRssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** Resident set (VmRSS) of a live process now, in MiB; null once it has exited. */
export function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a live process has used so far, in seconds; null once it has exited. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name: state is field 3, utime field 14, stime field 15 (clock ticks, 100/s).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * `BENCH_APP_CPUS` (a taskset CPU list, e.g. `0`): the api processes and the bare append server
 * run on those CPUs alone, every other process where the bench itself runs (start the bench
 * under `taskset -c 1`, and move the broker and PostgreSQL there too): an estimate of the
 * figures of a machine where the api does not share its cores with the load generator.
 */
const APP_CPUS = process.env.BENCH_APP_CPUS;
const PINNED_APPS = /^(api(-\d+)?|raw-append-server)$/;

/** An app or baseline server run as a real process, with its memory and CPU time readable while it runs. */
export class NodeProcess extends BaseNodeProcess {
  override start(): void {
    super.start();
    if (APP_CPUS && this.pid && PINNED_APPS.test(this.name))
      execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', APP_CPUS, String(this.pid)], {
        stdio: 'ignore',
      });
  }

  /** Peak RSS so far (read before stopping: /proc forgets it on exit). */
  peakRssMiB(): number | null {
    return peakRssMiB(this.pid);
  }

  rssMiB(): number | null {
    return rssMiB(this.pid);
  }

  cpuSeconds(): number | null {
    return cpuSeconds(this.pid);
  }
}
