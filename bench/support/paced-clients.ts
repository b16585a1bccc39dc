import { now } from './lag-tracker';
import { Samples } from './stats';

/**
 * `clients` callers sharing `rate` calls per second over `seconds`, each waiting for its answer
 * before its next call (as autocannon's overallRate over that many connections), the calls
 * evenly spaced; a caller whose answer came late calls again at once, without catching up.
 */
export async function pacedClients(
  opts: { clients: number; rate: number; seconds: number },
  call: () => Promise<void>,
): Promise<{ ok: number; seconds: number; latency: Samples }> {
  const latency = new Samples();
  const interval = (opts.clients * 1000) / opts.rate;
  const started = now();
  const end = started + opts.seconds * 1000;
  let ok = 0;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, i) => {
      for (let due = started + (i * 1000) / opts.rate; due < end;) {
        const wait = due - now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t0 = now();
        await call();
        const t = now();
        latency.add(t - t0);
        ok++;
        due = Math.max(due + interval, t);
      }
    }),
  );
  return { ok, seconds: (now() - started) / 1000, latency };
}
