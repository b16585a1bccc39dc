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

/** An app or baseline server run as a real process, with its peak memory readable while it runs. */
export class NodeProcess extends BaseNodeProcess {
  /** Peak RSS so far (read before stopping: /proc forgets it on exit). */
  peakRssMiB(): number | null {
    return peakRssMiB(this.pid);
  }
}
