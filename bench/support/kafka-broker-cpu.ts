import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds } from './processes';

/**
 * The local Kafka broker's process (the JVM running `kafka.Kafka`), found in /proc; undefined
 * when it is not on this machine or not readable. Its CPU time is shared with everything else
 * that uses the broker meanwhile.
 */
export function brokerPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes('kafka.Kafka')) return Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}

/** CPU seconds the broker has used so far, or null when it cannot be read. */
export const brokerCpuSeconds = (pid: number | undefined): number | null => cpuSeconds(pid);
